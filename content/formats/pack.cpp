// The SafeKiosk content pack (docs/content-pack.md): reading a pack folder, and the JSON of one question or exhibit.
#include "content/formats/export.hpp"
#include "content/formats/images.hpp"
#include "content/formats/json_unique.hpp"
#include "content/formats/parsed.hpp"
#include "content/formats/text.hpp"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <optional>
#include <set>

namespace sk::content::formats {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

namespace {

constexpr int kPackVersion = 1;

const std::set<std::string, std::less<>>& question_keys()
{
    static const std::set<std::string, std::less<>> k{"uid",    "version", "type",   "category", "item",        "chapter", "difficulty",
                                         "pool",   "status",  "stem",   "options",  "answer",      "explanation", "image"};
    return k;
}
const std::set<std::string, std::less<>>& quiz_keys()
{
    static const std::set<std::string, std::less<>> k{"uid", "type", "difficulty", "stem", "options", "answer", "explanation", "image"};
    return k;
}
const std::set<std::string, std::less<>>& exhibit_keys()
{
    static const std::set<std::string, std::less<>> k{"uid",     "title",         "industry",          "date",       "place",
                                         "deaths",  "injuries",      "summary",           "timeline",   "direct_causes",
                                         "underlying_causes", "violations", "lessons",     "do_instead", "images",
                                         "quiz"};
    return k;
}

// nlohmann::json copies, compares and prints values recursively: a pack.json or a line nesting lists a hundred
// thousand deep overflowed the stack (found by tests/fuzz/pack_fuzz). No field of a pack nests more than 4 deep;
// text nesting deeper than kMaxJsonDepth is refused before it is parsed.
constexpr int kMaxJsonDepth = 64;

bool nests_too_deep(std::string_view text)
{
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

std::string too_deep_message()
{
    return "nests lists and objects more than " + std::to_string(kMaxJsonDepth) + " deep; a pack needs at most 4";
}

// One JSON object as the field checks below read it, through nlohmann::json (pack.json, exhibit lines and the rare
// question line of an unusual shape) ...
class JsonObject {
public:
    explicit JsonObject(const json& j) : j_(j) {}
    bool contains(const char* key) const { return j_.contains(key); }
    // The value of `key` when it is a string (the key is present).
    std::optional<std::string_view> string(const char* key) const
    {
        const json& v = j_.at(key);
        if (!v.is_string()) return std::nullopt;
        return std::string_view(v.get_ref<const std::string&>());
    }
    // The value of `key` when it is a whole number (the key is present).
    std::optional<std::int64_t> integer(const char* key) const
    {
        const json& v = j_.at(key);
        if (!v.is_number_integer()) return std::nullopt;
        return v.get<std::int64_t>();
    }
    // The strings of the list `key` (present); false when it is not a list of strings.
    bool strings(const char* key, std::vector<std::string>& out) const
    {
        const json& v = j_.at(key);
        if (!v.is_array()) return false;
        for (const auto& s : v) {
            if (!s.is_string()) return false;
            out.push_back(s.get<std::string>());
        }
        return true;
    }
    // Calls `f` with each key.
    template <class F> void each_key(F&& f) const
    {
        for (const auto& item : j_.items()) f(std::string_view(item.key()));
    }

private:
    const json& j_;
};

// ... or straight from simdjson's document, which is many times faster (nlohmann's lexer was half of a pack import,
// and building its object per line a third of the rest), for a question line of the usual shape: one object whose
// values are strings, whole numbers that fit in 64 bits, booleans, nulls or lists of strings, no key twice. read()
// returns nullopt for any other line, valid or not, which then goes through nlohmann's parser, so its errors and
// its edge cases (numbers such as -0 or 1e400, duplicate keys, nesting) read exactly as before. Both give the same
// answers to the checks.
class SimdObject {
public:
    static std::optional<SimdObject> read(simdjson::dom::parser& parser, std::string_view line)
    {
        simdjson::dom::element doc;
        if (parser.parse(line.data(), line.size()).get(doc) != simdjson::SUCCESS) return std::nullopt;
        simdjson::dom::object object;
        if (doc.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
        // A \u escape can name half of a surrogate pair, which nlohmann refuses: such strings are checked.
        const bool escapes = line.find("\\u") != std::string_view::npos;
        auto usual_text = [escapes](simdjson::dom::element e) {
            std::string_view v;
            return e.get_string().get(v) == simdjson::SUCCESS && (!escapes || valid_utf8(v));
        };
        SimdObject out;
        for (auto field : object) {
            const std::string_view key = field.key;
            if (out.find(key) || (escapes && !valid_utf8(key))) return std::nullopt;
            const simdjson::dom::element value = field.value;
            switch (value.type()) {
            case simdjson::dom::element_type::STRING:
                if (!usual_text(value)) return std::nullopt;
                break;
            case simdjson::dom::element_type::INT64:
            case simdjson::dom::element_type::BOOL:
            case simdjson::dom::element_type::NULL_VALUE: break;
            case simdjson::dom::element_type::ARRAY: {
                simdjson::dom::array entries;
                if (value.get_array().get(entries) != simdjson::SUCCESS) return std::nullopt;
                for (simdjson::dom::element entry : entries)
                    if (entry.type() != simdjson::dom::element_type::STRING || !usual_text(entry)) return std::nullopt;
                break;
            }
            default: return std::nullopt; // objects, unsigned integers above 2^63, numbers with a fraction or exponent
            }
            out.fields_.push_back({key, value});
        }
        return out;
    }

    bool contains(const char* key) const { return find(key) != nullptr; }
    std::optional<std::string_view> string(const char* key) const
    {
        std::string_view v;
        if (find(key)->get_string().get(v) != simdjson::SUCCESS) return std::nullopt;
        return v;
    }
    std::optional<std::int64_t> integer(const char* key) const
    {
        std::int64_t v = 0;
        if (find(key)->type() != simdjson::dom::element_type::INT64 || find(key)->get_int64().get(v) != simdjson::SUCCESS)
            return std::nullopt;
        return v;
    }
    bool strings(const char* key, std::vector<std::string>& out) const
    {
        simdjson::dom::array entries;
        if (find(key)->get_array().get(entries) != simdjson::SUCCESS) return false;
        for (simdjson::dom::element entry : entries) // read() let in only lists of strings
            out.emplace_back(entry.get_string().value_unsafe());
        return true;
    }
    template <class F> void each_key(F&& f) const
    {
        for (const auto& field : fields_) f(field.first);
    }

private:
    const simdjson::dom::element* find(std::string_view key) const
    {
        for (const auto& field : fields_)
            if (field.first == key) return &field.second;
        return nullptr;
    }
    std::vector<std::pair<std::string_view, simdjson::dom::element>> fields_;
};

// Reads the fields of one JSON object (JsonObject or SimdObject), recording each problem against the line it came
// from.
class Fields {
public:
    Fields(Parsed& parsed, std::string file, int line, std::string prefix = "")
        : parsed_(parsed), file_(std::move(file)), line_(line), prefix_(std::move(prefix))
    {
    }

    bool ok() const { return ok_; }
    void error(const std::string& field, const std::string& message)
    {
        parsed_.errors.push_back({file_, line_, prefix_ + field, message});
        ok_ = false;
    }
    const std::string& file() const { return file_; }
    int line() const { return line_; }

    // Each key that is not one of `keys` is an error, in sorted order (as nlohmann::json lists its keys).
    template <class Object> void known(const Object& j, const std::set<std::string, std::less<>>& keys)
    {
        std::vector<std::string_view> unknown;
        j.each_key([&](std::string_view key) {
            if (!keys.count(key)) unknown.push_back(key);
        });
        std::sort(unknown.begin(), unknown.end());
        for (auto key : unknown) error(std::string(key), "is not a field of this format (misspelt?)");
    }

    template <class Object> std::string text(const Object& j, const char* key, bool required, const std::string& fallback = "")
    {
        if (!j.contains(key)) {
            if (required) error(key, "is missing");
            return fallback;
        }
        const auto v = j.string(key);
        if (!v) {
            error(key, "must be a string");
            return fallback;
        }
        return std::string(*v);
    }

    template <class Object> int whole(const Object& j, const char* key, int fallback)
    {
        if (!j.contains(key)) return fallback;
        const auto n = j.integer(key);
        if (!n) {
            error(key, "must be a whole number");
            return fallback;
        }
        if (*n < -1000000 || *n > 1000000) {
            error(key, "is out of range");
            return fallback;
        }
        return static_cast<int>(*n);
    }

    template <class Object> std::vector<std::string> strings(const Object& j, const char* key)
    {
        std::vector<std::string> out;
        if (!j.contains(key)) return out;
        if (!j.strings(key, out)) {
            error(key, "must be a list of strings");
            return {};
        }
        return out;
    }

    const json* list(const json& j, const char* key)
    {
        if (!j.contains(key)) return nullptr;
        const json& v = j.at(key);
        if (!v.is_array()) {
            error(key, "must be a list");
            return nullptr;
        }
        return &v;
    }

private:
    Parsed& parsed_;
    std::string file_;
    int line_;
    std::string prefix_;
    bool ok_ = true;
};

bool safe_relative(const std::string& p)
{
    if (p.empty() || p.front() == '/' || p.find('\\') != std::string::npos || p.find(':') != std::string::npos)
        return false;
    std::size_t start = 0;
    while (start <= p.size()) {
        std::size_t slash = p.find('/', start);
        std::string part = p.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part.empty() || part == "." || part == "..") return false;
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return true;
}

// Checks that a media path names a PNG or JPEG file inside the pack. Returns the file on disk, or an empty path
// after recording the problem.
// True when `file`, with every symbolic link resolved, is inside the folder `dir` (also resolved).
bool inside_pack(const fs::path& dir, const fs::path& file)
{
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(dir, ec);
    if (ec) return false;
    const fs::path real = fs::weakly_canonical(file, ec);
    if (ec) return false;
    const fs::path rel = real.lexically_relative(root);
    return !rel.empty() && *rel.begin() != ".." && rel != ".";
}

fs::path media_file(Fields& f, const fs::path& dir, const std::string& field, const std::string& path)
{
    if (path.find('\0') != std::string::npos) {
        f.error(field, "contains a NUL character");
        return {};
    }
    if (!safe_relative(path)) {
        f.error(field, "'" + path + "' must be a relative path inside the pack (no '..', no leading '/')");
        return {};
    }
    fs::path file = dir / path;
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(file, ec))) {
        f.error(field, "'" + path + "' is not in the pack");
        return {};
    }
    if (!inside_pack(dir, file)) {
        f.error(field, "'" + path + "' leads out of the pack (a symbolic link to a file elsewhere)");
        return {};
    }
    std::string bytes;
    try {
        bytes = read_input_file(file, FileKind::Image);
    } catch (const FileError& e) {
        f.error(field, "'" + path + "': " + e.why());
        return {};
    }
    if (const auto why = image_problem(bytes); !why.empty()) {
        f.error(field, "'" + path + "' " + why);
        return {};
    }
    return file;
}

template <class Object> Question question_from(Fields& f, const Object& j, bool quiz)
{
    f.known(j, quiz ? quiz_keys() : question_keys());
    Question q;
    q.uid = f.text(j, "uid", true);
    if (!quiz) q.version = f.whole(j, "version", 1);
    std::string type = f.text(j, "type", true);
    const auto parsed_type = parse_question_type(type);
    if (parsed_type) q.type = *parsed_type;
    else if (!type.empty()) f.error("type", "'" + type + "' is not tf, single or multi");
    if (!quiz) {
        q.category = f.text(j, "category", true);
        q.item = f.text(j, "item", true);
        q.chapter = f.text(j, "chapter", true);
        std::string pool = f.text(j, "pool", false, "both");
        if (auto p = parse_pool(pool)) q.pool = *p;
        else f.error("pool", "'" + pool + "' is not practice, exam or both");
        std::string status = f.text(j, "status", false, "published");
        if (auto s = parse_status(status)) q.status = *s;
        else f.error("status", "'" + status + "' is not draft, published or retired");
    } else {
        q.pool = Pool::Practice;
    }
    q.difficulty = f.whole(j, "difficulty", 3);
    q.stem = f.text(j, "stem", true);
    if (j.contains("options") || q.type != QuestionType::TrueFalse) {
        if (!j.contains("options") && parsed_type) f.error("options", "is missing");
        q.options = f.strings(j, "options");
    } else {
        q.options = true_false_options();
    }
    q.answer = f.text(j, "answer", true);
    q.explanation = f.text(j, "explanation", false);
    q.image = f.text(j, "image", false);
    return q;
}

// A line that simdjson did not take (exhibits, unusual question lines), read by nlohmann: the object, or nullopt
// after recording why the line is not one.
std::optional<json> json_object_line(Parsed& parsed, const std::string& shown, int line_no, std::string_view line)
{
    if (!valid_utf8(line)) {
        parsed.errors.push_back({shown, line_no, "", "is not UTF-8 text"});
        return std::nullopt;
    }
    if (nests_too_deep(line)) {
        parsed.errors.push_back({shown, line_no, "", too_deep_message()});
        return std::nullopt;
    }
    json j;
    try {
        j = parse_unique_keys<json>(line);
    } catch (const json::exception& e) { // parse_error, or out_of_range for a number beyond a double
        parsed.errors.push_back({shown, line_no, "", std::string("is not valid JSON: ") + e.what()});
        return std::nullopt;
    } catch (const DuplicateKeyError& e) {
        parsed.errors.push_back({shown, line_no, e.key(), e.what()});
        return std::nullopt;
    }
    if (!j.is_object()) {
        parsed.errors.push_back({shown, line_no, "", "must be a JSON object"});
        return std::nullopt;
    }
    return j;
}

// The entries of a list of two-string objects ({"time": …, "event": …}), or an error naming the list.
template <class Entry>
std::vector<Entry> string_pairs(Fields& f, const json& j, const char* key, const char* first, const char* second)
{
    std::vector<Entry> out;
    const json* list = f.list(j, key);
    if (!list) return out;
    for (const auto& entry : *list) {
        if (!entry.is_object() || !entry.contains(first) || !entry.contains(second) || !entry.at(first).is_string() ||
            !entry.at(second).is_string()) {
            f.error(key, std::string("each entry must be {\"") + first + "\": \"…\", \"" + second + "\": \"…\"}");
            break;
        }
        out.push_back({entry.at(first).get<std::string>(), entry.at(second).get<std::string>()});
    }
    return out;
}

void read_questions(Parsed& parsed, std::string bytes, const fs::path& dir, const std::string& shown,
                    const Catalogue& catalogue, std::map<std::string, std::string>& uids)
{
    if (starts_with(bytes, "\xEF\xBB\xBF")) bytes.erase(0, 3);
    simdjson::dom::parser simd;
    int line_no = 0;
    for (std::string_view line : split_lines(bytes)) {
        ++line_no;
        if (trim(line).empty()) continue;
        ++parsed.read;
        Fields f(parsed, shown, line_no);
        Question q;
        // A line simdjson read is valid UTF-8 and nests two deep at most: the checks below are for the others.
        if (auto usual = SimdObject::read(simd, line)) {
            q = question_from(f, *usual, false);
        } else if (auto j = json_object_line(parsed, shown, line_no, line)) {
            q = question_from(f, JsonObject(*j), false);
        } else {
            continue;
        }
        if (!q.uid.empty()) {
            auto [it, fresh] = uids.emplace(q.uid, shown + ":" + std::to_string(line_no));
            if (!fresh) f.error("uid", "'" + q.uid + "' is also used at " + it->second);
        }
        fs::path image;
        if (!q.image.empty()) image = media_file(f, dir, "image", q.image);
        if (!f.ok()) continue;
        std::string image_path = q.image;
        if (accept_question(parsed, std::move(q), shown, line_no, catalogue, {}) && !image.empty())
            parsed.media[image_path] = image;
    }
}

void read_exhibits(Parsed& parsed, std::string bytes, const fs::path& dir, const std::string& shown,
                   std::map<std::string, std::string>& uids, std::map<std::string, std::string>& exhibit_uids)
{
    if (starts_with(bytes, "\xEF\xBB\xBF")) bytes.erase(0, 3);
    int line_no = 0;
    for (std::string_view line : split_lines(bytes)) {
        ++line_no;
        if (trim(line).empty()) continue;
        const auto line_object = json_object_line(parsed, shown, line_no, line);
        if (!line_object) continue;
        const json& j = *line_object;
        Fields f(parsed, shown, line_no);
        const JsonObject o(j);
        f.known(o, exhibit_keys());
        Exhibit e;
        e.uid = f.text(o, "uid", true);
        e.title = f.text(o, "title", true);
        e.industry = f.text(o, "industry", true);
        e.date = f.text(o, "date", true);
        e.place = f.text(o, "place", false);
        e.deaths = f.whole(o, "deaths", 0);
        e.injuries = f.whole(o, "injuries", 0);
        e.summary = f.text(o, "summary", true);
        e.timeline = string_pairs<TimelineEntry>(f, j, "timeline", "time", "event");
        e.direct_causes = f.strings(o, "direct_causes");
        e.underlying_causes = f.strings(o, "underlying_causes");
        e.violations = string_pairs<Violation>(f, j, "violations", "kind", "text");
        e.lessons = f.strings(o, "lessons");
        e.do_instead = f.strings(o, "do_instead");
        std::map<std::string, fs::path> media;
        if (const json* imgs = f.list(j, "images"))
            for (std::size_t i = 0; i < imgs->size(); ++i) {
                const auto& entry = (*imgs)[i];
                if (!entry.is_object() || !entry.contains("file") || !entry.at("file").is_string() ||
                    (entry.contains("caption") && !entry.at("caption").is_string())) {
                    f.error("images", "each entry must be {\"file\": \"…\", \"caption\": \"…\"}");
                    break;
                }
                ExhibitImage img{entry.at("file").get<std::string>(), entry.value("caption", std::string())};
                fs::path file = media_file(f, dir, "images[" + std::to_string(i + 1) + "].file", img.file);
                if (!file.empty()) media[img.file] = file;
                e.images.push_back(std::move(img));
            }
        if (const json* quiz = f.list(j, "quiz"))
            for (std::size_t i = 0; i < quiz->size(); ++i) {
                const auto& entry = (*quiz)[i];
                std::string prefix = "quiz[" + std::to_string(i + 1) + "].";
                if (!entry.is_object()) {
                    f.error("quiz", "each entry must be a question object");
                    break;
                }
                Fields qf(parsed, shown, line_no, prefix);
                Question q = question_from(qf, JsonObject(entry), true);
                if (!q.image.empty()) {
                    fs::path file = media_file(qf, dir, "image", q.image);
                    if (!file.empty()) media[q.image] = file;
                }
                if (!q.uid.empty()) {
                    auto [it, fresh] = uids.emplace(q.uid, shown + ":" + std::to_string(line_no));
                    if (!fresh) qf.error("uid", "'" + q.uid + "' is also used at " + it->second);
                }
                if (!qf.ok()) f.error("quiz", "question " + std::to_string(i + 1) + " has errors (above)");
                e.quiz.push_back(std::move(q));
            }
        if (!e.uid.empty()) {
            auto [it, fresh] = exhibit_uids.emplace(e.uid, shown + ":" + std::to_string(line_no));
            if (!fresh) f.error("uid", "'" + e.uid + "' is also used at " + it->second);
        }
        if (!f.ok()) continue;
        auto problems = validate(e);
        for (const auto& p : problems) parsed.errors.push_back({shown, line_no, p.field, p.message});
        if (!problems.empty()) continue;
        for (auto& [path, file] : media) parsed.media[path] = file;
        parsed.exhibits.push_back({std::move(e), shown, line_no});
    }
}

std::vector<std::string> file_list(Parsed& parsed, const json& manifest, const char* key, const std::string& shown)
{
    std::vector<std::string> out;
    if (!manifest.contains(key)) return out;
    const json& v = manifest.at(key);
    if (!v.is_array()) {
        parsed.errors.push_back({shown, 1, key, "must be a list of file names"});
        return out;
    }
    for (const auto& s : v) {
        if (!s.is_string() || !safe_relative(s.get<std::string>())) {
            parsed.errors.push_back({shown, 1, key, "must list relative paths inside the pack, got " + s.dump()});
            continue;
        }
        out.push_back(s.get<std::string>());
    }
    return out;
}

} // namespace

namespace {
// Reads a file listed by the manifest: its bytes, or nullopt when the pack has no such file. Throws TextError when
// the file is there but cannot be read.
using PackFileReader = std::function<std::optional<std::string>(const std::string& rel)>;

Parsed parse_pack_from(std::string manifest_bytes, const fs::path& dir, const PackFileReader& read_file,
                       const Catalogue& catalogue)
{
    Parsed parsed;
    const std::string manifest_shown = (dir / "pack.json").string();
    json manifest;
    try {
        if (starts_with(manifest_bytes, "\xEF\xBB\xBF")) manifest_bytes.erase(0, 3);
        if (nests_too_deep(manifest_bytes)) {
            parsed.errors.push_back({manifest_shown, 0, "", too_deep_message()});
            return parsed;
        }
        manifest = parse_unique_keys<json>(manifest_bytes);
    } catch (const json::exception& e) { // parse_error, or out_of_range for a number beyond a double
        parsed.errors.push_back({manifest_shown, 0, "", std::string("is not valid JSON: ") + e.what()});
        return parsed;
    } catch (const DuplicateKeyError& e) {
        parsed.errors.push_back({manifest_shown, 0, e.key(), e.what()});
        return parsed;
    }
    if (!manifest.is_object()) {
        parsed.errors.push_back({manifest_shown, 1, "", "must be a JSON object"});
        return parsed;
    }
    if (!manifest.contains("format") || manifest.at("format") != "safekiosk-pack") {
        parsed.errors.push_back({manifest_shown, 1, "format", "must be \"safekiosk-pack\""});
        return parsed;
    }
    const json version = manifest.value("version", json());
    if (!version.is_number_integer() || version.get<std::int64_t>() < 1) {
        parsed.errors.push_back({manifest_shown, 1, "version", "must be a whole number, 1 or more"});
        return parsed;
    }
    if (version.get<std::int64_t>() > kPackVersion) {
        parsed.errors.push_back({manifest_shown, 1, "version",
                                 "pack version " + version.dump() + " is newer than this program reads (" +
                                     std::to_string(kPackVersion) + "); upgrade SafeKiosk to import it"});
        return parsed;
    }
    auto question_files = file_list(parsed, manifest, "questions", manifest_shown);
    auto exhibit_files = file_list(parsed, manifest, "exhibits", manifest_shown);
    std::map<std::string, std::string> uids, exhibit_uids;
    // The bytes of a listed file, or nullopt after recording why there are none.
    auto listed = [&](const std::string& rel, const char* key) -> std::optional<std::string> {
        const std::string shown = (dir / rel).string();
        try {
            auto bytes = read_file(rel);
            if (!bytes) parsed.errors.push_back({manifest_shown, 1, key, "lists '" + rel + "', which is not in the pack"});
            return bytes;
        } catch (const TextError& e) {
            parsed.errors.push_back({shown, 0, "", e.what()});
            return std::nullopt;
        }
    };
    for (const auto& rel : question_files)
        if (auto bytes = listed(rel, "questions"))
            read_questions(parsed, std::move(*bytes), dir, (dir / rel).string(), catalogue, uids);
    for (const auto& rel : exhibit_files)
        if (auto bytes = listed(rel, "exhibits"))
            read_exhibits(parsed, std::move(*bytes), dir, (dir / rel).string(), uids, exhibit_uids);
    return parsed;
}
} // namespace

Parsed parse_pack(const fs::path& path, const Catalogue& catalogue)
{
    const fs::path dir = path.filename() == "pack.json" ? path.parent_path() : path;
    const std::string manifest_shown = (dir / "pack.json").string();
    std::string manifest;
    try {
        manifest = read_bytes(manifest_shown);
    } catch (const TextError& e) {
        Parsed parsed;
        std::error_code ec;
        const bool folder = fs::is_directory(dir, ec);
        const bool there = folder && fs::exists(fs::symlink_status(dir / "pack.json", ec));
        parsed.errors.push_back({manifest_shown, 0, "",
                                 there    ? std::string("cannot read the manifest: ") + e.what()
                                 : folder ? "cannot read the manifest: a pack folder needs a pack.json"
                                          : "cannot read the manifest: '" + dir.string() + "' is not a pack folder"});
        return parsed;
    }
    const auto read_file = [&dir](const std::string& rel) -> std::optional<std::string> {
        // Only a file that is not there at all is "not in the pack"; a FIFO, a device or a folder of that name
        // is read by read_bytes, which says what it is.
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(dir / rel, ec))) return std::nullopt;
        if (!inside_pack(dir, dir / rel)) throw TextError(0, "leads out of the pack (a symbolic link to a file elsewhere)");
        return read_bytes((dir / rel).string());
    };
    return parse_pack_from(std::move(manifest), dir, read_file, catalogue);
}

