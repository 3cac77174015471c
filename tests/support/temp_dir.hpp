// A fresh temporary folder per test, removed afterwards. Tests use real SQLite files in it, never mocks.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sk::test {

class PostgresDatabase;

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    // Where a test keeps a database: the file `name` in this folder, or — when the test program runs on PostgreSQL
    // (test::on_postgres) — the URI of a fresh database on the test server (the same one for the same name), dropped
    // with this folder. Throws when
    // the program runs on PostgreSQL and no server is named (SAFEKIOSK_TEST_POSTGRES).
    std::string database(const std::string& name);

private:
    std::filesystem::path path_;
    std::vector<std::pair<std::string, std::unique_ptr<PostgresDatabase>>> databases_;
};

// Paths of the repository's own files and of ../shared.
std::filesystem::path source_path(const std::string& relative);
std::filesystem::path shared_path(const std::string& relative);
std::filesystem::path binary_path(const std::string& relative);
// The programs under test as this build made them: safekiosk-admin, safekiosk, and the fault VFS that a program
// loads with LD_PRELOAD (tests/support/fault_vfs.h).
const char* admin_program();
const char* kiosk_program();
const char* fault_vfs_library();

// Tests of files kept in ../shared (e.g. Moodle's own importer fixtures) are extras: a bare clone has no ../shared.
// True when ../shared/<relative> exists; otherwise prints "SKIPPED: ..." to stdout, which ctest reports as skipped
// (SKIP_REGULAR_EXPRESSION, tests/CMakeLists.txt), and the test returns without checking anything.
bool shared_present(const std::string& relative);

std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& content);

} // namespace sk::test
