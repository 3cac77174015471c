#include "exam/centre/sync.hpp"

#include "content/storage/server_uri.hpp"
#include "exam/centre/centre.hpp"
#include "exam/centre/journal_transfer.hpp"
#include "exam/exam_service.hpp"
#include "exam/storage/exam_store.hpp"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

namespace sk::exam::centre {

namespace {

std::vector<OutboxEvent> read_events(storage::Statement& st)
{
    std::vector<OutboxEvent> out;
    while (st.step()) {
        OutboxEvent e{st.int64(0), st.int64(1), st.text(2), st.int64(3), st.text(4), std::nullopt};
        if (!st.is_null(5)) e.sent_at_ms = st.int64(5);
        out.push_back(std::move(e));
    }
    return out;
}

constexpr const char* kEventColumns = "attempt_id, seq, kind, at_ms, body, sent_at_ms";

} // namespace

void enable_outbox(storage::Database& journal)
{
    journal.prepare("INSERT INTO setting(key, value) VALUES('centre.outbox', '1') "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .run();
}

bool outbox_enabled(storage::Database& journal)
{
    auto st = journal.prepare("SELECT 1 FROM setting WHERE key = 'centre.outbox' AND value = '1'");
    return st.step();
}

std::vector<OutboxEvent> unsent_events(storage::Database& journal, int limit)
{
    auto st = journal.prepare(std::string("SELECT ") + kEventColumns +
                              " FROM outbox WHERE sent_at_ms IS NULL ORDER BY attempt_id, seq LIMIT ?");
    st.bind(1, limit);
    return read_events(st);
}

std::vector<OutboxEvent> outbox_events(storage::Database& journal, std::int64_t attempt_id)
{
    auto st = journal.prepare(std::string("SELECT ") + kEventColumns + " FROM outbox WHERE attempt_id = ? ORDER BY seq");
    st.bind(1, attempt_id);
    return read_events(st);
}

std::int64_t unsent_count(storage::Database& journal)
{
    auto st = journal.prepare("SELECT count(*) FROM outbox WHERE sent_at_ms IS NULL");
    st.step();
    return st.int64(0);
}

std::filesystem::path check_kiosk_centre_uri(const std::string& uri)
{
    const std::string example =
        " (e.g. postgresql://safekiosk_kiosk_a01@db.centre.local/safekiosk?passfile=/etc/safekiosk/A01.pgpass, as "
        "safekiosk-admin centre add-kiosk prints it)";
    if (!storage::is_server_locator(uri)) throw CentreError("\"" + uri + "\" is not a postgresql:// URI" + example);
    std::map<std::string, std::string> o;
    try {
        o = storage::server_uri_options(uri);
    } catch (const storage::StorageError& e) {
        // libpq's reason only: the message names the URI, which may hold a password.
        std::string why = e.what();
        if (const auto p = why.find(": not a valid PostgreSQL URI"); p != std::string::npos) why = why.substr(p + 2);
        throw CentreError("the centre's URI is " + why + example);
    }
    const auto value = [&o](const char* k) {
        const auto it = o.find(k);
        return it == o.end() ? std::string() : it->second;
    };
    const std::string name = (value("user").empty() ? std::string() : value("user") + "@") +
                             (value("host").empty() ? std::string("localhost") : value("host")) +
                             (value("port").empty() ? std::string() : ":" + value("port")) + "/" + value("dbname");
    if (!value("password").empty())
        throw CentreError(name + ": a password in the centre's URI is refused (anyone who can read kiosk.json or the "
                                 "process list would see it): put it in a password file of mode 0600 named by "
                                 "passfile=" + example);
    if (value("dbname").empty()) throw CentreError(name + ": the centre's URI names no database" + example);
    // The password file libpq would read: passfile=, PGPASSFILE, ~/.pgpass.
    std::filesystem::path file = value("passfile");
    bool named = !file.empty();
    if (file.empty()) {
        if (const char* env = std::getenv("PGPASSFILE"); env && *env) {
            file = env;
            named = true;
        } else if (const char* home = std::getenv("HOME"); home && *home) {
            file = std::filesystem::path(home) / ".pgpass";
        }
    }
    if (file.empty()) return {};
    struct stat st{};
    if (::stat(file.c_str(), &st) != 0) {
        if (!named) return {}; // no ~/.pgpass: the server may not ask for a password (or uses certificates)
        throw CentreError(file.string() + ": the centre's password file (for " + name + ") is missing");
    }
    if (!S_ISREG(st.st_mode)) throw CentreError(file.string() + ": the centre's password file is not a file");
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw CentreError(file.string() + ": the centre's password file may be read by others (mode " + mode +
                          "); it must be the kiosk account's alone: chmod 600 " + file.string());
    }
    if (!std::ifstream(file)) throw CentreError(file.string() + ": the centre's password file cannot be read by this account");
    return file;
}

SendReport& SendReport::operator+=(const SendReport& o)
{
    batches += o.batches;
    stored += o.stored;
    duplicates += o.duplicates;
    conflicts += o.conflicts;
    seat += o.seat;
    return *this;
}

OutboxSender::OutboxSender(const std::filesystem::path& journal, SenderOptions options)
    : journal_(storage::Database::open(journal, false)), options_(std::move(options)), random_(std::random_device{}())
{
    journal_.set_durability(storage::Durability::Full);
}

OutboxSender::~OutboxSender() = default;

storage::Database& OutboxSender::centre()
{
    if (!centre_) {
        centre_.emplace(storage::Database::open(options_.centre_uri, false));
        storage::set_reply_timeout(*centre_, options_.reply_timeout);
        // Once per sender: the journal's signing key registered with the centre, which answers its id (for a journal
        // export, exam/centre/journal_transfer.hpp). Never in the way of sending: a failure here (a centre not yet
        // updated by centre init) is tried again with the next connection, and a lost connection fails the send
        // that follows as it would have.
        if (!key_registered_) {
            try {
                register_journal_key(journal_, *centre_);
                key_registered_ = true;
            } catch (const std::exception&) {
            }
        }
    }
    return *centre_;
}

SendReport OutboxSender::send_batch()
{
    const auto events = unsent_events(journal_, options_.batch);
    SendReport r;
    if (events.empty()) return r;
    std::set<std::int64_t> moved; // attempts the centre says are seated at another kiosk now
    auto batch = nlohmann::json::array();
    for (const auto& e : events)
        batch.push_back({{"attempt_id", e.attempt_id}, {"seq", e.seq}, {"kind", e.kind}, {"at_ms", e.at_ms}, {"body", e.body}});
    try {
        // One statement, committed by the server when its result arrives (synchronous_commit on: on its disk).
        auto st = centre().prepare("SELECT r_attempt, r_seq, r_outcome FROM centre_put_events(?)");
        st.bind(1, batch.dump());
        while (st.step()) {
            const std::string outcome = st.text(2);
            if (outcome == "stored") ++r.stored;
            else if (outcome == "duplicate") ++r.duplicates;
            else if (outcome == "conflict") ++r.conflicts;
            else {
                ++r.seat;
                moved.insert(st.int64(0));
            }
        }
    } catch (const storage::StorageError&) {
        // Whether the centre committed is unknown after a lost connection: the rows stay unsent and go again (the
        // centre takes a repeat as a duplicate). A new connection next time.
        centre_.reset();
        throw;
    }
    if (r.total() != static_cast<int>(events.size()))
        throw storage::StorageError(options_.centre_uri + ": the centre answered for " + std::to_string(r.total()) +
                                    " of " + std::to_string(events.size()) + " events sent");
    r.batches = 1;
    const std::int64_t now = system_now_ms();
    storage::Transaction tx(journal_);
    auto mark = journal_.prepare("UPDATE outbox SET sent_at_ms = ? WHERE attempt_id = ? AND seq = ?");
    for (const auto& e : events) {
        mark.bind_all(now, e.attempt_id, e.seq).run();
        mark.reset();
    }
    // A seat change (移机): the attempt goes on at another kiosk. Recorded with the events it answered, so that this
    // kiosk stops the attempt (the engine refuses it, the screen says so) and sends nothing more of it.
    ExamStore store(journal_);
    for (const auto attempt : moved) record_moved(store, attempt, now);
    tx.commit();
    return r;
}

SendReport OutboxSender::drain()
{
    SendReport total;
    for (;;) {
        const SendReport r = send_batch();
        if (r.batches == 0) break;
        total += r;
        std::lock_guard lock(mutex_);
        status_.totals += r;
        status_.last_sent_ms = system_now_ms();
    }
    return total;
}

std::chrono::milliseconds OutboxSender::retry_delay(int failures)
{
    const auto cap = hurry_ ? std::min(options_.retry_max, std::chrono::milliseconds(1000)) : options_.retry_max;
    auto d = options_.retry_min;
    for (int i = 1; i < failures && d < cap; ++i) d *= 2;
    if (d > cap) d = cap;
    std::uniform_int_distribution<std::int64_t> pick(d.count() / 2, d.count());
    return std::chrono::milliseconds(pick(random_));
}

void OutboxSender::count_unsent()
{
    std::map<std::int64_t, std::int64_t> counts, oldest;
    std::int64_t total = 0;
    auto st = journal_.prepare(
        "SELECT attempt_id, count(*), min(at_ms) FROM outbox WHERE sent_at_ms IS NULL GROUP BY attempt_id");
    while (st.step()) {
        counts[st.int64(0)] = st.int64(1);
        oldest[st.int64(0)] = st.int64(2);
        total += st.int64(1);
    }
    std::lock_guard lock(mutex_);
    status_.unsent = total;
    status_.unsent_by_attempt = std::move(counts);
    status_.oldest_unsent_ms = std::move(oldest);
    ++status_.rounds;
}

std::int64_t OutboxSender::wall_ms() const { return options_.wall_ms ? options_.wall_ms() : system_now_ms(); }

void OutboxSender::report_clock()
{
    if (clock_unsupported_) return;
    const auto now = std::chrono::steady_clock::now();
    if (clock_reported_at_ && now - *clock_reported_at_ < options_.clock_poll) return;
    clock_reported_at_ = now;
    try {
        const std::int64_t before = wall_ms();
        const std::int64_t centre_now = report_kiosk_clock(centre(), before);
        const std::int64_t after = wall_ms();
        std::lock_guard lock(mutex_);
        status_.clock_offset_ms = centre_now - (before + (after - before) / 2);
    } catch (const storage::StorageError& e) {
        if (e.sqlstate() == "42883") { // undefined_function: a centre not yet upgraded; sending goes on without it
            clock_unsupported_ = true;
            return;
        }
        centre_.reset();
        throw;
    }
}

void OutboxSender::read_room()
{
    if (!watch_room_) {
        std::lock_guard lock(mutex_);
        if (status_.room_read_steady_ms != 0) {
            status_.room.clear();
            status_.room_read_steady_ms = 0;
        }
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - room_read_at_ < options_.room_poll) return;
    room_read_at_ = now;
    try {
        // The centre answers with its own clock's time: against the kiosk's, read on either side of the call.
        const std::int64_t before = wall_ms();
        auto seats = room_seats(centre());
        const std::int64_t after = wall_ms();
        std::lock_guard lock(mutex_);
        if (!seats.empty()) status_.clock_offset_ms = seats.front().centre_now_ms - (before + (after - before) / 2);
        status_.room = std::move(seats);
        status_.room_read_steady_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    } catch (const storage::StorageError&) {
        centre_.reset(); // the next send or read connects again; the panel keeps the last answer with its age
        throw;
    }
}

void OutboxSender::record_moved(ExamStore& store, std::int64_t attempt, std::int64_t now_ms)
{
    std::string problem;
    store.record_moved_away(attempt, now_ms, &problem);
    if (problem.empty()) return;
    std::lock_guard lock(mutex_);
    status_.audit_problem = "attempt " + std::to_string(attempt) + " moved to another kiosk; its audit entry in " +
                            journal_.describe() + " was not written: " + problem;
}

void OutboxSender::read_result()
{
    const std::int64_t attempt = watch_result_;
    {
        std::lock_guard lock(mutex_);
        if (attempt == 0 || (status_.result && status_.result->attempt_id != attempt)) status_.result.reset();
        if (attempt == 0) return;
        // Moved away, or collected at the centre: its answer does not change any more (a review there is not the
        // examinee's screen).
        if (status_.result && (!status_.result->here || status_.result->state == AttemptState::Scored ||
                               status_.result->state == AttemptState::Cancelled))
            return;
    }
    const auto now = std::chrono::steady_clock::now();
    const std::int64_t every = result_every_ms_;
    if (now - result_read_at_ < (every > 0 ? std::chrono::milliseconds(every) : options_.result_poll)) return;
    result_read_at_ = now;
    std::optional<SeatResult> r;
    try {
        r = seat_result(centre(), attempt);
    } catch (const storage::StorageError&) {
        centre_.reset();
        throw;
    }
    if (r && !r->here) {
        // Moved to another seat while this kiosk had nothing to send (移机 of an idle seat): recorded as a `seat`
        // answer records it; the engine then refuses the attempt here, and the paper screen turns.
        storage::Transaction tx(journal_);
        ExamStore store(journal_);
        record_moved(store, attempt, system_now_ms()); // once: a move recorded before is left as it is
        tx.commit();
    }
    std::lock_guard lock(mutex_);
    if (watch_result_ == attempt) status_.result = r;
}

void OutboxSender::run(const std::atomic<bool>& stop)
{
    int failures = 0;
    while (!stop) {
        std::chrono::milliseconds wait = options_.idle_poll;
        try {
            drain();
            report_clock();
            read_room();
            read_result();
            failures = 0;
            {
                std::lock_guard lock(mutex_);
                status_.failures = 0;
                status_.last_error.clear();
            }
            count_unsent();
        } catch (const std::exception& e) {
            ++failures;
            wait = retry_delay(failures);
            {
                std::lock_guard lock(mutex_);
                status_.failures = failures;
                status_.last_error = e.what();
            }
            try {
                count_unsent(); // what waits, for the screens, while the centre is away
            } catch (const std::exception&) {
            }
        }
        // Sleep in short steps so that a stop is noticed at once.
        const auto until = std::chrono::steady_clock::now() + wait;
        while (!stop && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

SenderStatus OutboxSender::status() const
{
    std::lock_guard lock(mutex_);
    return status_;
}

SenderThread::SenderThread(const std::filesystem::path& journal, SenderOptions options)
    : sender_(std::make_unique<OutboxSender>(journal, std::move(options))), journal_(journal)
{
    thread_ = std::thread([this] { sender_->run(stop_); });
}

SenderThread::~SenderThread()
{
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

std::int64_t SenderThread::finish(std::chrono::milliseconds grace)
{
    sender_->hurry(true);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    std::int64_t left = -1;
    try {
        auto journal = storage::Database::open(journal_, false);
        for (;;) {
            left = unsent_count(journal);
            if (left == 0 || std::chrono::steady_clock::now() >= deadline) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        left = unsent_count(journal);
    } catch (const storage::StorageError&) {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        if (left < 0) throw;
    }
    return left;
}

} // namespace sk::exam::centre
