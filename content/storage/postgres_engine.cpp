// The PostgreSQL engine: an exam centre's server database, through libpq's C API.
//
// Statements keep the stores' SQLite-style parameters (`?`, `?N`, `:name`); they are numbered `$N` here once, when
// the statement is prepared. Each execution is one PQexecParams round trip with text results; integers are sent as
// int8, reals as float8, blobs as binary bytea, text untyped so that the server takes the type of the column it
// meets. Errors carry the server's SQLSTATE; a server that cannot be reached or goes away is reported with class 08
// and names the server.
#include "content/storage/engine.hpp"
#include "content/storage/server_uri.hpp"

#include <libpq-fe.h>

#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>

namespace sk::storage::detail {

namespace {

constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

struct ConninfoDeleter {
    void operator()(PQconninfoOption* o) const { PQconninfoFree(o); }
};

std::map<std::string, std::string> uri_parts(const std::string& uri)
{
    char* err = nullptr;
    std::unique_ptr<PQconninfoOption, ConninfoDeleter> opts(PQconninfoParse(uri.c_str(), &err));
    if (!opts) {
        std::string msg = err ? err : "cannot be read";
        PQfreemem(err);
        while (!msg.empty() && msg.back() == '\n') msg.pop_back();
        throw StorageError(uri + ": not a valid PostgreSQL URI (" + msg + ")", std::string("08001"));
    }
    std::map<std::string, std::string> v;
    for (auto* o = opts.get(); o->keyword; ++o)
        if (o->val) v[o->keyword] = o->val;
    return v;
}

// "user@host:port/dbname" from a URI's parts, for messages (never the password: one is refused before).
std::string server_name(const std::string& uri)
{
    char* err = nullptr;
    std::unique_ptr<PQconninfoOption, ConninfoDeleter> opts(PQconninfoParse(uri.c_str(), &err));
    if (!opts) {
        PQfreemem(err);
        return "PostgreSQL server";
    }
    std::map<std::string, std::string> v;
    for (auto* o = opts.get(); o->keyword; ++o)
        if (o->val) v[o->keyword] = o->val;
    std::string out = "PostgreSQL ";
    if (!v["user"].empty()) out += v["user"] + "@";
    out += v["host"].empty() ? std::string("localhost") : v["host"];
    out += ":" + (v["port"].empty() ? std::string("5432") : v["port"]);
    out += "/" + v["dbname"];
    return out;
}

// The first line of a libpq message, without its "ERROR:  " prefix and trailing newline.
std::string first_line(const char* message)
{
    std::string s = message ? message : "";
    if (s.starts_with("ERROR:  ")) s.erase(0, 8);
    if (s.starts_with("FATAL:  ")) s.erase(0, 8);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

std::string_view shorten(std::string_view sql)
{
    return sql.size() > 100 ? sql.substr(0, 100) : sql;
}

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresConnection;

// The SQL with its parameters numbered for PostgreSQL, and the names of named parameters by number.
struct Translated {
    std::string sql;
    int count = 0;
    std::map<std::string, int> names;
};

Translated translate(std::string_view in)
{
    Translated t;
    t.sql.reserve(in.size() + 8);
    auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (std::size_t i = 0; i < in.size();) {
        const char c = in[i];
        if (c == '\'' || c == '"') { // literal or quoted identifier: copied as is ('' and "" escape themselves)
            std::size_t j = i + 1;
            while (j < in.size() && in[j] != c) ++j;
            t.sql.append(in.substr(i, j + 1 - i));
            i = j + 1;
        } else if (c == '-' && i + 1 < in.size() && in[i + 1] == '-') {
            std::size_t j = in.find('\n', i);
            if (j == std::string_view::npos) j = in.size();
            t.sql.append(in.substr(i, j - i));
            i = j;
        } else if (c == '?') {
            std::size_t j = i + 1;
            while (j < in.size() && std::isdigit(static_cast<unsigned char>(in[j]))) ++j;
            int n = j > i + 1 ? std::atoi(std::string(in.substr(i + 1, j - i - 1)).c_str()) : t.count + 1;
            t.count = std::max(t.count, n);
            t.sql += "$" + std::to_string(n);
            i = j;
        } else if ((c == ':' || c == '@') && i + 1 < in.size() && (std::isalpha(static_cast<unsigned char>(in[i + 1])) || in[i + 1] == '_') &&
                   !(i > 0 && in[i - 1] == ':')) {
            std::size_t j = i + 1;
            while (j < in.size() && ident(in[j])) ++j;
            std::string name(in.substr(i, j - i));
            auto [it, added] = t.names.try_emplace(name, t.count + 1);
            if (added) ++t.count;
            t.sql += "$" + std::to_string(it->second);
            i = j;
        } else {
            t.sql += c;
            ++i;
        }
    }
    return t;
}

class PostgresStatement final : public StatementImpl {
public:
    PostgresStatement(PostgresConnection& db, std::string_view sql) : db_(db), sql_(translate(sql))
    {
        values_.resize(static_cast<std::size_t>(sql_.count));
        types_.assign(static_cast<std::size_t>(sql_.count), 0);
        formats_.assign(static_cast<std::size_t>(sql_.count), 0);
    }

    void bind_int64(int index, std::int64_t value) override { set(index, std::to_string(value), kInt8, 0); }
    void bind_double(int index, double value) override
    {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, value);
        set(index, std::string(buf, r.ptr), kFloat8, 0);
    }
    void bind_text(int index, std::string_view text, bool) override { set(index, std::string(text), 0, 0); }
    void bind_blob(int index, const void* data, std::size_t size) override
    {
        set(index, std::string(static_cast<const char*>(data), size), kBytea, 1);
    }
    void bind_null(int index) override
    {
        check_index(index);
        values_[static_cast<std::size_t>(index - 1)].reset();
        types_[static_cast<std::size_t>(index - 1)] = 0;
    }
    int parameter(const char* name) const override
    {
        auto it = sql_.names.find(name);
        return it == sql_.names.end() ? 0 : it->second;
    }
    bool step() override;
    void reset() override
    {
        result_.reset();
        row_ = -1;
        for (auto& v : values_) v.reset();
        std::fill(types_.begin(), types_.end(), 0);
        std::fill(formats_.begin(), formats_.end(), 0);
    }
    ColumnType type(int col) const override
    {
        if (PQgetisnull(result_.get(), row_, col)) return ColumnType::Null;
        switch (PQftype(result_.get(), col)) {
        case kBool:
        case kInt2:
        case kInt4:
        case kInt8:
        case kOid: return ColumnType::Integer;
        case kFloat4:
        case kFloat8: return ColumnType::Real;
        case kNumeric: return std::strchr(PQgetvalue(result_.get(), row_, col), '.') ? ColumnType::Real : ColumnType::Integer;
        case kBytea: return ColumnType::Blob;
        default: return ColumnType::Text;
        }
    }
    int columns() const override { return result_ ? PQnfields(result_.get()) : 0; }
    std::int64_t int64(int col) const override
    {
        if (PQgetisnull(result_.get(), row_, col)) return 0;
        const char* v = PQgetvalue(result_.get(), row_, col);
        if (PQftype(result_.get(), col) == kBool) return v[0] == 't' ? 1 : 0;
        const char* end = v + PQgetlength(result_.get(), row_, col);
        std::int64_t out = 0;
        auto r = std::from_chars(v, end, out);
        if (r.ec != std::errc() || (r.ptr != end && *r.ptr == '.')) return static_cast<std::int64_t>(real(col));
        return out;
    }
    double real(int col) const override
    {
        if (PQgetisnull(result_.get(), row_, col)) return 0;
        const char* v = PQgetvalue(result_.get(), row_, col);
        if (PQftype(result_.get(), col) == kBool) return v[0] == 't' ? 1 : 0;
        double out = 0;
        std::from_chars(v, v + PQgetlength(result_.get(), row_, col), out);
        return out;
    }
    std::string_view text(int col) const override
    {
        if (PQgetisnull(result_.get(), row_, col)) return {};
        return {PQgetvalue(result_.get(), row_, col), static_cast<std::size_t>(PQgetlength(result_.get(), row_, col))};
    }
    std::vector<unsigned char> blob(int col) const override
    {
        if (PQgetisnull(result_.get(), row_, col)) return {};
        std::size_t n = 0;
        unsigned char* p = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, col)), &n);
        if (!p) return {};
        std::vector<unsigned char> out(p, p + n);
        PQfreemem(p);
        return out;
    }

