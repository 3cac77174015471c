// Storage of blueprints, candidates, sessions, attempts (papers, answers, clock events), practical scores, users
// and the keyed, hash-chained audit log (docs/audit.md). All exam SQL lives here.
#pragma once

#include "content/storage/database.hpp"
#include "content/storage/migrations.hpp"
#include "exam/attempt.hpp"
#include "exam/audit_key.hpp"
#include "exam/blueprint.hpp"
#include "exam/paper.hpp"
#include "exam/scoring.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sk::exam {

const storage::Schema& schema();

// The monotonic readings of a clock event's outbox body (ExamStore::add_clock_event) into `e`: boot_id + mono_ms
// into e.mono, from_boot_id + from_mono_ms into e.mono_from. Bodies written before exam schema step 10 have none
// (the event is then charged by the wall clock). A half or mistyped pair throws nlohmann::json::exception.
void read_clock_readings(const nlohmann::json& body, ClockEvent& e);

struct Candidate {
    std::int64_t id = 0;
    std::string id_number;
    std::string name;
    std::string sex;        // 男 / 女, from the ID number
    std::string birth_date; // YYYY-MM-DD
    std::string employer;
    std::string provider;   // training provider (培训机构)
    std::int64_t item_id = 0;
    ExamKind kind = ExamKind::Initial;
    double class_hours = 0;      // confirmed by the provider
    int training_cycle = 1;      // a failed retake starts a new cycle: new class hours needed
    std::vector<unsigned char> photo; // JPEG/PNG registration photo
};

struct Session {
    std::int64_t id = 0;
    std::int64_t item_id = 0;
    std::int64_t blueprint_id = 0;
    std::int64_t starts_at_ms = 0;
    std::int64_t ends_at_ms = 0;
    std::string room;
    std::string proctor;
    std::vector<std::string> kiosks;
};

struct AttemptRow {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::int64_t candidate_id = 0;
    std::string ticket;
    int attempt_no = 1; // 1 first attempt, 2 retake (补考)
    int training_cycle = 1;
    std::string kiosk;
    AttemptState state = AttemptState::Scheduled;
    std::optional<std::int64_t> seed;
    std::optional<double> score;
    std::optional<bool> passed;
    std::string chapters_json; // breakdown by chapter once scored
    std::optional<std::int64_t> scored_at_ms;
    std::int64_t last_alive_ms = 0;
    std::optional<MonoReading> alive_mono; // the monotonic reading of that sign of life (none before schema step 10)
};

struct StoredAnswer {
    int position = 0;
    std::string response; // letters in the shown order
    bool marked = false;
    std::int64_t at_ms = 0;
};

struct PracticalScore {
    std::string subject; // K1 … K4
    double score = 0;
    std::string examiner;
    std::int64_t at_ms = 0;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t at_ms = 0;
    std::string actor;
    std::string action;
    std::string entity;
    std::string detail;
    std::string prev_hash;
    std::string hash;       // SHA-256 of an unkeyed entry (made before the key), keyed BLAKE2b MAC of a keyed one
    bool keyed = false;
    std::string row_digest; // of a protected row (attempt, certificate, user) after the change; "deleted"; or empty
};

struct AuditProblem {
    std::int64_t id;     // entry where the chain breaks, or the latest entry about a changed row (0: none)
    std::string message;
};

// One attempt with what a result list shows of its candidate and session.
struct ResultRow {
    AttemptRow attempt;
    std::string id_number;
    std::string name;
    std::string employer;
    std::string provider;
    std::int64_t item_id = 0;
    std::string room;
    std::int64_t starts_at_ms = 0;
};

struct User {
    std::int64_t id = 0;
    std::string login;
    std::string name;
    std::string password_hash; // Argon2id (libsodium crypto_pwhash_str)
    std::vector<std::string> roles;
    std::string provider;      // for training staff: their provider
};

// Consecutive wrong passwords of a user and until when the next try is refused.
struct SignInState {
    int failures = 0;
    std::int64_t locked_until_ms = 0;
};

