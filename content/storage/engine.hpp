// The interface each database engine implements behind storage::Database and storage::Statement: SQLite
// (sqlite_engine.cpp) and PostgreSQL (postgres_engine.cpp). Only storage code includes this header.
#pragma once

#include "content/storage/database.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace sk::storage::detail {

class StatementImpl {
public:
    virtual ~StatementImpl() = default;
    virtual void bind_int64(int index, std::int64_t value) = 0;
    virtual void bind_double(int index, double value) = 0;
    // `copy` false: the caller keeps `text` alive and unchanged until reset().
    virtual void bind_text(int index, std::string_view text, bool copy) = 0;
    virtual void bind_blob(int index, const void* data, std::size_t size) = 0;
    virtual void bind_null(int index) = 0;
    virtual int parameter(const char* name) const = 0;
    virtual bool step() = 0;
    virtual void reset() = 0;
    virtual ColumnType type(int col) const = 0;
    virtual int columns() const = 0;
    virtual std::int64_t int64(int col) const = 0;
    virtual double real(int col) const = 0;
    virtual std::string_view text(int col) const = 0;
    virtual std::vector<unsigned char> blob(int col) const = 0;
};

class ConnectionImpl {
public:
    virtual ~ConnectionImpl() = default;
    virtual Engine engine() const = 0;
    virtual std::string describe() const = 0;
    virtual std::unique_ptr<StatementImpl> prepare(std::string_view sql) = 0;
    virtual void exec(std::string_view sql) = 0;
    virtual void begin() = 0;
    virtual std::int64_t last_insert_id() = 0;
    virtual int changes() const = 0;
    virtual bool in_transaction() const = 0;
    virtual bool has_table(std::string_view name) = 0;
    virtual void serialize(std::string_view lock_name) = 0;
    virtual void set_durability(Durability d) = 0;
    virtual void set_cache_size_kib(std::int64_t kib) = 0;
    // See Database::set_reply_timeout. SQLite has no server to wait for: the default does nothing.
    virtual void set_reply_timeout(std::chrono::milliseconds) {}
    virtual std::int64_t cache_size_kib() = 0;
    // Bulk load (Copy): `copy_sql` is a COPY … FROM STDIN statement; data is sent in pieces; copy_end(nullptr)
    // finishes, copy_end(reason) abandons. Only PostgreSQL has it: the default refuses.
    virtual void copy_begin(std::string_view copy_sql);
    virtual void copy_data(std::string_view data);
    virtual void copy_end(const char* abandon_reason);
};

std::unique_ptr<ConnectionImpl> open_sqlite(const std::filesystem::path& path, bool create, bool read_only = false);
// The SQLite connection of a database on the SQLite engine, nullptr on another engine: for the fault tests that
// reach into SQLite's VFS (tests/faults).
sqlite3* sqlite_handle(const Database& db);
// The message of a failed SQLite call on `path` (damage, a full disk and disk errors named as such).
std::string failure_text(const std::filesystem::path& path, std::string_view context, int code, const std::string& msg,
                         int sys_errno = 0);
std::unique_ptr<ConnectionImpl> open_sqlite_memory();
std::unique_ptr<ConnectionImpl> open_postgres(const std::string& uri);

} // namespace sk::storage::detail
