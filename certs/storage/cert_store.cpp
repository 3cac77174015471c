#include "certs/storage/cert_store.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace sk::certs {

using storage::Statement;
using json = nlohmann::json;

namespace {

const char* kSchemaV1 = R"sql(
CREATE TABLE cert_policy(
  id                    INTEGER PRIMARY KEY CHECK(id = 1),
  special_valid_years   INTEGER NOT NULL,
  special_review_years  INTEGER NOT NULL,
  extended_review_years INTEGER NOT NULL,
  extension_min_years   INTEGER NOT NULL,
  manager_valid_years   INTEGER NOT NULL,
  review_window_days    INTEGER NOT NULL,
  renewal_window_days   INTEGER NOT NULL,
  review_class_hours    REAL NOT NULL,
  renewal_class_hours   REAL NOT NULL,
  authority             TEXT NOT NULL);
CREATE TABLE certificate(
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL,
  track            TEXT NOT NULL CHECK(track IN ('special','manager')),
  candidate_id     INTEGER REFERENCES candidate(id),
  id_number        TEXT NOT NULL,
  name             TEXT NOT NULL,
  sex              TEXT NOT NULL,
  photo            BLOB,
  item_id          INTEGER NOT NULL REFERENCES item(id),
  category         TEXT NOT NULL,
  item             TEXT NOT NULL,
  theory_score     REAL,
  practical_score  REAL,
  first_issued     TEXT NOT NULL,   -- YYYY-MM-DD
  valid_from       TEXT NOT NULL,
  valid_until      TEXT NOT NULL,   -- last valid day
  review_due       TEXT,            -- special operators: next review date
  review_base      TEXT NOT NULL,
  review_interval_years INTEGER NOT NULL,
  years_in_trade   INTEGER NOT NULL DEFAULT 0,
  clean_record     INTEGER NOT NULL DEFAULT 0,
  admin_state      TEXT NOT NULL CHECK(admin_state IN ('active','suspended','revoked')),
  state_reason     TEXT NOT NULL DEFAULT '',
  state_date       TEXT,
  state_by         TEXT NOT NULL DEFAULT '',
  version          INTEGER NOT NULL,
  status_version   INTEGER NOT NULL,
  authority        TEXT NOT NULL,
  issued_by        TEXT NOT NULL,
  issued_at_ms     INTEGER NOT NULL,
  UNIQUE(number, item_id));
CREATE INDEX certificate_holder ON certificate(id_number);
CREATE TABLE cert_review(
  id             INTEGER PRIMARY KEY,
  certificate_id INTEGER NOT NULL REFERENCES certificate(id),
  review_date    TEXT NOT NULL,
  class_hours    REAL NOT NULL,
  passed         INTEGER NOT NULL,
  due            TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  by_actor       TEXT NOT NULL,
  at_ms          INTEGER NOT NULL);
CREATE INDEX cert_review_certificate ON cert_review(certificate_id, id);
CREATE TABLE cert_version(
  certificate_id INTEGER NOT NULL REFERENCES certificate(id),
  version        INTEGER NOT NULL,
  reason         TEXT NOT NULL CHECK(reason IN ('issue','loss','damage','reissue')),
  made_on        TEXT NOT NULL,
  by_actor       TEXT NOT NULL,
  at_ms          INTEGER NOT NULL,
  record         TEXT NOT NULL,   -- JSON snapshot of the certificate and its reviews at this version
  photo          BLOB,
  PRIMARY KEY(certificate_id, version));
)sql";

// Revocation is final (issue 14): when the registry state last changed (a new pass must come from an exam after a
// revocation), and on each card version whether it was revoked with its certificate (every card made before a
// revocation verifies as revoked, even after a new certificate under the same number). Certificates revoked before
// this step keep their card versions revoked; their revocation time is the end of the revocation day.
const char* kSchemaV2 = R"sql(
ALTER TABLE certificate ADD COLUMN state_at_ms INTEGER;
ALTER TABLE cert_version ADD COLUMN revoked_on TEXT;
ALTER TABLE cert_version ADD COLUMN revoked_reason TEXT NOT NULL DEFAULT '';
UPDATE cert_version SET
  revoked_on = (SELECT coalesce(c.state_date, c.first_issued) FROM certificate c WHERE c.id = cert_version.certificate_id),
  revoked_reason = (SELECT c.state_reason FROM certificate c WHERE c.id = cert_version.certificate_id)
  WHERE certificate_id IN (SELECT id FROM certificate WHERE admin_state = 'revoked');
)sql";

