#include "exam/centre/copy.hpp"

#include "content/storage/server_uri.hpp"
#include "exam/centre/checkin.hpp"
#include "exam/storage/exam_store.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <variant>

namespace sk::exam::centre {

namespace {

using json = nlohmann::json;

enum class Type { Int, Real, Text, Blob };

struct Column {
    const char* name;
    Type type;
    bool follows = false; // a lifecycle column: the centre's value replaces the journal's instead of being compared
};

// What the kiosk copies, in the order the journal's foreign keys need. The first column is the row's key.
struct Table {
    const char* name;
    std::vector<Column> columns; // zh_hk_text's key is its source_hash: its id is the journal's own
};

const std::vector<Table>& tables()
{
    using T = Type;
    static const std::vector<Table> t{
        {"category", {{"id", T::Int}, {"track", T::Text}, {"name", T::Text}, {"sort", T::Int}}},
        {"item", {{"id", T::Int}, {"category_id", T::Int}, {"name", T::Text}, {"sort", T::Int}}},
        {"blueprint",
         {{"id", T::Int}, {"item_id", T::Int}, {"kind", T::Text}, {"version", T::Int}, {"current", T::Int, true},
          {"name", T::Text}, {"strata", T::Text}, {"pass_mark", T::Real}, {"duration_min", T::Int}, {"grace_s", T::Int},
          {"shuffle_options", T::Int}, {"partial_credit", T::Int}, {"retakes", T::Int}, {"valid_months", T::Int},
          {"class_hours", T::Real}, {"practical", T::Text}, {"practical_pass_mark", T::Real}, {"exam_only", T::Int}}},
        {"question",
         {{"id", T::Int}, {"uid", T::Text}, {"version", T::Int}, {"current", T::Int, true}, {"type", T::Text},
          {"item_id", T::Int}, {"chapter", T::Text}, {"difficulty", T::Int}, {"pool", T::Text},
          {"status", T::Text, true}, {"stem", T::Text}, {"options", T::Text}, {"answer", T::Text},
          {"explanation", T::Text}, {"image", T::Text}, {"content_hash", T::Text}}},
        {"media", {{"path", T::Text}, {"data", T::Blob}}},
        {"zh_hk_text",
         {{"source_hash", T::Text}, {"source", T::Text}, {"converted", T::Text, true}, {"corrected", T::Text, true}}},
        {"candidate",
         {{"id", T::Int}, {"id_number", T::Text}, {"name", T::Text}, {"sex", T::Text}, {"birth_date", T::Text},
          {"employer", T::Text}, {"provider", T::Text}, {"item_id", T::Int}, {"kind", T::Text},
          {"class_hours", T::Real}, {"training_cycle", T::Int}, {"photo", T::Blob}}},
        {"exam_session",
         {{"id", T::Int}, {"item_id", T::Int}, {"blueprint_id", T::Int}, {"starts_at_ms", T::Int},
          {"ends_at_ms", T::Int}, {"room", T::Text}, {"proctor", T::Text}, {"kiosks", T::Text}}},
        // The seat follows the centre only while the journal's attempt is scheduled (store_centre_copy).
        {"attempt",
         {{"id", T::Int}, {"session_id", T::Int}, {"candidate_id", T::Int}, {"ticket", T::Text},
          {"attempt_no", T::Int}, {"training_cycle", T::Int}, {"kiosk", T::Text, true}}},
    };
    return t;
}

using Value = std::variant<std::monostate, std::int64_t, double, std::string, std::vector<unsigned char>>;

std::vector<unsigned char> from_base64(const std::string& text)
{
    if (sodium_init() < 0) throw CentreError("libsodium cannot start");
    std::vector<unsigned char> out(text.size() / 4 * 3 + 3);
    std::size_t n = 0;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), "\n\r ", &n, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        throw std::invalid_argument("not base64");
    out.resize(n);
    return out;
}

Value from_json(const json& j, Type type)
{
    if (j.is_null()) return std::monostate{};
    switch (type) {
    case Type::Int: return j.get<std::int64_t>();
    case Type::Real: return j.get<double>();
    case Type::Text: return j.get<std::string>();
    case Type::Blob: return from_base64(j.get<std::string>());
    }
    return std::monostate{};
}

Value from_journal(storage::Statement& st, int col, Type type)
{
    if (st.is_null(col)) return std::monostate{};
    switch (type) {
    case Type::Int: return st.int64(col);
    case Type::Real: return st.real(col);
    case Type::Text: return st.text(col);
    case Type::Blob: return st.blob(col);
    }
    return std::monostate{};
}

void bind_value(storage::Statement& st, int index, const Value& v)
{
    if (std::holds_alternative<std::monostate>(v)) st.bind_null(index);
    else if (const auto* i = std::get_if<std::int64_t>(&v)) st.bind(index, *i);
    else if (const auto* d = std::get_if<double>(&v)) st.bind(index, *d);
    else if (const auto* s = std::get_if<std::string>(&v)) st.bind(index, *s);
    else {
        const auto& b = std::get<std::vector<unsigned char>>(v);
        st.bind_blob(index, b.data(), b.size());
    }
}

// A value as a person reads it in an error message (texts cut short, blobs by size).
std::string shown(const Value& v)
{
    if (std::holds_alternative<std::monostate>(v)) return "NULL";
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) return json(*d).dump();
    if (const auto* s = std::get_if<std::string>(&v)) {
        std::string t = *s;
        if (t.size() > 60) {
            std::size_t cut = 60;
            while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut; // whole UTF-8 characters
            t = t.substr(0, cut) + "…";
        }
        return json(t).dump();
    }
    return std::to_string(std::get<std::vector<unsigned char>>(v).size()) + " bytes";
}

