#include "content/zh_hk/texts.hpp"

#include "content/speech/utf8.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <array>
#include <stdexcept>
#include <unordered_set>

namespace sk::content::zh_hk {

namespace {

bool worth_converting(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto d = speech::detail::decode(s, i);
        if (d.len == 0) return true; // convert() names the bad byte
        if (speech::detail::is_cjk(d.c)) return true;
        i += d.len;
    }
    return false;
}

void add_question(std::vector<std::string>& out, const Question& q)
{
    out.push_back(q.stem);
    for (const auto& o : q.options) out.push_back(o);
    out.push_back(q.explanation);
}

} // namespace

std::vector<std::string> question_texts(const Question& q)
{
    std::vector<std::string> out;
    add_question(out, q);
    return out;
}

std::vector<std::string> exhibit_texts(const Exhibit& e)
{
    std::vector<std::string> out{e.title, e.industry, e.place, e.summary};
    for (const auto& t : e.timeline) {
        out.push_back(t.time);
        out.push_back(t.event);
    }
    for (const auto* list : {&e.direct_causes, &e.underlying_causes, &e.lessons, &e.do_instead})
        out.insert(out.end(), list->begin(), list->end());
    for (const auto& v : e.violations) {
        out.push_back(v.kind);
        out.push_back(v.text);
    }
    for (const auto& i : e.images) out.push_back(i.caption);
    for (const auto& q : e.quiz) add_question(out, q);
    return out;
}

