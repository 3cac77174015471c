// The tests' main: doctest's, plus `--sk-engine=postgres`, which runs the suite's database tests on the throw-away
// PostgreSQL server (tests/support/postgres.hpp) instead of SQLite files.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "tests/support/postgres.hpp"

#include <string_view>
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
    doctest::Context context(static_cast<int>(args.size()), args.data());
    return context.run();
}
