#include "tests/support/postgres.hpp"

#include "content/storage/database.hpp"
#include "tests/support/temp_dir.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>

namespace sk::test {

namespace {
bool g_postgres = false;
}

bool on_postgres() { return g_postgres; }

void use_postgres()
{
    g_postgres = true;
    // Key folders of the test databases (content::key_folder of a server URI) go to a folder of this process.
    static TempDir keys;
    setenv("SAFEKIOSK_KEY_ROOT", keys.path().c_str(), 1);
}

std::optional<std::string> postgres_server()
{
    const char* uri = std::getenv("SAFEKIOSK_TEST_POSTGRES");
    if (uri && *uri) return std::string(uri);
    std::cout << "SKIPPED: SAFEKIOSK_TEST_POSTGRES is not set (scripts/test starts a PostgreSQL server and sets it)"
              << std::endl;
    return std::nullopt;
}

PostgresDatabase::PostgresDatabase(const std::string& server) : server_(server)
{
    static std::atomic<int> counter{0};
    name_ = "sk_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    auto admin = storage::Database::open(server_);
    admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    admin.exec("CREATE DATABASE " + name_);
    // The server URI ends in "/postgres": the test's database replaces that name.
    uri_ = server_.substr(0, server_.rfind('/') + 1) + name_;
}

PostgresDatabase::~PostgresDatabase()
{
    try {
        auto admin = storage::Database::open(server_);
        admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
        std::cerr << "could not drop the test database " << name_ << ": " << e.what() << "\n";
    }
}

} // namespace sk::test
