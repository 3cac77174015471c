// Fuzz target: parse_unique_keys (content/formats/json_unique.hpp), the JSON reader of pack lines, pack.json,
// blueprints and kiosk.json that refuses a key given twice in one object. Every input is either
//  - refused with DuplicateKeyError, and then an independent reader (nlohmann's SAX interface, keeping the keys of
//    each open object) finds that same key twice in one object before the first syntax error; or
//  - refused with another nlohmann exception (a syntax error, a number too large), and then json::accept refuses it
//    too and the SAX reader finds no duplicate before the error; or
//  - accepted, and then the SAX reader finds no duplicate, plain json::parse gives the same value, and the value's
//    text reads back to the same value;
// for json and ordered_json alike; nothing else escapes. Corpus: tests/fuzz/corpus/json_unique/.
#include "content/formats/json_unique.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {

[[noreturn]] void broken(const std::string& what)
{
    std::fprintf(stderr, "fuzz: property broken: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

// The reference: the first key given twice in one object, found with nlohmann's SAX events; stops there.
struct FirstDuplicate : nlohmann::json::json_sax_t {
    std::vector<std::set<std::string>> open;
    std::optional<std::string> duplicate;
    bool failed = false;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override
    {
        open.emplace_back();
        return true;
    }
    bool key(string_t& k) override
    {
        if (!open.empty() && !open.back().insert(k).second) {
            duplicate = k;
            return false;
        }
        return true;
    }
    bool end_object() override
    {
        if (!open.empty()) open.pop_back();
        return true;
    }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override
    {
        failed = true;
        return false;
    }
};

template <class Json> void check(const std::string& text, const FirstDuplicate& ref, bool plain_ok)
{
    using sk::content::formats::DuplicateKeyError;
    using sk::content::formats::parse_unique_keys;
    Json value;
    try {
        value = parse_unique_keys<Json>(text);
    } catch (const DuplicateKeyError& e) {
        if (!ref.duplicate) broken("a duplicate key \"" + e.key() + "\" the reference does not find");
        if (*ref.duplicate != e.key()) broken("duplicate \"" + e.key() + "\", the reference's \"" + *ref.duplicate + "\"");
        return;
    } catch (const typename Json::exception&) {
        if (ref.duplicate) broken("a parse error where the reference finds the duplicate \"" + *ref.duplicate + "\"");
        if (plain_ok) broken("an error for text json::accept accepts");
        return;
    }
    if (ref.duplicate) broken("accepted with the duplicate key \"" + *ref.duplicate + "\"");
    if (ref.failed || !plain_ok) broken("accepted text json::parse refuses");
    if (Json::parse(text) != value) broken("a value other than json::parse gives");
    const std::string dumped = value.dump();
    Json again;
    try {
        again = parse_unique_keys<Json>(dumped);
    } catch (const std::exception& e) {
        broken(std::string("its own text refused: ") + e.what());
    }
    if (again != value) broken("its own text reads back differently");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    FirstDuplicate ref;
    nlohmann::json::sax_parse(text, &ref);
    const bool plain_ok = nlohmann::json::accept(text);
    check<nlohmann::json>(text, ref, plain_ok);
    check<nlohmann::ordered_json>(text, ref, plain_ok);
    return 0;
}
