// The frame of safekiosk-admin shared by every command group: global options, exit codes, opening the database.
//
// A command group is one file under admin/commands/ with one registration function, called from admin/main.cpp.
// Its commands set Context::action in their CLI11 callback; main runs that action after parsing and turns
// exceptions into exit codes, so every group behaves the same.
#pragma once

#include "content/storage/database.hpp"

#include <functional>
#include <string>

namespace sk::admin {

enum ExitCode {
    kOk = 0,
    kBadInput = 1, // the input had errors (an import reported problems, an unknown uid …)
    kUsage = 2,    // wrong command line, or options that cannot work (std::invalid_argument)
    kStorage = 3,  // the database or a file could not be read or written (storage::StorageError)
};

struct Context {
    std::string db;    // --db; empty: content::default_database_path()
    bool json = false; // --json: machine-readable output on stdout
    std::function<int()> action; // set by the command that was chosen
};

// The database the command works on. `create`: create the file (and its folder) when missing; otherwise a missing
// file is a StorageError naming it.
storage::Database open_database(const Context& ctx, bool create);
std::string database_path(const Context& ctx);

// Runs ctx.action: storage::StorageError → kStorage, std::invalid_argument → kUsage, each with "error: …" on stderr.
int run(Context& ctx);

} // namespace sk::admin
