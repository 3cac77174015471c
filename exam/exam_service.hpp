// The exam engine: candidates, sessions, eligibility, the attempt life cycle with its durable clock and answers,
// scoring, practical scores, retakes, and audit. Every operation checks the actor's role and writes the audit log.
//
// Durability: each operation is one transaction on a database opened with synchronous=FULL, so when a call returns
// (and only then) its effect survives a crash or power cut; the kiosk shows an answer as saved only after
// record_answer() returned.
#pragma once

#include "exam/attempt.hpp"
#include "exam/blueprint.hpp"
#include "exam/errors.hpp"
#include "exam/roles.hpp"
#include "exam/storage/exam_store.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sk::content {
class ContentStore;
}

namespace sk::exam {

// Wall clock in milliseconds since the Unix epoch; tests replace it.
using Clock = std::function<std::int64_t()>;
std::int64_t system_now_ms();
// The wall clock with the monotonic clock beside it (exam/attempt.hpp): what the exam engine measures time with.
// Tests replace it to move the wall clock and the monotonic clock independently.
using ReadingClock = std::function<ClockReading()>;
// This machine's boot id (/proc/sys/kernel/random/boot_id), read once; empty when it cannot be read.
const std::string& system_boot_id();
// The wall clock, CLOCK_BOOTTIME and the boot id (no monotonic reading when the boot id is unknown).
ClockReading system_reading();


struct Eligibility {
    bool eligible = false;
    std::vector<std::string> reasons; // why not, one line each (Chinese)
    int attempt_no = 1;               // 1 first attempt, 2 retake
};

// What the kiosk needs to show one question of a paper.
struct ShownQuestion {
    int position = 0;
    content::QuestionType type = content::QuestionType::Single;
    std::string chapter;
    std::string stem;
    std::vector<std::string> options; // in the shown order
    std::string image;
    double points = 1;
};

struct AttemptView {
    AttemptRow attempt;
    Candidate candidate;
    Session session;
    Blueprint blueprint;
    ClockState clock;
    int answered = 0;
    int marked = 0;
    int total = 0;
    // The examinee said the registration shown is not them (不是本人) and no one has confirmed it since: the
    // proctor's panel flags the seat until the identity is confirmed.
    bool identity_disputed = false;
};

// Theory and practical outcome of a candidate for an item in the current training cycle.
struct ItemResult {
    bool theory_passed = false;
    std::optional<double> theory_score;
    std::optional<std::int64_t> theory_passed_at_ms;
    bool theory_valid = false;   // passed and still within the blueprint's validity
    bool practical_required = false;
    bool practical_passed = false;
    std::optional<double> practical_score;
    bool passed = false;         // what a certificate requires
    std::int64_t blueprint_id = 0;
};

// One question of a paper for a review (复核): the text as the examinee saw it, the key and the answer given.
struct ReviewQuestion {
    PaperQuestion question;           // position, exact version, option order, key in the shown order
    std::string stem;
    std::vector<std::string> options; // in the shown order
    std::string response;             // shown letters, empty when unanswered
    bool marked = false;
    double points = 0;                // awarded
};

struct ReviewSheet {
    AttemptView view;
    std::vector<ReviewQuestion> questions;
};

// JPEG or PNG bytes (by their signature), at most kMaxPhotoBytes.
inline constexpr std::size_t kMaxPhotoBytes = 2 * 1024 * 1024;
bool is_photo(const std::vector<unsigned char>& bytes);
// Why `bytes` cannot be decoded as a photo ("is a damaged or truncated PNG image (…)"), or "" (content/formats/images.hpp).
std::string photo_decode_problem(const std::vector<unsigned char>& bytes);

// Checks and completes a candidate before it is stored: the ID number (normalised; sex and birth date taken from
// it), the name, the catalogue item, the photo. Each problem names its field: id_number, name, item_id, photo.
std::vector<content::FieldProblem> prepare_candidate(Candidate& c, std::chrono::year_month_day today,
                                                     const content::Catalogue& catalogue);

// What the certificate registry tells the exam engine (answered by the certs library, CertRegistry::
// certificate_lookup()). Each member may be empty.
struct CertificateLookup {
    // Whether the holder already has a usable certificate for the item.
    std::function<bool(const std::string& id_number, std::int64_t item_id)> holds_valid;
    // Exams taken up to this time (ms since the epoch) no longer count for the item: the holder's certificate for it
    // was revoked then, and only an exam taken after the revocation can lead to a new one. nullopt: none.
    std::function<std::optional<std::int64_t>(const std::string& id_number, std::int64_t item_id)> results_void_until;
    // Called inside change_result's transaction when a review turns a passed theory result into a fail (`before` is
    // the attempt as it was). Suspends what rested on the pass; returns one line per consequence for the operator.
    std::function<std::vector<std::string>(const Actor& actor, const AttemptRow& before, std::int64_t item_id,
                                           const std::string& reason)>
        result_overturned;
};

// A score as an operator types it: plain decimal digits with an optional fraction ("80", "79.5"), nothing else
// (no sign, exponent, hexadecimal, inf or nan, no spaces). nullopt when it is not one.
std::optional<double> parse_score(std::string_view text);

class ExamService {
public:
    // On this machine's clocks (system_reading).
    explicit ExamService(storage::Database& db);
    // On a wall clock only: no monotonic readings, so every span is charged by the wall clock.
    ExamService(storage::Database& db, Clock clock);
    ExamService(storage::Database& db, ReadingClock clock);

