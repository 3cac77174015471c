// A centre kiosk's outbox and the sender that empties it into the centre (docs/exam-centre.md).
//
// The kiosk's SQLite journal stays the record the examinee relies on: an answer is 已保存 once committed there
// (synchronous=FULL), whatever the network does. With the outbox on, the transaction that records an answer, a mark
// or a clock event also appends it to the table `outbox`, numbered per attempt 1, 2, 3 … (exam/storage/exam_store.cpp).
// OutboxSender sends those rows in order, in batches, to the centre's centre_put_events() (exam/centre/centre.hpp)
// over libpq, and marks a row sent only after the centre's commit returned. Sending is idempotent: a batch resent after
// a lost acknowledgement finds its events held and changes nothing; an (attempt, seq) the centre holds with other
// content is recorded in the centre's conflict table, never overwritten. A row is never deleted from the outbox.
#pragma once

#include "content/storage/database.hpp"
#include "exam/centre/centre.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace sk::exam {
class ExamStore;
}

namespace sk::exam::centre {

// Turns the outbox on for this journal (the setting centre.outbox): from the next commit on, every answer, mark and
// clock event is appended to it. Stays on across restarts.
void enable_outbox(storage::Database& journal);
bool outbox_enabled(storage::Database& journal);

struct OutboxEvent {
    std::int64_t attempt_id = 0;
    std::int64_t seq = 0;
    std::string kind; // answer | clock | cancel
    std::int64_t at_ms = 0;
    std::string body; // JSON
    std::optional<std::int64_t> sent_at_ms;
};

// Unsent events in sending order (attempt, then seq), at most `limit`.
std::vector<OutboxEvent> unsent_events(storage::Database& journal, int limit);
// Every event of one attempt, sent or not, by seq.
std::vector<OutboxEvent> outbox_events(storage::Database& journal, std::int64_t attempt_id);
std::int64_t unsent_count(storage::Database& journal);

// What the centre did with what was sent.
struct SendReport {
    int batches = 0;
    int stored = 0;     // new at the centre
    int duplicates = 0; // the centre held them already (a lost acknowledgement resent)
    int conflicts = 0;  // the centre holds other content under that (attempt, seq): recorded apart
    int seat = 0;       // the attempt is not seated at this kiosk: recorded apart, and the journal records the
                        // attempt as moved away (ExamStore::record_moved_away) with the sent marks
    int total() const { return stored + duplicates + conflicts + seat; }
    SendReport& operator+=(const SendReport& o);
};

struct SenderOptions {
    std::string centre_uri;  // the kiosk's login (kiosk.json "centre"); libpq's timeouts as storage sets them
    int batch = 200;         // events per round trip
    std::chrono::milliseconds retry_min{250};  // first wait after a failure
    std::chrono::milliseconds retry_max{8000}; // the wait doubles up to this, each drawn in [half, whole]
    std::chrono::milliseconds idle_poll{500};  // how often an empty outbox is looked at again
    // A round trip whose reply has not come within this is given up (the connection closed, a failure retried): a
    // link that stalls while the kernels still acknowledge what is sent (a hung switch, a frozen server) is noticed,
    // which libpq's tcp_user_timeout and keepalives cannot do (storage::set_reply_timeout). A batch takes
    // milliseconds; a batch given up but committed is a duplicate when it goes again.
    std::chrono::milliseconds reply_timeout{10000};
    std::chrono::milliseconds room_poll{2000}; // how often a watched room is read again
    std::chrono::milliseconds result_poll{1000}; // how often a watched attempt is read again (watch_result)
    // How often the kiosk's clock is measured against the centre's and reported to it (centre_kiosk_clock), the
    // first time as soon as the centre answers.
    std::chrono::milliseconds clock_poll{30000};
    // The kiosk's wall clock, the one its engine stamps events and audit entries with (ms since the epoch); empty:
    // the system clock. Read from the sender's thread. Measured against the centre's as the room is read and every
    // clock_poll.
    std::function<std::int64_t()> wall_ms{};
};

// The sender's state for a status line or the proctor's panel.
struct SenderStatus {
    std::int64_t unsent = 0;
    int failures = 0;            // consecutive failed attempts to send (0: the last one worked)
    std::string last_error;      // of the last failure, naming the server
    std::int64_t last_sent_ms = 0;
    // A seat change recorded in the journal without its audit entry (ExamStore::record_moved_away: the audit key
    // unreadable): the attempt and why, for the kiosk's log. The attempt is stopped here all the same.
    std::string audit_problem;
    SendReport totals;
    // Per attempt with unsent events: how many, and the time (at_ms) of the oldest of them. Filled by run() after
    // each round, so a screen reads it without touching the journal.
    std::map<std::int64_t, std::int64_t> unsent_by_attempt;
    std::map<std::int64_t, std::int64_t> oldest_unsent_ms;
    std::uint64_t rounds = 0;    // how many times run() has counted them: a count from a round that began after a
                                 // write (rounds grown by 2 since) includes that write
    // While the room is watched (watch_room): every exam kiosk of this kiosk's room as the centre last answered
    // (centre_room_seats), and when that answer came on the kiosk's steady clock (0: none yet, or not watched).
    std::vector<RoomSeat> room;
    std::int64_t room_read_steady_ms = 0;
    // The centre's clock minus the kiosk's (SenderOptions::wall_ms), measured at the last clock report or room read
    // (within half its round trip): positive when the kiosk's clock is behind. nullopt until measured. Beyond
    // kClockWarnMs the proctor panel asks for the kiosk's clock to be set (its events' times are the kiosk's own).
    std::optional<std::int64_t> clock_offset_ms;
    // While an attempt's result is watched (watch_result): the centre's last answer for it (centre_seat_result), or
    // nullopt before the first answer or when the attempt is not seated here.
    std::optional<SeatResult> result;
};

// Checks kiosk.json's "centre" before the kiosk uses it: a postgresql:// URI that libpq can read, with no password
// in it (the password comes from a password file, never from the configuration), and the password file that would
// apply (the URI's passfile=, else PGPASSFILE, else ~/.pgpass when it exists) present and readable by its owner only
// (mode 0600; libpq itself ignores a file that others may read). Returns that file (empty when none applies).
// CentreError naming the URI (without any password) or the file.
std::filesystem::path check_kiosk_centre_uri(const std::string& uri);

class OutboxSender {
public:
    // Opens the journal with a connection of its own (the kiosk keeps writing through its own).
    OutboxSender(const std::filesystem::path& journal, SenderOptions options);
    ~OutboxSender();
    OutboxSender(const OutboxSender&) = delete;
    OutboxSender& operator=(const OutboxSender&) = delete;

