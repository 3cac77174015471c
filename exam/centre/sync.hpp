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

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace sk::exam::centre {

// Turns the outbox on for this journal (the setting centre.outbox): from the next commit on, every answer, mark and
// clock event is appended to it. Stays on across restarts.
void enable_outbox(storage::Database& journal);
bool outbox_enabled(storage::Database& journal);

struct OutboxEvent {
    std::int64_t attempt_id = 0;
    std::int64_t seq = 0;
    std::string kind; // answer | clock
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
    int seat = 0;       // the attempt is not seated at this kiosk: recorded apart
    int total() const { return stored + duplicates + conflicts + seat; }
    SendReport& operator+=(const SendReport& o);
};

struct SenderOptions {
    std::string centre_uri;  // the kiosk's login (kiosk.json "centre"); libpq's timeouts as storage sets them
    int batch = 200;         // events per round trip
    std::chrono::milliseconds retry_min{250};  // first wait after a failure
    std::chrono::milliseconds retry_max{8000}; // the wait doubles up to this, each drawn in [half, whole]
    std::chrono::milliseconds idle_poll{500};  // how often an empty outbox is looked at again
};

// The sender's state for a status line or the proctor's panel.
struct SenderStatus {
    std::int64_t unsent = 0;
    int failures = 0;            // consecutive failed attempts to send (0: the last one worked)
    std::string last_error;      // of the last failure, naming the server
    std::int64_t last_sent_ms = 0;
    SendReport totals;
};

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

private:
    storage::Database& centre();
    storage::Database journal_;
    std::optional<storage::Database> centre_;
    SenderOptions options_;
    std::mt19937_64 random_;
    mutable std::mutex mutex_; // guards status_
    SenderStatus status_;
};

} // namespace sk::exam::centre
