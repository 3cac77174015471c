// A fresh PostgreSQL database per test, on the throw-away server scripts/test starts (scripts/postgres) and names
// in SAFEKIOSK_TEST_POSTGRES. Tests use a real server, never a mock.
#pragma once

#include <optional>
#include <string>

namespace sk::test {

// Whether this test program runs its database tests on PostgreSQL (`--sk-engine=postgres`, which the test lists of
// tests/CMakeLists.txt pass in scripts/test's PostgreSQL stage) rather than on SQLite files.
bool on_postgres();
void use_postgres();

// The URI of the test server's maintenance database, or nullopt (after printing "SKIPPED: ...", which ctest
// reports as skipped) when SAFEKIOSK_TEST_POSTGRES is unset: outside scripts/test, which always sets it.
std::optional<std::string> postgres_server();

// A database of its own for one test, dropped (with every connection to it) when the object goes.
class PostgresDatabase {
public:
    explicit PostgresDatabase(const std::string& server);
    ~PostgresDatabase();
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;
    const std::string& uri() const { return uri_; }
    const std::string& name() const { return name_; }

private:
    std::string server_;
    std::string name_;
    std::string uri_;
};

} // namespace sk::test
