// The SQLite engine: an installation's embedded database file.
#include "content/storage/engine.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sk::storage::detail {

namespace {
std::string describe_path(const std::filesystem::path& path)
{
    return path.empty() ? std::string(":memory:") : path.string();
}

// `sys_errno` is SQLite's record of the system error behind an I/O error: ENOSPC or EDQUOT make it a full disk.
bool full_disk(int code, int sys_errno)
{
    if ((code & 0xff) == SQLITE_FULL) return true;
    const bool io = (code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_CANTOPEN;
    return io && (sys_errno == ENOSPC || sys_errno == EDQUOT);
}

// A new database file is created here, empty and readable by its owner only (0600), before SQLite opens it:
// SQLite gives the -wal and -shm files it makes beside it the same mode. Exam answers and candidates' ID numbers
// are not for other accounts on the machine.
void create_private_file(const std::filesystem::path& path)
{
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        if (err == EEXIST) return; // created in the meantime by another process: SQLite opens that one
        if (full_disk(SQLITE_CANTOPEN, err))
            throw StorageError(path.string() + ": the disk is full: cannot create the database file (" +
                                   std::strerror(err) + ")",
                               SQLITE_CANTOPEN, err);
        throw StorageError(path.string() + ": cannot create the database file: " + std::strerror(err));
    }
    // The umask may have taken more than 0600 asks for; the owner needs both read and write.
    const bool ok = ::fchmod(fd, 0600) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok) throw StorageError(path.string() + ": cannot set the mode of the new database file: " + std::strerror(err));
}

// The message of a failed SQLite call: the file, then what a person can act on. Damage, a full disk and disk
// errors are named as such whichever call met them (a statement, a COMMIT, a PRAGMA).
std::string failure(const std::filesystem::path& path, std::string_view context, int code, const std::string& msg,
                    int sys_errno = 0);
} // namespace

std::string failure_text(const std::filesystem::path& path, std::string_view context, int code, const std::string& msg,
                         int sys_errno)
{
    return failure(path, context, code, msg, sys_errno);
}

namespace {
std::string failure(const std::filesystem::path& path, std::string_view context, int code, const std::string& msg,
                    int sys_errno)
{
    const std::string file = describe_path(path);
    if (full_disk(code, sys_errno) && (code & 0xff) != SQLITE_FULL)
        return file + ": the disk is full (" + std::strerror(sys_errno) + "; " + msg + ")";
    switch (code & 0xff) {
    case SQLITE_NOTADB: return file + ": not a SafeKiosk database (" + msg + ")";
    case SQLITE_CORRUPT: return file + ": the database file is damaged (" + msg + ")";
    case SQLITE_FULL: return file + ": the disk is full (" + msg + ")";
    case SQLITE_IOERR: return file + ": input/output error (" + msg + ")";
    case SQLITE_CANTOPEN: return file + ": cannot open the database file (" + msg + ")";
    case SQLITE_READONLY: return file + ": the database file is read-only (" + msg + ")";
    default: return context.empty() ? file + ": " + msg : file + ": " + std::string(context) + ": " + msg;
    }
}

class SqliteConnection;

// Prepared statements of one connection kept for reuse. Parsing and planning a statement costs more than running a
// small one (a certificate batch spent a quarter of its time in sqlite3_prepare_v2), and the programs run the same
// few hundred statements again and again: a Statement that ends resets its sqlite3_stmt and leaves it here, and the
// next Statement of the same SQL text takes it instead of preparing it again. A statement in use is never here, so a
// query run inside the loop of the same query prepares a second one. At most kCapacity idle statements are kept
// (the least recently used go first), so statements built from changing text (a filter's WHERE) cannot grow it.
// A reset statement holds no lock and no read transaction; SQLite prepares it again itself when the schema changed.
class StatementCache {
public:
    static constexpr std::size_t kCapacity = 96;
    StatementCache() = default;
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() { clear(); }

