#include "content/storage/content_store.hpp"

#include "content/catalogue_seed.hpp"
#include "content/zh_hk/texts.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace sk::content {

using storage::Database;
using storage::Statement;
using json = nlohmann::json;

namespace {

const char* kSchemaV1 = R"sql(
CREATE TABLE category(
  id    INTEGER PRIMARY KEY,
  track TEXT NOT NULL CHECK(track IN ('special','manager')),
  name  TEXT NOT NULL UNIQUE,
  sort  INTEGER NOT NULL);
CREATE TABLE item(
  id          INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES category(id),
  name        TEXT NOT NULL,
  sort        INTEGER NOT NULL,
  UNIQUE(category_id, name));
CREATE TABLE exhibit(
  id       INTEGER PRIMARY KEY,
  uid      TEXT NOT NULL UNIQUE,
  title    TEXT NOT NULL,
  industry TEXT NOT NULL,
  date     TEXT NOT NULL,
  place    TEXT NOT NULL,
  deaths   INTEGER NOT NULL,
  injuries INTEGER NOT NULL,
  summary  TEXT NOT NULL,
  body     TEXT NOT NULL);   -- JSON: timeline, causes, violations, lessons, do_instead, images
CREATE TABLE question(
  id           INTEGER PRIMARY KEY,   -- one row per version
  uid          TEXT NOT NULL,
  version      INTEGER NOT NULL,
  current      INTEGER NOT NULL DEFAULT 1,  -- 1 on the latest version of the uid
  type         TEXT NOT NULL CHECK(type IN ('tf','single','multi')),
  item_id      INTEGER REFERENCES item(id),
  exhibit_id   INTEGER REFERENCES exhibit(id) ON DELETE CASCADE,
  quiz_order   INTEGER NOT NULL DEFAULT 0,
  chapter      TEXT NOT NULL,
  difficulty   INTEGER NOT NULL CHECK(difficulty BETWEEN 1 AND 5),
  pool         TEXT NOT NULL CHECK(pool IN ('practice','exam','both')),
  status       TEXT NOT NULL CHECK(status IN ('draft','published','retired')),
  stem         TEXT NOT NULL,
  options      TEXT NOT NULL,          -- JSON array of strings
  answer       TEXT NOT NULL,
  explanation  TEXT NOT NULL,
  image        TEXT,
  content_hash TEXT NOT NULL,
  CHECK((item_id IS NULL) <> (exhibit_id IS NULL)),
  UNIQUE(uid, version));
CREATE INDEX question_pick ON question(item_id, current, status, type, chapter);
CREATE INDEX question_hash ON question(content_hash);
CREATE INDEX question_exhibit ON question(exhibit_id);
CREATE TABLE media(
  path TEXT PRIMARY KEY,
  data BLOB NOT NULL);
)sql";

// Step 2: only exhibit quiz questions have an exhibit, so the index of exhibit_id holds only them; an import of
// catalogue questions no longer writes a NULL entry into it for every question.
const char* kSchemaV2 = R"sql(
DROP INDEX question_exhibit;
CREATE INDEX question_exhibit ON question(exhibit_id) WHERE exhibit_id IS NOT NULL;
)sql";

// Step 3: a revision of the question bank, raised in the same transaction as every write to the question table
// (ContentStore::bump_question_revision), so that a reader holding an index of the bank (the exam service's drawing
// pool) knows with one primary-key read whether it is still current.
const char* kSchemaV3 = R"sql(
CREATE TABLE store_revision(
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL);
INSERT INTO store_revision(name, value) VALUES('question', 1);
)sql";

// Step 4: the zh-HK (Traditional Chinese, Hong Kong) text of every Simplified text of the content: OpenCC's s2hk
// conversion with the correction list applied, and an editor's correction (content/zh_hk/texts.hpp). The step
// converts the content already stored.
const char* kSchemaV4 = R"sql(
CREATE TABLE zh_hk_text(
  id          INTEGER PRIMARY KEY,
  source_hash TEXT NOT NULL UNIQUE,   -- hex SHA-256 of the Simplified text
  source      TEXT NOT NULL,          -- the Simplified text
  converted   TEXT NOT NULL,          -- OpenCC s2hk, then content/zh_hk/corrections.tsv
  corrected   TEXT);                  -- an editor's text, shown instead when set
)sql";

void convert_stored_content(Database& db) { zh_hk::store_all_content_texts(db); }