    // The exam store stays inside the engine: programs and the certificate library read records through the
    // actor-checked reads below and write through the engine's operations, so a role check cannot be forgotten.

    // Blueprints
    std::int64_t save_blueprint(const Actor& actor, const Blueprint& bp);
    std::vector<Shortage> check_blueprint(const Actor& actor, std::int64_t blueprint_id);
    std::vector<Blueprint> blueprints(const Actor& actor); // the current blueprint of each (item, kind)
    Blueprint blueprint(const Actor& actor, std::int64_t blueprint_id);
    // The current blueprint for (item, kind), creating the default of domain.md on first use.
    Blueprint ensure_blueprint(const Actor& actor, std::int64_t item_id, ExamKind kind);

    // Candidates and sessions
    std::int64_t add_candidate(const Actor& actor, Candidate c); // validates the ID number; sex and birth date from it
    // Adds all candidates in one transaction, or none: ExamError naming the first bad one (1-based).
    std::vector<std::int64_t> add_candidates(const Actor& actor, std::vector<Candidate> candidates);
    // Registration photos (JPEG/PNG) by candidate id, in one transaction.
    void set_photos(const Actor& actor, const std::vector<std::pair<std::int64_t, std::vector<unsigned char>>>& photos);
    // Exam staff see every candidate; training staff only their provider's trainees. No photos.
    std::vector<Candidate> list_candidates(const Actor& actor);
    void set_class_hours(const Actor& actor, std::int64_t candidate_id, double hours);
    std::int64_t create_session(const Actor& actor, Session s);
    // A session on the current blueprint of (item, kind); ExamError when the item has none yet.
    std::int64_t create_session(const Actor& actor, std::int64_t item_id, ExamKind kind, Session s);
    std::vector<Session> sessions(const Actor& actor); // exam staff, proctors, results readers, certificate officers

    // Staff reads of single records. A candidate: staff who work with candidates (exam staff, proctors, examiners,
    // certificate officers, results readers; training staff only their provider's trainees, else PermissionDenied).
    std::optional<Candidate> candidate(const Actor& actor, std::int64_t candidate_id);
    std::optional<Candidate> candidate_by_id_number(const Actor& actor, const std::string& id_number);
    std::vector<std::int64_t> candidates_with_photo(const Actor& actor); // as list_candidates, ids only (sorted)
    // The training providers (培训机构) candidates are registered with, sorted, for filters: candidate readers.
    std::vector<std::string> providers(const Actor& actor);
    // Sessions and attempts: exam staff, proctors, results readers and certificate officers.
    std::optional<Session> session(const Actor& actor, std::int64_t session_id);
    std::optional<AttemptRow> attempt(const Actor& actor, std::int64_t attempt_id);
    std::optional<AttemptRow> attempt_by_ticket(const Actor& actor, const std::string& ticket);
    std::vector<AttemptRow> attempts_of_session(const Actor& actor, std::int64_t session_id);
    std::vector<AttemptRow> attempts_of_candidate(const Actor& actor, std::int64_t candidate_id);
    int count_attempts(const Actor& actor, std::int64_t session_id);
    // The current blueprint of (item, kind), nullopt when none: blueprint managers and session managers.
    std::optional<Blueprint> current_blueprint(const Actor& actor, std::int64_t item_id, ExamKind kind);
    // The sealed exam pool of an item (ReadExamQuestions).
    std::vector<PoolQuestion> exam_pool(const Actor& actor, std::int64_t item_id);
    // Practical scores of the candidate's current training cycle for the item: examiners, results readers,
    // certificate officers.
    std::vector<PracticalScore> practical_scores(const Actor& actor, std::int64_t candidate_id, std::int64_t item_id,
                                                 int training_cycle);
    // Every text of the exam records a staff screen may show (names, employers, providers, rooms, blueprint and
    // practical subject names), for a font's glyph set: words only, no record.
    std::vector<std::string> glyph_texts();

