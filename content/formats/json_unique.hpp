// Parsing JSON with every key at most once per object. nlohmann::json silently keeps the last of two equal keys, so
// a pack line with "answer" twice, or a blueprint with "pass_mark" twice, would take whichever came last: these
// files are parsed with parse_unique_keys(), which refuses the second key.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::content::formats {

class DuplicateKeyError : public std::runtime_error {
public:
    explicit DuplicateKeyError(const std::string& key)
        : std::runtime_error("the key \"" + key + "\" appears twice in one object (which one is meant?)"), key_(key)
    {
    }
    const std::string& key() const { return key_; }

private:
    std::string key_;
};

// Json::parse(text) that throws DuplicateKeyError for a key given twice in one object (and nlohmann's exceptions
// for invalid JSON, as parse does).
template <class Json> Json parse_unique_keys(std::string_view text)
{
    std::vector<std::set<std::string, std::less<>>> open; // the keys seen in each object being read
    const typename Json::parser_callback_t check = [&open](int, typename Json::parse_event_t event, Json& parsed) {
        using E = typename Json::parse_event_t;
        if (event == E::object_start) open.emplace_back();
        else if (event == E::object_end && !open.empty()) open.pop_back();
        else if (event == E::key && !open.empty() && !open.back().insert(parsed.template get<std::string>()).second)
            throw DuplicateKeyError(parsed.template get<std::string>());
        return true;
    };
    return Json::parse(text, check);
}

} // namespace sk::content::formats
