#include "tests/support/temp_dir.hpp"

#include "tests/support/postgres.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace sk::test {

TempDir::TempDir()
{
    std::string tmpl = (std::filesystem::temp_directory_path() / "safekiosk-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

std::string TempDir::database(const std::string& name)
{
    if (!on_postgres()) return (path_ / name).string();
    const char* server = std::getenv("SAFEKIOSK_TEST_POSTGRES");
    if (!server || !*server)
        throw std::runtime_error("this test program runs on PostgreSQL (--sk-engine=postgres) but SAFEKIOSK_TEST_POSTGRES "
                                 "names no server (scripts/test starts one)");
    for (const auto& [n, db] : databases_)
        if (n == name) return db->uri();
    databases_.emplace_back(name, std::make_unique<PostgresDatabase>(server));
    return databases_.back().second->uri();
}

TempDir::~TempDir()
{
    databases_.clear();
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::filesystem::path source_path(const std::string& relative) { return std::filesystem::path(SAFEKIOSK_SOURCE_DIR) / relative; }
std::filesystem::path shared_path(const std::string& relative) { return std::filesystem::path(SAFEKIOSK_SHARED_DIR) / relative; }
bool shared_present(const std::string& relative)
{
    const auto p = shared_path(relative);
    if (std::filesystem::exists(p)) return true;
    std::cout << "SKIPPED: " << p.string() << " is absent (../shared is beside the repository in CI, not in a bare clone)"
              << std::endl;
    return false;
}

std::filesystem::path binary_path(const std::string& relative) { return std::filesystem::path(SAFEKIOSK_BINARY_DIR) / relative; }
const char* admin_program() { return SAFEKIOSK_ADMIN_PROGRAM; }
const char* kiosk_program() { return SAFEKIOSK_KIOSK_PROGRAM; }
const char* fault_vfs_library() { return SAFEKIOSK_FAULT_VFS_LIBRARY; }

std::string read_file(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& content)
{
    std::ofstream out(p, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

} // namespace sk::test