void seed_catalogue(Database& db)
{
    auto cat = db.prepare("INSERT INTO category(track, name, sort) VALUES(?, ?, ?)");
    auto item = db.prepare("INSERT INTO item(category_id, name, sort) VALUES(?, ?, ?)");
    int csort = 0;
    for (const auto& c : catalogue_seed()) {
        cat.bind_all(std::string(to_string(c.track)), c.category, ++csort).run();
        auto cid = db.last_insert_id();
        int isort = 0;
        for (const auto& i : c.items) item.bind_all(cid, i, ++isort).run();
    }
}

constexpr const char* kQuestionColumns =
    "q.id, q.uid, q.version, q.type, c.name, i.name, q.chapter, q.difficulty, q.pool, q.status, q.stem, q.options, "
    "q.answer, q.explanation, q.image";
constexpr const char* kQuestionFrom =
    " FROM question q LEFT JOIN item i ON i.id = q.item_id LEFT JOIN category c ON c.id = i.category_id";

std::string options_json(const std::vector<std::string>& options) { return json(options).dump(); }

// save_questions rebuilds the question table's indexes for a batch of at least this many questions (and at least
// as many as the table holds); below it, inserting into the indexes costs less than sorting them again.
constexpr std::size_t kRebuildIndexesFrom = 1000;

bool has_statistics(Database& db) { return db.has_table("sqlite_stat1"); }

} // namespace

const storage::Schema& schema()
{
    static const storage::Schema s{"content", {{1, kSchemaV1, seed_catalogue}, {2, kSchemaV2, nullptr}, {3, kSchemaV3, nullptr}, {4, kSchemaV4, convert_stored_content}}};
    return s;
}

const Catalogue& ContentStore::catalogue()
{
    if (catalogue_cache_) return *catalogue_cache_;
    Catalogue cat;
    auto st = db_.prepare("SELECT id, track, name FROM category ORDER BY sort");
    while (st.step())
        cat.categories.push_back({st.int64(0), parse_track(st.text(1)).value_or(Track::Special), st.text(2)});
    auto it = db_.prepare("SELECT i.id, i.category_id, c.track, c.name, i.name FROM item i JOIN category c ON "
                          "c.id = i.category_id ORDER BY c.sort, i.sort");
    while (it.step())
        cat.items.push_back(
            {it.int64(0), it.int64(1), parse_track(it.text(2)).value_or(Track::Special), it.text(3), it.text(4)});
    catalogue_cache_ = std::move(cat);
    return *catalogue_cache_;
}

namespace {
// Resets a cached statement when the scope that used it ends, so it holds no read state between uses.
struct ResetOnExit {
    Statement& st;
    ~ResetOnExit() { st.reset(); }
};
} // namespace

Statement& ContentStore::cached(const char* sql)
{
    auto it = statements_.find(sql);
    if (it == statements_.end())
        it = statements_.emplace(sql, std::make_unique<Statement>(db_.prepare(sql))).first;
    it->second->reset();
    return *it->second;
}

std::optional<std::int64_t> ContentStore::item_id_for(const Question& q)
{
    if (!catalogue_cache_) catalogue();
    const Item* item = catalogue_cache_->find(q.category, q.item);
    if (!item) return std::nullopt;
    return item->id;
}

bool ContentStore::has_content_hash(const std::string& hash)
{
    auto st = db_.prepare("SELECT 1 FROM question WHERE content_hash = ? AND current = 1");
    st.bind(1, hash);
    return st.step();
}