Parsed parse_pack_texts(const PackTexts& pack, const fs::path& dir, const Catalogue& catalogue)
{
    const auto read_file = [&pack](const std::string& rel) -> std::optional<std::string> {
        auto it = pack.files.find(rel);
        if (it == pack.files.end()) return std::nullopt;
        return it->second;
    };
    return parse_pack_from(pack.manifest, dir, read_file, catalogue);
}

namespace {
ordered_json question_object(const Question& q, bool quiz)
{
    ordered_json j;
    j["uid"] = q.uid;
    if (!quiz) j["version"] = q.version;
    j["type"] = std::string(to_string(q.type));
    if (!quiz) {
        j["category"] = q.category;
        j["item"] = q.item;
        j["chapter"] = q.chapter;
    }
    j["difficulty"] = q.difficulty;
    if (!quiz) {
        j["pool"] = std::string(to_string(q.pool));
        j["status"] = std::string(to_string(q.status));
    }
    j["stem"] = q.stem;
    j["options"] = q.options;
    j["answer"] = q.answer;
    j["explanation"] = q.explanation;
    if (!q.image.empty()) j["image"] = q.image;
    return j;
}
} // namespace

std::string question_json_line(const Question& q) { return question_object(q, false).dump(); }

std::string exhibit_json_line(const Exhibit& e)
{
    ordered_json j;
    j["uid"] = e.uid;
    j["title"] = e.title;
    j["industry"] = e.industry;
    j["date"] = e.date;
    j["place"] = e.place;
    j["deaths"] = e.deaths;
    j["injuries"] = e.injuries;
    j["summary"] = e.summary;
    j["timeline"] = ordered_json::array();
    for (const auto& t : e.timeline) j["timeline"].push_back(ordered_json{{"time", t.time}, {"event", t.event}});
    j["direct_causes"] = e.direct_causes;
    j["underlying_causes"] = e.underlying_causes;
    j["violations"] = ordered_json::array();
    for (const auto& v : e.violations) j["violations"].push_back(ordered_json{{"kind", v.kind}, {"text", v.text}});
    j["lessons"] = e.lessons;
    j["do_instead"] = e.do_instead;
    j["images"] = ordered_json::array();
    for (const auto& i : e.images) j["images"].push_back(ordered_json{{"file", i.file}, {"caption", i.caption}});
    j["quiz"] = ordered_json::array();
    for (const auto& q : e.quiz) j["quiz"].push_back(question_object(q, true));
    return j.dump();
}

} // namespace sk::content::formats
