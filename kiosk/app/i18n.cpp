#include "kiosk/app/i18n.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace sk::kiosk {

namespace generated {
extern const std::string_view zh_CN;
extern const std::string_view zh_HK;
extern const std::string_view en;
} // namespace generated

const std::vector<KeyInfo>& all_keys()
{
    static const std::vector<KeyInfo> keys{
#define SK_KIOSK_KEY_INFO(id, name) {Key::id, #id, name},
        SK_KIOSK_STRING_KEYS(SK_KIOSK_KEY_INFO)
#undef SK_KIOSK_KEY_INFO
    };
    return keys;
}

const std::vector<std::string>& languages()
{
    static const std::vector<std::string> v{"zh-CN", "zh-HK", "en"};
    return v;
}

std::string_view language_file(std::string_view language)
{
    if (language == "zh-CN") return generated::zh_CN;
    if (language == "zh-HK") return generated::zh_HK;
    if (language == "en") return generated::en;
    throw I18nError("unknown language '" + std::string(language) + "' (known: zh-CN, zh-HK, en)");
}

Strings Strings::load(std::string_view language)
{
    Strings s = parse(language_file(language), "kiosk/i18n/" + std::string(language) + ".json");
    s.language_ = std::string(language);
    return s;
}

Strings Strings::parse(std::string_view json_text, const std::string& source)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::parse_error& e) {
        throw I18nError(source + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object()) throw I18nError(source + ": must be a JSON object of key → text");
    Strings s;
    for (const auto& k : all_keys()) {
        auto it = j.find(k.name);
        if (it == j.end()) throw I18nError(source + ": key '" + k.name + "' is missing");
        if (!it->is_string()) throw I18nError(source + ": key '" + k.name + "' must be a string");
        s.texts_.push_back(it->get<std::string>());
    }
    for (const auto& e : exam::exam_errors()) {
        const std::string name = std::string("error.") + e.key;
        auto it = j.find(name);
        if (it == j.end()) throw I18nError(source + ": key '" + name + "' is missing");
        if (!it->is_string()) throw I18nError(source + ": key '" + name + "' must be a string");
        s.texts_.push_back(it->get<std::string>());
    }
    return s;
}

std::string Strings::format(Key k, std::initializer_list<std::string> args) const
{
    std::string out = (*this)(k);
    std::size_t i = 0;
    for (const auto& a : args) {
        const std::string mark = "{" + std::to_string(i++) + "}";
        for (auto pos = out.find(mark); pos != std::string::npos; pos = out.find(mark, pos + a.size()))
            out.replace(pos, mark.size(), a);
    }
    return out;
}

std::string format_duration(std::int64_t ms)
{
    const std::int64_t s = std::max<std::int64_t>(0, (ms + 999) / 1000);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                      static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    return buf;
}

std::string Strings::error(const exam::ExamError& e) const
{
    return exam::fill_placeholders(texts_[all_keys().size() + static_cast<std::size_t>(e.code())], e.args());
}

} // namespace sk::kiosk