std::string join(const std::vector<Column>& cols, const char* sep, bool placeholders)
{
    std::string out;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (i) out += sep;
        out += placeholders ? "?" : cols[i].name;
    }
    return out;
}

} // namespace

CentreCopy ask_centre_copy(const std::string& centre_uri)
{
    std::optional<storage::Database> db;
    try {
        db.emplace(storage::Database::open(centre_uri, false));
        storage::set_reply_timeout(*db, std::chrono::seconds(10));
    } catch (const storage::StorageError& e) {
        throw CentreUnreachable(e.what());
    }
    CentreCopy out;
    try {
        auto st = db->prepare("SELECT r_table, r_row FROM centre_kiosk_copy()");
        while (st.step()) out.rows.push_back({st.text(0), st.text(1)});
    } catch (const storage::StorageError& e) {
        if (e.connection_lost()) throw CentreUnreachable(e.what());
        throw CentreError(e.what());
    }
    return out;
}

CopyReport store_centre_copy(storage::Database& journal, const CentreCopy& copy, const std::string& kiosk_id,
                             std::int64_t now_ms)
{
    if (journal.engine() != storage::Engine::SQLite)
        throw CentreError(journal.describe() + ": a kiosk's journal is an SQLite file on the kiosk, not a server database");
    const std::string where = journal.describe() + ": ";
    // The rows by table, read before anything is written: an unreadable copy writes nothing.
    std::map<std::string, std::vector<std::vector<Value>>> rows;
    std::map<std::string, const Table*> by_name;
    for (const auto& t : tables()) by_name[t.name] = &t;
    for (const auto& r : copy.rows) {
        const auto t = by_name.find(r.table);
        if (t == by_name.end()) throw CentreError(where + "the centre's copy has rows of an unknown table \"" + r.table + "\"");
        try {
            const auto j = json::parse(r.json);
            std::vector<Value> values;
            for (const auto& c : t->second->columns) {
                if (!j.contains(c.name))
                    throw std::invalid_argument(std::string("no column ") + c.name);
                values.push_back(from_json(j.at(c.name), c.type));
            }
            if (std::holds_alternative<std::monostate>(values.front())) throw std::invalid_argument("no key");
            rows[r.table].push_back(std::move(values));
        } catch (const std::exception& e) {
            throw CentreError(where + "the centre's copy has an unreadable " + r.table + " row (" + e.what() + ")");
        }
    }

    CopyReport report;
    ExamStore store(journal);
    storage::Transaction tx(journal);
    std::vector<std::pair<std::int64_t, std::string>> new_attempts; // id, what the audit entry says
    bool questions_changed = false;
    for (const auto& t : tables()) {
        const auto found = rows.find(t.name);
        if (found == rows.end()) continue;
        const auto& cols = t.columns;
        const std::string key = cols.front().name;
        auto read = journal.prepare(std::string("SELECT ") + join(cols, ", ", false) + " FROM " + t.name + " WHERE " +
                                    key + " = ?");
        const bool attempts = std::string(t.name) == "attempt";
        // A new attempt is scheduled here until the centre checks it in at this kiosk (record_check_in).
        auto insert = journal.prepare(std::string("INSERT INTO ") + t.name + "(" + join(cols, ", ", false) +
                                      (attempts ? ", state" : "") + ") VALUES(" + join(cols, ", ", true) +
                                      (attempts ? ", 'scheduled'" : "") + ")");
        std::optional<storage::Statement> state;
        if (attempts) state.emplace(journal.prepare("SELECT state FROM attempt WHERE id = ?"));
        for (const auto& values : found->second) {
            const std::string row_name = std::string(t.name) + " " + key + " " + shown(values.front());
            read.reset();
            bind_value(read, 1, values.front());
            if (!read.step()) {
                try {
                    insert.reset();
                    for (std::size_t i = 0; i < cols.size(); ++i) bind_value(insert, static_cast<int>(i + 1), values[i]);
                    insert.run();
                } catch (const storage::StorageError& e) {
                    throw CentreError(where + "cannot add the centre's " + row_name + " to this kiosk's journal (" +
                                      e.what() + "): the journal holds rows that are not the centre's; nothing was copied");
                }
                ++report.added[t.name];
                if (std::string(t.name) == "question") questions_changed = true;
                if (attempts) {
                    new_attempts.emplace_back(std::get<std::int64_t>(values[0]),
                                              "ticket " + std::get<std::string>(values[3]) + ", session " +
                                                  shown(values[1]) + ", candidate " + shown(values[2]) + ", seat " +
                                                  std::get<std::string>(values[6]) + ": copied from the exam centre");
                }
                continue;
            }
            std::vector<std::size_t> follow;
            for (std::size_t i = 1; i < cols.size(); ++i) {
                const Value held = from_journal(read, static_cast<int>(i), cols[i].type);
                if (held == values[i]) continue;
                if (!cols[i].follows)
                    throw CentreError(where + "the centre's " + row_name + " has " + cols[i].name + " " +
                                      shown(values[i]) + " but this kiosk's journal holds " + shown(held) +
                                      " under the same " + key + ": the journal is not a copy of this centre's data; "
                                      "nothing was copied");
                follow.push_back(i);
            }
            if (!follow.empty() && state) {
                // The seat of an attempt the kiosk has checked in (or gone further with) stays the journal's.
                state->reset();
                bind_value(*state, 1, values.front());
                state->step();
                if (state->text(0) != "scheduled") follow.clear();
            }
            if (follow.empty()) {
                ++report.unchanged;
                continue;
            }
            std::string set;
            for (std::size_t i : follow) set += std::string(set.empty() ? "" : ", ") + cols[i].name + " = ?";
            auto up = journal.prepare(std::string("UPDATE ") + t.name + " SET " + set + " WHERE " + key + " = ?");
            int n = 0;
            for (std::size_t i : follow) bind_value(up, ++n, values[i]);
            bind_value(up, ++n, values.front());
            up.run();
            ++report.updated[t.name];
            if (std::string(t.name) == "question") questions_changed = true;
        }
    }
    // The exam service's kept pool is read again when the bank's revision moves.
    if (questions_changed) journal.exec("UPDATE store_revision SET value = value + 1 WHERE name = 'question'");
    for (const auto& [id, detail] : new_attempts)
        store.append_audit(now_ms, "centre", "attempt.copy", "attempt:" + std::to_string(id), detail);
    if (report.changed()) store.append_audit(now_ms, "centre", "centre.copy", "kiosk:" + kiosk_id, describe(report));
    tx.commit();
    return report;
}

