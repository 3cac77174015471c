// A PostgreSQL cluster of a test's own (scripts/postgres), to kill and start again while the shared test server
// keeps serving the other tests.
#pragma once

#include "tests/admin/run_admin.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace sk::test {

// Started by the constructor (trust authentication on loopback), removed by the destructor.
struct OwnServer {
    TempDir dir;
    std::string uri;
    std::string script = source_path("scripts/postgres").string();
    OwnServer()
    {
        std::filesystem::permissions(dir.path(), std::filesystem::perms::others_exec | std::filesystem::perms::group_exec,
                                     std::filesystem::perm_options::add);
        const auto out = dir / "uri";
        REQUIRE(std::system((shell_quote(script) + " start " + shell_quote((dir / "pg").string()) + " >" +
                             shell_quote(out.string()))
                                .c_str()) == 0);
        uri = read_file(out);
        while (!uri.empty() && uri.back() == '\n') uri.pop_back();
    }
    ~OwnServer() { std::system((shell_quote(script) + " stop " + shell_quote((dir / "pg").string())).c_str()); }
    void kill() { REQUIRE(std::system((shell_quote(script) + " kill " + shell_quote((dir / "pg").string())).c_str()) == 0); }
    void restart()
    {
        REQUIRE(std::system((shell_quote(script) + " start-again " + shell_quote((dir / "pg").string())).c_str()) == 0);
    }
};

} // namespace sk::test