    // An idle statement of exactly this text, or nullptr.
    sqlite3_stmt* take(std::string_view sql)
    {
        for (auto it = idle_.rbegin(); it != idle_.rend(); ++it)
            if (it->first == sql) {
                sqlite3_stmt* s = it->second;
                idle_.erase(std::next(it).base());
                return s;
            }
        return nullptr;
    }
    // Keeps a reset statement (finalizing the least recently used one when full).
    void put(std::string sql, sqlite3_stmt* s)
    {
        if (idle_.size() >= kCapacity) {
            sqlite3_finalize(idle_.front().second);
            idle_.erase(idle_.begin());
        }
        idle_.emplace_back(std::move(sql), s);
    }
    void clear()
    {
        for (auto& [sql, s] : idle_) sqlite3_finalize(s);
        idle_.clear();
    }

private:
    std::vector<std::pair<std::string, sqlite3_stmt*>> idle_; // least recently used first
};

class SqliteStatement final : public StatementImpl {
public:
    SqliteStatement(SqliteConnection& db, std::string_view sql);
    ~SqliteStatement() override;

    void bind_int64(int index, std::int64_t value) override { check(sqlite3_bind_int64(stmt_, index, value)); }
    void bind_double(int index, double value) override { check(sqlite3_bind_double(stmt_, index, value)); }
    void bind_text(int index, std::string_view text, bool copy) override
    {
        check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), copy ? SQLITE_TRANSIENT : SQLITE_STATIC,
                                  SQLITE_UTF8));
    }
    void bind_blob(int index, const void* data, std::size_t size) override
    {
        check(sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT));
    }
    void bind_null(int index) override { check(sqlite3_bind_null(stmt_, index)); }
    int parameter(const char* name) const override { return sqlite3_bind_parameter_index(stmt_, name); }
    bool step() override;
    void reset() override
    {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    ColumnType type(int col) const override
    {
        switch (sqlite3_column_type(stmt_, col)) {
        case SQLITE_INTEGER: return ColumnType::Integer;
        case SQLITE_FLOAT: return ColumnType::Real;
        case SQLITE_TEXT: return ColumnType::Text;
        case SQLITE_BLOB: return ColumnType::Blob;
        default: return ColumnType::Null;
        }
    }
    int columns() const override { return sqlite3_column_count(stmt_); }
    std::int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
    double real(int col) const override { return sqlite3_column_double(stmt_, col); }
    std::string_view text(int col) const override
    {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
    }
    std::vector<unsigned char> blob(int col) const override
    {
        auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
        return p ? std::vector<unsigned char>(p, p + sqlite3_column_bytes(stmt_, col)) : std::vector<unsigned char>();
    }

private:
    void check(int rc);
    SqliteConnection& db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;                      // the text it was prepared from: its key in the cache
    std::weak_ptr<StatementCache> cache_;  // gone when the connection closed first: then it is finalized
};