    // Installation settings (e.g. the demo flag, the verification page's address); administrators
    // (ManageBlueprints) change them, audited as `setting.set` unless `audit_action` names the operation.
    std::optional<std::string> setting(const std::string& key);
    void set_setting(const Actor& actor, const std::string& key, const std::string& value,
                     const std::string& audit_action = "setting.set", const std::string& audit_detail = "");
    // Appends an audit entry in the name of a signed-in staff member (any role) for an operation of another library
    // or program (content import, certificate printing, key backup): inside the caller's transaction when one is
    // open, else in its own. `entity` names what it is about ("certificate:12", "batch").
    void record_audit(const Actor& actor, const std::string& action, const std::string& entity,
                      const std::string& detail);
    // The installation's revision: it moves with every audited change, from any process (exam::ChangeWatch).
    std::int64_t revision();
    // The signing-key id the audit log is keyed with, nullopt before the first entry (installation checks).
    std::optional<std::string> audit_key_id();
    Eligibility eligibility(std::int64_t candidate_id, std::int64_t session_id);
    // Registers a candidate for a session; returns the admission-ticket number (准考证号). Refused with the reasons.
    std::string register_candidate(const Actor& actor, std::int64_t candidate_id, std::int64_t session_id,
                                    const std::string& kiosk = "");
    void set_certificate_lookup(CertificateLookup lookup) { certificate_lookup_ = std::move(lookup); }

    // The attempt, at the kiosk (the examinee acts on their own attempt)
    std::int64_t check_in(const std::string& id_number, const std::string& ticket, const std::string& kiosk,
                          const std::string& room);
    void confirm_identity(std::int64_t attempt_id);
    // The examinee at `kiosk` says the registration shown is not them: the attempt stays checked in (a proctor
    // checks the identity), the audit log records it (attempt.identity_disputed) and view() flags the seat.
    // Only before the identity is confirmed.
    void dispute_identity(std::int64_t attempt_id, const std::string& kiosk);
    void show_instructions(std::int64_t attempt_id);
    void start(std::int64_t attempt_id); // draws the paper (once) and starts the clock
    // After a kiosk restart: records the time the kiosk was down so it is not charged. When the wall clock now
    // reads earlier than the last sign of life (it was set back while the kiosk was down), the gap cannot be
    // measured: what was charged up to that sign of life stays charged, and the clock runs on from now.
    void reconnect(std::int64_t attempt_id, const std::string& kiosk);
    void heartbeat(std::int64_t attempt_id);
    // The proctor's panel (or the administrator's PIN pad) opened over the question on the examinee's own kiosk
    // `kiosk`: the clock stops and the state stays in progress, so the time the proctor takes to sign in and act is
    // not charged. Nothing happens unless the attempt is in progress with its clock running; true when it held.
    // Audited (attempt.clock_hold).
    bool hold_clock(std::int64_t attempt_id, const std::string& kiosk);
    // Back at the question: a held clock runs again (attempt.clock_release, with the seconds it stood). Nothing
    // happens for a paused or finished attempt or a clock that runs; true when it released.
    bool release_clock(std::int64_t attempt_id, const std::string& kiosk);
    // Every examinee and proctor step of an attempt (check-in's next steps, start, answers, the clock, time-up,
    // submit, pause, extra time, cancel) is refused with ExamErrc::moved_away on a centre kiosk whose centre has
    // seated the attempt at another kiosk (exam/centre/sync.hpp records it); view() and answers() still read it.
    void record_answer(std::int64_t attempt_id, int position, const std::string& shown_letters, bool marked);
    // Submits at time-up plus grace; returns true when it did.
    bool enforce_time(std::int64_t attempt_id);
    Score submit(std::int64_t attempt_id);

    AttemptView view(std::int64_t attempt_id);
    // The attempt in progress or paused at `kiosk`: the kiosk restarted in the middle of it. nullopt when none, and
    // for an attempt the centre seated at another kiosk (a seat change).
    std::optional<std::int64_t> attempt_under_way(const std::string& kiosk);
    // A candidate's registration photo (JPEG or PNG bytes), empty when there is none: the identity screen shows it.
    std::vector<unsigned char> candidate_photo(std::int64_t candidate_id);
    // The admission ticket of the candidate's session open at `at_ms`, empty when none: what the examinee reads off
    // their paper (headless scripts type it).
    std::string open_ticket(const std::string& id_number, std::int64_t at_ms);
    // Names a kiosk may show (candidates' names and sex, blueprint titles), for its font's glyphs.
    struct ShownNames {
        std::vector<std::string> names, sexes, titles;
    };
    ShownNames shown_names();
    std::vector<ShownQuestion> shown_paper(std::int64_t attempt_id); // no keys
    std::map<int, StoredAnswer> answers(std::int64_t attempt_id);
    Score result(std::int64_t attempt_id);