std::optional<std::string> ContentStore::uid_of(std::int64_t id)
{
    auto& st = cached("SELECT uid FROM question WHERE id = ?");
    ResetOnExit reset{st};
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

std::vector<QuestionCount> ContentStore::question_counts()
{
    auto st = db_.prepare("SELECT c.name, i.name, q.type, q.pool, q.status, q.chapter, count(*) FROM question q "
                          "JOIN item i ON i.id = q.item_id JOIN category c ON c.id = i.category_id "
                          "WHERE q.current = 1 GROUP BY q.item_id, q.type, q.pool, q.status, q.chapter "
                          "ORDER BY c.sort, i.sort, q.type, q.pool, q.status, min(q.id)");
    std::vector<QuestionCount> out;
    while (st.step())
        out.push_back({st.text(0), st.text(1), parse_question_type(st.text(2)).value_or(QuestionType::Single),
                       parse_pool(st.text(3)).value_or(Pool::Both), parse_status(st.text(4)).value_or(Status::Draft),
                       st.text(5), st.int64(6)});
    return out;
}

template <class FindIdentical>
SaveResult ContentStore::write_question(const Question& q, std::int64_t item_id, const std::string& hash,
                                        const std::optional<CurrentRow>& current, FindIdentical&& find_identical)
{
    std::optional<std::string> image = q.image.empty() ? std::nullopt : std::optional(q.image);
    if (current) {
        const auto id = current->id;
        const int version = current->version;
        if (current->hash == hash) {
            // Only classification fields may differ: update in place.
            auto& upd = cached("UPDATE question SET chapter=?, difficulty=?, pool=?, status=?, explanation=?, image=? "
                               "WHERE id=? AND (chapter IS DISTINCT FROM ? OR difficulty IS DISTINCT FROM ? OR "
                               "pool IS DISTINCT FROM ? OR status IS DISTINCT FROM ? OR explanation IS DISTINCT FROM ? "
                               "OR image IS DISTINCT FROM ?)");
            upd.bind_all(q.chapter, q.difficulty, std::string(to_string(q.pool)), std::string(to_string(q.status)),
                         q.explanation, image, id, q.chapter, q.difficulty, std::string(to_string(q.pool)),
                         std::string(to_string(q.status)), q.explanation, image)
                .run();
            return {db_.changes() > 0 ? SaveOutcome::Updated : SaveOutcome::Duplicate, id, version};
        }
        if (current->status == Status::Draft) {
            auto& upd = cached("UPDATE question SET type=?, item_id=?, chapter=?, difficulty=?, pool=?, status=?, "
                               "stem=?, options=?, answer=?, explanation=?, image=?, content_hash=? WHERE id=?");
            upd.bind_all(std::string(to_string(q.type)), item_id, q.chapter, q.difficulty,
                         std::string(to_string(q.pool)), std::string(to_string(q.status)), q.stem,
                         options_json(q.options), q.answer, q.explanation, image, hash, id)
                .run();
            return {SaveOutcome::Updated, id, version};
        }
        // A published or retired version may have been shown on a paper: keep it, add a new version.
        auto& old = cached("UPDATE question SET current = 0 WHERE id = ?");
        old.bind(1, id).run();
        const int next = std::max(version + 1, q.version);
        auto& ins = cached("INSERT INTO question(uid, version, current, type, item_id, chapter, difficulty, pool, "
                           "status, stem, options, answer, explanation, image, content_hash) "
                           "VALUES(?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ins.bind_all(q.uid, next, std::string(to_string(q.type)), item_id, q.chapter, q.difficulty,
                     std::string(to_string(q.pool)), std::string(to_string(q.status)), q.stem, options_json(q.options),
                     q.answer, q.explanation, image, hash)
            .run();
        return {SaveOutcome::NewVersion, db_.last_insert_id(), next};
    }
    if (auto identical = find_identical()) return {SaveOutcome::Duplicate, identical->first, identical->second};
    auto& ins = cached("INSERT INTO question(uid, version, current, type, item_id, chapter, difficulty, pool, "
                       "status, stem, options, answer, explanation, image, content_hash) "
                       "VALUES(?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind_all(q.uid, q.version, std::string(to_string(q.type)), item_id, q.chapter, q.difficulty,
                 std::string(to_string(q.pool)), std::string(to_string(q.status)), q.stem, options_json(q.options),
                 q.answer, q.explanation, image, hash)
        .run();
    return {SaveOutcome::Inserted, db_.last_insert_id(), q.version};
}

SaveResult ContentStore::save_question(const Question& q, bool skip_identical)
{
    auto item_id = item_id_for(q);
    if (!item_id)
        throw std::invalid_argument("'" + q.category + " / " + q.item + "' is not in the catalogue");
    const std::string hash = q.content_hash();

    std::optional<CurrentRow> current;
    {
        auto& cur = cached("SELECT id, version, status, content_hash FROM question WHERE uid = ? AND current = 1");
        ResetOnExit reset_cur{cur};
        cur.bind(1, q.uid);
        if (cur.step())
            current = CurrentRow{cur.int64(0), cur.integer(1), parse_status(cur.text(2)).value_or(Status::Draft),
                                 cur.text(3)};
    }
    storage::Savepoint step(db_, "save_question");
    const SaveResult r = write_question(q, *item_id, hash, current, [&]() -> std::optional<std::pair<std::int64_t, int>> {
        if (!skip_identical) return std::nullopt;
        auto& dup = cached("SELECT id, version FROM question WHERE content_hash = ? AND current = 1");
        ResetOnExit reset_dup{dup};
        dup.bind(1, hash);
        if (!dup.step()) return std::nullopt;
        return std::pair{dup.int64(0), dup.integer(1)};
    });
    if (r.outcome != SaveOutcome::Duplicate) {
        bump_question_revision();
        zh_hk::TextStore(db_).store(zh_hk::question_texts(q));
    }
    step.release();
    return r;
}

void ContentStore::bump_question_revision()
{
    cached("UPDATE store_revision SET value = value + 1 WHERE name = 'question'").run();
}

std::int64_t ContentStore::question_revision()
{
    auto& st = cached("SELECT value FROM store_revision WHERE name = 'question'");
    ResetOnExit reset{st};
    return st.step() ? st.int64(0) : 0;
}

std::vector<SaveResult> ContentStore::save_questions(const std::vector<Question>& qs, bool skip_identical,
                                                     const std::vector<std::string>& hashes)
{
    if (!hashes.empty() && hashes.size() != qs.size())
        throw std::invalid_argument("save_questions: one hash per question, or none");
    std::vector<SaveResult> results;
    results.reserve(qs.size());
    if (qs.empty()) return results;
    // The question table's CHECK constraints cost a fifth of a bulk import: SQLite refills a temporary table for each
    // of the three IN lists (type, pool, status) on every row written. This batch checks the same conditions itself
    // before writing anything: type, pool and status are written from their enums, the item is always set and the
    // exhibit never (a uid of an exhibit's quiz question is refused, so no update reaches a quiz row), and the
    // difficulty is checked below. Its statements run with the constraints off
    // (PRAGMA ignore_check_constraints, switched back on when it returns or throws).
    for (const Question& q : qs)
        if (q.difficulty < 1 || q.difficulty > 5)
            throw std::invalid_argument("question '" + q.uid + "': difficulty must be 1 to 5, got " +
                                        std::to_string(q.difficulty));
    storage::Savepoint batch(db_, "save_questions");
    const bool sqlite = db_.engine() == storage::Engine::SQLite;
    // One batch at a time writes questions (PostgreSQL lets several writers in at once; the current rows read below
    // must stay current until this batch commits).
    db_.serialize("question");
    struct ChecksOff {
        Database& db;
        bool on;
        ChecksOff(Database& d, bool sqlite) : db(d), on(sqlite)
        {
            if (on) db.exec("PRAGMA ignore_check_constraints=ON");
        }
        ~ChecksOff()
        {
            try {
                if (on) db.exec("PRAGMA ignore_check_constraints=OFF");
            } catch (const storage::StorageError&) {
            }
        }
    } checks_off{db_, sqlite};
    // Everything current, read once: uid → row, content hash → rows, and the uids of exhibit quiz questions.
    std::unordered_map<std::string, CurrentRow> by_uid;
    std::unordered_multimap<std::string, std::pair<std::int64_t, int>> by_hash;
    std::unordered_set<std::string> quiz_uids;
    by_uid.reserve(qs.size());
    by_hash.reserve(qs.size());
    {
        auto st = db_.prepare("SELECT id, uid, version, status, content_hash, exhibit_id IS NOT NULL FROM question "
                              "WHERE current = 1 ORDER BY id");
        while (st.step()) {
            CurrentRow row{st.int64(0), st.integer(2), parse_status(st.text(3)).value_or(Status::Draft), st.text(4)};
            by_hash.emplace(row.hash, std::pair{row.id, row.version});
            if (st.int64(5)) quiz_uids.insert(st.text(1));
            by_uid.emplace(st.text(1), std::move(row));
        }
    }
    // Ids of new rows. SQLite: the next after the largest (one writer at a time, and the rows written one by one
    // below take the same ids SQLite would give them). PostgreSQL: from the table's identity sequence, a block at a
    // time, so that they never clash with rows other connections add.
    std::int64_t next_id = 1, stored_rows = 0;
    {
        auto st = db_.prepare("SELECT coalesce(max(id), 0) + 1, count(*) FROM question");
        st.step();
        next_id = st.int64(0);
        stored_rows = st.int64(1);
    }
    std::vector<std::int64_t> id_block;
    std::size_t id_used = 0;
    auto new_id = [&]() -> std::int64_t {
        if (sqlite) return next_id++;
        if (id_used == id_block.size()) {
            id_block.clear();
            id_used = 0;
            auto& ids = cached("SELECT nextval(pg_get_serial_sequence('question', 'id')) FROM generate_series(1, ?)");
            ids.bind(1, std::int64_t{256});
            while (ids.step()) id_block.push_back(ids.int64(0));
            ids.reset();
        }
        return id_block[id_used++];
    };
    // A batch at least as large as the table (a first import, or one that doubles the bank) is written without the
    // table's own indexes, which are then built again from their stored definitions: SQLite sorts each index once
    // instead of inserting every row at a random place of every B-tree (of 100,000 rows, the index of 64-character
    // content hashes alone cost a quarter of the saving). The savepoint makes the drop, the rows and the rebuild one
    // step. Skipped when ANALYZE statistics exist: dropping an index deletes its statistics.
    std::vector<std::string> rebuild; // CREATE INDEX statements of the indexes dropped for this batch
    if (sqlite && qs.size() >= kRebuildIndexesFrom && static_cast<std::int64_t>(qs.size()) >= stored_rows &&
        !has_statistics(db_)) {
        std::vector<std::string> names;
        auto st = db_.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'question' "
                              "AND sql IS NOT NULL ORDER BY name");
        while (st.step()) {
            names.push_back(st.text(0));
            rebuild.push_back(st.text(1));
        }
        st.reset();
        // DDL takes no bound parameters: the names and definitions are the database's own, from sqlite_master.
        for (const auto& name : names) db_.exec("DROP INDEX " + storage::quote_identifier(name));
    }
    auto forget_hash = [&](const std::string& hash, std::int64_t id) {
        auto [first, last] = by_hash.equal_range(hash);
        for (auto it = first; it != last; ++it)
            if (it->second.first == id) {
                by_hash.erase(it);
                return;
            }
    };

    // New questions are written many rows per INSERT: the table's CHECK constraints build their IN lists once per
    // statement run, and one run per row cost more than the rows themselves.
    struct Pending {
        const Question* q;
        std::int64_t id;
        std::int64_t item_id;
        std::string hash;
    };
    std::vector<Pending> pending;
    std::vector<std::string> options; // the options of the rows of one INSERT, as JSON
    constexpr std::size_t kRowsPerInsert = 64;
    // PostgreSQL: the new rows of the batch go to the server in COPY streams of up to kRowsPerCopy rows, each one
    // round trip instead of one per 64 rows, with no parameters to bind.
    constexpr std::size_t kRowsPerCopy = 4096;
    const std::size_t flush_at = sqlite ? kRowsPerInsert : kRowsPerCopy;
    auto flush = [&] {
        if (!sqlite) {
            if (pending.empty()) return;
            storage::Copy copy(db_, "question", {"id", "uid", "version", "current", "type", "item_id", "chapter",
                                                 "difficulty", "pool", "status", "stem", "options", "answer",
                                                 "explanation", "image", "content_hash"});
            for (const Pending& row : pending) {
                const Question& q = *row.q;
                copy.add(row.id).add(q.uid).add(q.version).add(1).add(to_string(q.type)).add(row.item_id);
                copy.add(q.chapter).add(q.difficulty).add(to_string(q.pool)).add(to_string(q.status)).add(q.stem);
                copy.add(options_json(q.options)).add(q.answer).add(q.explanation);
                if (q.image.empty()) copy.add_null();
                else copy.add(q.image);
                copy.add(row.hash);
                copy.end_row();
            }
            copy.finish();
            pending.clear();
            return;
        }
        std::size_t done = 0;
        while (done < pending.size()) {
            const std::size_t n = std::min(kRowsPerInsert, pending.size() - done);
            std::string sql = "INSERT INTO question(id, uid, version, current, type, item_id, chapter, difficulty, pool, "
                              "status, stem, options, answer, explanation, image, content_hash) VALUES ";
            for (std::size_t i = 0; i < n; ++i) sql += i ? ",(?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?)";
            auto& ins = cached(sql.c_str());
            // The texts are bound without a copy: the questions, the pending rows and `options` outlive run().
            options.clear();
            for (std::size_t i = 0; i < n; ++i) options.push_back(options_json(pending[done + i].q->options));
            for (std::size_t i = 0; i < n; ++i) {
                const Pending& row = pending[done + i];
                const Question& q = *row.q;
                const int b = static_cast<int>(i) * 15; // parameters of this row: b+1 … b+15
                ins.bind(b + 1, row.id);
                ins.bind_unowned(b + 2, q.uid);
                ins.bind(b + 3, q.version);
                ins.bind_unowned(b + 4, to_string(q.type));
                ins.bind(b + 5, row.item_id);
                ins.bind_unowned(b + 6, q.chapter);
                ins.bind(b + 7, q.difficulty);
                ins.bind_unowned(b + 8, to_string(q.pool));
                ins.bind_unowned(b + 9, to_string(q.status));
                ins.bind_unowned(b + 10, q.stem);
                ins.bind_unowned(b + 11, options[i]);
                ins.bind_unowned(b + 12, q.answer);
                ins.bind_unowned(b + 13, q.explanation);
                if (q.image.empty()) ins.bind_null(b + 14);
                else ins.bind_unowned(b + 14, q.image);
                ins.bind_unowned(b + 15, row.hash);
            }
            ins.run();
            done += n;
        }
        pending.clear();
    };

    // Catalogue item of each distinct (category, item) of the batch, looked up once.
    struct ItemKeyHash {
        std::size_t operator()(const std::pair<std::string_view, std::string_view>& k) const
        {
            return std::hash<std::string_view>()(k.first) * 31 + std::hash<std::string_view>()(k.second);
        }
    };
    std::unordered_map<std::pair<std::string_view, std::string_view>, std::int64_t, ItemKeyHash> item_ids;
    for (std::size_t index = 0; index < qs.size(); ++index) {
        const Question& q = qs[index];
        auto known_item = item_ids.find({q.category, q.item});
        if (known_item == item_ids.end()) {
            auto item_id = item_id_for(q);
            if (!item_id) throw std::invalid_argument("'" + q.category + " / " + q.item + "' is not in the catalogue");
            known_item = item_ids.emplace(std::pair<std::string_view, std::string_view>(q.category, q.item), *item_id).first;
        }
        const std::optional<std::int64_t> item_id = known_item->second;
        std::string hash = hashes.empty() ? q.content_hash() : hashes[index];
        // Writing a catalogue question over an exhibit's quiz question could leave a row with both an item and an
        // exhibit, which the CHECK constraints (off for this batch) would refuse.
        if (quiz_uids.count(q.uid))
            throw std::invalid_argument("question '" + q.uid + "': the uid of an exhibit's quiz question");
        auto found = by_uid.find(q.uid);
        std::optional<CurrentRow> current;
        if (found != by_uid.end()) current = found->second;
        auto identical = [&]() -> std::optional<std::pair<std::int64_t, int>> {
            if (!skip_identical) return std::nullopt;
            std::optional<std::pair<std::int64_t, int>> best;
            auto [first, last] = by_hash.equal_range(hash);
            for (auto it = first; it != last; ++it)
                if (!best || it->second.first < best->first) best = it->second;
            return best;
        };
        if (!current) {
            if (auto same = identical()) {
                results.push_back({SaveOutcome::Duplicate, same->first, same->second});
                continue;
            }
            const std::int64_t id = new_id();
            by_uid[q.uid] = CurrentRow{id, q.version, q.status, hash};
            by_hash.emplace(hash, std::pair{id, q.version});
            results.push_back({SaveOutcome::Inserted, id, q.version});
            pending.push_back({&q, id, *item_id, std::move(hash)});
            if (pending.size() >= flush_at) flush();
            continue;
        }
        flush(); // the rows below may change a row still pending
        SaveResult r = write_question(q, *item_id, hash, current, identical);
        next_id = std::max(next_id, r.id + 1);
        // Keep the in-memory view equal to the table.
        if (r.outcome == SaveOutcome::NewVersion || (r.outcome == SaveOutcome::Updated && current->hash != hash)) {
            forget_hash(current->hash, current->id);
            by_hash.emplace(hash, std::pair{r.id, r.version});
        }
        if (r.outcome != SaveOutcome::Duplicate) by_uid[q.uid] = CurrentRow{r.id, r.version, q.status, hash};
        results.push_back(r);
    }
    flush();
    for (const auto& sql : rebuild) db_.exec(sql);
    if (std::any_of(results.begin(), results.end(), [](const SaveResult& r) { return r.outcome != SaveOutcome::Duplicate; }))
        bump_question_revision();
    batch.release();
    return results;
}

