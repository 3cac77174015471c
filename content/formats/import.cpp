#include "content/formats/import.hpp"

#include "content/formats/export.hpp"
#include "content/formats/parsed.hpp"
#include "content/formats/text.hpp"
#include "content/zh_hk/texts.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace sk::content::formats {

namespace fs = std::filesystem;

std::optional<Format> parse_format(const std::string& name)
{
    if (name == "pack") return Format::Pack;
    if (name == "csv") return Format::Csv;
    if (name == "gift") return Format::Gift;
    if (name == "aiken") return Format::Aiken;
    if (name == "xml" || name == "moodlexml") return Format::MoodleXml;
    return std::nullopt;
}

Format guess_format(const fs::path& path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec) || path.filename() == "pack.json") return Format::Pack;
    const std::string name = to_lower_ascii(path.filename().string());
    if (ends_with(name, ".csv")) return Format::Csv;
    if (ends_with(name, ".xml")) return Format::MoodleXml;
    if (ends_with(name, ".gift") || ends_with(name, ".gift.txt")) return Format::Gift;
    if (ends_with(name, ".aiken") || ends_with(name, ".aiken.txt")) return Format::Aiken;
    if (ends_with(name, ".txt")) {
        std::string bytes;
        try {
            bytes = read_bytes(path.string());
        } catch (const TextError& e) {
            throw std::invalid_argument(path.string() + ": " + e.what());
        }
        bool answer_lines = false, braces = false;
        for (std::string_view line : split_lines(bytes)) {
            std::string_view t = trim(line);
            if (starts_with(t, "ANSWER:")) answer_lines = true;
            if (!starts_with(t, "//") && t.find('{') != std::string_view::npos) braces = true;
        }
        if (answer_lines && !braces) return Format::Aiken;
        if (braces && !answer_lines) return Format::Gift;
    }
    throw std::invalid_argument("cannot tell the format of '" + path.string() +
                                "'; name it with --format pack|csv|gift|aiken|xml");
}

std::vector<FieldProblem> field_limit_problems(const Question& q)
{
    std::vector<FieldProblem> out;
    auto check = [&out](const std::string& field, const std::string& text, std::size_t limit) {
        if (text.size() > limit)
            out.push_back({field, "is " + std::to_string(text.size()) + " bytes long; at most " + std::to_string(limit) +
                                      " bytes are allowed (docs/limits.md)"});
        else if (text.find('\0') != std::string::npos)
            out.push_back({field, "contains a NUL character"});
    };
    check("uid", q.uid, kMaxNameBytes);
    check("category", q.category, kMaxNameBytes);
    check("item", q.item, kMaxNameBytes);
    check("chapter", q.chapter, kMaxNameBytes);
    check("stem", q.stem, kMaxStemBytes);
    for (std::size_t i = 0; i < q.options.size(); ++i)
        check("options[" + std::to_string(i + 1) + "]", q.options[i], kMaxOptionBytes);
    check("explanation", q.explanation, kMaxStemBytes);
    check("image", q.image, kMaxPathBytes);
    return out;
}

bool accept_question(Parsed& parsed, Question q, const std::string& file, int line, const Catalogue& catalogue,
                     const FieldNames& names, std::string hash)
{
    auto name = [&](const std::string& field) {
        // "quiz[1].answer" style fields keep their prefix; only the model field is renamed.
        auto it = names.find(field);
        return it == names.end() ? field : it->second;
    };
    bool ok = true;
    for (const auto& p : field_limit_problems(q)) {
        parsed.errors.push_back({file, line, name(p.field), p.message});
        ok = false;
    }
    for (const auto& p : validate(q)) {
        parsed.errors.push_back({file, line, name(p.field), p.message});
        ok = false;
    }
    if (ok && !catalogue.find(q.category, q.item)) {
        const bool category_known = std::any_of(catalogue.categories.begin(), catalogue.categories.end(),
                                                [&](const Category& c) { return c.name == q.category; });
        if (!category_known)
            parsed.errors.push_back({file, line, name("category"), "'" + q.category + "' is not a category of the catalogue"});
        else
            parsed.errors.push_back(
                {file, line, name("item"), "'" + q.item + "' is not an item of '" + q.category + "' in the catalogue"});
        ok = false;
    }
    if (ok) parsed.questions.push_back({std::move(q), std::move(hash), file, line});
    return ok;
}

