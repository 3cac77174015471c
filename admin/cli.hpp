// The frame of safekiosk-admin shared by every command group: global options, exit codes, opening the database,
// signing in.
//
// A command group is one file under admin/commands/ with one registration function, called from admin/main.cpp.
// Its commands set Context::action in their CLI11 callback; main runs that action after parsing and turns
// exceptions into exit codes, so every group behaves the same.
#pragma once

#include "content/model.hpp"
#include "content/storage/database.hpp"
#include "content/storage/migrations.hpp"
#include "exam/roles.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::exam {
class ExamService;
}

namespace sk::admin {

enum ExitCode {
    kOk = 0,
    kBadInput = 1,   // the input had errors (an import reported problems, an unknown uid …), or the engine refused
                     // the operation for a reason the user can act on (exam::ExamError: not eligible, wrong state …)
    kUsage = 2,      // wrong command line, or options that cannot work (std::invalid_argument)
    kStorage = 3,    // the database or a file could not be read or written (storage::StorageError)
    kNotAllowed = 4, // sign-in refused (wrong login or password, waiting after wrong passwords), or the signed-in
                     // user's roles do not allow the operation (exam::PermissionDenied)
};

// A command's own refusal of its input (an unknown ticket, a session that does not exist …): exit kBadInput. The
// libraries' refusals come as exam::ExamError with a code.
class CommandError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Environment variables that carry secrets, so that they never appear on the command line (ps, shell history).
inline constexpr const char* kPasswordVariable = "SAFEKIOSK_PASSWORD";         // the signed-in user's password
inline constexpr const char* kNewPasswordVariable = "SAFEKIOSK_NEW_PASSWORD"; // user add / user password
inline constexpr const char* kPinVariable = "SAFEKIOSK_PIN";                  // trainee pin
inline constexpr const char* kKeyPassphraseVariable = "SAFEKIOSK_KEY_PASSPHRASE"; // key backup / key restore

struct Context {
    std::string db;    // --db; empty: content::default_database_path()
    bool json = false; // --json: machine-readable output on stdout
    std::string user;  // --user: the login commands on exam data act as
    std::function<int()> action; // set by the command that was chosen
};

// The database the command works on. `create`: create the file (and its folder) when missing; otherwise a missing
// file is a StorageError naming it.
// `--db` is a file path or a postgresql:// URI (docs/storage.md); a server database must exist (db init makes its
// tables).
storage::Database open_database(const Context& ctx, bool create);
// The schemas of every library, in the order they are applied.
const std::vector<const storage::Schema*>& installation_schemas();
std::string database_path(const Context& ctx);

// Signs in as --user with the password from $SAFEKIOSK_PASSWORD or, when stdin is a terminal, typed at a prompt
// without echo. std::invalid_argument without --user or without a password; exam::SignInError when refused.
exam::Actor sign_in(const Context& ctx, storage::Database& db);

// A secret from the environment variable, else typed twice at a prompt without echo (when stdin is a terminal).
// std::invalid_argument when neither is possible or the two typings differ.
std::string new_secret(const char* variable, const std::string& what);
// A secret from the environment variable, else typed once at a prompt without echo (when stdin is a terminal).
std::string existing_secret(const char* variable, const std::string& what);

// A catalogue item by name: `item` alone when it is unique, else with `category`. std::invalid_argument otherwise.
std::int64_t resolve_item(const content::Catalogue& catalogue, const std::string& category, const std::string& item);
std::string item_label(const content::Catalogue& catalogue, std::int64_t item_id); // "电工作业 / 低压电工作业"

// Times as administrators type and read them, in China Standard Time (content/calendar.hpp): "YYYY-MM-DD HH:MM"
// (or "YYYY-MM-DDTHH:MM") and "YYYY-MM-DD" (midnight). std::invalid_argument naming `what` for anything else or an
// impossible date.
std::int64_t parse_local_time(const std::string& text, const std::string& what);
std::int64_t parse_local_date(const std::string& text, const std::string& what);
std::string local_time(std::int64_t ms);             // "2026-11-28 09:00"
std::string format_number(double v);                  // 85, 85.5, 0.333

// The candidate with this ID number (a lower-case x accepted), as `actor` may read it; CommandError when there is none.
std::int64_t candidate_by_id_number(exam::ExamService& svc, const exam::Actor& actor, const std::string& id_number);
// An attempt by its id or its admission-ticket number; CommandError when there is none.
std::int64_t attempt_by_id_or_ticket(exam::ExamService& svc, const exam::Actor& actor, const std::string& text);

// Writes a whole file (e.g. CSV). Refuses an existing file unless `overwrite` (std::invalid_argument); a write
// failure is a StorageError naming the file.
void write_output(const std::string& path, const std::string& content, bool overwrite);

// Runs ctx.action and maps exceptions to exit codes, each with "error: …" on stderr.
int run(Context& ctx);

} // namespace sk::admin