private:
    void check_index(int index) const;
    void set(int index, std::string value, Oid type, int format)
    {
        check_index(index);
        values_[static_cast<std::size_t>(index - 1)] = std::move(value);
        types_[static_cast<std::size_t>(index - 1)] = type;
        formats_[static_cast<std::size_t>(index - 1)] = format;
    }

    PostgresConnection& db_;
    Translated sql_;
    std::vector<std::optional<std::string>> values_;
    std::vector<Oid> types_;
    std::vector<int> formats_;
    Result result_;
    int row_ = -1;
};

class PostgresConnection final : public ConnectionImpl {
public:
    explicit PostgresConnection(const std::string& uri) : name_(server_name(uri))
    {
        char* err = nullptr;
        std::unique_ptr<PQconninfoOption, ConninfoDeleter> opts(PQconninfoParse(uri.c_str(), &err));
        if (!opts) {
            std::string msg = first_line(err);
            PQfreemem(err);
            throw StorageError(uri + ": not a valid PostgreSQL URI (" + msg + ")", std::string("08001"));
        }
        for (auto* o = opts.get(); o->keyword; ++o)
            if (std::strcmp(o->keyword, "password") == 0 && o->val && *o->val)
                throw StorageError(name_ + ": a password in the database URI is refused (it would show in the process "
                                           "list and the shell's history); put it in ~/.pgpass or the file PGPASSFILE names",
                                   std::string("08001"));
        // Defaults first: a value the URI sets itself (dbname is expanded in place) overrides them. A stalled server
        // is noticed within about 10 s (keepalives after 5 s idle, 3 probes 2 s apart, tcp_user_timeout 10 s).
        const char* keys[] = {"connect_timeout", "application_name", "keepalives", "keepalives_idle",
                              "keepalives_interval", "keepalives_count", "tcp_user_timeout", "client_encoding",
                              "dbname", nullptr};
        const char* vals[] = {"10", "safekiosk", "1", "5", "2", "3", "10000", "UTF8", uri.c_str(), nullptr};
        conn_ = PQconnectdbParams(keys, vals, 1);
        if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
            std::string msg = conn_ ? first_line(PQerrorMessage(conn_)) : std::string("out of memory");
            PQfinish(conn_);
            conn_ = nullptr;
            throw StorageError(name_ + ": cannot connect to the database server (" + msg + ")", std::string("08001"));
        }
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
        exec("SET client_min_messages TO warning; SET TIME ZONE 'UTC'");
    }
    ~PostgresConnection() override { PQfinish(conn_); }

    Engine engine() const override { return Engine::PostgreSQL; }
    std::string describe() const override { return name_; }
    std::unique_ptr<StatementImpl> prepare(std::string_view sql) override
    {
        return std::make_unique<PostgresStatement>(*this, sql);
    }
    void exec(std::string_view sql) override
    {
        const std::string text(sql);
        Result r(reply_timeout_.count() > 0 ? timed(PQsendQuery(conn_, text.c_str()), sql) : PQexec(conn_, text.c_str()));
        check(r.get(), sql);
    }
    // PQexecParams with text results, within the reply timeout when one is set.
    PGresult* exec_params(const std::string& sql, int count, const Oid* types, const char* const* values,
                          const int* lengths, const int* formats)
    {
        if (reply_timeout_.count() <= 0)
            return PQexecParams(conn_, sql.c_str(), count, types, values, lengths, formats, 0);
        return timed(PQsendQueryParams(conn_, sql.c_str(), count, types, values, lengths, formats, 0), sql);
    }
    void set_reply_timeout(std::chrono::milliseconds limit) override { reply_timeout_ = limit; }
    void begin() override { exec("BEGIN"); }
    std::int64_t last_insert_id() override
    {
        Result r(PQexec(conn_, "SELECT lastval()"));
        check(r.get(), "SELECT lastval()");
        return std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10);
    }
    int changes() const override { return changes_; }
    bool in_transaction() const override { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }
    bool has_table(std::string_view name) override
    {
        PostgresStatement st(*this, "SELECT to_regclass(CAST(? AS text)) IS NOT NULL");
        st.bind_text(1, name, true);
        st.step();
        return st.int64(0) != 0;
    }
    void serialize(std::string_view lock_name) override
    {
        PostgresStatement st(*this, "SELECT pg_advisory_xact_lock(hashtext(CAST(? AS text)))");
        st.bind_text(1, lock_name, true);
        st.step();
    }
    // Every commit waits until the server has written it to its disk (synchronous_commit on, the server's default)
    // whatever the durability asked: a centre's content is as precious as its answers.
    void set_durability(Durability) override {}
    void set_cache_size_kib(std::int64_t) override {}
    std::int64_t cache_size_kib() override { return 0; }

    void copy_begin(std::string_view copy_sql) override
    {
        copy_sql_ = std::string(copy_sql);
        Result r(PQexec(conn_, copy_sql_.c_str()));
        if (r.get() && PQresultStatus(r.get()) == PGRES_COPY_IN) return;
        check(r.get(), copy_sql_);
        throw StorageError(name_ + ": the server did not start the copy [" + std::string(shorten(copy_sql_)) + "]");
    }
    void copy_data(std::string_view data) override
    {
        // Blocking connection: PQputCopyData returns 1 once the data is queued (or sent), -1 on a failure.
        if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) copy_failed();
    }
    void copy_end(const char* abandon_reason) override
    {
        if (PQputCopyEnd(conn_, abandon_reason) != 1) copy_failed();
        // The copy's verdict, then the end of its results (the connection is ready for the next command).
        Result r(PQgetResult(conn_));
        while (Result more{PQgetResult(conn_)}) {
        }
        check(r.get(), copy_sql_);
    }

    PGconn* handle() const { return conn_; }
    // LISTEN/NOTIFY: the payloads received (with earlier replies, or within `timeout` when none is pending).
    std::vector<std::string> notifications(std::chrono::milliseconds timeout)
    {
        if (!conn_) throw StorageError(name_ + ": the connection to the database server was lost (" + given_up_ + ")", std::string("08006"));
        std::vector<std::string> out;
        const auto take = [&] {
            while (PGnotify* n = PQnotifies(conn_)) {
                out.emplace_back(n->extra ? n->extra : "");
                PQfreemem(n);
            }
        };
        take();
        if (!out.empty()) return out;
        pollfd p{PQsocket(conn_), POLLIN, 0};
        if (p.fd < 0) throw StorageError(name_ + ": the connection to the database server was lost", std::string("08006"));
        const int ready = ::poll(&p, 1, static_cast<int>(std::clamp<std::int64_t>(timeout.count(), 0, INT_MAX)));
        if (ready > 0) {
            // Input, an end of file or an error on the socket: libpq reads it, and tells a lost server apart.
            if (PQconsumeInput(conn_) == 0)
                throw StorageError(name_ + ": the connection to the database server was lost (" +
                                       first_line(PQerrorMessage(conn_)) + ")",
                                   std::string("08006"));
            take();
        }
        return out;
    }
    void set_changes(const PGresult* r)
    {
        const char* n = PQcmdTuples(const_cast<PGresult*>(r));
        changes_ = n && *n ? std::atoi(n) : 0;
    }
    // Throws StorageError for a failed result: the server's message and SQLSTATE, or a lost connection.
    void check(PGresult* r, std::string_view sql)
    {
        if (!conn_) throw StorageError(name_ + ": the connection to the database server was lost (" + given_up_ + ")", std::string("08006"));
        const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            set_changes(r);
            return;
        }
        std::string state;
        if (r && PQresultErrorField(r, PG_DIAG_SQLSTATE)) state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        std::string msg = first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
        if (msg.empty()) msg = first_line(PQerrorMessage(conn_));
        if (PQstatus(conn_) == CONNECTION_BAD) {
            if (state.empty() || !state.starts_with("57P")) state = "08006";
            throw StorageError(name_ + ": the connection to the database server was lost (" + msg + ")", state);
        }
        if (state == "53100") throw StorageError(name_ + ": the server's disk is full (" + msg + ")", state);
        throw StorageError(name_ + ": " + msg + " [" + std::string(shorten(sql)) + "]", state);
    }

