#include "exam/storage/exam_store.hpp"

#include "content/installation.hpp"
#include "exam/errors.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>


#include <array>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>

namespace sk::exam {

using storage::Statement;
using json = nlohmann::json;

namespace {

const char* kSchemaV1 = R"sql(
CREATE TABLE blueprint(
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES item(id),
  kind         TEXT NOT NULL CHECK(kind IN ('initial','review')),
  version      INTEGER NOT NULL,
  current      INTEGER NOT NULL DEFAULT 1,
  name         TEXT NOT NULL,
  strata       TEXT NOT NULL,   -- JSON [{type, chapter, difficulty_min, difficulty_max, count, points}]
  pass_mark    REAL NOT NULL,
  duration_min INTEGER NOT NULL,
  grace_s      INTEGER NOT NULL,
  shuffle_options INTEGER NOT NULL,
  partial_credit  INTEGER NOT NULL,
  retakes      INTEGER NOT NULL,
  valid_months INTEGER NOT NULL,
  class_hours  REAL NOT NULL,
  practical    TEXT NOT NULL,   -- JSON [{code, name, max_points}]
  practical_pass_mark REAL NOT NULL,
  UNIQUE(item_id, kind, version));
CREATE TABLE candidate(
  id          INTEGER PRIMARY KEY,
  id_number   TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  sex         TEXT NOT NULL,
  birth_date  TEXT NOT NULL,
  employer    TEXT NOT NULL DEFAULT '',
  provider    TEXT NOT NULL DEFAULT '',
  item_id     INTEGER NOT NULL REFERENCES item(id),
  kind        TEXT NOT NULL CHECK(kind IN ('initial','review')),
  class_hours REAL NOT NULL DEFAULT 0,
  training_cycle INTEGER NOT NULL DEFAULT 1,
  photo       BLOB);
CREATE TABLE exam_session(
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES item(id),
  blueprint_id INTEGER NOT NULL REFERENCES blueprint(id),
  starts_at_ms INTEGER NOT NULL,
  ends_at_ms   INTEGER NOT NULL,
  room         TEXT NOT NULL,
  proctor      TEXT NOT NULL DEFAULT '',
  kiosks       TEXT NOT NULL DEFAULT '[]');
CREATE TABLE attempt(
  id            INTEGER PRIMARY KEY,
  session_id    INTEGER NOT NULL REFERENCES exam_session(id),
  candidate_id  INTEGER NOT NULL REFERENCES candidate(id),
  ticket        TEXT NOT NULL UNIQUE,
  attempt_no    INTEGER NOT NULL,
  training_cycle INTEGER NOT NULL,
  kiosk         TEXT NOT NULL DEFAULT '',
  state         TEXT NOT NULL,
  seed          INTEGER,
  score         REAL,
  passed        INTEGER,
  chapters      TEXT NOT NULL DEFAULT '[]',
  scored_at_ms  INTEGER,
  last_alive_ms INTEGER NOT NULL DEFAULT 0,
  UNIQUE(session_id, candidate_id));
CREATE INDEX attempt_candidate ON attempt(candidate_id);
CREATE TABLE paper_question(
  attempt_id   INTEGER NOT NULL REFERENCES attempt(id),
  position     INTEGER NOT NULL,
  question_id  INTEGER NOT NULL REFERENCES question(id),
  option_order TEXT NOT NULL,   -- JSON [stored index for each shown option]
  key          TEXT NOT NULL,   -- correct letters in the shown order
  points       REAL NOT NULL,
  PRIMARY KEY(attempt_id, position));
CREATE INDEX paper_question_question ON paper_question(question_id);
CREATE TABLE answer(
  attempt_id INTEGER NOT NULL REFERENCES attempt(id),
  position   INTEGER NOT NULL,
  response   TEXT NOT NULL,
  marked     INTEGER NOT NULL,
  at_ms      INTEGER NOT NULL,
  PRIMARY KEY(attempt_id, position));
CREATE TABLE answer_log(        -- append-only trail of every answer change
  id         INTEGER PRIMARY KEY,
  attempt_id INTEGER NOT NULL REFERENCES attempt(id),
  position   INTEGER NOT NULL,
  response   TEXT NOT NULL,
  marked     INTEGER NOT NULL,
  at_ms      INTEGER NOT NULL);
CREATE TABLE attempt_event(
  id         INTEGER PRIMARY KEY,
  attempt_id INTEGER NOT NULL REFERENCES attempt(id),
  kind       TEXT NOT NULL,
  at_ms      INTEGER NOT NULL,
  value_ms   INTEGER NOT NULL DEFAULT 0,
  actor      TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '');
CREATE INDEX attempt_event_attempt ON attempt_event(attempt_id, id);
CREATE TABLE practical_score(
  id           INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidate(id),
  item_id      INTEGER NOT NULL REFERENCES item(id),
  training_cycle INTEGER NOT NULL,
  subject      TEXT NOT NULL,
  score        REAL NOT NULL,
  examiner     TEXT NOT NULL,
  at_ms        INTEGER NOT NULL);
CREATE TABLE app_user(
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles         TEXT NOT NULL,    -- JSON array of role names
  provider      TEXT NOT NULL DEFAULT '');
CREATE TABLE audit_log(
  id        INTEGER PRIMARY KEY,
  at_ms     INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL);
)sql";

const char* clock_kind_name(ClockEvent::Kind k)
{
    switch (k) {
    case ClockEvent::Start: return "start";
    case ClockEvent::Pause: return "pause";
    case ClockEvent::Resume: return "resume";
    case ClockEvent::Alive: return "alive";
    case ClockEvent::Downtime: return "downtime";
    case ClockEvent::AddTime: return "add_time";
    case ClockEvent::Submit: return "submit";
    }
    return "";
}

std::optional<ClockEvent::Kind> parse_clock_kind(const std::string& s)
{
    for (auto k : {ClockEvent::Start, ClockEvent::Pause, ClockEvent::Resume, ClockEvent::Alive, ClockEvent::Downtime,
                   ClockEvent::AddTime, ClockEvent::Submit})
        if (s == clock_kind_name(k)) return k;
    return std::nullopt;
}

json strata_json(const std::vector<Stratum>& strata)
{
    json a = json::array();
    for (const auto& s : strata)
        a.push_back({{"type", content::to_string(s.type)}, {"chapter", s.chapter}, {"difficulty_min", s.difficulty_min},
                     {"difficulty_max", s.difficulty_max}, {"count", s.count}, {"points", s.points}});
    return a;
}

json practical_json(const std::vector<PracticalSubject>& subjects)
{
    json a = json::array();
    for (const auto& s : subjects) a.push_back({{"code", s.code}, {"name", s.name}, {"max_points", s.max_points}});
    return a;
}

constexpr const char* kBlueprintColumns =
    "id, item_id, kind, version, name, strata, pass_mark, duration_min, grace_s, shuffle_options, partial_credit, "
    "retakes, valid_months, class_hours, practical, practical_pass_mark, exam_only";

constexpr const char* kCandidateColumns =
    "id, id_number, name, sex, birth_date, employer, provider, item_id, kind, class_hours, training_cycle, photo";

Candidate read_candidate(Statement& st)
{
    Candidate c;
    c.id = st.int64(0);
    c.id_number = st.text(1);
    c.name = st.text(2);
    c.sex = st.text(3);
    c.birth_date = st.text(4);
    c.employer = st.text(5);
    c.provider = st.text(6);
    c.item_id = st.int64(7);
    c.kind = parse_exam_kind(st.text(8)).value_or(ExamKind::Initial);
    c.class_hours = st.real(9);
    c.training_cycle = st.integer(10);
    c.photo = st.blob(11);
    return c;
}

constexpr const char* kSessionColumns = "id, item_id, blueprint_id, starts_at_ms, ends_at_ms, room, proctor, kiosks";

Session read_session(Statement& st)
{
    Session s;
    s.id = st.int64(0);
    s.item_id = st.int64(1);
    s.blueprint_id = st.int64(2);
    s.starts_at_ms = st.int64(3);
    s.ends_at_ms = st.int64(4);
    s.room = st.text(5);
    s.proctor = st.text(6);
    s.kiosks = json::parse(st.text(7)).get<std::vector<std::string>>();
    return s;
}

constexpr const char* kAttemptColumns = "id, session_id, candidate_id, ticket, attempt_no, training_cycle, kiosk, state, "
                                        "seed, score, passed, chapters, scored_at_ms, last_alive_ms, "
                                        "alive_boot_id, alive_mono_ms";
constexpr int kAttemptColumnCount = 16; // read_attempt() reads columns 0 to 15

AttemptRow read_attempt(Statement& st)
{
    AttemptRow a;
    a.id = st.int64(0);
    a.session_id = st.int64(1);
    a.candidate_id = st.int64(2);
    a.ticket = st.text(3);
    a.attempt_no = st.integer(4);
    a.training_cycle = st.integer(5);
    a.kiosk = st.text(6);
    a.state = parse_attempt_state(st.text(7)).value_or(AttemptState::Scheduled);
    if (!st.is_null(8)) a.seed = st.int64(8);
    if (!st.is_null(9)) a.score = st.real(9);
    if (!st.is_null(10)) a.passed = st.int64(10) != 0;
    a.chapters_json = st.text(11);
    if (!st.is_null(12)) a.scored_at_ms = st.int64(12);
    a.last_alive_ms = st.int64(13);
    if (!st.is_null(14) && !st.is_null(15)) a.alive_mono = MonoReading{st.text(14), st.int64(15)};
    return a;
}

constexpr const char* kPaperQuestionQuery =
    "SELECT pq.position, pq.question_id, q.uid, q.type, q.chapter, pq.option_order, pq.key, pq.points "
    "FROM paper_question pq JOIN question q ON q.id = pq.question_id WHERE pq.attempt_id = ?";

PaperQuestion read_paper_question(Statement& st)
{
    PaperQuestion q;
    q.position = st.integer(0);
    q.question_id = st.int64(1);
    q.uid = st.text(2);
    q.type = content::parse_question_type(st.text(3)).value_or(content::QuestionType::Single);
    q.chapter = st.text(4);
    q.option_order = json::parse(st.text(5)).get<std::vector<int>>();
    q.key = st.text(6);
    q.points = st.real(7);
    return q;
}

std::vector<PoolQuestion> read_pool(storage::Database& db, std::int64_t item_id, const char* pool)
{
    // The options are a JSON array in a TEXT column: PostgreSQL reads it as json first.
    const char* count = db.engine() == storage::Engine::PostgreSQL ? "json_array_length(CAST(options AS json))"
                                                                    : "json_array_length(options)";
    auto st = db.prepare(std::string("SELECT id, uid, type, chapter, difficulty, ") + count + ", answer, pool FROM question "
                         "WHERE item_id = ? AND current = 1 AND status = 'published' AND pool IN (?, 'both') "
                         "ORDER BY id");
    st.bind_all(item_id, pool);
    std::vector<PoolQuestion> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1), content::parse_question_type(st.text(2)).value_or(content::QuestionType::Single),
                       st.text(3), st.integer(4), st.integer(5), st.text(6),
                       content::parse_pool(st.text(7)).value_or(content::Pool::Both)});
    return out;
}

