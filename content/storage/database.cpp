#include "content/storage/database.hpp"

#include "content/storage/engine.hpp"

#include <cstdio>
#include <stdexcept>

namespace sk::storage {

namespace detail {
bool sqlite_disk_full(int code, int sys_errno);
}

namespace {

std::string quoted(std::string_view text, char quote)
{
    if (text.find('\0') != std::string_view::npos)
        throw StorageError("a NUL byte cannot be part of an SQL name or string");
    std::string out(1, quote);
    for (char c : text) {
        if (c == quote) out += quote;
        out += c;
    }
    return out + quote;
}

} // namespace

std::string quote_identifier(std::string_view name) { return quoted(name, '"'); }
std::string quote_literal(std::string_view text) { return quoted(text, '\''); }

bool is_server_locator(std::string_view locator)
{
    return locator.starts_with("postgresql://") || locator.starts_with("postgres://");
}

bool StorageError::disk_full() const
{
    return detail::sqlite_disk_full(sqlite_code_, system_errno_) || sqlstate_ == "53100";
}

bool StorageError::connection_lost() const { return sqlstate_.starts_with("08") || sqlstate_.starts_with("57P0"); }

Statement::Statement(Database& db, std::string_view sql) : impl_(db.impl().prepare(sql)) {}
Statement::~Statement() = default;
Statement::Statement(Statement&& other) noexcept = default;

Statement& Statement::bind(int index, std::int64_t value)
{
    impl_->bind_int64(index, value);
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    impl_->bind_double(index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    impl_->bind_text(index, text, true);
    return *this;
}

Statement& Statement::bind_unowned(int index, std::string_view text)
{
    impl_->bind_text(index, text, false);
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size)
{
    impl_->bind_blob(index, data, size);
    return *this;
}

Statement& Statement::bind_null(int index)
{
    impl_->bind_null(index);
    return *this;
}

int Statement::parameter(const char* name) const { return impl_->parameter(name); }
bool Statement::step() { return impl_->step(); }

void Statement::run()
{
    while (step()) {
    }
    reset();
}

void Statement::reset() { impl_->reset(); }
ColumnType Statement::type(int col) const { return impl_->type(col); }
int Statement::columns() const { return impl_->columns(); }
bool Statement::is_null(int col) const { return impl_->type(col) == ColumnType::Null; }
std::int64_t Statement::int64(int col) const { return impl_->int64(col); }
double Statement::real(int col) const { return impl_->real(col); }
std::string Statement::text(int col) const { return std::string(impl_->text(col)); }
std::string_view Statement::text_view(int col) const { return impl_->text(col); }

std::optional<std::string> Statement::optional_text(int col) const
{
    if (is_null(col)) return std::nullopt;
    return text(col);
}

std::vector<unsigned char> Statement::blob(int col) const { return impl_->blob(col); }

Database Database::open(const std::filesystem::path& locator, bool create)
{
    Database db;
    db.path_ = locator;
    db.impl_ = is_server_locator(locator.native()) ? detail::open_postgres(locator.native())
                                                   : detail::open_sqlite(locator, create);
    return db;
}

Database Database::open_read_only(const std::filesystem::path& locator)
{
    Database db;
    db.path_ = locator;
    if (is_server_locator(locator.native())) {
        db.impl_ = detail::open_postgres(locator.native());
        db.exec("SET default_transaction_read_only TO on");
    } else {
        db.impl_ = detail::open_sqlite(locator, false, true);
    }
    return db;
}

Database Database::open_memory()
{
    Database db;
    db.impl_ = detail::open_sqlite_memory();
    return db;
}

Database::~Database() = default;
Database::Database(Database&& other) noexcept = default;
Database& Database::operator=(Database&& other) noexcept = default;

Engine Database::engine() const { return impl_->engine(); }
std::string Database::describe() const { return impl_->describe(); }
void Database::exec(std::string_view sql) { impl_->exec(sql); }
std::int64_t Database::last_insert_id() { return impl_->last_insert_id(); }
int Database::changes() const { return impl_->changes(); }
bool Database::in_transaction() const { return impl_->in_transaction(); }
bool Database::has_table(std::string_view name) { return impl_->has_table(name); }
void Database::serialize(std::string_view lock_name) { impl_->serialize(lock_name); }

void detail::ConnectionImpl::copy_begin(std::string_view)
{
    throw StorageError(describe() + ": bulk load (COPY) is PostgreSQL's; this database is an SQLite file");
}
void detail::ConnectionImpl::copy_data(std::string_view) { copy_begin({}); }
void detail::ConnectionImpl::copy_end(const char*) { copy_begin({}); }

namespace {
constexpr std::size_t kCopyBuffer = 1 << 20; // bytes of rows sent to the server at a time
}

Copy::Copy(Database& db, std::string_view table, std::initializer_list<std::string_view> columns)
    : conn_(db.impl()), columns_(columns.size())
{
    std::string sql = "COPY " + std::string(table) + "(";
    bool first = true;
    for (auto c : columns) {
        sql += first ? "" : ", ";
        sql += c;
        first = false;
    }
    sql += ") FROM STDIN";
    conn_.copy_begin(sql);
    buffer_.reserve(kCopyBuffer + 4096);
}

Copy::~Copy()
{
    if (!open_) return;
    try {
        conn_.copy_end("abandoned by the program");
    } catch (const StorageError&) {
        // The server's refusal of an abandoned copy is expected; the transaction rolls back.
    }
}

void Copy::field_separator()
{
    if (fields_ == columns_) throw std::logic_error("Copy: more fields than columns in a row");
    if (fields_++) buffer_ += '\t';
}

Copy& Copy::add(std::int64_t value)
{
    field_separator();
    buffer_ += std::to_string(value);
    return *this;
}

Copy& Copy::add(double value)
{
    field_separator();
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    buffer_ += text;
    return *this;
}

Copy& Copy::add(std::string_view text)
{
    // COPY's text format: backslash, tab, newline and carriage return are written as escapes; everything else as is.
    field_separator();
    for (char c : text) switch (c) {
        case '\\': buffer_ += "\\\\"; break;
        case '\t': buffer_ += "\\t"; break;
        case '\n': buffer_ += "\\n"; break;
        case '\r': buffer_ += "\\r"; break;
        default: buffer_ += c;
        }
    return *this;
}

Copy& Copy::add_null()
{
    field_separator();
    buffer_ += "\\N";
    return *this;
}

void Copy::end_row()
{
    if (fields_ != columns_)
        throw std::logic_error("Copy: a row of " + std::to_string(fields_) + " fields for " + std::to_string(columns_) +
                               " columns");
    buffer_ += '\n';
    fields_ = 0;
    if (buffer_.size() >= kCopyBuffer) flush();
}

void Copy::flush()
{
    if (!buffer_.empty()) conn_.copy_data(buffer_);
    buffer_.clear();
}

void Copy::finish()
{
    if (fields_) throw std::logic_error("Copy: finish() inside a row");
    flush();
    open_ = false;
    conn_.copy_end(nullptr);
}
void Database::set_durability(Durability d) { impl_->set_durability(d); }
void Database::set_cache_size_kib(std::int64_t kib) { impl_->set_cache_size_kib(kib); }
std::int64_t Database::cache_size_kib() { return impl_->cache_size_kib(); }

void Database::after_commit(const std::string& name, std::function<void()> task)
{
    bool replaced = false;
    for (auto& [n, t] : after_commit_)
        if (n == name) {
            t = std::move(task);
            replaced = true;
            break;
        }
    if (!replaced) after_commit_.emplace_back(name, std::move(task));
    if (!in_transaction()) run_after_commit();
}

void Database::run_after_commit()
{
    auto tasks = std::move(after_commit_);
    after_commit_.clear();
    for (auto& [name, task] : tasks) task();
}

Transaction::Transaction(Database& db) : db_(db) { db_.impl().begin(); }

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

Savepoint::Savepoint(Database& db, const char* name) : db_(db), name_(name)
{
    outermost_ = !db_.in_transaction();
    if (outermost_) db_.impl().begin();
    try {
        db_.exec("SAVEPOINT " + name_);
    } catch (...) {
        if (outermost_) {
            try {
                db_.exec("ROLLBACK");
            } catch (...) {
            }
        }
        throw;
    }
}

Savepoint::~Savepoint()
{
    if (!done_) {
        try {
            if (outermost_) {
                db_.exec("ROLLBACK");
            } else {
                db_.exec("ROLLBACK TO " + name_);
                db_.exec("RELEASE " + name_);
            }
        } catch (...) {
        }
        if (outermost_) db_.drop_after_commit();
    }
}

void Savepoint::release()
{
    db_.exec("RELEASE " + name_);
    if (outermost_) db_.exec("COMMIT");
    done_ = true;
    if (outermost_) db_.run_after_commit();
}

} // namespace sk::storage