class ExamStore {
public:
    explicit ExamStore(storage::Database& db) : db_(db) {}
    storage::Database& db() { return db_; }

    // Blueprints: saving creates a new version when one for (item, kind) exists.
    std::int64_t save_blueprint(const Blueprint& bp);
    std::optional<Blueprint> blueprint(std::int64_t id);
    std::optional<Blueprint> current_blueprint(std::int64_t item_id, ExamKind kind);
    std::vector<Blueprint> blueprints();

    // The sealed exam pool of an item: current, published, pool exam or both.
    std::vector<PoolQuestion> exam_pool(std::int64_t item_id);
    std::vector<PoolQuestion> practice_pool(std::int64_t item_id);

    std::int64_t add_candidate(const Candidate& c);
    void update_candidate(const Candidate& c);
    std::optional<Candidate> candidate(std::int64_t id);
    std::optional<Candidate> candidate_by_id_number(const std::string& id_number);
    std::vector<Candidate> candidates();
    // Without photos (a list of many candidates need not read every image).
    std::vector<Candidate> candidates_without_photos();
    std::vector<std::int64_t> candidates_with_photo(); // ids of candidates with a registration photo

    std::int64_t add_session(const Session& s);
    std::optional<Session> session(std::int64_t id);
    std::vector<Session> sessions();

    std::int64_t add_attempt(const AttemptRow& a);
    std::optional<AttemptRow> attempt(std::int64_t id);
    std::optional<AttemptRow> attempt_by_ticket(const std::string& ticket);
    std::vector<AttemptRow> attempts_of_session(std::int64_t session_id);
    std::vector<AttemptRow> attempts_of_candidate(std::int64_t candidate_id);
    int count_attempts(std::int64_t session_id);
    // Every attempt (or those of one session) with its candidate and session, by session start and ticket.
    std::vector<ResultRow> result_rows(std::optional<std::int64_t> session_id);
    void set_state(std::int64_t attempt_id, AttemptState s);
    void set_kiosk(std::int64_t attempt_id, const std::string& kiosk);
    // The last sign of life of the kiosk running the attempt. A reading replaces the stored one when it is later:
    // on the monotonic clock of the same boot, otherwise on the wall clock (a wall clock set back keeps the later
    // wall time).
    void set_alive(std::int64_t attempt_id, const ClockReading& at);
    void set_alive(std::int64_t attempt_id, std::int64_t at_ms) { set_alive(attempt_id, ClockReading{at_ms, std::nullopt}); }
    void set_result(std::int64_t attempt_id, const std::optional<Score>& score, std::int64_t at_ms);
    // A centre kiosk's journal: the proctor ended the attempt here; the outbox gets an event `cancel` (actor, reason)
    // so that the centre's result is cancelled too (exam/centre/results.hpp). Nothing on a standalone kiosk.
    void add_cancel_event(std::int64_t attempt_id, std::int64_t at_ms, const std::string& actor, const std::string& reason);

    void save_paper(std::int64_t attempt_id, const Paper& paper);
    Paper paper(std::int64_t attempt_id);
    std::optional<PaperQuestion> paper_question(std::int64_t attempt_id, int position);
    std::map<std::string, int> session_usage(std::int64_t session_id);
    // The same by question row: how often each row was drawn onto a paper of the session (no read of the bank).
    std::map<std::int64_t, int> session_row_usage(std::int64_t session_id);
    // The question bank's revision (content::ContentStore::question_revision): raised by every write to a question.
    std::int64_t question_revision();

    // Stores the event with its monotonic readings and, on a centre kiosk, appends it to the outbox (the body holds
    // event, value_ms, actor, reason and, when known, boot_id + mono_ms and from_boot_id + from_mono_ms).
    void add_clock_event(std::int64_t attempt_id, const ClockEvent& e, const std::string& actor, const std::string& reason);
    std::vector<ClockEvent> clock_events(std::int64_t attempt_id);

    void save_answer(std::int64_t attempt_id, const StoredAnswer& a);
    std::map<int, StoredAnswer> answers(std::int64_t attempt_id);