Question ContentStore::read_question(Statement& st)
{
    Question q;
    q.id = st.int64(0);
    q.uid = st.text(1);
    q.version = st.integer(2);
    q.type = parse_question_type(st.text(3)).value_or(QuestionType::Single);
    q.category = st.text(4);
    q.item = st.text(5);
    q.chapter = st.text(6);
    q.difficulty = st.integer(7);
    q.pool = parse_pool(st.text(8)).value_or(Pool::Both);
    q.status = parse_status(st.text(9)).value_or(Status::Draft);
    q.stem = st.text(10);
    q.options = json::parse(st.text(11)).get<std::vector<std::string>>();
    q.answer = st.text(12);
    q.explanation = st.text(13);
    q.image = st.optional_text(14).value_or("");
    return q;
}

std::optional<Question> ContentStore::question(std::int64_t id)
{
    auto st = db_.prepare(std::string("SELECT ") + kQuestionColumns + kQuestionFrom + " WHERE q.id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_question(st);
}

std::optional<Question> ContentStore::question_by_uid(const std::string& uid, std::optional<int> version)
{
    auto st = db_.prepare(std::string("SELECT ") + kQuestionColumns + kQuestionFrom +
                          (version ? " WHERE q.uid = ? AND q.version = ?" : " WHERE q.uid = ? AND q.current = 1"));
    st.bind(1, uid);
    if (version) st.bind(2, *version);
    if (!st.step()) return std::nullopt;
    return read_question(st);
}

namespace {
// A filtered query over questions; values are always bound, never spliced into the SQL.
Statement prepare_filtered(Database& db, const std::string& head, const QuestionFilter& f, const std::string& tail)
{
    std::string sql = head + " WHERE 1=1";
    if (f.current_only) sql += " AND q.current = 1";
    if (!f.include_exhibit_quiz) sql += " AND q.item_id IS NOT NULL";
    if (f.item_id) sql += " AND q.item_id = :item";
    if (f.type) sql += " AND q.type = :type";
    if (f.status) sql += " AND q.status = :status";
    if (f.chapter) sql += " AND q.chapter = :chapter";
    if (f.usable_in && *f.usable_in != Pool::Both) sql += " AND q.pool IN (:pool, 'both')";
    sql += tail;
    Statement st = db.prepare(sql);
    if (f.item_id) st.bind(st.parameter(":item"), *f.item_id);
    if (f.type) st.bind(st.parameter(":type"), to_string(*f.type));
    if (f.status) st.bind(st.parameter(":status"), to_string(*f.status));
    if (f.chapter) st.bind(st.parameter(":chapter"), *f.chapter);
    if (f.usable_in && *f.usable_in != Pool::Both) st.bind(st.parameter(":pool"), to_string(*f.usable_in));
    return st;
}
} // namespace

std::vector<Question> ContentStore::questions(const QuestionFilter& f)
{
    auto st = prepare_filtered(db_, std::string("SELECT ") + kQuestionColumns + kQuestionFrom, f, " ORDER BY q.uid, q.version");
    std::vector<Question> out;
    while (st.step()) out.push_back(read_question(st));
    return out;
}

std::int64_t ContentStore::count_questions(const QuestionFilter& f)
{
    auto st = prepare_filtered(db_, "SELECT count(*) FROM question q", f, "");
    st.step();
    return st.int64(0);
}

std::vector<std::string> ContentStore::chapters(std::int64_t item_id)
{
    auto st = db_.prepare("SELECT chapter FROM question WHERE item_id = ? AND current = 1 GROUP BY chapter "
                          "ORDER BY min(id)");
    st.bind(1, item_id);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

bool ContentStore::set_status(const std::string& uid, Status s)
{
    storage::Savepoint step(db_, "set_status");
    auto st = db_.prepare("UPDATE question SET status = ? WHERE uid = ? AND current = 1");
    st.bind_all(std::string(to_string(s)), uid).run();
    const bool changed = db_.changes() > 0;
    if (changed) bump_question_revision();
    step.release();
    return changed;
}

namespace {
json exhibit_body(const Exhibit& e)
{
    json timeline = json::array();
    for (const auto& t : e.timeline) timeline.push_back({{"time", t.time}, {"event", t.event}});
    json violations = json::array();
    for (const auto& v : e.violations) violations.push_back({{"kind", v.kind}, {"text", v.text}});
    json images = json::array();
    for (const auto& i : e.images) images.push_back({{"file", i.file}, {"caption", i.caption}});
    return {{"timeline", timeline},     {"direct_causes", e.direct_causes}, {"underlying_causes", e.underlying_causes},
            {"violations", violations}, {"lessons", e.lessons},             {"do_instead", e.do_instead},
            {"images", images}};
}
} // namespace

void ContentStore::save_exhibit(const Exhibit& e)
{
    std::optional<std::int64_t> existing;
    {
        auto st = db_.prepare("SELECT id FROM exhibit WHERE uid = ?");
        st.bind(1, e.uid);
        if (st.step()) existing = st.int64(0);
    }
    std::int64_t id;
    const std::string body = exhibit_body(e).dump();
    if (existing) {
        auto st = db_.prepare("UPDATE exhibit SET title=?, industry=?, date=?, place=?, deaths=?, injuries=?, summary=?, "
                              "body=? WHERE id=?");
        st.bind_all(e.title, e.industry, e.date, e.place, e.deaths, e.injuries, e.summary, body, *existing).run();
        id = *existing;
        auto del = db_.prepare("DELETE FROM question WHERE exhibit_id = ?");
        del.bind(1, id).run();
    } else {
        auto st = db_.prepare("INSERT INTO exhibit(uid, title, industry, date, place, deaths, injuries, summary, body) "
                              "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
        st.bind_all(e.uid, e.title, e.industry, e.date, e.place, e.deaths, e.injuries, e.summary, body).run();
        id = db_.last_insert_id();
    }
    auto ins = db_.prepare("INSERT INTO question(uid, version, current, type, exhibit_id, quiz_order, chapter, difficulty, "
                           "pool, status, stem, options, answer, explanation, image, content_hash) "
                           "VALUES(?, 1, 1, ?, ?, ?, ?, ?, 'practice', 'published', ?, ?, ?, ?, ?, ?)");
    int order = 0;
    for (const auto& q : e.quiz) {
        ins.bind_all(q.uid, std::string(to_string(q.type)), id, ++order, e.title, q.difficulty, q.stem,
                     options_json(q.options), q.answer, q.explanation,
                     q.image.empty() ? std::nullopt : std::optional(q.image), q.content_hash())
            .run();
    }
    bump_question_revision();
    zh_hk::TextStore(db_).store(zh_hk::exhibit_texts(e));
}

namespace {
std::vector<std::string> strings(const json& j, const char* key)
{
    return j.contains(key) ? j.at(key).get<std::vector<std::string>>() : std::vector<std::string>{};
}
} // namespace

std::vector<Exhibit> ContentStore::exhibits()
{
    std::vector<Exhibit> out;
    auto st = db_.prepare("SELECT id, uid, title, industry, date, place, deaths, injuries, summary, body FROM exhibit "
                          "ORDER BY uid");
    while (st.step()) {
        Exhibit e;
        e.id = st.int64(0);
        e.uid = st.text(1);
        e.title = st.text(2);
        e.industry = st.text(3);
        e.date = st.text(4);
        e.place = st.text(5);
        e.deaths = st.integer(6);
        e.injuries = st.integer(7);
        e.summary = st.text(8);
        json body = json::parse(st.text(9));
        for (const auto& t : body.at("timeline")) e.timeline.push_back({t.at("time"), t.at("event")});
        e.direct_causes = strings(body, "direct_causes");
        e.underlying_causes = strings(body, "underlying_causes");
        for (const auto& v : body.at("violations")) e.violations.push_back({v.at("kind"), v.at("text")});
        e.lessons = strings(body, "lessons");
        e.do_instead = strings(body, "do_instead");
        for (const auto& i : body.at("images")) e.images.push_back({i.at("file"), i.at("caption")});
        out.push_back(std::move(e));
    }
    auto qs = db_.prepare(std::string("SELECT ") + kQuestionColumns + ", q.exhibit_id" + kQuestionFrom +
                          " WHERE q.exhibit_id IS NOT NULL ORDER BY q.exhibit_id, q.quiz_order");
    while (qs.step()) {
        auto exhibit_id = qs.int64(15);
        for (auto& e : out)
            if (e.id == exhibit_id) {
                Question q = read_question(qs);
                q.chapter.clear();
                e.quiz.push_back(std::move(q));
            }
    }
    return out;
}

std::optional<Exhibit> ContentStore::exhibit(const std::string& uid)
{
    for (auto& e : exhibits())
        if (e.uid == uid) return e;
    return std::nullopt;
}

std::map<std::string, std::string> ContentStore::exhibit_quiz_owners()
{
    auto st = db_.prepare("SELECT q.uid, e.uid FROM question q JOIN exhibit e ON e.id = q.exhibit_id");
    std::map<std::string, std::string> out;
    while (st.step()) out.emplace(st.text(0), st.text(1));
    return out;
}

std::int64_t ContentStore::count_exhibits()
{
    auto st = db_.prepare("SELECT count(*) FROM exhibit");
    st.step();
    return st.int64(0);
}

void ContentStore::put_media(const std::string& path, const std::vector<unsigned char>& data)
{
    auto st = db_.prepare("INSERT INTO media(path, data) VALUES(?, ?) ON CONFLICT(path) DO UPDATE SET data=excluded.data");
    st.bind(1, path);
    st.bind_blob(2, data.data(), data.size());
    st.run();
}

std::optional<std::vector<unsigned char>> ContentStore::media(const std::string& path)
{
    auto st = db_.prepare("SELECT data FROM media WHERE path = ?");
    st.bind(1, path);
    if (!st.step()) return std::nullopt;
    return st.blob(0);
}

std::vector<std::string> ContentStore::media_paths()
{
    auto st = db_.prepare("SELECT path FROM media ORDER BY path");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

} // namespace sk::content