CopyReport pull_from_centre(storage::Database& journal, const std::string& centre_uri, const std::string& kiosk_id,
                            std::int64_t now_ms)
{
    const auto copy = ask_centre_copy(centre_uri);
    return store_centre_copy(journal, copy, kiosk_id, now_ms);
}

std::string describe(const CopyReport& r)
{
    static const std::vector<std::pair<const char*, const char*>> names{
        {"exam_session", "session(s)"}, {"attempt", "attempt(s)"}, {"candidate", "candidate(s)"},
        {"question", "question(s)"},     {"blueprint", "blueprint(s)"}, {"category", "category(ies)"},
        {"item", "item(s)"},             {"media", "media file(s)"}, {"zh_hk_text", "zh-HK text(s)"}};
    const auto list = [&](const std::map<std::string, int>& m) {
        std::string out;
        for (const auto& [table, label] : names)
            if (const auto it = m.find(table); it != m.end() && it->second)
                out += (out.empty() ? "" : ", ") + std::to_string(it->second) + " " + label;
        return out;
    };
    std::string out = "copied from the centre: ";
    const std::string added = list(r.added), updated = list(r.updated);
    out += added.empty() ? "nothing new" : added + " added";
    if (!updated.empty()) out += "; " + updated + " brought up to date";
    out += "; " + std::to_string(r.unchanged) + " row(s) unchanged";
    return out;
}

} // namespace sk::exam::centre
