// SQLite connection, prepared statements and transactions.
//
// This is the only place that talks to the SQLite C API. Every statement binds its parameters; callers never
// build SQL from values. The stores (content/storage/*_store, exam/storage, certs/storage) hold the SQL text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace sk::storage {

// Any storage failure. what() names the database file and the problem; sqlite_code() is SQLite's extended result
// code when SQLite reported it (SQLITE_FULL, SQLITE_IOERR_WRITE, …), 0 otherwise; system_errno() the operating
// system's error number behind an I/O error (sqlite3_system_errno), 0 when there is none. Programs use disk_full()
// to tell an operator what to do (a kiosk shows "the disk is full" in its own language), the text to name the file.
class StorageError : public std::runtime_error {
public:
    explicit StorageError(const std::string& what, int sqlite_code = 0, int system_errno = 0)
        : std::runtime_error(what), sqlite_code_(sqlite_code), system_errno_(system_errno)
    {
    }
    int sqlite_code() const { return sqlite_code_; }
    int system_errno() const { return system_errno_; }
    // SQLITE_FULL, or an I/O error (or a file that could not be created) because the disk or the account's quota is
    // full (ENOSPC, EDQUOT): SQLite reports a full disk met outside a page write, e.g. when it extends the -shm file
    // as a database is opened, only as "disk I/O error".
    bool disk_full() const;

private:
    int sqlite_code_ = 0;
    int system_errno_ = 0;
};

class Database;

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    // Binds text without copying it: the caller keeps `text` alive and unchanged until the statement is reset
    // (for bulk inserts, where copying every value cost a tenth of the saving).
    Statement& bind_unowned(int index, std::string_view text);
    Statement& bind_blob(int index, const void* data, std::size_t size);
    Statement& bind_null(int index);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Index of a named parameter (":name"); 0 when the statement has none of that name.
    int parameter(const char* name) const;

    // Binds all arguments in order from parameter 1.
    template <class... Args>
    Statement& bind_all(const Args&... args)
    {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    // Advances to the next row; false when done.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    bool is_null(int col) const;
    // SQLite's storage class of a column of the current row (SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB,
    // SQLITE_NULL) and the number of columns of the result.
    int type(int col) const;
    int columns() const;
    std::int64_t int64(int col) const;
    int integer(int col) const { return static_cast<int>(int64(col)); }
    double real(int col) const;
    std::string text(int col) const;
    // The text of a column without a copy: valid until the next step(), reset() or read of the same column as
    // another type. For loops over many rows (reports).
    std::string_view text_view(int col) const;
    std::optional<std::string> optional_text(int col) const;
    std::vector<unsigned char> blob(int col) const;

private:
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

enum class Durability {
    Normal, // synchronous=NORMAL: content, reports
    Full,   // synchronous=FULL: every commit reaches the disk before it returns (exam data)
};

class Database {
public:
    // Opens or creates the database file. Refuses (StorageError, file untouched) a file that exists but is not
    // an SQLite database. Does not apply migrations: see storage::open in migrations.hpp.
    static Database open(const std::filesystem::path& path, bool create = true);
    static Database open_memory();
    // Opens an existing database for reading only (SQLITE_OPEN_READONLY): every write fails. Checks the file as
    // open() does; never creates it and applies no migrations.
    static Database open_read_only(const std::filesystem::path& path);

    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(*this, sql); }
    std::int64_t last_insert_id() const;
    int changes() const;
    void set_durability(Durability d);
    // Page cache of this connection, in KiB (SQLite's default is 2 MiB). A large import raises it for its
    // transaction so that changed pages stay in memory until the commit instead of spilling into the WAL file.
    void set_cache_size_kib(std::int64_t kib);
    std::int64_t cache_size_kib();

    const std::filesystem::path& path() const { return path_; }
    sqlite3* handle() const { return db_; }

    // Work to do once the changes made so far are committed: at once when no transaction is open, otherwise when
    // Transaction::commit (or the release of an outermost Savepoint) commits; dropped when the transaction rolls back.
    // One task per `name` (a later one replaces an earlier one). A task must not throw; it is run outside any
    // transaction and may read the database. Used to write the audit log's head file beside the database.
    void after_commit(const std::string& name, std::function<void()> task);
    void run_after_commit();
    void drop_after_commit() { after_commit_.clear(); }

    // Throws StorageError naming the file, the context and SQLite's message for a failed call.
    [[noreturn]] void fail(std::string_view context) const;

private:
    Database() = default;
    static Database open_with(const std::filesystem::path& path, bool create, bool read_only);
    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
    std::vector<std::pair<std::string, std::function<void()>>> after_commit_;
};

// RAII transaction: rolls back unless commit() was called. BEGIN IMMEDIATE so writers never dead-lock.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

// RAII savepoint: the work between it and release() is all or nothing, inside a transaction or not (outside one,
// SAVEPOINT begins a transaction that release() commits). Rolled back to and released when destroyed unreleased.
// `name` is an identifier written in the code, never text from outside.
class Savepoint {
public:
    Savepoint(Database& db, const char* name);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    void release();

private:
    Database& db_;
    std::string name_;
    bool done_ = false;
};

} // namespace sk::storage