    void add_practical_score(std::int64_t candidate_id, std::int64_t item_id, int training_cycle, const PracticalScore& p);
    std::vector<PracticalScore> practical_scores(std::int64_t candidate_id, std::int64_t item_id, int training_cycle);

    // Audit log, keyed and chained (docs/audit.md). Each entry about a protected row (entity "attempt:<id>",
    // "certificate:<id>", "user:<login>") carries the digest of that row as it stands when the entry is written, so
    // append after the change. The first append creates the installation's audit key (content::key_folder) when the
    // database has none, and seals an older unkeyed log; once committed, the head file records the last entry.
    // Throws AuditKeyError when the key is missing, badly protected or not the database's key.
    void append_audit(std::int64_t at_ms, const std::string& actor, const std::string& action, const std::string& entity,
                      const std::string& detail);
    std::vector<AuditEntry> audit_entries(std::int64_t after_id = 0, int limit = -1);
    // The id of the newest audit entry (0: none): every audited change advances it, in the change's transaction.
    std::int64_t last_audit_id();
    // The latest entry about `entity` (e.g. "attempt:12") with `action` (e.g. "attempt.cancel"), if any.
    std::optional<AuditEntry> last_audit_entry(const std::string& entity, const std::string& action);
    // The chain, the head file and every protected row against the latest entry about it. Empty when all is intact.
    std::vector<AuditProblem> verify_audit();
    // Digest of the protected row an entity names, "deleted" when the row is gone, "" for other entities.
    std::string row_digest(const std::string& entity);

    // The id (AuditKey::id) of the audit key the database records; nullopt before its first keyed entry.
    std::optional<std::string> audit_key_id();

    std::optional<std::string> setting(const std::string& key);
    // A centre kiosk's journal: the centre answered that this attempt is seated at another kiosk now (a seat change,
    // 移机; exam/centre/sync.hpp). Recorded once, with an audit entry `attempt.moved_away`, in the caller's
    // transaction; from then on the engine refuses every step of the attempt here (ExamErrc::moved_away) and the
    // outbox takes no event of it. Nothing of the attempt is deleted. Returns false when it was recorded before.
    // When the audit entry cannot be written (the journal's audit key missing or unreadable), the move is recorded
    // all the same, for a kiosk that went on taking answers the centre keeps apart would mislead the examinee, and
    // `audit_problem` (when given) says why the entry is missing.
    bool record_moved_away(std::int64_t attempt_id, std::int64_t at_ms, std::string* audit_problem = nullptr);
    bool moved_away(std::int64_t attempt_id);
    void set_setting(const std::string& key, const std::string& value);
    void remove_setting(const std::string& key);

    std::int64_t add_user(const User& u);
    std::optional<User> user(const std::string& login);
    std::vector<User> users();
    void set_user_roles(const std::string& login, const std::vector<std::string>& roles);
    void set_user_provider(const std::string& login, const std::string& provider);
    // Also clears the user's wrong-password count and wait.
    void set_user_password(const std::string& login, const std::string& hash);
    std::int64_t count_users();
    SignInState sign_in_state(const std::string& login);
    void set_sign_in_state(const std::string& login, const SignInState& s);

private:
    std::optional<Blueprint> read_blueprint(storage::Statement& st);
    // The key to append with: loaded (and checked against the database's record of it), or created and recorded when
    // the database has none yet.
    const AuditKey& append_key();
    void seal_unkeyed_log(std::int64_t at_ms, const AuditKey& key);
    void insert_audit(AuditEntry e, const AuditKey& key);
    storage::Database& db_;
    std::optional<AuditKey> key_;
};

// SHA-256 link of an unkeyed entry (logs made before the key).
std::string audit_hash(const AuditEntry& e);
// Keyed BLAKE2b MAC of an entry: over its id, time, actor, action, entity, detail, row digest and the link before it.
std::string audit_mac(const AuditKey& key, const AuditEntry& e);
// Where the installation keeps its audit key and head file.
std::filesystem::path audit_key_path(const storage::Database& db);
std::filesystem::path audit_head_path(const storage::Database& db);

} // namespace sk::exam
