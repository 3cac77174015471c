// Database connection, statements and transactions, on either engine: an SQLite file (the embedded default) or a
// PostgreSQL server (an exam centre), chosen by the locator given to Database::open (docs/storage.md).
//
// This and the two engines behind it (sqlite_engine.cpp, postgres_engine.cpp) are the only code that talks to a
// database's C API. Every statement binds its parameters; callers never build SQL from values. The stores
// (content/storage/*_store, exam/storage, certs/storage) hold the SQL text, written in the subset both engines
// share: `?` parameters (also `?N` and `:name`), RETURNING for new ids, ON CONFLICT for upserts. Schema steps are
// written with SQLite's type names and mapped for PostgreSQL (postgres_ddl in migrations.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::storage {

enum class Engine { SQLite, PostgreSQL };

namespace detail {
class ConnectionImpl;
class StatementImpl;
} // namespace detail

// Any storage failure. what() names the database file (or server) and the problem; sqlite_code() is SQLite's
// extended result code when SQLite reported it (SQLITE_FULL, SQLITE_IOERR_WRITE, …), 0 otherwise; sqlstate() is
// PostgreSQL's five-character SQLSTATE when the server reported it, empty otherwise; system_errno() the operating
// system's error number behind an SQLite I/O error (sqlite3_system_errno), 0 when there is none. Programs use
// disk_full() to tell an operator what to do (a kiosk shows "the disk is full" in its own language), the text to
// name the file.
class StorageError : public std::runtime_error {
public:
    explicit StorageError(const std::string& what, int sqlite_code = 0, int system_errno = 0)
        : std::runtime_error(what), sqlite_code_(sqlite_code), system_errno_(system_errno)
    {
    }
    StorageError(const std::string& what, std::string sqlstate)
        : std::runtime_error(what), sqlstate_(std::move(sqlstate))
    {
    }
    int sqlite_code() const { return sqlite_code_; }
    const std::string& sqlstate() const { return sqlstate_; }
    int system_errno() const { return system_errno_; }
    // SQLITE_FULL, or an SQLite I/O error (or a file that could not be created) because the disk or the account's
    // quota is full (ENOSPC, EDQUOT: SQLite reports a full disk met outside a page write, e.g. when it extends the
    // -shm file as a database is opened, only as "disk I/O error"), or PostgreSQL's disk_full (53100).
    bool disk_full() const;
    bool connection_lost() const; // the server could not be reached or went away (PostgreSQL class 08, 57P0x)

private:
    int sqlite_code_ = 0;
    int system_errno_ = 0;
    std::string sqlstate_;
};

// The kind of value in a column of the current row.
enum class ColumnType { Null, Integer, Real, Text, Blob };

class Database;

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    // Parameters are 1-based.
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
    // The kind of value in a column of the current row, and the number of columns of the result.
    ColumnType type(int col) const;
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
    std::unique_ptr<detail::StatementImpl> impl_;
};

enum class Durability {
    Normal, // synchronous=NORMAL: content, reports
    Full,   // synchronous=FULL: every commit reaches the disk before it returns (exam data)
};

// True when `locator` names a PostgreSQL server (postgresql:// or postgres:// URI) rather than an SQLite file.
bool is_server_locator(std::string_view locator);
// A server database's URI as a file name, "<host>-<port>-<database>" (letters, digits, '.', '_' and '-' only): the
// name of its key folder (content::key_folder). Throws StorageError for a URI libpq cannot read.
std::string server_folder_name(const std::string& uri);

// The parts of a postgresql:// URI that name a server database: host (localhost when none), port (5432 when none),
// database and user. StorageError for a URI libpq cannot read.
struct ServerAddress {
    std::string host;
    std::string port;
    std::string dbname;
    std::string user;
};
ServerAddress server_address(const std::string& uri);

// A name or a string as SQL text, for the statements that take no parameter (CREATE ROLE, GRANT, CREATE
// SUBSCRIPTION, DROP INDEX …): "name" and 'text' with each quote inside doubled, as both engines read them
// (PostgreSQL with standard_conforming_strings, its default). StorageError for a NUL byte, which neither can hold.
std::string quote_identifier(std::string_view name);
std::string quote_literal(std::string_view text);

class Database;
// The verifier PostgreSQL stores for `role`'s `password` (CREATE ROLE … PASSWORD '<verifier>'), made on this
// machine with libpq's PQencryptPasswordConn in the server's password_encryption (SCRAM-SHA-256), so the password
// itself never reaches the server or its logs. StorageError on SQLite.
std::string postgres_password_verifier(Database& db, const std::string& role, const std::string& password);

// Copies an SQLite database into the new file `target` (mode 0600; refused when it exists) with SQLite's online
// backup API: a consistent snapshot of the last commit, taken while other connections (kiosks) keep writing. The copy
// is one self-contained file (journal_mode DELETE, no -wal beside it). StorageError naming the file for a database on
// another engine or a failure (a full disk …); a partial copy is removed.
void sqlite_snapshot(Database& db, const std::filesystem::path& target);