class SqliteConnection final : public ConnectionImpl {
public:
    SqliteConnection(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
    ~SqliteConnection() override
    {
        cache_->clear();
        sqlite3_close_v2(db_);
    }

    Engine engine() const override { return Engine::SQLite; }
    std::string describe() const override { return describe_path(path_); }
    std::unique_ptr<StatementImpl> prepare(std::string_view sql) override
    {
        return std::make_unique<SqliteStatement>(*this, sql);
    }
    void exec(std::string_view sql) override
    {
        std::string s(sql);
        char* err = nullptr;
        if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            std::string msg = err ? err : "unknown error";
            sqlite3_free(err);
            const int code = sqlite3_extended_errcode(db_);
            const int sys = sqlite3_system_errno(db_);
            throw StorageError(failure(path_, "", code, msg, sys), code, sys);
        }
    }
    void begin() override { exec("BEGIN IMMEDIATE"); }
    std::int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }
    int changes() const override { return sqlite3_changes(db_); }
    bool in_transaction() const override { return !sqlite3_get_autocommit(db_); }
    bool has_table(std::string_view name) override
    {
        SqliteStatement st(*this, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name=?");
        st.bind_text(1, name, false);
        return st.step();
    }
    void serialize(std::string_view) override {} // BEGIN IMMEDIATE lets one writer in
    void set_durability(Durability d) override
    {
        exec(d == Durability::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    }
    void set_cache_size_kib(std::int64_t kib) override
    {
        // A PRAGMA takes no bound parameters; the value is a number formatted here, never text from outside.
        exec("PRAGMA cache_size=" + std::to_string(-std::max<std::int64_t>(kib, 64)));
    }
    std::int64_t cache_size_kib() override
    {
        SqliteStatement st(*this, "PRAGMA cache_size");
        st.step();
        std::int64_t v = st.int64(0);
        // Negative: KiB; positive: pages.
        if (v < 0) return -v;
        SqliteStatement ps(*this, "PRAGMA page_size");
        ps.step();
        return v * ps.int64(0) / 1024;
    }

    // Throws StorageError naming the file, the context and SQLite's message for a failed call.
    [[noreturn]] void fail(std::string_view context) const
    {
        int code = db_ ? sqlite3_extended_errcode(db_) : SQLITE_CANTOPEN;
        std::string msg = db_ ? sqlite3_errmsg(db_) : "cannot open";
        const int sys = db_ ? sqlite3_system_errno(db_) : 0;
        throw StorageError(failure(path_, context, code, msg, sys), code, sys);
    }
    sqlite3* handle() const { return db_; }
    const std::shared_ptr<StatementCache>& statement_cache() const { return cache_; }

private:
    sqlite3* db_;
    std::filesystem::path path_;
    std::shared_ptr<StatementCache> cache_ = std::make_shared<StatementCache>();
};

SqliteStatement::SqliteStatement(SqliteConnection& db, std::string_view sql)
    : db_(db), sql_(sql), cache_(db.statement_cache())
{
    stmt_ = db.statement_cache()->take(sql_);
    if (stmt_) return;
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
        db.fail("prepare");
}

SqliteStatement::~SqliteStatement()
{
    if (!stmt_) return; // empty SQL prepares to no statement
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (auto cache = cache_.lock()) cache->put(std::move(sql_), stmt_);
    else sqlite3_finalize(stmt_);
}

void SqliteStatement::check(int rc)
{
    if (rc != SQLITE_OK) db_.fail("bind");
}

bool SqliteStatement::step()
{
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string context = std::string("step: ") + (sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "");
    if (context.size() > 120) context = context.substr(0, 117) + "...";
    sqlite3_reset(stmt_);
    db_.fail(context);
}

// Opens the connection or throws with SQLite's message; the handle SQLite returns even on failure is closed.
std::unique_ptr<SqliteConnection> connect(const char* name, const std::filesystem::path& path, int flags)
{
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(name, &db, flags, nullptr);
    auto conn = std::make_unique<SqliteConnection>(db, path);
    if (rc != SQLITE_OK) conn->fail("open");
    sqlite3_extended_result_codes(db, 1);
    return conn;
}
} // namespace

namespace {
// The first bytes of the main database file, read through SQLite's own file handle. Opening the file a second time
// (std::ifstream) and closing it would drop every POSIX lock this process holds on it, since fcntl locks belong to
// the process, not the descriptor: another process could then checkpoint and remove the WAL under a connection of
// ours, whose later reads are stale or "malformed" (SQLite's "How To Corrupt", 2.2).
int read_header(sqlite3* db, std::array<char, 16>& header)
{
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file || !file->pMethods)
        return SQLITE_ERROR;
    return file->pMethods->xRead(file, header.data(), static_cast<int>(header.size()), 0);
}
} // namespace