bool moodle_fraction_allowed(double fraction)
{
    static const double raw[] = {1.0,       0.9,       0.8333333, 0.8,       0.75, 0.7,       0.6666667,
                                 0.6,       0.5,       0.4,       0.3333333, 0.3,  0.25,      0.2,
                                 0.1666667, 0.1428571, 0.125,     0.1111111, 0.1,  0.05};
    if (std::fabs(fraction) < 0.00001) return true;
    for (double r : raw)
        if (std::fabs(fraction - r) < 0.00001 || std::fabs(fraction + r) < 0.00001) return true;
    return false;
}

std::string moodle_category_name(const std::string& path)
{
    std::string p = trimmed(path);
    for (const char* prefix : {"$course$", "$system$", "$module$", "$cat$", "$coursecategory$"}) {
        if (starts_with(p, prefix)) {
            p = p.substr(std::string_view(prefix).size());
            if (starts_with(p, "/")) p = p.substr(1);
            break;
        }
    }
    if (p == "top") return "";
    if (starts_with(p, "top/")) p = p.substr(4);
    // Moodle writes a '/' inside a category name as "//".
    std::string out;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '/' && i + 1 < p.size() && p[i + 1] == '/') {
            out.push_back('/');
            ++i;
        } else {
            out.push_back(p[i]);
        }
    }
    return trimmed(out);
}

namespace {
bool is_moodle(Format f) { return f == Format::Gift || f == Format::Aiken || f == Format::MoodleXml; }

// Checks that depend on what is already stored: uids shared between exhibit quizzes and catalogue questions.
void check_against_store(ContentStore& store, Parsed& parsed)
{
    const auto owners = store.exhibit_quiz_owners();
    if (owners.empty() && parsed.exhibits.empty()) return;
    std::vector<SourceQuestion> questions;
    for (auto& sq : parsed.questions) {
        auto it = owners.find(sq.q.uid);
        if (it != owners.end()) {
            parsed.errors.push_back({sq.file, sq.line, "uid",
                                     "'" + sq.q.uid + "' is already the uid of a quiz question of exhibit '" +
                                         it->second + "'"});
            continue;
        }
        questions.push_back(std::move(sq));
    }
    parsed.questions = std::move(questions);
    std::vector<SourceExhibit> exhibits;
    for (auto& se : parsed.exhibits) {
        bool ok = true;
        for (std::size_t i = 0; i < se.e.quiz.size(); ++i) {
            const auto& uid = se.e.quiz[i].uid;
            auto it = owners.find(uid);
            std::string field = "quiz[" + std::to_string(i + 1) + "].uid";
            if (it != owners.end() && it->second != se.e.uid) {
                parsed.errors.push_back({se.file, se.line, field,
                                         "'" + uid + "' is already a quiz question of exhibit '" + it->second + "'"});
                ok = false;
            } else if (it == owners.end() && store.question_by_uid(uid)) {
                parsed.errors.push_back(
                    {se.file, se.line, field, "'" + uid + "' is already the uid of a catalogue question"});
                ok = false;
            }
        }
        if (ok) exhibits.push_back(std::move(se));
    }
    parsed.exhibits = std::move(exhibits);
}

std::vector<unsigned char> file_bytes(const fs::path& p)
{
    std::string s = read_bytes(p.string(), FileKind::Image);
    return std::vector<unsigned char>(s.begin(), s.end());
}
} // namespace