// Step 2: training (trainee PINs, practice answers, the wrong-answer book, study time).
const char* kSchemaV2 = R"sql(
ALTER TABLE candidate ADD COLUMN pin_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE candidate ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE candidate ADD COLUMN pin_locked_until_ms INTEGER NOT NULL DEFAULT 0;
CREATE TABLE practice_answer(
  id           INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidate(id),
  question_id  INTEGER NOT NULL REFERENCES question(id),
  uid          TEXT NOT NULL,
  mode         TEXT NOT NULL,
  response     TEXT NOT NULL,
  correct      INTEGER NOT NULL,
  at_ms        INTEGER NOT NULL);
CREATE INDEX practice_answer_candidate ON practice_answer(candidate_id, uid);
CREATE TABLE wrong_book(
  candidate_id INTEGER NOT NULL REFERENCES candidate(id),
  uid          TEXT NOT NULL,
  streak       INTEGER NOT NULL DEFAULT 0,
  added_at_ms  INTEGER NOT NULL,
  PRIMARY KEY(candidate_id, uid));
CREATE TABLE study_time(
  id           INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidate(id),
  started_ms   INTEGER NOT NULL,
  ended_ms     INTEGER NOT NULL,
  confirmed_by TEXT,
  confirmed_at_ms INTEGER);
)sql";

// Step 3: installation settings (e.g. whether this is the demo installation).
const char* kSchemaV3 = R"sql(
CREATE TABLE setting(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL);
)sql";

// Step 4: sign-in of users (safekiosk-admin --user): consecutive wrong passwords and the wait they impose.
const char* kSchemaV4 = R"sql(
ALTER TABLE app_user ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN locked_until_ms INTEGER NOT NULL DEFAULT 0;
)sql";

// Step 5: indexes of the training-quality reports (exam/storage/report_store.cpp): finished attempts by the time
// they were scored, and covering indexes so that item analysis reads papers and answers from the indexes alone.
const char* kSchemaV5 = R"sql(
CREATE INDEX attempt_scored ON attempt(scored_at_ms);
CREATE INDEX paper_question_report ON paper_question(attempt_id, position, question_id, option_order, key);
CREATE INDEX answer_report ON answer(attempt_id, position, response);
)sql";

// Step 6: blueprints that draw only exam-only questions (pool `exam`, never `both`: 考培分离). Blueprints stored
// before keep drawing from `exam` and `both`.
const char* kSchemaV6 = R"sql(
ALTER TABLE blueprint ADD COLUMN exam_only INTEGER NOT NULL DEFAULT 0;
)sql";

// Step 7: the keyed audit log (docs/audit.md). `hash` of a keyed entry is its keyed BLAKE2b MAC; `row_digest` is the
// digest of the protected row the entry is about, after the change. Entries made before stay as they are: the first
// keyed entry seals them (ExamStore::append_audit).
const char* kSchemaV7 = R"sql(
ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN row_digest TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_entity ON audit_log(entity, id);
)sql";

// Step 8: the outbox of a kiosk that belongs to an exam centre (docs/exam-centre.md). Each answer, mark and clock
// event is appended in the transaction that records it, numbered per attempt from 1 with no gap; the centre's sync
// sender (exam/centre/sync.hpp) sends the rows in order and sets sent_at_ms once the centre committed them. Only
// while the setting centre.outbox is '1' (exam/centre/outbox.hpp): a standalone kiosk's outbox stays empty.
const char* kSchemaV8 = R"sql(
CREATE TABLE outbox(
  attempt_id INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  at_ms      INTEGER NOT NULL,
  body       TEXT NOT NULL,
  sent_at_ms INTEGER,
  PRIMARY KEY(attempt_id, seq));
CREATE INDEX outbox_unsent ON outbox(attempt_id, seq) WHERE sent_at_ms IS NULL;
)sql";

// Step 9: practical scores by candidate, item, cycle and subject. Each certificate's check reads the candidate's
// latest score per subject; without this every read scanned every score of the installation (twice, for the latest
// of each subject): a batch of 500 certificates spent a quarter of its time there.
const char* kSchemaV9 = R"sql(
CREATE INDEX practical_score_candidate ON practical_score(candidate_id, item_id, training_cycle, subject, id);
)sql";