std::unique_ptr<ConnectionImpl> open_sqlite(const std::filesystem::path& path, bool create, bool read_only)
{
    std::error_code ec;
    bool exists = std::filesystem::exists(path, ec);
    // A folder on the way that cannot be searched is not a missing file.
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw StorageError(path.string() + ": cannot reach the file: " + ec.message());
    if (!exists && !create) throw StorageError(path.string() + ": database file does not exist");
    std::uintmax_t size = 0;
    if (exists) {
        if (std::filesystem::is_directory(path, ec)) throw StorageError(path.string() + ": is a directory, not a database file");
        // Only a regular file has a size: a FIFO or a device is refused here, before anything opens it.
        size = std::filesystem::file_size(path, ec);
        if (ec) throw StorageError(path.string() + ": cannot read the file: " + ec.message());
        // Asked of the kernel without opening the file (see read_header).
        if (::faccessat(AT_FDCWD, path.c_str(), R_OK, AT_EACCESS) != 0)
            throw StorageError(path.string() + ": cannot read the file: " + std::strerror(errno));
    }
    if (!exists) create_private_file(path);
    int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)) |
                SQLITE_OPEN_NOMUTEX;
    auto conn = connect(path.c_str(), path, flags);
    if (size > 0) {
        std::array<char, 16> header{};
        const int rc = read_header(conn->handle(), header);
        if (rc == SQLITE_IOERR_SHORT_READ)
            throw StorageError(path.string() + ": not a SafeKiosk database (file too short to be SQLite)");
        if (rc != SQLITE_OK) throw StorageError(path.string() + ": cannot read the file", rc, sqlite3_system_errno(conn->handle()));
        if (std::string_view(header.data(), header.size()) != std::string_view("SQLite format 3\0", 16))
            throw StorageError(path.string() + ": not a SafeKiosk database (not an SQLite file)");
    }
    sqlite3_busy_timeout(conn->handle(), 5000);
    return conn;
}

std::unique_ptr<ConnectionImpl> open_sqlite_memory()
{
    return connect(":memory:", {}, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX);
}

sqlite3* sqlite_handle(const Database& db)
{
    auto* conn = dynamic_cast<SqliteConnection*>(&db.impl());
    return conn ? conn->handle() : nullptr;
}

bool sqlite_disk_full(int code, int sys_errno) { return full_disk(code, sys_errno); }

} // namespace sk::storage::detail

namespace sk::storage {

void sqlite_snapshot(Database& db, const std::filesystem::path& target)
{
    sqlite3* source = detail::sqlite_handle(db);
    if (!source) throw StorageError(db.describe() + ": not an SQLite database; a server database is copied with pg_dump");
    int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        throw StorageError(target.string() + ": cannot create the copy: " + std::strerror(err), SQLITE_CANTOPEN, err);
    }
    const bool mode_ok = ::fchmod(fd, 0600) == 0;
    ::close(fd);
    sqlite3* copy = nullptr;
    std::string problem;
    int code = 0;
    int sys_errno = 0;
    auto fail = [&](sqlite3* on, int rc) {
        code = rc;
        sys_errno = on ? sqlite3_system_errno(on) : 0;
        problem = on ? sqlite3_errmsg(on) : sqlite3_errstr(rc);
    };
    if (!mode_ok) problem = std::string("cannot set its mode: ") + std::strerror(errno);
    else if (int rc = sqlite3_open_v2(target.c_str(), &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
             rc != SQLITE_OK)
        fail(copy, rc);
    else {
        // One step over every page: the source stays read-locked at one commit for the whole copy, so the copy is
        // that commit whatever other connections write meanwhile (they wait at most for the copy, WAL readers not).
        sqlite3_busy_timeout(copy, 5000);
        sqlite3_backup* b = sqlite3_backup_init(copy, "main", source, "main");
        if (!b) fail(copy, sqlite3_errcode(copy));
        else {
            int rc = SQLITE_OK;
            for (int tries = 0; tries < 100; ++tries) {
                rc = sqlite3_backup_step(b, -1);
                if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
                sqlite3_sleep(50);
            }
            const int finish = sqlite3_backup_finish(b);
            if (rc != SQLITE_DONE) fail(copy, rc == SQLITE_OK ? finish : rc);
            else if (finish != SQLITE_OK) fail(copy, finish);
            else if (char* err = nullptr;
                     sqlite3_exec(copy, "PRAGMA journal_mode=DELETE", nullptr, nullptr, &err) != SQLITE_OK) {
                fail(copy, sqlite3_errcode(copy));
                sqlite3_free(err);
            }
        }
    }
    if (copy) sqlite3_close_v2(copy);
    if (!problem.empty()) {
        std::error_code ec;
        std::filesystem::remove(target, ec);
        std::filesystem::remove(target.string() + "-journal", ec);
        throw StorageError(detail::failure_text(target, "backup", code, problem, sys_errno), code, sys_errno);
    }
}

} // namespace sk::storage