// One installation, one key (issue 14): the public key of the installation's signing key (SK1PUB text), recorded at
// first set-up or when an existing key is adopted; the secret key never enters the database.
const char* kSchemaV3 = R"sql(
CREATE TABLE cert_key(
  id          INTEGER PRIMARY KEY CHECK(id = 1),
  public_key  TEXT NOT NULL,
  recorded_ms INTEGER NOT NULL);
)sql";

constexpr std::array<std::string_view, 4> kReasons{"issue", "loss", "damage", "reissue"};

const char* kColumns = "id, number, track, candidate_id, id_number, name, sex, photo, item_id, category, item, "
                       "theory_score, practical_score, first_issued, valid_from, valid_until, review_due, review_base, "
                       "review_interval_years, years_in_trade, clean_record, admin_state, state_reason, state_date, "
                       "state_by, version, status_version, authority, issued_by, issued_at_ms, state_at_ms";

Date stored_date(const std::string& s)
{
    auto d = parse_date(s);
    if (!d) throw storage::StorageError("certificate store: bad date '" + s + "'");
    return *d;
}

std::optional<std::string> opt_iso(const std::optional<Date>& d)
{
    if (!d) return std::nullopt;
    return iso(*d);
}

json to_json(const Certificate& c)
{
    json reviews = json::array();
    for (const auto& r : c.reviews)
        reviews.push_back({{"date", iso(r.date)}, {"class_hours", r.class_hours}, {"passed", r.passed},
                           {"due", iso(r.due)}, {"note", r.note}, {"by", r.by}, {"at_ms", r.at_ms}});
    return {{"id", c.id}, {"number", c.number}, {"track", to_string(c.track)}, {"candidate_id", c.candidate_id},
            {"id_number", c.id_number}, {"name", c.name}, {"sex", c.sex}, {"item_id", c.item_id},
            {"category", c.category}, {"item", c.item},
            {"theory_score", c.theory_score ? json(*c.theory_score) : json(nullptr)},
            {"practical_score", c.practical_score ? json(*c.practical_score) : json(nullptr)},
            {"first_issued", iso(c.first_issued)}, {"valid_from", iso(c.valid_from)},
            {"valid_until", iso(c.valid_until)}, {"review_due", c.review_due ? json(iso(*c.review_due)) : json(nullptr)},
            {"review_base", iso(c.review_base)}, {"review_interval_years", c.review_interval_years},
            {"years_in_trade", c.years_in_trade}, {"clean_record", c.clean_record},
            {"admin_state", to_string(c.admin_state)}, {"state_reason", c.state_reason},
            {"state_date", c.state_date ? json(iso(*c.state_date)) : json(nullptr)}, {"state_by", c.state_by},
            {"version", c.version}, {"status_version", c.status_version}, {"authority", c.authority},
            {"issued_by", c.issued_by}, {"issued_at_ms", c.issued_at_ms},
            {"state_at_ms", c.state_at_ms ? json(*c.state_at_ms) : json(nullptr)}, {"reviews", reviews}};
}