std::string text_key(std::string_view simplified)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(simplified.data(), simplified.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 is not available (OpenSSL)");
    static const char* const hex = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::size_t TextStore::store(const std::vector<std::string>& texts, const Converter* converter)
{
    std::unordered_set<std::string> keys_seen;
    std::vector<std::pair<std::string, const std::string*>> wanted; // key, text
    for (const auto& t : texts) {
        if (!worth_converting(t)) continue;
        std::string key = text_key(t);
        if (keys_seen.insert(key).second) wanted.emplace_back(std::move(key), &t);
    }
    if (wanted.empty()) return 0;
    // Many texts (an import): read which are stored once; a few (an edit): look each up.
    std::unordered_set<std::string> stored;
    if (wanted.size() > 512) {
        auto st = db_.prepare("SELECT source_hash FROM zh_hk_text");
        while (st.step()) stored.insert(st.text(0));
    } else {
        auto st = db_.prepare("SELECT 1 FROM zh_hk_text WHERE source_hash = ?");
        for (const auto& [key, text] : wanted) {
            st.reset();
            st.bind(1, key);
            if (st.step()) stored.insert(key);
        }
    }
    auto ins = db_.prepare("INSERT INTO zh_hk_text(source_hash, source, converted) VALUES(?, ?, ?) "
                           "ON CONFLICT(source_hash) DO NOTHING");
    std::size_t added = 0;
    for (const auto& [key, text] : wanted) {
        if (stored.count(key)) continue;
        if (!converter) converter = &Converter::shared();
        const std::string converted = converter->convert(*text);
        ins.reset();
        ins.bind_all(key, *text, converted).run();
        added += db_.changes() > 0 ? 1 : 0;
    }
    return added;
}

namespace {
constexpr const char* kColumns = "SELECT id, source, converted, corrected FROM zh_hk_text";

StoredText read(storage::Statement& st)
{
    return {st.int64(0), st.text(1), st.text(2), st.optional_text(3)};
}
} // namespace

std::optional<StoredText> TextStore::find(std::string_view simplified)
{
    auto st = db_.prepare(std::string(kColumns) + " WHERE source_hash = ?");
    st.bind(1, text_key(simplified));
    if (!st.step()) return std::nullopt;
    return read(st);
}

std::string TextStore::shown(std::string_view simplified)
{
    if (auto t = find(simplified)) return t->shown();
    return std::string(simplified);
}

std::optional<StoredText> TextStore::by_id(std::int64_t id)
{
    auto st = db_.prepare(std::string(kColumns) + " WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read(st);
}

std::string TextStore::characters()
{
    std::unordered_set<char32_t> seen;
    std::string out;
    auto st = db_.prepare("SELECT coalesce(corrected, converted) FROM zh_hk_text");
    while (st.step()) {
        const std::string_view t = st.text_view(0);
        for (std::size_t i = 0; i < t.size();) {
            const auto d = speech::detail::decode(t, i);
            if (d.len == 0) {
                ++i;
                continue;
            }
            if (d.c >= 0x80 && seen.insert(d.c).second) out.append(t.substr(i, d.len));
            i += d.len;
        }
    }
    return out;
}

std::vector<StoredText> TextStore::all(bool corrected_only)
{
    auto st = db_.prepare(std::string(kColumns) + (corrected_only ? " WHERE corrected IS NOT NULL" : "") +
                          " ORDER BY id");
    std::vector<StoredText> out;
    while (st.step()) out.push_back(read(st));
    return out;
}

bool TextStore::set_corrected(std::int64_t id, const std::optional<std::string>& text)
{
    if (text) {
        if (text->find_first_not_of(" \t\r\n") == std::string::npos)
            throw std::invalid_argument("the corrected text is empty");
        for (std::size_t i = 0; i < text->size();) {
            const auto d = speech::detail::decode(*text, i);
            if (d.len == 0)
                throw std::invalid_argument("the corrected text is not UTF-8 (byte " + std::to_string(i + 1) + ")");
            i += d.len;
        }
    }
    auto st = db_.prepare("UPDATE zh_hk_text SET corrected = ? WHERE id = ?");
    st.bind_all(text, id).run();
    return db_.changes() > 0;
}

std::size_t TextStore::reconvert(const Converter* converter)
{
    if (!converter) converter = &Converter::shared();
    std::vector<std::pair<std::int64_t, std::string>> changed;
    {
        auto st = db_.prepare("SELECT id, source, converted FROM zh_hk_text ORDER BY id");
        while (st.step()) {
            std::string now = converter->convert(st.text_view(1));
            if (now != st.text_view(2)) changed.emplace_back(st.int64(0), std::move(now));
        }
    }
    auto upd = db_.prepare("UPDATE zh_hk_text SET converted = ? WHERE id = ?");
    for (const auto& [id, text] : changed) {
        upd.reset();
        upd.bind_all(text, id).run();
    }
    return changed.size();
}

Question localised(const Question& q, TextStore& texts)
{
    Question out = q;
    out.stem = texts.shown(q.stem);
    for (auto& o : out.options) o = texts.shown(o);
    out.explanation = texts.shown(q.explanation);
    return out;
}

Exhibit localised(const Exhibit& e, TextStore& texts)
{
    Exhibit out = e;
    for (auto* s : {&out.title, &out.industry, &out.place, &out.summary}) *s = texts.shown(*s);
    for (auto& t : out.timeline) {
        t.time = texts.shown(t.time);
        t.event = texts.shown(t.event);
    }
    for (auto* list : {&out.direct_causes, &out.underlying_causes, &out.lessons, &out.do_instead})
        for (auto& s : *list) s = texts.shown(s);
    for (auto& v : out.violations) {
        v.kind = texts.shown(v.kind);
        v.text = texts.shown(v.text);
    }
    for (auto& i : out.images) i.caption = texts.shown(i.caption);
    for (auto& q : out.quiz) q = localised(q, texts);
    return out;
}

std::size_t store_all_content_texts(storage::Database& db, const Converter* converter)
{
    std::vector<std::string> texts;
    {
        auto st = db.prepare("SELECT stem, options, explanation FROM question");
        while (st.step()) {
            texts.push_back(st.text(0));
            for (auto& o : nlohmann::json::parse(st.text_view(1))) texts.push_back(o.get<std::string>());
            texts.push_back(st.text(2));
        }
    }
    {
        auto st = db.prepare("SELECT title, industry, place, summary, body FROM exhibit");
        while (st.step()) {
            Exhibit e;
            e.title = st.text(0);
            e.industry = st.text(1);
            e.place = st.text(2);
            e.summary = st.text(3);
            const auto body = nlohmann::json::parse(st.text_view(4));
            auto strings = [&](const char* key) {
                std::vector<std::string> v;
                if (body.contains(key))
                    for (const auto& s : body.at(key)) v.push_back(s.get<std::string>());
                return v;
            };
            if (body.contains("timeline"))
                for (const auto& t : body.at("timeline")) e.timeline.push_back({t.at("time"), t.at("event")});
            e.direct_causes = strings("direct_causes");
            e.underlying_causes = strings("underlying_causes");
            if (body.contains("violations"))
                for (const auto& v : body.at("violations")) e.violations.push_back({v.at("kind"), v.at("text")});
            e.lessons = strings("lessons");
            e.do_instead = strings("do_instead");
            if (body.contains("images"))
                for (const auto& i : body.at("images")) e.images.push_back({i.at("file"), i.at("caption")});
            auto more = exhibit_texts(e);
            texts.insert(texts.end(), more.begin(), more.end());
        }
    }
    return TextStore(db).store(texts, converter);
}

} // namespace sk::content::zh_hk