class Database {
public:
    // Opens the database a locator names: a file path (SQLite; created when missing and `create`) or a
    // postgresql:// URI (a server database, which must exist; a password in the URI is refused: libpq reads it from
    // PGPASSFILE or ~/.pgpass). Refuses (StorageError, file untouched) a file that exists but is not an SQLite
    // database. Does not apply migrations: see storage::open in migrations.hpp.
    static Database open(const std::filesystem::path& locator, bool create = true);
    static Database open_memory();
    // Opens an existing database for reading only (SQLite: SQLITE_OPEN_READONLY; PostgreSQL: every transaction of
    // the session read-only): every write fails. Checks the file as open() does; never creates it and applies no
    // migrations.
    static Database open_read_only(const std::filesystem::path& locator);

    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Engine engine() const;
    // Runs one or more statements that bind nothing and return no rows (DDL, BEGIN …).
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(*this, sql); }
    // The id of the row the last INSERT added (a table with an INTEGER PRIMARY KEY / identity column).
    std::int64_t last_insert_id();
    // Rows changed by the last INSERT, UPDATE or DELETE.
    int changes() const;
    bool in_transaction() const;
    // Inside a transaction: waits until no other connection's transaction holds the lock of this name, and holds it
    // until this transaction ends. For work that reads then appends (the next id of a chain, the audit log's head):
    // on PostgreSQL several writers run at once; SQLite's BEGIN IMMEDIATE lets one writer in already, so there it
    // does nothing.
    void serialize(std::string_view lock_name);
    // Whether a table (or view) of that name exists in the database.
    bool has_table(std::string_view name);
    void set_durability(Durability d);
    // Page cache of this connection, in KiB (SQLite's default is 2 MiB). A large import raises it for its
    // transaction so that changed pages stay in memory until the commit instead of spilling into the WAL file.
    // The server manages its own cache: on PostgreSQL these do nothing and report 0.
    void set_cache_size_kib(std::int64_t kib);
    std::int64_t cache_size_kib();

    // The file (SQLite) or URI (PostgreSQL) the database was opened from; empty for an in-memory database.
    const std::filesystem::path& path() const { return path_; }
    // How messages name this database: the file, or the server's host, port and database name.
    std::string describe() const;
    // Identifies this connection (for caches keyed by connection) while it is open.
    const void* identity() const { return impl_.get(); }

    // Work to do once the changes made so far are committed: at once when no transaction is open, otherwise when
    // Transaction::commit (or the release of an outermost Savepoint) commits; dropped when the transaction rolls back.
    // One task per `name` (a later one replaces an earlier one). A task must not throw; it is run outside any
    // transaction and may read the database. Used to write the audit log's head file beside the database.
    void after_commit(const std::string& name, std::function<void()> task);
    void run_after_commit();
    void drop_after_commit() { after_commit_.clear(); }

    // The engine's connection, for the engine's own code.
    detail::ConnectionImpl& impl() const { return *impl_; }

private:
    Database() = default;
    std::unique_ptr<detail::ConnectionImpl> impl_;
    std::filesystem::path path_;
    std::vector<std::pair<std::string, std::function<void()>>> after_commit_;
};

// Bulk load into one table with PostgreSQL's COPY … FROM STDIN (text format): many rows in one stream instead of one
// INSERT round trip per batch. Fields are added in the order of `columns`, a row ended with end_row(); the rows go to
// the server as a buffer fills, and finish() ends the stream and reports the server's verdict (StorageError, e.g. a
// constraint a row breaks). Destroyed unfinished, the copy is abandoned and the surrounding transaction must roll
// back. PostgreSQL only (Database::engine()): on SQLite the constructor throws StorageError. Table and column names
// are identifiers written in the code, never text from outside.
class Copy {
public:
    Copy(Database& db, std::string_view table, std::initializer_list<std::string_view> columns);
    ~Copy();
    Copy(const Copy&) = delete;
    Copy& operator=(const Copy&) = delete;

    Copy& add(std::int64_t value);
    Copy& add(int value) { return add(static_cast<std::int64_t>(value)); }
    Copy& add(double value);
    Copy& add(std::string_view text);
    Copy& add(const std::string& text) { return add(std::string_view(text)); }
    Copy& add(const char* text) { return add(std::string_view(text)); }
    Copy& add(const std::optional<std::string>& text) { return text ? add(std::string_view(*text)) : add_null(); }
    Copy& add_null();
    // Ends a row; throws std::logic_error when it has not one field per column.
    void end_row();
    void finish();

private:
    void field_separator();
    void flush();
    detail::ConnectionImpl& conn_;
    std::size_t columns_;
    std::size_t fields_ = 0; // in the current row
    std::string buffer_;
    bool open_ = true;
};

// RAII transaction: rolls back unless commit() was called. SQLite: BEGIN IMMEDIATE so writers never dead-lock;
// PostgreSQL: BEGIN (read committed), writers that must be serialised take a lock (Database::serialize).
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
// it begins a transaction that release() commits). Rolled back to and released when destroyed unreleased.
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
    bool outermost_ = false;
    bool done_ = false;
};

} // namespace sk::storage