Certificate from_json(const json& j)
{
    Certificate c;
    c.id = j.at("id");
    c.number = j.at("number");
    c.track = parse_cert_track(j.at("track").get<std::string>()).value_or(CertTrack::Special);
    c.candidate_id = j.at("candidate_id");
    c.id_number = j.at("id_number");
    c.name = j.at("name");
    c.sex = j.at("sex");
    c.item_id = j.at("item_id");
    c.category = j.at("category");
    c.item = j.at("item");
    if (!j.at("theory_score").is_null()) c.theory_score = j.at("theory_score").get<double>();
    if (!j.at("practical_score").is_null()) c.practical_score = j.at("practical_score").get<double>();
    c.first_issued = stored_date(j.at("first_issued"));
    c.valid_from = stored_date(j.at("valid_from"));
    c.valid_until = stored_date(j.at("valid_until"));
    if (!j.at("review_due").is_null()) c.review_due = stored_date(j.at("review_due"));
    c.review_base = stored_date(j.at("review_base"));
    c.review_interval_years = j.at("review_interval_years");
    c.years_in_trade = j.at("years_in_trade");
    c.clean_record = j.at("clean_record");
    c.admin_state = parse_admin_state(j.at("admin_state").get<std::string>()).value_or(AdminState::Active);
    c.state_reason = j.at("state_reason");
    if (!j.at("state_date").is_null()) c.state_date = stored_date(j.at("state_date"));
    c.state_by = j.at("state_by");
    c.version = j.at("version");
    c.status_version = j.at("status_version");
    c.authority = j.at("authority");
    c.issued_by = j.at("issued_by");
    c.issued_at_ms = j.at("issued_at_ms");
    if (j.contains("state_at_ms") && !j.at("state_at_ms").is_null()) c.state_at_ms = j.at("state_at_ms").get<std::int64_t>();
    for (const auto& r : j.at("reviews")) {
        Review rv;
        rv.certificate_id = c.id;
        rv.date = stored_date(r.at("date"));
        rv.class_hours = r.at("class_hours");
        rv.passed = r.at("passed");
        rv.due = stored_date(r.at("due"));
        rv.note = r.at("note");
        rv.by = r.at("by");
        rv.at_ms = r.at("at_ms");
        c.reviews.push_back(rv);
    }
    return c;
}

void seed_policy(storage::Database& db) { CertStore(db).save_policy(CertPolicy{}); }

} // namespace

const storage::Schema& schema()
{
    static const storage::Schema s{"certs", {{1, kSchemaV1, seed_policy}, {2, kSchemaV2}, {3, kSchemaV3}}};
    return s;
}

std::string_view to_string(VersionReason r) { return kReasons[static_cast<std::size_t>(r)]; }

std::optional<VersionReason> parse_version_reason(std::string_view s)
{
    for (std::size_t i = 0; i < kReasons.size(); ++i)
        if (kReasons[i] == s) return static_cast<VersionReason>(i);
    return std::nullopt;
}

CertPolicy CertStore::policy()
{
    auto st = db_.prepare("SELECT special_valid_years, special_review_years, extended_review_years, extension_min_years, "
                          "manager_valid_years, review_window_days, renewal_window_days, review_class_hours, "
                          "renewal_class_hours, authority FROM cert_policy WHERE id = 1");
    CertPolicy p;
    if (!st.step()) return p;
    p.special_valid_years = st.integer(0);
    p.special_review_years = st.integer(1);
    p.extended_review_years = st.integer(2);
    p.extension_min_years = st.integer(3);
    p.manager_valid_years = st.integer(4);
    p.review_window_days = st.integer(5);
    p.renewal_window_days = st.integer(6);
    p.review_class_hours = st.real(7);
    p.renewal_class_hours = st.real(8);
    p.authority = st.text(9);
    return p;
}

void CertStore::save_policy(const CertPolicy& p)
{
    auto st = db_.prepare(
        "INSERT INTO cert_policy(id, special_valid_years, special_review_years, extended_review_years, "
        "extension_min_years, manager_valid_years, review_window_days, renewal_window_days, review_class_hours, "
        "renewal_class_hours, authority) VALUES(1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "special_valid_years = excluded.special_valid_years, special_review_years = excluded.special_review_years, "
        "extended_review_years = excluded.extended_review_years, extension_min_years = excluded.extension_min_years, "
        "manager_valid_years = excluded.manager_valid_years, review_window_days = excluded.review_window_days, "
        "renewal_window_days = excluded.renewal_window_days, review_class_hours = excluded.review_class_hours, "
        "renewal_class_hours = excluded.renewal_class_hours, authority = excluded.authority");
    st.bind_all(p.special_valid_years, p.special_review_years, p.extended_review_years, p.extension_min_years,
                p.manager_valid_years, p.review_window_days, p.renewal_window_days, p.review_class_hours,
                p.renewal_class_hours, p.authority)
        .run();
}

