#include "content/storage/database.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace sk::storage {

namespace {
std::string describe(const std::filesystem::path& path) { return path.empty() ? std::string(":memory:") : path.string(); }

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
                    int sys_errno = 0)
{
    const std::string file = describe(path);
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
} // namespace

Statement::Statement(Database& db, std::string_view sql) : db_(&db)
{
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
        db.fail("prepare");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

Statement& Statement::bind(int index, std::int64_t value)
{
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) db_->fail("bind");
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) db_->fail("bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
        db_->fail("bind");
    return *this;
}

Statement& Statement::bind_unowned(int index, std::string_view text)
{
    if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8) != SQLITE_OK)
        db_->fail("bind");
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size)
{
    if (sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT) != SQLITE_OK) db_->fail("bind");
    return *this;
}

Statement& Statement::bind_null(int index)
{
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_->fail("bind");
    return *this;
}

int Statement::parameter(const char* name) const { return sqlite3_bind_parameter_index(stmt_, name); }

bool Statement::step()
{
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string context = std::string("step: ") + (sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "");
    if (context.size() > 120) context = context.substr(0, 117) + "...";
    sqlite3_reset(stmt_);
    db_->fail(context);
}

void Statement::run()
{
    while (step()) {
    }
    reset();
}

void Statement::reset()
{
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int Statement::type(int col) const { return sqlite3_column_type(stmt_, col); }

int Statement::columns() const { return sqlite3_column_count(stmt_); }

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Statement::text(int col) const
{
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

std::string_view Statement::text_view(int col) const
{
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}

std::optional<std::string> Statement::optional_text(int col) const
{
    if (is_null(col)) return std::nullopt;
    return text(col);
}

std::vector<unsigned char> Statement::blob(int col) const
{
    auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::vector<unsigned char>(p, p + sqlite3_column_bytes(stmt_, col)) : std::vector<unsigned char>();
}

Database Database::open(const std::filesystem::path& path, bool create) { return open_with(path, create, false); }

Database Database::open_read_only(const std::filesystem::path& path) { return open_with(path, false, true); }

Database Database::open_with(const std::filesystem::path& path, bool create, bool read_only)
{
    std::error_code ec;
    bool exists = std::filesystem::exists(path, ec);
    // A folder on the way that cannot be searched is not a missing file.
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw StorageError(path.string() + ": cannot reach the file: " + ec.message());
    if (!exists && !create) throw StorageError(path.string() + ": database file does not exist");
    if (exists) {
        if (std::filesystem::is_directory(path, ec)) throw StorageError(path.string() + ": is a directory, not a database file");
        auto size = std::filesystem::file_size(path, ec);
        if (ec) throw StorageError(path.string() + ": cannot read the file: " + ec.message());
        if (size > 0) {
            std::ifstream in(path, std::ios::binary);
            if (!in) throw StorageError(path.string() + ": cannot read the file: " + std::strerror(errno));
            std::array<char, 16> header{};
            if (!in.read(header.data(), header.size()))
                throw StorageError(path.string() + ": not a SafeKiosk database (file too short to be SQLite)");
            if (std::string_view(header.data(), header.size()) != std::string_view("SQLite format 3\0", 16))
                throw StorageError(path.string() + ": not a SafeKiosk database (not an SQLite file)");
        }
    }
    if (!exists) create_private_file(path);
    Database db;
    db.path_ = path;
    int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)) |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db.db_, flags, nullptr) != SQLITE_OK) db.fail("open");
    sqlite3_extended_result_codes(db.db_, 1);
    sqlite3_busy_timeout(db.db_, 5000);
    return db;
}

Database Database::open_memory()
{
    Database db;
    if (sqlite3_open(":memory:", &db.db_) != SQLITE_OK) db.fail("open");
    return db;
}

Database::~Database() { sqlite3_close_v2(db_); }

Database::Database(Database&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), after_commit_(std::move(other.after_commit_))
{
    other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        sqlite3_close_v2(db_);
        db_ = other.db_;
        path_ = std::move(other.path_);
        after_commit_ = std::move(other.after_commit_);
        other.db_ = nullptr;
    }
    return *this;
}

bool StorageError::disk_full() const { return full_disk(sqlite_code_, system_errno_); }

void Database::exec(std::string_view sql)
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

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

void Database::set_durability(Durability d)
{
    exec(d == Durability::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
}

void Database::set_cache_size_kib(std::int64_t kib)
{
    // A PRAGMA takes no bound parameters; the value is a number formatted here, never text from outside.
    exec("PRAGMA cache_size=" + std::to_string(-std::max<std::int64_t>(kib, 64)));
}

std::int64_t Database::cache_size_kib()
{
    auto st = prepare("PRAGMA cache_size");
    st.step();
    std::int64_t v = st.int64(0);
    // Negative: KiB; positive: pages.
    if (v < 0) return -v;
    auto ps = prepare("PRAGMA page_size");
    ps.step();
    return v * ps.int64(0) / 1024;
}

void Database::fail(std::string_view context) const
{
    int code = db_ ? sqlite3_extended_errcode(db_) : SQLITE_CANTOPEN;
    std::string msg = db_ ? sqlite3_errmsg(db_) : "cannot open";
    const int sys = db_ ? sqlite3_system_errno(db_) : 0;
    throw StorageError(failure(path_, context, code, msg, sys), code, sys);
}

void Database::after_commit(const std::string& name, std::function<void()> task)
{
    for (auto& [n, t] : after_commit_)
        if (n == name) {
            t = std::move(task);
            if (sqlite3_get_autocommit(db_)) run_after_commit();
            return;
        }
    after_commit_.emplace_back(name, std::move(task));
    if (sqlite3_get_autocommit(db_)) run_after_commit();
}

void Database::run_after_commit()
{
    auto tasks = std::move(after_commit_);
    after_commit_.clear();
    for (auto& [name, task] : tasks) task();
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction()
{
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (...) {
        }
        db_.drop_after_commit();
    }
}

void Transaction::commit()
{
    db_.exec("COMMIT");
    done_ = true;
    db_.run_after_commit();
}

Savepoint::Savepoint(Database& db, const char* name) : db_(db), name_(name) { db_.exec("SAVEPOINT " + name_); }

Savepoint::~Savepoint()
{
    if (!done_) {
        try {
            db_.exec("ROLLBACK TO " + name_);
            db_.exec("RELEASE " + name_);
        } catch (...) {
        }
        if (sqlite3_get_autocommit(db_.handle())) db_.drop_after_commit();
    }
}

void Savepoint::release()
{
    db_.exec("RELEASE " + name_);
    done_ = true;
    if (sqlite3_get_autocommit(db_.handle())) db_.run_after_commit();
}

} // namespace sk::storage