    // Sends one batch of the oldest unsent events and marks them sent after the centre committed them. Empty report
    // when nothing is unsent. Throws storage::StorageError when the centre cannot be reached or refuses (the
    // connection is dropped and made again on the next call); then nothing is marked sent.
    SendReport send_batch();
    // Batches until the outbox is empty. Throws as send_batch() does (what was sent before stays marked sent).
    SendReport drain();
    // Sends until `stop` is set: drains, waits idle_poll when empty, and after a failure waits retry_min doubling up
    // to retry_max, with jitter, before it tries again. For a thread of the kiosk.
    void run(const std::atomic<bool>& stop);
    // The next wait after `failures` consecutive failures (1, 2, …): retry_min·2^(failures−1) capped at retry_max,
    // drawn uniformly in [half of it, all of it] so that 60 kiosks do not retry in step.
    std::chrono::milliseconds retry_delay(int failures);

    SenderStatus status() const;

    // While set, a failure is retried after at most 1 s (the kiosk is exiting and has little time left).
    void hurry(bool on) { hurry_ = on; }
    // While set (the proctor panel is open), run() also reads the room's seats from the centre every
    // room_poll, on its own thread, after sending; status().room holds the last answer. Cleared when unset.
    void watch_room(bool on) { watch_room_ = on; }
    // While set to an attempt (the paper or result screen shows it), run() also reads it from the centre
    // (seat_result) every `every` (0: result_poll), until the centre has collected it (scored or cancelled);
    // status().result holds the last answer. When the centre answers that the proctor moved it to another seat, the
    // journal records the move as a `seat` answer to a batch does (ExamStore::record_moved_away), so the paper
    // screen of an idle kiosk stops too. 0 stops watching and clears it.
    void watch_result(std::int64_t attempt_id, std::chrono::milliseconds every = std::chrono::milliseconds(0))
    {
        result_every_ms_ = every.count();
        watch_result_ = attempt_id;
    }

private:
    storage::Database& centre();
    std::int64_t wall_ms() const; // SenderOptions::wall_ms, else the system clock
    void count_unsent();
    void report_clock();
    void read_room();
    void read_result();
    void record_moved(ExamStore& store, std::int64_t attempt, std::int64_t now_ms);
    std::atomic<bool> hurry_{false};
    std::atomic<bool> watch_room_{false};
    std::atomic<std::int64_t> watch_result_{0};
    std::atomic<std::int64_t> result_every_ms_{0};
    std::chrono::steady_clock::time_point room_read_at_{};
    std::chrono::steady_clock::time_point result_read_at_{};
    std::optional<std::chrono::steady_clock::time_point> clock_reported_at_;
    bool clock_unsupported_ = false; // a centre older than centre_kiosk_clock(): not asked again
    bool key_registered_ = false;
    storage::Database journal_;
    std::optional<storage::Database> centre_;
    SenderOptions options_;
    std::mt19937_64 random_;
    mutable std::mutex mutex_; // guards status_
    SenderStatus status_;
};

// An OutboxSender on a thread of its own: the kiosk's link to the centre. The kiosk's UI thread never waits for it
// (it reads status(), which the thread keeps up to date); an answer is saved in the journal whatever the thread does.
class SenderThread {
public:
    // Starts sending at once (what earlier runs left unsent goes first).
    SenderThread(const std::filesystem::path& journal, SenderOptions options);
    // Stops without waiting for the outbox to empty (finish() first to give it time).
    ~SenderThread();
    SenderThread(const SenderThread&) = delete;
    SenderThread& operator=(const SenderThread&) = delete;

    SenderStatus status() const { return sender_->status(); }
    void watch_room(bool on) const { sender_->watch_room(on); } // the panel asks; the thread reads
    void watch_result(std::int64_t attempt_id, std::chrono::milliseconds every = std::chrono::milliseconds(0)) const
    {
        sender_->watch_result(attempt_id, every); // the paper and result screens ask; the thread reads
    }
    // Keeps sending until the outbox is empty or `grace` has passed (retrying failures at most 1 s apart), then
    // stops the thread. Returns the events left unsent: the journal keeps them for the next start. A libpq call under
    // way when the time is up ends within the sender's and libpq's timeouts (reply_timeout, connect_timeout: 10 s).
    std::int64_t finish(std::chrono::milliseconds grace);

private:
    std::unique_ptr<OutboxSender> sender_;
    std::filesystem::path journal_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

} // namespace sk::exam::centre