std::int64_t CertStore::add_certificate(const Certificate& c)
{
    auto st = db_.prepare(
        "INSERT INTO certificate(number, track, candidate_id, id_number, name, sex, photo, item_id, category, item, "
        "theory_score, practical_score, first_issued, valid_from, valid_until, review_due, review_base, "
        "review_interval_years, years_in_trade, clean_record, admin_state, state_reason, state_date, state_by, version, "
        "status_version, authority, issued_by, issued_at_ms, state_at_ms) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, c.number).bind(2, to_string(c.track));
    if (c.candidate_id) st.bind(3, c.candidate_id); else st.bind_null(3);
    st.bind(4, c.id_number).bind(5, c.name).bind(6, c.sex);
    if (c.photo.empty()) st.bind_null(7); else st.bind_blob(7, c.photo.data(), c.photo.size());
    st.bind(8, c.item_id).bind(9, c.category).bind(10, c.item).bind(11, c.theory_score).bind(12, c.practical_score);
    st.bind(13, iso(c.first_issued)).bind(14, iso(c.valid_from)).bind(15, iso(c.valid_until));
    st.bind(16, opt_iso(c.review_due)).bind(17, iso(c.review_base)).bind(18, c.review_interval_years);
    st.bind(19, c.years_in_trade).bind(20, c.clean_record ? 1 : 0).bind(21, to_string(c.admin_state));
    st.bind(22, c.state_reason).bind(23, opt_iso(c.state_date)).bind(24, c.state_by).bind(25, c.version);
    st.bind(26, c.status_version).bind(27, c.authority).bind(28, c.issued_by).bind(29, c.issued_at_ms);
    st.bind(30, c.state_at_ms);
    st.run();
    return db_.last_insert_id();
}

void CertStore::update_certificate(const Certificate& c)
{
    auto st = db_.prepare(
        "UPDATE certificate SET candidate_id = ?, id_number = ?, name = ?, sex = ?, photo = ?, category = ?, "
        "theory_score = ?, practical_score = ?, valid_from = ?, valid_until = ?, review_due = ?, review_base = ?, "
        "review_interval_years = ?, years_in_trade = ?, clean_record = ?, admin_state = ?, state_reason = ?, "
        "state_date = ?, state_by = ?, version = ?, status_version = ?, authority = ?, issued_by = ?, issued_at_ms = ?, "
        "state_at_ms = ? WHERE id = ?");
    if (c.candidate_id) st.bind(1, c.candidate_id); else st.bind_null(1);
    st.bind(2, c.id_number).bind(3, c.name).bind(4, c.sex);
    if (c.photo.empty()) st.bind_null(5); else st.bind_blob(5, c.photo.data(), c.photo.size());
    st.bind(6, c.category).bind(7, c.theory_score).bind(8, c.practical_score).bind(9, iso(c.valid_from));
    st.bind(10, iso(c.valid_until)).bind(11, opt_iso(c.review_due)).bind(12, iso(c.review_base));
    st.bind(13, c.review_interval_years).bind(14, c.years_in_trade).bind(15, c.clean_record ? 1 : 0);
    st.bind(16, to_string(c.admin_state)).bind(17, c.state_reason).bind(18, opt_iso(c.state_date));
    st.bind(19, c.state_by).bind(20, c.version).bind(21, c.status_version).bind(22, c.authority);
    st.bind(23, c.issued_by).bind(24, c.issued_at_ms).bind(25, c.state_at_ms).bind(26, c.id);
    st.run();
    if (db_.changes() != 1) throw storage::StorageError("certificate store: no certificate " + std::to_string(c.id));
}

Certificate CertStore::read(Statement& st)
{
    Certificate c;
    c.id = st.int64(0);
    c.number = st.text(1);
    c.track = parse_cert_track(st.text(2)).value_or(CertTrack::Special);
    c.candidate_id = st.is_null(3) ? 0 : st.int64(3);
    c.id_number = st.text(4);
    c.name = st.text(5);
    c.sex = st.text(6);
    c.photo = st.blob(7);
    c.item_id = st.int64(8);
    c.category = st.text(9);
    c.item = st.text(10);
    if (!st.is_null(11)) c.theory_score = st.real(11);
    if (!st.is_null(12)) c.practical_score = st.real(12);
    c.first_issued = stored_date(st.text(13));
    c.valid_from = stored_date(st.text(14));
    c.valid_until = stored_date(st.text(15));
    if (!st.is_null(16)) c.review_due = stored_date(st.text(16));
    c.review_base = stored_date(st.text(17));
    c.review_interval_years = st.integer(18);
    c.years_in_trade = st.integer(19);
    c.clean_record = st.integer(20) != 0;
    c.admin_state = parse_admin_state(st.text(21)).value_or(AdminState::Active);
    c.state_reason = st.text(22);
    if (!st.is_null(23)) c.state_date = stored_date(st.text(23));
    c.state_by = st.text(24);
    c.version = st.integer(25);
    c.status_version = st.integer(26);
    c.authority = st.text(27);
    c.issued_by = st.text(28);
    c.issued_at_ms = st.int64(29);
    if (!st.is_null(30)) c.state_at_ms = st.int64(30);
    return c;
}

std::optional<Certificate> CertStore::certificate(std::int64_t id)
{
    auto st = db_.prepare(std::string("SELECT ") + kColumns + " FROM certificate WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    auto c = read(st);
    c.reviews = reviews(c.id);
    return c;
}

std::optional<Certificate> CertStore::certificate(const std::string& number, std::int64_t item_id)
{
    auto st = db_.prepare(std::string("SELECT ") + kColumns + " FROM certificate WHERE number = ? AND item_id = ?");
    st.bind_all(number, item_id);
    if (!st.step()) return std::nullopt;
    auto c = read(st);
    c.reviews = reviews(c.id);
    return c;
}

std::vector<Certificate> CertStore::certificates_with_number(const std::string& number)
{
    auto st = db_.prepare(std::string("SELECT ") + kColumns + " FROM certificate WHERE number = ? ORDER BY id");
    st.bind(1, number);
    std::vector<Certificate> out;
    while (st.step()) out.push_back(read(st));
    for (auto& c : out) c.reviews = reviews(c.id);
    return out;
}

std::vector<Certificate> CertStore::certificates_of_holder(const std::string& id_number)
{
    auto st = db_.prepare(std::string("SELECT ") + kColumns + " FROM certificate WHERE id_number = ? ORDER BY id");
    st.bind(1, id_number);
    std::vector<Certificate> out;
    while (st.step()) out.push_back(read(st));
    for (auto& c : out) c.reviews = reviews(c.id);
    return out;
}

std::vector<Certificate> CertStore::certificates()
{
    auto st = db_.prepare(std::string("SELECT ") + kColumns + " FROM certificate ORDER BY id");
    std::vector<Certificate> out;
    while (st.step()) out.push_back(read(st));
    for (auto& c : out) c.reviews = reviews(c.id);
    return out;
}

int CertStore::next_manager_serial(int year)
{
    // Read-then-write: certificate numbers are handed out one issuing transaction at a time (on a server).
    db_.serialize("certificate number");
    auto st = db_.prepare("SELECT MAX(CAST(substr(number, 6) AS INTEGER)) FROM certificate "
                          "WHERE track = 'manager' AND substr(number, 1, 5) = ?");
    st.bind(1, "M" + std::to_string(year));
    if (!st.step() || st.is_null(0)) return 1;
    return st.integer(0) + 1;
}

std::int64_t CertStore::add_review(const Review& r)
{
    auto st = db_.prepare("INSERT INTO cert_review(certificate_id, review_date, class_hours, passed, due, note, "
                          "by_actor, at_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(r.certificate_id, iso(r.date), r.class_hours, r.passed ? 1 : 0, iso(r.due), r.note, r.by, r.at_ms).run();
    return db_.last_insert_id();
}

std::vector<Review> CertStore::reviews(std::int64_t certificate_id)
{
    auto st = db_.prepare("SELECT id, certificate_id, review_date, class_hours, passed, due, note, by_actor, at_ms "
                          "FROM cert_review WHERE certificate_id = ? ORDER BY id");
    st.bind(1, certificate_id);
    std::vector<Review> out;
    while (st.step()) {
        Review r;
        r.id = st.int64(0);
        r.certificate_id = st.int64(1);
        r.date = stored_date(st.text(2));
        r.class_hours = st.real(3);
        r.passed = st.integer(4) != 0;
        r.due = stored_date(st.text(5));
        r.note = st.text(6);
        r.by = st.text(7);
        r.at_ms = st.int64(8);
        out.push_back(r);
    }
    return out;
}

void CertStore::add_version(const CertVersion& v)
{
    auto st = db_.prepare("INSERT INTO cert_version(certificate_id, version, reason, made_on, by_actor, at_ms, record, "
                          "photo) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind_all(v.certificate_id, v.version, to_string(v.reason), iso(v.made_on), v.by, v.at_ms,
                to_json(v.record).dump());
    if (v.record.photo.empty()) st.bind_null(8); else st.bind_blob(8, v.record.photo.data(), v.record.photo.size());
    st.run();
}

namespace {
CertVersion read_version(Statement& st)
{
    CertVersion v;
    v.certificate_id = st.int64(0);
    v.version = st.integer(1);
    v.reason = parse_version_reason(st.text(2)).value_or(VersionReason::Issue);
    v.made_on = stored_date(st.text(3));
    v.by = st.text(4);
    v.at_ms = st.int64(5);
    v.record = from_json(json::parse(st.text(6)));
    v.record.photo = st.blob(7);
    if (!st.is_null(8)) v.revoked_on = stored_date(st.text(8));
    v.revoked_reason = st.text(9);
    return v;
}
} // namespace

std::vector<CertVersion> CertStore::versions(std::int64_t certificate_id)
{
    auto st = db_.prepare("SELECT certificate_id, version, reason, made_on, by_actor, at_ms, record, photo, revoked_on, "
                          "revoked_reason "
                          "FROM cert_version WHERE certificate_id = ? ORDER BY version");
    st.bind(1, certificate_id);
    std::vector<CertVersion> out;
    while (st.step()) out.push_back(read_version(st));
    return out;
}

std::optional<CertVersion> CertStore::version(std::int64_t certificate_id, int version)
{
    auto st = db_.prepare("SELECT certificate_id, version, reason, made_on, by_actor, at_ms, record, photo, revoked_on, "
                          "revoked_reason "
                          "FROM cert_version WHERE certificate_id = ? AND version = ?");
    st.bind_all(certificate_id, version);
    if (!st.step()) return std::nullopt;
    return read_version(st);
}

std::optional<std::string> CertStore::recorded_public_key()
{
    auto st = db_.prepare("SELECT public_key FROM cert_key WHERE id = 1");
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

void CertStore::record_public_key(const std::string& exported, std::int64_t at_ms)
{
    db_.prepare("INSERT INTO cert_key(id, public_key, recorded_ms) VALUES(1, ?, ?)").bind_all(exported, at_ms).run();
}

void CertStore::revoke_versions(std::int64_t certificate_id, Date on, const std::string& reason)
{
    db_.prepare("UPDATE cert_version SET revoked_on = ?, revoked_reason = ? WHERE certificate_id = ? AND revoked_on IS NULL")
        .bind_all(iso(on), reason, certificate_id)
        .run();
}

std::optional<std::pair<Date, std::string>> CertStore::version_revocation(std::int64_t certificate_id, int version)
{
    auto st = db_.prepare("SELECT revoked_on, revoked_reason FROM cert_version WHERE certificate_id = ? AND version = ? "
                          "AND revoked_on IS NOT NULL");
    st.bind_all(certificate_id, version);
    if (!st.step()) return std::nullopt;
    return std::pair{stored_date(st.text(0)), st.text(1)};
}

} // namespace sk::certs
