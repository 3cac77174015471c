// The tests' main: doctest's, plus `--sk-engine=postgres`, which runs the suite's database tests on the throw-away
// PostgreSQL server (tests/support/postgres.hpp) instead of SQLite files.
//
// Each test program keeps what it and the programs it runs write under XDG_DATA_HOME (a server database's key
// folder, named by host, port and database) in a folder of its own, removed at the end: never in the account's
// ~/.local/share, where a key folder left by an earlier run would meet a new database that reuses the port and name,
// and be right to refuse it (its audit log "was removed").
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "tests/support/postgres.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

int main(int argc, char** argv)
{
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--sk-engine=postgres")
            sk::test::use_postgres();
        else
            args.push_back(argv[i]);
    }
    std::string data_home = (std::filesystem::temp_directory_path() / "safekiosk-test-data-XXXXXX").string();
    if (!mkdtemp(data_home.data())) {
        std::perror("tests: cannot make a data folder (XDG_DATA_HOME) in the temporary folder");
        return 2;
    }
    setenv("XDG_DATA_HOME", data_home.c_str(), 1);
    doctest::Context context(static_cast<int>(args.size()), args.data());
    const int code = context.run();
    std::error_code ignored;
    std::filesystem::remove_all(data_home, ignored);
    return code;
}