    // Proctor
    void pause(const Actor& actor, std::int64_t attempt_id, const std::string& reason);
    void resume(const Actor& actor, std::int64_t attempt_id, const std::string& reason);
    void add_time(const Actor& actor, std::int64_t attempt_id, int minutes, const std::string& reason);
    void cancel_for_cheating(const Actor& actor, std::int64_t attempt_id, const std::string& reason);
    // The proctor's reason for ending the attempt (cancel_for_cheating), as recorded; nullopt unless it was ended.
    // For the examinee's own result screen: it reads nothing but that one line.
    std::optional<std::string> end_reason(std::int64_t attempt_id);
    void move_kiosk(const Actor& actor, std::int64_t attempt_id, const std::string& kiosk, const std::string& reason);
    std::vector<AttemptView> seats(const Actor& actor, std::int64_t session_id);

    // Exam staff: papers and answers for a review (复核), result changes
    Paper paper_for_review(const Actor& actor, std::int64_t attempt_id);
    // The paper with the question texts, keys and the examinee's answers (reads papers and exam answers).
    ReviewSheet review_sheet(const Actor& actor, std::int64_t attempt_id);
    // The reviewed score must be 0 to the paper's maximum. When a passed result becomes a fail, the certificate
    // lookup's result_overturned runs in the same transaction; its lines are returned (empty: nothing else changed).
    std::vector<std::string> change_result(const Actor& actor, std::int64_t attempt_id, double score,
                                           const std::string& reason);
    // Attempts with their results, of one session or all (by session start, then ticket).
    std::vector<ResultRow> results(const Actor& actor, std::optional<std::int64_t> session_id = std::nullopt);

    // Practical exam
    void enter_practical_score(const Actor& actor, std::int64_t candidate_id, std::int64_t item_id,
                               const std::string& subject, double score);
    // Several subjects at once, all or none (one transaction).
    void enter_practical_scores(const Actor& actor, std::int64_t candidate_id, std::int64_t item_id,
                                const std::vector<std::pair<std::string, double>>& scores);
    // Exams taken up to the certificate lookup's results_void_until (a revocation) do not count.
    ItemResult item_result(std::int64_t candidate_id, std::int64_t item_id);
    // The same with an explicit limit: attempts of sessions that started, and practical scores entered, at or
    // before `void_until` do not count.
    ItemResult item_result(std::int64_t candidate_id, std::int64_t item_id, std::optional<std::int64_t> void_until);

    // Audit
    std::vector<AuditProblem> verify_audit(const Actor& actor);
    std::vector<AuditEntry> audit_entries(const Actor& actor, std::int64_t after_id = 0, int limit = -1);

    // What the engine's clock reads now (the wall time of events and audit entries is its wall_ms).
    ClockReading reading() const { return clock_(); }

private:
    AttemptRow load(std::int64_t attempt_id);
    // load() for a step of the attempt on this kiosk: refused (ExamErrc::moved_away) once the centre has seated the
    // attempt at another kiosk (ExamStore::record_moved_away).
    AttemptRow load_here(std::int64_t attempt_id);
    void examinee_step(std::int64_t attempt_id, AttemptAction action);
    std::int64_t insert_candidate(const Actor& actor, Candidate& c, content::ContentStore& content);
    void transition(AttemptRow& a, AttemptAction action, const std::string& actor, const std::string& detail);
    Score score_attempt(const AttemptRow& a, const Blueprint& bp);
    Paper draw(const Blueprint& bp, std::int64_t session_id, std::uint64_t seed);
    std::int64_t now() const { return clock_().wall_ms; }
    // The downtime event for the time since the attempt's last sign of life, if there is one to record (reconnect,
    // move_kiosk): measured on the monotonic clock within one boot, otherwise by the wall clock.
    std::optional<ClockEvent> downtime_since_alive(const AttemptRow& a, const ClockReading& r, bool set_back_too) const;

    storage::Database& db_;
    ExamStore store_;
    ReadingClock clock_;
    CertificateLookup certificate_lookup_;
    // The exam pool of the item drawn last, indexed for drawing, at the bank revision it was read at: a kiosk or a
    // centre drawing many papers reads a 50,000-question bank once, not once per examinee (exam_service.cpp).
    struct DrawingPool;
    std::shared_ptr<DrawingPool> drawing_pool_;
};

std::string examinee_actor(const std::string& id_number);

} // namespace sk::exam