ImportReport import_path(ContentStore& store, const fs::path& path, const ImportOptions& options)
{
    const Format format = options.format ? *options.format : guess_format(path);
    const Catalogue catalogue = store.catalogue();
    Target target{options.category, options.item, options.chapter};
    if (is_moodle(format)) {
        if (target.category.empty() || target.item.empty())
            throw std::invalid_argument(to_string(format) +
                                        " questions have no catalogue item: give --category and --item");
    }
    if (!target.category.empty() || !target.item.empty()) {
        if (target.category.empty() || target.item.empty())
            throw std::invalid_argument("give both --category and --item");
        if (!catalogue.find(target.category, target.item))
            throw std::invalid_argument("'" + target.category + " / " + target.item + "' is not in the catalogue");
    }

    ImportReport report;
    constexpr int kSteps = 5;
    const auto step = [&](int done) {
        if (options.progress && !options.progress(done, kSteps)) report.cancelled = true;
        return !report.cancelled;
    };
    report.format = format;
    report.source = path.string();
    report.dry_run = options.dry_run;
    report.skip_invalid = options.skip_invalid;

    Parsed parsed;
    switch (format) {
    case Format::Pack: parsed = parse_pack(path, catalogue); break;
    case Format::Csv: parsed = parse_csv_questions(path, catalogue, target); break;
    case Format::Gift: parsed = parse_gift(path, catalogue, target); break;
    case Format::Aiken: parsed = parse_aiken(path, catalogue, target); break;
    case Format::MoodleXml: parsed = parse_moodle_xml(path, catalogue, target); break;
    }
    check_against_store(store, parsed);

    report.encoding = parsed.encoding;
    report.read = parsed.read;
    report.skipped = std::move(parsed.skipped);
    report.warnings = std::move(parsed.warnings);
    report.categories = std::move(parsed.categories);
    report.errors = std::move(parsed.errors);
    if (!report.errors.empty() && !options.skip_invalid) return report;
    if (!step(1)) return report;

    // Keep the pages this import changes in memory until the commit (restored afterwards).
    struct CacheScope {
        storage::Database& db;
        std::int64_t before;
        ~CacheScope()
        {
            try {
                db.set_cache_size_kib(before);
            } catch (const storage::StorageError&) {
            }
        }
    } cache{store.db(), store.db().cache_size_kib()};
    store.db().set_cache_size_kib(std::max<std::int64_t>(cache.before, 512 * 1024));
    storage::Transaction tx(store.db());
    for (const auto& [media_path, file] : parsed.media) {
        store.put_media(media_path, file_bytes(file));
        ++report.media_stored;
    }
    if (!step(2)) return report; // the transaction rolls back
    std::vector<Question> questions;
    std::vector<std::string> hashes;
    questions.reserve(parsed.questions.size());
    hashes.reserve(parsed.questions.size());
    for (auto& sq : parsed.questions) {
        hashes.push_back(sq.hash.empty() ? sq.q.content_hash() : std::move(sq.hash));
        questions.push_back(std::move(sq.q));
    }
    const std::vector<SaveResult> results = store.save_questions(questions, true, hashes);
    std::vector<std::string> zh_hk_texts;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const SaveResult& r = results[i];
        const SourceQuestion& sq = parsed.questions[i];
        const Question& q = questions[i];
        switch (r.outcome) {
        case SaveOutcome::Inserted: ++report.inserted; break;
        case SaveOutcome::NewVersion: ++report.new_versions; break;
        case SaveOutcome::Updated: ++report.updated; break;
        case SaveOutcome::Duplicate:
            report.duplicates.push_back({sq.file, sq.line, q.uid, store.uid_of(r.id).value_or("")});
            continue;
        }
        report.uids.push_back(q.uid);
        for (auto& text : zh_hk::question_texts(q)) zh_hk_texts.push_back(std::move(text));
    }
    // The zh-HK texts of what was added or changed, in the import's transaction (content/zh_hk/texts.hpp).
    zh_hk::TextStore(store.db()).store(zh_hk_texts);
    if (!step(3)) return report;
    if (!parsed.exhibits.empty()) {
        std::map<std::string, std::string> stored;
        for (const auto& e : store.exhibits()) stored[e.uid] = exhibit_json_line(e);
        for (const auto& se : parsed.exhibits) {
            auto it = stored.find(se.e.uid);
            if (it != stored.end() && it->second == exhibit_json_line(se.e)) {
                ++report.exhibits_unchanged;
                continue;
            }
            store.save_exhibit(se.e);
            ++(it == stored.end() ? report.exhibits_inserted : report.exhibits_updated);
        }
    }
    if (!step(4)) return report;
    if (!options.dry_run) {
        if (options.before_commit) options.before_commit(report);
        tx.commit();
        report.committed = true;
    }
    if (options.progress) options.progress(kSteps, kSteps); // done: too late to cancel
    return report;
}

} // namespace sk::content::formats