// Step 10: monotonic readings (docs/kiosk.md, "How the exam time is measured"). Each clock event records the
// CLOCK_BOOTTIME milliseconds and the boot id of the machine that wrote it (a downtime also those of the last sign of
// life before its gap), and the attempt those of its last sign of life, so that the exam time is measured on a clock
// that never jumps. Nullable: rows written before, and events another kiosk recorded, have none or another boot's.
const char* kSchemaV10 = R"sql(
ALTER TABLE attempt_event ADD COLUMN boot_id TEXT;
ALTER TABLE attempt_event ADD COLUMN mono_ms INTEGER;
ALTER TABLE attempt_event ADD COLUMN from_boot_id TEXT;
ALTER TABLE attempt_event ADD COLUMN from_mono_ms INTEGER;
ALTER TABLE attempt ADD COLUMN alive_boot_id TEXT;
ALTER TABLE attempt ADD COLUMN alive_mono_ms INTEGER;
)sql";

// Appends an event to the outbox when this database is a centre kiosk's journal, in the caller's transaction (the
// one that records the answer or clock event): both are committed together or not at all.
std::string moved_away_key(std::int64_t attempt_id) { return "centre.moved_away." + std::to_string(attempt_id); }

void append_outbox(storage::Database& db, std::int64_t attempt_id, const char* kind, std::int64_t at_ms,
                   const std::string& body)
{
    auto on = db.prepare("SELECT 1 FROM setting WHERE key = 'centre.outbox' AND value = '1'");
    if (!on.step()) return;
    // An attempt the centre seated elsewhere takes no more events from this kiosk (the engine refuses before this;
    // this holds for any other writer): the whole change is rolled back.
    auto moved = db.prepare("SELECT 1 FROM setting WHERE key = ?");
    moved.bind(1, moved_away_key(attempt_id));
    if (moved.step()) throw ExamError(ExamErrc::moved_away);
    auto st = db.prepare("INSERT INTO outbox(attempt_id, seq, kind, at_ms, body) "
                         "SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4 FROM outbox WHERE attempt_id = ?1");
    st.bind_all(attempt_id, kind, at_ms, body).run();
}

} // namespace

const storage::Schema& schema()
{
    static const storage::Schema s{"exam",
                                   {{1, kSchemaV1},
                                    {2, kSchemaV2},
                                    {3, kSchemaV3},
                                    {4, kSchemaV4},
                                    {5, kSchemaV5},
                                    {6, kSchemaV6},
                                    {7, kSchemaV7},
                                    {8, kSchemaV8},
                                    {9, kSchemaV9},
                                    {10, kSchemaV10}}};
    return s;
}

std::int64_t ExamStore::save_blueprint(const Blueprint& bp)
{
    int version = 1;
    // The next version of the item's blueprint: one writer at a time (on a server).
    db_.serialize("blueprint");
    {
        auto st = db_.prepare("SELECT max(version) FROM blueprint WHERE item_id = ? AND kind = ?");
        st.bind_all(bp.item_id, std::string(to_string(bp.kind)));
        if (st.step() && !st.is_null(0)) version = st.integer(0) + 1;
    }
    auto old = db_.prepare("UPDATE blueprint SET current = 0 WHERE item_id = ? AND kind = ?");
    old.bind_all(bp.item_id, std::string(to_string(bp.kind))).run();
    auto st = db_.prepare("INSERT INTO blueprint(item_id, kind, version, current, name, strata, pass_mark, duration_min, "
                          "grace_s, shuffle_options, partial_credit, retakes, valid_months, class_hours, practical, "
                          "practical_pass_mark, exam_only) VALUES(?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(bp.item_id, std::string(to_string(bp.kind)), version, bp.name, strata_json(bp.strata).dump(), bp.pass_mark,
                bp.duration_minutes, bp.grace_seconds, bp.shuffle_options ? 1 : 0, bp.partial_credit ? 1 : 0, bp.retakes,
                bp.valid_months, bp.required_class_hours, practical_json(bp.practical).dump(), bp.practical_pass_mark,
                bp.exam_only ? 1 : 0)
        .run();
    return db_.last_insert_id();
}

std::optional<Blueprint> ExamStore::read_blueprint(Statement& st)
{
    if (!st.step()) return std::nullopt;
    Blueprint bp;
    bp.id = st.int64(0);
    bp.item_id = st.int64(1);
    bp.kind = parse_exam_kind(st.text(2)).value_or(ExamKind::Initial);
    bp.version = st.integer(3);
    bp.name = st.text(4);
    for (const auto& s : json::parse(st.text(5)))
        bp.strata.push_back({content::parse_question_type(s.at("type").get<std::string>()).value_or(content::QuestionType::Single),
                             s.at("chapter"), s.at("difficulty_min"), s.at("difficulty_max"), s.at("count"), s.at("points")});
    bp.pass_mark = st.real(6);
    bp.duration_minutes = st.integer(7);
    bp.grace_seconds = st.integer(8);
    bp.shuffle_options = st.int64(9) != 0;
    bp.partial_credit = st.int64(10) != 0;
    bp.retakes = st.integer(11);
    bp.valid_months = st.integer(12);
    bp.required_class_hours = st.real(13);
    for (const auto& p : json::parse(st.text(14))) bp.practical.push_back({p.at("code"), p.at("name"), p.at("max_points")});
    bp.practical_pass_mark = st.real(15);
    bp.exam_only = st.int64(16) != 0;
    return bp;
}

std::optional<Blueprint> ExamStore::blueprint(std::int64_t id)
{
    auto st = db_.prepare(std::string("SELECT ") + kBlueprintColumns + " FROM blueprint WHERE id = ?");
    st.bind(1, id);
    return read_blueprint(st);
}

std::optional<Blueprint> ExamStore::current_blueprint(std::int64_t item_id, ExamKind kind)
{
    auto st = db_.prepare(std::string("SELECT ") + kBlueprintColumns +
                          " FROM blueprint WHERE item_id = ? AND kind = ? AND current = 1");
    st.bind_all(item_id, std::string(to_string(kind)));
    return read_blueprint(st);
}

std::vector<Blueprint> ExamStore::blueprints()
{
    auto st = db_.prepare(std::string("SELECT ") + kBlueprintColumns + " FROM blueprint WHERE current = 1 ORDER BY item_id, kind");
    std::vector<Blueprint> out;
    while (auto bp = read_blueprint(st)) out.push_back(*bp);
    return out;
}

std::vector<PoolQuestion> ExamStore::exam_pool(std::int64_t item_id) { return read_pool(db_, item_id, "exam"); }
std::vector<PoolQuestion> ExamStore::practice_pool(std::int64_t item_id) { return read_pool(db_, item_id, "practice"); }

std::int64_t ExamStore::add_candidate(const Candidate& c)
{
    auto st = db_.prepare("INSERT INTO candidate(id_number, name, sex, birth_date, employer, provider, item_id, kind, "
                          "class_hours, training_cycle, photo) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(c.id_number, c.name, c.sex, c.birth_date, c.employer, c.provider, c.item_id, std::string(to_string(c.kind)),
                c.class_hours, c.training_cycle);
    if (c.photo.empty())
        st.bind_null(11);
    else
        st.bind_blob(11, c.photo.data(), c.photo.size());
    st.run();
    return db_.last_insert_id();
}

