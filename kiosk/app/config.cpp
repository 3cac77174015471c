#include "kiosk/app/config.hpp"

#include "kiosk/app/i18n.hpp"

#include "exam/centre/centre.hpp"
#include "exam/centre/sync.hpp"

#include "content/formats/files.hpp"
#include "content/formats/json_unique.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

namespace sk::kiosk {

using json = nlohmann::json;

std::string_view to_string(Role r)
{
    switch (r) {
    case Role::Exam: return "exam";
    case Role::Training: return "training";
    case Role::Exhibit: return "exhibit";
    }
    return "exhibit";
}

std::optional<Role> parse_role(std::string_view s)
{
    if (s == "exam") return Role::Exam;
    if (s == "training") return Role::Training;
    if (s == "exhibit") return Role::Exhibit;
    return std::nullopt;
}

namespace {

// Line (1-based) of the first occurrence of "key" in the text: nlohmann::json keeps no positions of values.
int line_of_key(std::string_view text, const std::string& key)
{
    const std::string quoted = "\"" + key + "\"";
    const auto pos = text.find(quoted);
    if (pos == std::string_view::npos) return 0;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

struct Parser {
    std::string_view text;
    const std::string& source;

    [[noreturn]] void fail(const std::string& key, const std::string& message) const
    {
        const int line = line_of_key(text, key);
        throw ConfigError(source + (line ? ":" + std::to_string(line) : std::string()) + ": \"" + key + "\" " +
                          message);
    }

    std::string string(const json& v, const std::string& key) const
    {
        if (!v.is_string()) fail(key, "must be a string");
        return v.get<std::string>();
    }

    int seconds(const json& v, const std::string& key, int lo, int hi) const
    {
        if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
            fail(key, "must be a whole number of seconds from " + std::to_string(lo) + " to " + std::to_string(hi));
        return v.get<int>();
    }
};

} // namespace

KioskConfig parse_config(std::string_view text, const std::string& source)
{
    json j;
    try {
        j = content::formats::parse_unique_keys<json>(text);
    } catch (const content::formats::DuplicateKeyError& e) {
        throw ConfigError(source + ": \"" + e.key() + "\": " + e.what());
    } catch (const json::parse_error& e) {
        // Turn the byte offset into a line and column.
        const std::size_t at = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
        const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
        const auto line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
        const std::size_t column = at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
        std::string what = e.what();
        if (auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
        throw ConfigError(source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": not valid JSON: " +
                          what);
    } catch (const json::out_of_range& e) {
        // A number beyond a double (1e400): nlohmann::json reports no position for it.
        std::string what = e.what();
        if (auto p = what.find("number overflow"); p != std::string::npos) what = what.substr(p);
        throw ConfigError(source + ": not valid JSON: " + what);
    }
    if (!j.is_object()) throw ConfigError(source + ": must be a JSON object ({ \"role\": \"exhibit\", … })");
    Parser p{text, source};
    KioskConfig c;
    static const char* const known[] = {"role",  "language", "admin_pin_hash", "idle_timeout_s", "attract_interval_s",
                                        "font", "title",    "show_cursor", "kiosk_id", "room",  "database",
                                        "speech_volume", "speech_rate", "pronunciations", "centre"};
    for (const auto& [key, value] : j.items()) {
        if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
            std::string list;
            for (const char* k : known) list += std::string(list.empty() ? "" : ", ") + k;
            p.fail(key, "is not a configuration key (known: " + list + ")");
        }
        if (key == "role") {
            auto r = parse_role(p.string(value, key));
            if (!r) p.fail(key, "must be \"exam\", \"training\" or \"exhibit\"");
            c.role = *r;
        } else if (key == "language") {
            c.language = p.string(value, key);
            const auto& langs = languages();
            if (std::find(langs.begin(), langs.end(), c.language) == langs.end())
                p.fail(key, "must be \"zh-CN\" or \"en\"");
        } else if (key == "admin_pin_hash") {
            c.admin_pin_hash = p.string(value, key);
            if (!c.admin_pin_hash.empty() && c.admin_pin_hash.rfind("$argon2id$", 0) != 0)
                p.fail(key, "must be an Argon2id hash (\"$argon2id$…\", made by safekiosk --hash-pin)");
        } else if (key == "idle_timeout_s") {
            c.idle_timeout_s = p.seconds(value, key, 10, 3600);
        } else if (key == "attract_interval_s") {
            c.attract_interval_s = p.seconds(value, key, 2, 600);
        } else if (key == "font") {
            c.font = p.string(value, key);
            if (c.font.empty()) p.fail(key, "must name a font file");
        } else if (key == "title") {
            c.title = p.string(value, key);
        } else if (key == "show_cursor") {
            if (!value.is_boolean()) p.fail(key, "must be true or false");
            c.show_cursor = value.get<bool>();
        } else if (key == "kiosk_id") {
            c.kiosk_id = p.string(value, key);
            const bool shape = !c.kiosk_id.empty() && c.kiosk_id.size() <= 16 &&
                               std::all_of(c.kiosk_id.begin(), c.kiosk_id.end(), [](char ch) {
                                   return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
                                          (ch >= 'a' && ch <= 'z') || ch == '-' || ch == '_';
                               });
            if (!shape) p.fail(key, "must be 1 to 16 letters, digits, '-' or '_' (e.g. \"A01\")");
        } else if (key == "room") {
            c.room = p.string(value, key);
            if (c.room.empty() || c.room.find_first_not_of(" \t") == std::string::npos)
                p.fail(key, "must name the exam room (e.g. \"第一考场\")");
        } else if (key == "centre") {
            c.centre = p.string(value, key);
            try {
                exam::centre::check_kiosk_centre_uri(c.centre);
            } catch (const exam::centre::CentreError& e) {
                p.fail(key, std::string("cannot be used: ") + e.what());
            }
        } else if (key == "database") {
            c.database = p.string(value, key);
            if (c.database.empty()) p.fail(key, "must name a database file or a postgresql:// URI");
        } else if (key == "speech_volume") {
            if (!value.is_number_integer() || value.get<long long>() < 0 || value.get<long long>() > 100)
                p.fail(key, "must be a whole number of percent from 0 (no read-aloud) to 100");
            c.speech_volume = value.get<int>();
        } else if (key == "pronunciations") {
            c.pronunciations = p.string(value, key);
            if (c.pronunciations.empty()) p.fail(key, "must name a pronunciation list file (.tsv)");
        } else if (key == "speech_rate") {
            if (!value.is_number_integer() || value.get<long long>() < 80 || value.get<long long>() > 260)
                p.fail(key, "must be a whole number of words per minute from 80 to 260");
            c.speech_rate = value.get<int>();
        }
    }
    return c;
}

KioskConfig load_config(const std::filesystem::path& path)
{
    std::string text;
    try {
        text = content::formats::read_input_file(path, content::formats::FileKind::Config);
    } catch (const content::formats::FileError& e) {
        throw ConfigError(e.what());
    }
    return parse_config(text, path.string());
}

} // namespace sk::kiosk