private:
    [[noreturn]] void copy_failed()
    {
        Result r(PQgetResult(conn_));
        check(r.get(), copy_sql_);
        throw StorageError(name_ + ": the copy failed (" + first_line(PQerrorMessage(conn_)) + ")", std::string("08006"));
    }

    // The result of a query sent with PQsendQuery* (`sent` its return), as PQexec would give it (the last result, or
    // the first error), waiting for the server no longer than reply_timeout_: the socket is polled and libpq reads
    // only what has arrived. When the time is up the connection is closed and given_up_ says why: every later call
    // fails (check() above) instead of waiting for a reply that may never come.
    PGresult* timed(int sent, std::string_view sql)
    {
        if (!sent) return nullptr; // check() reports libpq's reason
        const auto deadline = std::chrono::steady_clock::now() + reply_timeout_;
        PQsetnonblocking(conn_, 1);
        // Waits until the socket is ready for `events`; false when the time is up.
        const auto wait = [&](short events) {
            for (;;) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                                      deadline - std::chrono::steady_clock::now())
                                      .count();
                if (left <= 0) return false;
                pollfd p{PQsocket(conn_), events, 0};
                const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
                if (n > 0 || (n < 0 && errno != EINTR)) return true; // libpq reports a socket's failure itself
            }
        };
        // The request out: in non-blocking mode libpq sends what the socket takes.
        for (int f; (f = PQflush(conn_)) > 0;) {
            if (!wait(POLLIN | POLLOUT)) give_up(sql);
            if (!PQconsumeInput(conn_)) break;
        }
        PGresult* kept = nullptr;
        for (;;) {
            while (PQisBusy(conn_)) {
                if (!wait(POLLIN)) {
                    PQclear(kept);
                    give_up(sql);
                }
                if (!PQconsumeInput(conn_)) break; // lost: PQgetResult says so at once
            }
            PGresult* r = PQgetResult(conn_);
            if (!r) break;
            const auto status = PQresultStatus(r);
            if (kept && PQresultStatus(kept) == PGRES_FATAL_ERROR) {
                PQclear(r);
            } else {
                PQclear(kept);
                kept = r;
            }
            if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH ||
                PQstatus(conn_) == CONNECTION_BAD)
                break;
        }
        PQsetnonblocking(conn_, 0);
        return kept;
    }
    [[noreturn]] void give_up(std::string_view sql)
    {
        const auto ms = reply_timeout_.count();
        given_up_ = "no reply from the database server within " +
                    (ms % 1000 ? std::to_string(ms) + " ms" : std::to_string(ms / 1000) + " s");
        PQfinish(conn_); // non-blocking still: the goodbye is written only if the socket takes it at once
        conn_ = nullptr;
        throw StorageError(name_ + ": the connection to the database server was lost (" + given_up_ + ") [" +
                               std::string(shorten(sql)) + "]",
                           std::string("08006"));
    }

    PGconn* conn_ = nullptr;
    std::chrono::milliseconds reply_timeout_{0};
    std::string given_up_; // why conn_ was closed (the reply timeout)
    std::string name_;
    int changes_ = 0;
    std::string copy_sql_; // of the copy under way, for messages
};