void ExamStore::update_candidate(const Candidate& c)
{
    auto st = db_.prepare("UPDATE candidate SET name=?, employer=?, provider=?, item_id=?, kind=?, class_hours=?, "
                          "training_cycle=?, photo=? WHERE id=?");
    st.bind_all(c.name, c.employer, c.provider, c.item_id, std::string(to_string(c.kind)), c.class_hours, c.training_cycle);
    if (c.photo.empty())
        st.bind_null(8);
    else
        st.bind_blob(8, c.photo.data(), c.photo.size());
    st.bind(9, c.id);
    st.run();
}

std::optional<Candidate> ExamStore::candidate(std::int64_t id)
{
    auto st = db_.prepare(std::string("SELECT ") + kCandidateColumns + " FROM candidate WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_candidate(st);
}

std::optional<Candidate> ExamStore::candidate_by_id_number(const std::string& id_number)
{
    auto st = db_.prepare(std::string("SELECT ") + kCandidateColumns + " FROM candidate WHERE id_number = ?");
    st.bind(1, id_number);
    if (!st.step()) return std::nullopt;
    return read_candidate(st);
}

std::vector<Candidate> ExamStore::candidates()
{
    auto st = db_.prepare(std::string("SELECT ") + kCandidateColumns + " FROM candidate ORDER BY id");
    std::vector<Candidate> out;
    while (st.step()) out.push_back(read_candidate(st));
    return out;
}

std::vector<Candidate> ExamStore::candidates_without_photos()
{
    std::string columns = kCandidateColumns;
    columns.replace(columns.rfind("photo"), 5, "NULL");
    auto st = db_.prepare("SELECT " + columns + " FROM candidate ORDER BY id");
    std::vector<Candidate> out;
    while (st.step()) out.push_back(read_candidate(st));
    return out;
}

std::vector<std::int64_t> ExamStore::candidates_with_photo()
{
    auto st = db_.prepare("SELECT id FROM candidate WHERE photo IS NOT NULL ORDER BY id");
    std::vector<std::int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

std::int64_t ExamStore::add_session(const Session& s)
{
    auto st = db_.prepare("INSERT INTO exam_session(item_id, blueprint_id, starts_at_ms, ends_at_ms, room, proctor, kiosks) "
                          "VALUES(?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(s.item_id, s.blueprint_id, s.starts_at_ms, s.ends_at_ms, s.room, s.proctor, json(s.kiosks).dump()).run();
    return db_.last_insert_id();
}

std::optional<Session> ExamStore::session(std::int64_t id)
{
    auto st = db_.prepare(std::string("SELECT ") + kSessionColumns + " FROM exam_session WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_session(st);
}

std::vector<Session> ExamStore::sessions()
{
    auto st = db_.prepare(std::string("SELECT ") + kSessionColumns + " FROM exam_session ORDER BY starts_at_ms, id");
    std::vector<Session> out;
    while (st.step()) out.push_back(read_session(st));
    return out;
}

std::int64_t ExamStore::add_attempt(const AttemptRow& a)
{
    auto st = db_.prepare("INSERT INTO attempt(session_id, candidate_id, ticket, attempt_no, training_cycle, kiosk, state) "
                          "VALUES(?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(a.session_id, a.candidate_id, a.ticket, a.attempt_no, a.training_cycle, a.kiosk,
                std::string(to_string(a.state)))
        .run();
    return db_.last_insert_id();
}

std::optional<AttemptRow> ExamStore::attempt(std::int64_t id)
{
    auto st = db_.prepare(std::string("SELECT ") + kAttemptColumns + " FROM attempt WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_attempt(st);
}

std::optional<AttemptRow> ExamStore::attempt_by_ticket(const std::string& ticket)
{
    auto st = db_.prepare(std::string("SELECT ") + kAttemptColumns + " FROM attempt WHERE ticket = ?");
    st.bind(1, ticket);
    if (!st.step()) return std::nullopt;
    return read_attempt(st);
}

std::vector<AttemptRow> ExamStore::attempts_of_session(std::int64_t session_id)
{
    auto st = db_.prepare(std::string("SELECT ") + kAttemptColumns + " FROM attempt WHERE session_id = ? ORDER BY id");
    st.bind(1, session_id);
    std::vector<AttemptRow> out;
    while (st.step()) out.push_back(read_attempt(st));
    return out;
}

std::vector<AttemptRow> ExamStore::attempts_of_candidate(std::int64_t candidate_id)
{
    auto st = db_.prepare(std::string("SELECT ") + kAttemptColumns + " FROM attempt WHERE candidate_id = ? ORDER BY id");
    st.bind(1, candidate_id);
    std::vector<AttemptRow> out;
    while (st.step()) out.push_back(read_attempt(st));
    return out;
}

int ExamStore::count_attempts(std::int64_t session_id)
{
    auto st = db_.prepare("SELECT count(*) FROM attempt WHERE session_id = ?");
    st.bind(1, session_id);
    st.step();
    return st.integer(0);
}

std::vector<ResultRow> ExamStore::result_rows(std::optional<std::int64_t> session_id)
{
    std::string columns;
    for (const char* c = kAttemptColumns; *c;) { // "id, session_id, …" with the table name in front of each
        const char* end = c;
        while (*end && *end != ',') ++end;
        columns += (columns.empty() ? "attempt." : ", attempt.") + std::string(c, end);
        c = *end ? end + 2 : end;
    }
    auto st = db_.prepare("SELECT " + columns +
                          ", candidate.id_number, candidate.name, candidate.employer, candidate.provider, "
                          "exam_session.item_id, exam_session.room, exam_session.starts_at_ms FROM attempt "
                          "JOIN candidate ON candidate.id = attempt.candidate_id "
                          "JOIN exam_session ON exam_session.id = attempt.session_id "
                          "WHERE CAST(?1 AS BIGINT) IS NULL OR attempt.session_id = ?1 "
                          "ORDER BY exam_session.starts_at_ms, attempt.session_id, attempt.ticket");
    st.bind(1, session_id);
    std::vector<ResultRow> out;
    while (st.step()) {
        ResultRow r;
        r.attempt = read_attempt(st);
        const int n = kAttemptColumnCount;
        r.id_number = st.text(n);
        r.name = st.text(n + 1);
        r.employer = st.text(n + 2);
        r.provider = st.text(n + 3);
        r.item_id = st.int64(n + 4);
        r.room = st.text(n + 5);
        r.starts_at_ms = st.int64(n + 6);
        out.push_back(std::move(r));
    }
    return out;
}

void ExamStore::set_state(std::int64_t attempt_id, AttemptState s)
{
    auto st = db_.prepare("UPDATE attempt SET state = ? WHERE id = ?");
    st.bind_all(std::string(to_string(s)), attempt_id).run();
}

void ExamStore::set_kiosk(std::int64_t attempt_id, const std::string& kiosk)
{
    auto st = db_.prepare("UPDATE attempt SET kiosk = ? WHERE id = ?");
    st.bind_all(kiosk, attempt_id).run();
}

void ExamStore::set_alive(std::int64_t attempt_id, const ClockReading& at)
{
    auto st = db_.prepare("UPDATE attempt SET last_alive_ms = ?1, alive_boot_id = ?2, alive_mono_ms = ?3 WHERE id = ?4 AND "
                          "(last_alive_ms < ?1 OR (CAST(?2 AS TEXT) IS NOT NULL AND alive_boot_id = ?2 AND "
                          "alive_mono_ms <= ?3))");
    std::optional<std::string> boot;
    std::optional<std::int64_t> mono;
    if (at.mono) {
        boot = at.mono->boot_id;
        mono = at.mono->ms;
    }
    st.bind_all(at.wall_ms, boot, mono, attempt_id).run();
}

void ExamStore::set_result(std::int64_t attempt_id, const std::optional<Score>& score, std::int64_t at_ms)
{
    auto st = db_.prepare("UPDATE attempt SET score = ?, passed = ?, chapters = ?, scored_at_ms = ? WHERE id = ?");
    if (score) {
        json chapters = json::array();
        for (const auto& c : score->chapters)
            chapters.push_back({{"chapter", c.chapter}, {"questions", c.questions}, {"correct", c.correct},
                                {"points", c.points}, {"max_points", c.max_points}});
        st.bind_all(score->points, score->passed ? 1 : 0, chapters.dump(), at_ms, attempt_id);
    } else {
        st.bind_null(1).bind(2, 0).bind(3, "[]").bind(4, at_ms).bind(5, attempt_id);
    }
    st.run();
}

void ExamStore::save_paper(std::int64_t attempt_id, const Paper& paper)
{
    auto seed = db_.prepare("UPDATE attempt SET seed = ? WHERE id = ?");
    seed.bind_all(static_cast<std::int64_t>(paper.seed), attempt_id).run();
    auto st = db_.prepare("INSERT INTO paper_question(attempt_id, position, question_id, option_order, key, points) "
                          "VALUES(?, ?, ?, ?, ?, ?)");
    for (const auto& q : paper.questions)
        st.bind_all(attempt_id, q.position, q.question_id, json(q.option_order).dump(), q.key, q.points).run();
}

Paper ExamStore::paper(std::int64_t attempt_id)
{
    Paper p;
    {
        auto st = db_.prepare("SELECT seed FROM attempt WHERE id = ?");
        st.bind(1, attempt_id);
        if (st.step() && !st.is_null(0)) p.seed = static_cast<std::uint64_t>(st.int64(0));
    }
    auto st = db_.prepare(std::string(kPaperQuestionQuery) + " ORDER BY pq.position");
    st.bind(1, attempt_id);
    while (st.step()) p.questions.push_back(read_paper_question(st));
    return p;
}

std::optional<PaperQuestion> ExamStore::paper_question(std::int64_t attempt_id, int position)
{
    auto st = db_.prepare(std::string(kPaperQuestionQuery) + " AND pq.position = ?");
    st.bind_all(attempt_id, position);
    if (!st.step()) return std::nullopt;
    return read_paper_question(st);
}

std::map<std::string, int> ExamStore::session_usage(std::int64_t session_id)
{
    auto st = db_.prepare("SELECT q.uid, count(*) FROM paper_question pq JOIN attempt a ON a.id = pq.attempt_id "
                          "JOIN question q ON q.id = pq.question_id WHERE a.session_id = ? GROUP BY q.uid");
    st.bind(1, session_id);
    std::map<std::string, int> out;
    while (st.step()) out[st.text(0)] = st.integer(1);
    return out;
}

std::map<std::int64_t, int> ExamStore::session_row_usage(std::int64_t session_id)
{
    auto st = db_.prepare("SELECT pq.question_id, count(*) FROM paper_question pq JOIN attempt a ON a.id = pq.attempt_id "
                          "WHERE a.session_id = ? GROUP BY pq.question_id");
    st.bind(1, session_id);
    std::map<std::int64_t, int> out;
    while (st.step()) out[st.int64(0)] = st.integer(1);
    return out;
}

std::int64_t ExamStore::question_revision()
{
    auto st = db_.prepare("SELECT value FROM store_revision WHERE name = 'question'");
    return st.step() ? st.int64(0) : 0;
}

void ExamStore::add_clock_event(std::int64_t attempt_id, const ClockEvent& e, const std::string& actor,
                                const std::string& reason)
{
    auto st = db_.prepare("INSERT INTO attempt_event(attempt_id, kind, at_ms, value_ms, actor, reason, boot_id, mono_ms, "
                          "from_boot_id, from_mono_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const auto boot = [](const std::optional<MonoReading>& m) {
        return m ? std::optional<std::string>(m->boot_id) : std::nullopt;
    };
    const auto ms = [](const std::optional<MonoReading>& m) {
        return m ? std::optional<std::int64_t>(m->ms) : std::nullopt;
    };
    st.bind_all(attempt_id, clock_kind_name(e.kind), e.at_ms, e.value_ms, actor, reason, boot(e.mono), ms(e.mono),
                boot(e.mono_from), ms(e.mono_from))
        .run();
    json body{{"event", clock_kind_name(e.kind)}, {"value_ms", e.value_ms}, {"actor", actor}, {"reason", reason}};
    if (e.mono) {
        body["boot_id"] = e.mono->boot_id;
        body["mono_ms"] = e.mono->ms;
    }
    if (e.mono_from) {
        body["from_boot_id"] = e.mono_from->boot_id;
        body["from_mono_ms"] = e.mono_from->ms;
    }
    append_outbox(db_, attempt_id, "clock", e.at_ms, body.dump());
}

void read_clock_readings(const json& body, ClockEvent& e)
{
    const auto pair = [&](const char* boot, const char* ms) -> std::optional<MonoReading> {
        if (!body.contains(boot) && !body.contains(ms)) return std::nullopt;
        return MonoReading{body.at(boot).get<std::string>(), body.at(ms).get<std::int64_t>()};
    };
    e.mono = pair("boot_id", "mono_ms");
    e.mono_from = pair("from_boot_id", "from_mono_ms");
}

std::vector<ClockEvent> ExamStore::clock_events(std::int64_t attempt_id)
{
    auto st = db_.prepare("SELECT kind, at_ms, value_ms, boot_id, mono_ms, from_boot_id, from_mono_ms FROM attempt_event "
                          "WHERE attempt_id = ? ORDER BY id");
    st.bind(1, attempt_id);
    std::vector<ClockEvent> out;
    const auto reading = [&](int boot, int ms) -> std::optional<MonoReading> {
        if (st.is_null(boot) || st.is_null(ms)) return std::nullopt;
        return MonoReading{st.text(boot), st.int64(ms)};
    };
    while (st.step())
        if (auto k = parse_clock_kind(st.text(0)))
            out.push_back({*k, st.int64(1), st.int64(2), reading(3, 4), reading(5, 6)});
    return out;
}

void ExamStore::save_answer(std::int64_t attempt_id, const StoredAnswer& a)
{
    auto st = db_.prepare("INSERT INTO answer(attempt_id, position, response, marked, at_ms) VALUES(?, ?, ?, ?, ?) "
                          "ON CONFLICT(attempt_id, position) DO UPDATE SET response=excluded.response, "
                          "marked=excluded.marked, at_ms=excluded.at_ms");
    st.bind_all(attempt_id, a.position, a.response, a.marked ? 1 : 0, a.at_ms).run();
    auto log = db_.prepare("INSERT INTO answer_log(attempt_id, position, response, marked, at_ms) VALUES(?, ?, ?, ?, ?)");
    log.bind_all(attempt_id, a.position, a.response, a.marked ? 1 : 0, a.at_ms).run();
    append_outbox(db_, attempt_id, "answer", a.at_ms,
                  json{{"position", a.position}, {"response", a.response}, {"marked", a.marked}}.dump());
}

void ExamStore::add_cancel_event(std::int64_t attempt_id, std::int64_t at_ms, const std::string& actor,
                                 const std::string& reason)
{
    append_outbox(db_, attempt_id, "cancel", at_ms, json{{"actor", actor}, {"reason", reason}}.dump());
}

std::map<int, StoredAnswer> ExamStore::answers(std::int64_t attempt_id)
{
    auto st = db_.prepare("SELECT position, response, marked, at_ms FROM answer WHERE attempt_id = ?");
    st.bind(1, attempt_id);
    std::map<int, StoredAnswer> out;
    while (st.step()) out[st.integer(0)] = {st.integer(0), st.text(1), st.int64(2) != 0, st.int64(3)};
    return out;
}

void ExamStore::add_practical_score(std::int64_t candidate_id, std::int64_t item_id, int training_cycle,
                                    const PracticalScore& p)
{
    auto st = db_.prepare("INSERT INTO practical_score(candidate_id, item_id, training_cycle, subject, score, examiner, "
                          "at_ms) VALUES(?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(candidate_id, item_id, training_cycle, p.subject, p.score, p.examiner, p.at_ms).run();
}

std::vector<PracticalScore> ExamStore::practical_scores(std::int64_t candidate_id, std::int64_t item_id, int training_cycle)
{
    // The latest entry per subject counts (a corrected entry replaces an earlier one; both stay stored).
    auto st = db_.prepare("SELECT subject, score, examiner, at_ms FROM practical_score p WHERE candidate_id = ? AND "
                          "item_id = ? AND training_cycle = ? AND id = (SELECT max(id) FROM practical_score q WHERE "
                          "q.candidate_id = p.candidate_id AND q.item_id = p.item_id AND q.training_cycle = "
                          "p.training_cycle AND q.subject = p.subject) ORDER BY subject");
    st.bind_all(candidate_id, item_id, training_cycle);
    std::vector<PracticalScore> out;
    while (st.step()) out.push_back({st.text(0), st.real(1), st.text(2), st.int64(3)});
    return out;
}

namespace {

constexpr const char* kAuditColumns = "id, at_ms, actor, action, entity, detail, prev_hash, hash, keyed, row_digest";
constexpr const char* kAuditKeyIdSetting = "audit_key_id";
constexpr const char* kAbsent = "absent";

AuditEntry read_audit(Statement& st)
{
    return AuditEntry{st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5),
                      st.text(6), st.text(7), st.int64(8) != 0, st.text(9)};
}

// The rows whose every change must go through SafeKiosk: results, certificates, users and their roles. `columns`
// are those a change must be audited for (not, e.g., an attempt's heartbeat or a user's wrong-password count).
struct ProtectedTable {
    const char* prefix;     // of the audit entity
    const char* table;
    const char* key_column; // the entity is prefix + this column
    const char* columns;
};

constexpr ProtectedTable kProtected[] = {
    {"attempt:", "attempt", "id",
     "id, session_id, candidate_id, ticket, attempt_no, training_cycle, state, score, passed, chapters, scored_at_ms"},
    {"certificate:", "certificate", "id",
     "id, number, track, candidate_id, id_number, name, sex, photo, item_id, category, item, theory_score, "
     "practical_score, first_issued, valid_from, valid_until, review_due, review_base, review_interval_years, "
     "years_in_trade, clean_record, admin_state, state_reason, state_date, state_by, version, status_version, "
     "authority, issued_by, issued_at_ms"},
    {"user:", "app_user", "login", "id, login, name, password_hash, roles, provider"},
};

bool table_exists(storage::Database& db, const char* table)
{
    return db.has_table(table);
}

std::string hex(const unsigned char* data, std::size_t size)
{
    std::string out(size * 2, '0');
    sodium_bin2hex(out.data(), out.size() + 1, data, size);
    return out;
}

// Length-prefixed fields: no two different field lists serialise alike.
void feed(crypto_generichash_state& h, std::string_view tag, std::string_view data)
{
    const std::string head = std::string(tag) + std::to_string(data.size()) + ":";
    crypto_generichash_update(&h, reinterpret_cast<const unsigned char*>(head.data()), head.size());
    crypto_generichash_update(&h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

// BLAKE2b-256 over the table name and columns [0, count) of the current row, each with the kind of its value.
std::string digest_row(const ProtectedTable& t, Statement& st, int count)
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, nullptr, 0, 32);
    feed(h, "table", t.table);
    for (int c = 0; c < count; ++c) {
        switch (st.type(c)) {
        case storage::ColumnType::Integer: feed(h, "i", std::to_string(st.int64(c))); break;
        case storage::ColumnType::Real: {
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", st.real(c));
            feed(h, "r", buf);
            break;
        }
        case storage::ColumnType::Text: feed(h, "t", st.text_view(c)); break;
        case storage::ColumnType::Blob: {
            const auto b = st.blob(c);
            feed(h, "b", std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
            break;
        }
        default: feed(h, "n", ""); break;
        }
    }
    unsigned char out[32];
    crypto_generichash_final(&h, out, sizeof out);
    return hex(out, sizeof out);
}

int count_columns(const char* columns)
{
    int n = 1;
    for (const char* p = columns; *p; ++p) n += *p == ',';
    return n;
}

// In-memory databases (tests, `content check`) have no key folder: a key per connection, for this process only.
AuditKey memory_key(const void* handle)
{
    static std::mutex mutex;
    static std::map<const void*, AuditKey> keys;
    std::lock_guard lock(mutex);
    auto [it, added] = keys.try_emplace(handle);
    if (added) randombytes_buf(it->second.bytes.data(), it->second.bytes.size());
    return it->second;
}

bool in_memory(const storage::Database& db) { return db.path().empty() || db.path() == ":memory:"; }

// After a commit: the last entry, when its MAC checks, becomes the head unless the head file is already further on
// (another process committed after us; or the log was cut short, which verify must keep finding).
void write_head_after_commit(storage::Database& db, const AuditKey& key)
{
    try {
        auto st = db.prepare(std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY id DESC LIMIT 1");
        if (!st.step()) return;
        const AuditEntry last = read_audit(st);
        if (!last.keyed || audit_mac(key, last) != last.hash) return;
        const auto file = audit_head_path(db);
        if (auto head = read_audit_head(file); head && head->id >= last.id) return;
        write_audit_head(file, {last.id, last.hash});
    } catch (const std::exception&) {
        // The commit stands; the head stays where it was (verify accepts entries beyond the head whose MACs check).
    }
}

} // namespace

std::filesystem::path audit_key_path(const storage::Database& db) { return content::key_folder(db.path()) / kAuditKeyFile; }
std::filesystem::path audit_head_path(const storage::Database& db) { return content::key_folder(db.path()) / kAuditHeadFile; }

std::string audit_hash(const AuditEntry& e)
{
    json j = {e.id, e.at_ms, e.actor, e.action, e.entity, e.detail, e.prev_hash};
    const std::string s = j.dump();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(s.data()), s.size());
    std::string hex(digest.size() * 2, '0');
    sodium_bin2hex(hex.data(), hex.size() + 1, digest.data(), digest.size());
    return hex;
}

std::string audit_mac(const AuditKey& key, const AuditEntry& e)
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, key.bytes.data(), key.bytes.size(), 32);
    feed(h, "v", "SKAUDIT1");
    feed(h, "id", std::to_string(e.id));
    feed(h, "at", std::to_string(e.at_ms));
    feed(h, "actor", e.actor);
    feed(h, "action", e.action);
    feed(h, "entity", e.entity);
    feed(h, "detail", e.detail);
    feed(h, "row", e.row_digest);
    feed(h, "prev", e.prev_hash);
    unsigned char out[32];
    crypto_generichash_final(&h, out, sizeof out);
    return hex(out, sizeof out);
}

std::string ExamStore::row_digest(const std::string& entity)
{
    for (const auto& t : kProtected) {
        const std::string_view prefix(t.prefix);
        if (entity.compare(0, prefix.size(), prefix) != 0) continue;
        if (!table_exists(db_, t.table)) return "";
        auto st = db_.prepare(std::string("SELECT ") + t.columns + " FROM " + t.table + " WHERE " + t.key_column + " = ?");
        const std::string key = entity.substr(prefix.size());
        if (std::string_view(t.key_column) == "id") {
            std::int64_t id = 0;
            if (std::sscanf(key.c_str(), "%lld", reinterpret_cast<long long*>(&id)) != 1) return kAbsent;
            st.bind(1, id);
        } else {
            st.bind(1, key);
        }
        if (!st.step()) return kAbsent;
        return digest_row(t, st, count_columns(t.columns));
    }
    return "";
}

const AuditKey& ExamStore::append_key()
{
    if (key_) return *key_;
    if (sodium_init() < 0) throw AuditKeyError("libsodium could not be initialised");
    const auto recorded = setting(kAuditKeyIdSetting);
    if (in_memory(db_)) {
        key_ = memory_key(db_.identity());
        if (!recorded) set_setting(kAuditKeyIdSetting, key_->id());
        return *key_;
    }
    const auto file = audit_key_path(db_);
    if (recorded) {
        AuditKey key = load_audit_key(file);
        if (key.id() != *recorded)
            throw AuditKeyError(file.string() + ": this is not the audit key of " + db_.path().string() + " (key " +
                                key.id() + ", the database's is " + *recorded +
                                "); restore the database's own key folder from the installation's backup");
        key_ = key;
        return *key_;
    }
    // No keyed log yet. A head file says there was one: its entries and the record of its key were removed.
    const auto head_file = audit_head_path(db_);
    if (auto head = read_audit_head(head_file))
        throw AuditKeyError(head_file.string() + ": the audit log had " + std::to_string(head->id) +
                            " entries, but " + db_.path().string() +
                            " has no keyed audit log: its entries were removed, or this is another database. If it is "
                            "a new database, move audit.key and audit.head out of " + head_file.parent_path().string());
    // A key without a record: made by an append whose transaction did not commit. Taken on; never replaced.
    std::error_code ec;
    AuditKey key = std::filesystem::symlink_status(file, ec).type() != std::filesystem::file_type::not_found
                       ? load_audit_key(file)
                       : create_audit_key(file);
    set_setting(kAuditKeyIdSetting, key.id());
    key_ = key;
    return *key_;
}

void ExamStore::insert_audit(AuditEntry e, const AuditKey& key)
{
    {
        auto st = db_.prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
        if (st.step()) {
            e.id = st.int64(0) + 1;
            e.prev_hash = st.text(1);
        } else {
            e.id = 1;
            e.prev_hash = std::string(64, '0');
        }
    }
    e.keyed = true;
    e.hash = audit_mac(key, e);
    auto st = db_.prepare("INSERT INTO audit_log(id, at_ms, actor, action, entity, detail, prev_hash, hash, keyed, "
                          "row_digest) VALUES(?, ?, ?, ?, ?, ?, ?, ?, 1, ?)");
    st.bind_all(e.id, e.at_ms, e.actor, e.action, e.entity, e.detail, e.prev_hash, e.hash, e.row_digest).run();
    if (!in_memory(db_)) {
        storage::Database* db = &db_;
        db_.after_commit("audit.head", [db, key] { write_head_after_commit(*db, key); });
    }
}

// An unkeyed log (made before the audit key): its last hash is carried into the first keyed entry, and every
// protected row as it stands now is recorded, so that later changes outside SafeKiosk are found.
void ExamStore::seal_unkeyed_log(std::int64_t at_ms, const AuditKey& key)
{
    std::int64_t count = 0;
    {
        auto st = db_.prepare("SELECT count(*) FROM audit_log WHERE keyed = 0");
        if (st.step()) count = st.int64(0);
    }
    if (count == 0) return;
    {
        auto st = db_.prepare("SELECT count(*) FROM audit_log WHERE keyed = 1");
        if (st.step() && st.int64(0) > 0) return;
    }
    auto last = db_.prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    last.step();
    insert_audit({0, at_ms, "system", "audit.seal", "audit_log",
                  std::to_string(count) + " unkeyed entries sealed, up to entry " + std::to_string(last.int64(0)) +
                      " (hash " + last.text(1) + ")",
                  "", "", true, ""},
                 key);
    for (const auto& t : kProtected) {
        if (!table_exists(db_, t.table)) continue;
        auto st = db_.prepare(std::string("SELECT ") + t.key_column + " FROM " + t.table + " ORDER BY " + t.key_column);
        std::vector<std::string> keys;
        while (st.step()) keys.push_back(st.text(0));
        for (const auto& k : keys) {
            const std::string entity = t.prefix + k;
            insert_audit({0, at_ms, "system", "audit.baseline", entity, "as found when the log was sealed", "", "", true,
                          row_digest(entity)},
                         key);
        }
    }
}

void ExamStore::append_audit(std::int64_t at_ms, const std::string& actor, const std::string& action,
                             const std::string& entity, const std::string& detail)
{
    storage::Savepoint sp(db_, "audit_append");
    // Entries are chained: the next reads the head the last one wrote. Writers on a server take turns here.
    db_.serialize("audit_log");
    const bool new_key = !key_ && !setting(kAuditKeyIdSetting);
    const AuditKey& key = append_key();
    if (new_key) seal_unkeyed_log(at_ms, key);
    insert_audit({0, at_ms, actor, action, entity, detail, "", "", true, row_digest(entity)}, key);
    sp.release();
}

std::int64_t ExamStore::last_audit_id()
{
    auto st = db_.prepare("SELECT COALESCE(MAX(id), 0) FROM audit_log");
    st.step();
    return st.int64(0);
}

std::vector<AuditEntry> ExamStore::audit_entries(std::int64_t after_id, int limit)
{
    auto st = db_.prepare(std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?");
    // A negative limit reads every entry from after_id on.
    st.bind_all(after_id, limit < 0 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> out;
    while (st.step()) out.push_back(read_audit(st));
    return out;
}

std::optional<AuditEntry> ExamStore::last_audit_entry(const std::string& entity, const std::string& action)
{
    auto st = db_.prepare(std::string("SELECT ") + kAuditColumns +
                          " FROM audit_log WHERE entity = ? AND action = ? ORDER BY id DESC LIMIT 1");
    st.bind_all(entity, action);
    if (!st.step()) return std::nullopt;
    return read_audit(st);
}

std::vector<AuditProblem> ExamStore::verify_audit()
{
    std::vector<AuditProblem> problems;
    const auto entries = audit_entries();
    bool any_keyed = false;
    for (const auto& e : entries) any_keyed = any_keyed || e.keyed;
    const auto recorded = setting(kAuditKeyIdSetting);

    // The key: never made here, only read.
    std::optional<AuditKey> key;
    if (in_memory(db_)) {
        if (recorded) key = memory_key(db_.identity());
    } else {
        const auto file = audit_key_path(db_);
        std::error_code ec;
        const bool key_file = std::filesystem::symlink_status(file, ec).type() != std::filesystem::file_type::not_found;
        if (recorded || any_keyed || key_file) {
            try {
                key = load_audit_key(file);
            } catch (const AuditKeyError& e) {
                problems.push_back({0, e.what()});
            }
        }
    }
    if (key && recorded && key->id() != *recorded) {
        problems.push_back({0, audit_key_path(db_).string() + ": not the audit key of this database (key " + key->id() +
                                   ", the database's is " + *recorded +
                                   "); the keyed entries cannot be checked. Restore the database's own key folder"});
        key.reset();
    }
    if (any_keyed && !recorded)
        problems.push_back({0, "the database's record of its audit key was removed (setting " +
                                   std::string(kAuditKeyIdSetting) + ")"});
    if (recorded && !entries.empty() && !any_keyed)
        problems.push_back({entries.back().id, "the log has no keyed entry though the database has an audit key: it was "
                                               "rewritten without the key (re-chained)"});

    // The chain.
    std::string prev(64, '0');
    std::int64_t expected_id = 1;
    bool seen_keyed = false;
    for (const auto& e : entries) {
        if (e.id != expected_id)
            problems.push_back({e.id, "entries " + std::to_string(expected_id) + "–" + std::to_string(e.id - 1) +
                                          " are missing (deleted)"});
        if (e.prev_hash != prev)
            problems.push_back({e.id, "does not follow the entry before it (an entry was inserted, deleted or edited)"});
        if (e.keyed) {
            seen_keyed = true;
            if (key && audit_mac(*key, e) != e.hash)
                problems.push_back({e.id, "its content was changed after it was written (its keyed MAC does not match)"});
        } else if (seen_keyed) {
            problems.push_back({e.id, "an unkeyed entry after keyed ones: written or re-chained without the audit key"});
        } else if (audit_hash(e) != e.hash) {
            problems.push_back({e.id, "its content was changed after it was written"});
        }
        prev = e.hash;
        expected_id = e.id + 1;
    }

    // The head: the last entry committed, kept beside the key. The log may run past it (a crash between a commit and
    // the head's update), never fall short of it or differ at it.
    if (!in_memory(db_)) {
        const auto head_file = audit_head_path(db_);
        try {
            if (auto head = read_audit_head(head_file)) {
                const AuditEntry* at = nullptr;
                for (const auto& e : entries)
                    if (e.id == head->id) at = &e;
                if (!at)
                    problems.push_back({head->id, "missing: the head file " + head_file.string() + " records entry " +
                                                      std::to_string(head->id) + " but the log ends at entry " +
                                                      std::to_string(entries.empty() ? 0 : entries.back().id) +
                                                      " (entries were deleted from the end)"});
                else if (!at->keyed || at->hash != head->mac)
                    problems.push_back({head->id, "differs from the entry the head file " + head_file.string() +
                                                      " records: the log was rewritten (re-chained)"});
            }
        } catch (const AuditKeyError& e) {
            problems.push_back({0, e.what()});
        }
    }

    // Protected rows against the latest keyed entry about each.
    if (!any_keyed) return problems;
    std::map<std::string, std::pair<std::int64_t, std::string>> latest;
    for (const auto& e : entries)
        if (e.keyed && !e.row_digest.empty()) latest[e.entity] = {e.id, e.row_digest};
    for (const auto& t : kProtected) {
        if (!table_exists(db_, t.table)) continue;
        const int n = count_columns(t.columns);
        auto st = db_.prepare(std::string("SELECT ") + t.columns + ", " + t.key_column + " FROM " + t.table +
                              " ORDER BY " + t.key_column);
        std::set<std::string> present;
        const std::string where = std::string("table ") + t.table + ", " + t.key_column + " ";
        while (st.step()) {
            const std::string k = st.text(n);
            const std::string entity = t.prefix + k;
            present.insert(entity);
            const auto digest = digest_row(t, st, n);
            auto it = latest.find(entity);
            if (it == latest.end())
                problems.push_back({0, where + k + ": not in the audit log: the row was added outside SafeKiosk"});
            else if (it->second.second != digest)
                problems.push_back({it->second.first, where + k + ": changed outside SafeKiosk: the row differs from "
                                                       "what audit entry " + std::to_string(it->second.first) +
                                                       " recorded"});
        }
        for (const auto& [entity, last] : latest) {
            if (entity.compare(0, std::strlen(t.prefix), t.prefix) != 0 || present.count(entity) || last.second == kAbsent)
                continue;
            problems.push_back({last.first, where + entity.substr(std::strlen(t.prefix)) +
                                                ": deleted outside SafeKiosk: audit entry " + std::to_string(last.first) +
                                                " records the row"});
        }
    }
    return problems;
}

std::optional<std::string> ExamStore::audit_key_id() { return setting(kAuditKeyIdSetting); }

std::optional<std::string> ExamStore::setting(const std::string& key)
{
    auto st = db_.prepare("SELECT value FROM setting WHERE key = ?");
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

bool ExamStore::record_moved_away(std::int64_t attempt_id, std::int64_t at_ms, std::string* audit_problem)
{
    if (moved_away(attempt_id)) return false;
    set_setting(moved_away_key(attempt_id), std::to_string(at_ms));
    try {
        // append_audit rolls its own savepoint back when it fails: the setting above stays.
        append_audit(at_ms, "centre", "attempt.moved_away", "attempt:" + std::to_string(attempt_id),
                     "考点已将本场考试转到其他考位，本机不再记录作答");
    } catch (const std::exception& e) {
        if (audit_problem) *audit_problem = e.what();
    }
    return true;
}

bool ExamStore::moved_away(std::int64_t attempt_id) { return setting(moved_away_key(attempt_id)).has_value(); }

void ExamStore::set_setting(const std::string& key, const std::string& value)
{
    auto st = db_.prepare("INSERT INTO setting(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind_all(key, value).run();
}

void ExamStore::remove_setting(const std::string& key)
{
    db_.prepare("DELETE FROM setting WHERE key = ?").bind_all(key).run();
}

std::int64_t ExamStore::add_user(const User& u)
{
    auto st = db_.prepare("INSERT INTO app_user(login, name, password_hash, roles, provider) VALUES(?, ?, ?, ?, ?)");
    st.bind_all(u.login, u.name, u.password_hash, json(u.roles).dump(), u.provider).run();
    return db_.last_insert_id();
}

std::optional<User> ExamStore::user(const std::string& login)
{
    auto st = db_.prepare("SELECT id, login, name, password_hash, roles, provider FROM app_user WHERE login = ?");
    st.bind(1, login);
    if (!st.step()) return std::nullopt;
    return User{st.int64(0), st.text(1), st.text(2), st.text(3), json::parse(st.text(4)).get<std::vector<std::string>>(),
                st.text(5)};
}

std::vector<User> ExamStore::users()
{
    auto st = db_.prepare("SELECT id, login, name, password_hash, roles, provider FROM app_user ORDER BY login");
    std::vector<User> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3),
                       json::parse(st.text(4)).get<std::vector<std::string>>(), st.text(5)});
    return out;
}

void ExamStore::set_user_roles(const std::string& login, const std::vector<std::string>& roles)
{
    auto st = db_.prepare("UPDATE app_user SET roles = ? WHERE login = ?");
    st.bind_all(json(roles).dump(), login).run();
}

void ExamStore::set_user_provider(const std::string& login, const std::string& provider)
{
    auto st = db_.prepare("UPDATE app_user SET provider = ? WHERE login = ?");
    st.bind_all(provider, login).run();
}

void ExamStore::set_user_password(const std::string& login, const std::string& hash)
{
    auto st = db_.prepare("UPDATE app_user SET password_hash = ?, failed_sign_ins = 0, locked_until_ms = 0 WHERE login = ?");
    st.bind_all(hash, login).run();
}

std::int64_t ExamStore::count_users()
{
    auto st = db_.prepare("SELECT count(*) FROM app_user");
    st.step();
    return st.int64(0);
}

SignInState ExamStore::sign_in_state(const std::string& login)
{
    auto st = db_.prepare("SELECT failed_sign_ins, locked_until_ms FROM app_user WHERE login = ?");
    st.bind(1, login);
    if (!st.step()) return {};
    return {st.integer(0), st.int64(1)};
}

void ExamStore::set_sign_in_state(const std::string& login, const SignInState& s)
{
    auto st = db_.prepare("UPDATE app_user SET failed_sign_ins = ?, locked_until_ms = ? WHERE login = ?");
    st.bind_all(s.failures, s.locked_until_ms, login).run();
}

} // namespace sk::exam