void PostgresStatement::check_index(int index) const
{
    if (index < 1 || index > sql_.count)
        throw StorageError(db_.describe() + ": parameter " + std::to_string(index) + " out of range [" +
                           std::string(shorten(sql_.sql)) + "]");
}

bool PostgresStatement::step()
{
    if (!result_) {
        std::vector<const char*> values(values_.size());
        std::vector<int> lengths(values_.size());
        for (std::size_t i = 0; i < values_.size(); ++i) {
            values[i] = values_[i] ? values_[i]->data() : nullptr;
            lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
        }
        Result r(db_.exec_params(sql_.sql, sql_.count, types_.data(), values.data(), lengths.data(), formats_.data()));
        db_.check(r.get(), sql_.sql);
        result_ = std::move(r);
        row_ = -1;
    }
    return ++row_ < PQntuples(result_.get());
}

} // namespace

std::unique_ptr<ConnectionImpl> open_postgres(const std::string& uri) { return std::make_unique<PostgresConnection>(uri); }

} // namespace sk::storage::detail

namespace sk::storage {

std::string server_folder_name(const std::string& uri)
{
    auto v = detail::uri_parts(uri);
    std::string name = (v["host"].empty() ? std::string("localhost") : v["host"]) + "-" +
                       (v["port"].empty() ? std::string("5432") : v["port"]) + "-" + v["dbname"];
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
    return name;
}

std::map<std::string, std::string> server_uri_options(const std::string& uri)
{
    return detail::uri_parts(uri);
}

void set_reply_timeout(Database& db, std::chrono::milliseconds limit)
{
    db.impl().set_reply_timeout(limit);
}

namespace {
detail::PostgresConnection& postgres(Database& db, const char* what)
{
    auto* pg = dynamic_cast<detail::PostgresConnection*>(&db.impl());
    if (!pg) throw StorageError(db.describe() + ": " + what + " needs a PostgreSQL server");
    return *pg;
}
} // namespace

void listen(Database& db, std::string_view channel)
{
    postgres(db, "LISTEN");
    db.exec("LISTEN " + std::string(channel));
}

std::vector<std::string> wait_for_notifications(Database& db, std::chrono::milliseconds timeout)
{
    return postgres(db, "waiting for notifications").notifications(timeout);
}

ServerAddress server_address(const std::string& uri)
{
    auto v = detail::uri_parts(uri);
    ServerAddress a;
    a.host = v["host"].empty() ? (v["hostaddr"].empty() ? std::string("localhost") : v["hostaddr"]) : v["host"];
    a.port = v["port"].empty() ? std::string("5432") : v["port"];
    a.dbname = v["dbname"];
    a.user = v["user"];
    return a;
}

std::string postgres_password_verifier(Database& db, const std::string& role, const std::string& password)
{
    auto* pg = dynamic_cast<detail::PostgresConnection*>(&db.impl());
    if (!pg) throw StorageError(db.describe() + ": a password verifier needs a PostgreSQL server");
    // NULL algorithm: the server's password_encryption (scram-sha-256 on PostgreSQL 15), asked of the server.
    char* v = PQencryptPasswordConn(pg->handle(), password.c_str(), role.c_str(), nullptr);
    if (!v) throw StorageError(db.describe() + ": cannot make a password verifier (" +
                               detail::first_line(PQerrorMessage(pg->handle())) + ")", std::string("08006"));
    std::string out = v;
    PQfreemem(v);
    return out;
}

} // namespace sk::storage
