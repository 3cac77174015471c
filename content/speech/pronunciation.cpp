#include "content/speech/pronunciation.hpp"

#include "content/formats/files.hpp"
#include "content/speech/utf8.hpp"

#include <algorithm>
#include <map>

namespace sk::speech {

// The text of content/speech/pronunciation.tsv (generated: pronunciation_data.cpp).
extern const char* const kBuiltinPronunciations;

namespace {

using detail::decode;
using detail::is_cjk;

std::vector<std::string_view> split_tabs(std::string_view line)
{
    std::vector<std::string_view> cols;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', start);
        cols.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    return cols;
}

bool pinyin(std::string_view s)
{
    if (s.size() < 2 || s.size() > 7) return false;
    for (std::size_t i = 0; i + 1 < s.size(); ++i)
        if (!(s[i] >= 'a' && s[i] <= 'z') && s[i] != 'v') return false;
    return s.back() >= '1' && s.back() <= '5';
}

} // namespace

PronunciationList PronunciationList::parse(std::string_view text, const std::string& source)
{
    PronunciationList list;
    std::map<std::pair<Dialect, std::string>, std::string> seen;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++line_no;
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string where = source + ":" + std::to_string(line_no);
        const auto fail = [&](const std::string& why) { throw PronunciationError(where + ": " + why); };
        if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
        if (line.size() > 1000) fail("line longer than 1000 bytes");
        for (std::size_t i = 0; i < line.size();) {
            const auto d = decode(line, i);
            if (d.len == 0) fail("not UTF-8 (byte " + std::to_string(i + 1) + ")");
            if ((d.c < 0x20 && d.c != '\t') || d.c == 0x7F) fail("control character at byte " + std::to_string(i + 1));
            i += d.len;
        }
        if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') continue;
        const auto cols = split_tabs(line);
        if (cols.size() < 3 || cols.size() > 4)
            fail("expected 3 or 4 tab-separated columns (dialect, word, reading[, note]), found " +
                 std::to_string(cols.size()));
        PronunciationEntry e;
        if (cols[0] == "cmn") e.dialect = Dialect::Mandarin;
        else if (cols[0] == "yue") e.dialect = Dialect::Cantonese;
        else fail("dialect '" + std::string(cols[0]) + "' is neither cmn nor yue");
        e.word = std::string(cols[1]);
        e.source = where;
        std::vector<std::string> chars;
        for (std::size_t i = 0; i < e.word.size();) {
            const auto d = decode(e.word, i);
            if (!is_cjk(d.c)) fail("the word '" + e.word + "' has a character that is not Chinese");
            chars.push_back(e.word.substr(i, d.len));
            i += d.len;
        }
        if (chars.size() < 1 || chars.size() > 8) fail("the word must have 1 to 8 Chinese characters");
        const std::string_view reading = cols[2];
        for (std::size_t i = 0; i < reading.size();) {
            const auto d = decode(reading, i);
            if (is_cjk(d.c)) {
                e.units.emplace_back(reading.substr(i, d.len));
                i += d.len;
                continue;
            }
            std::size_t j = i;
            while (j < reading.size() && ((reading[j] >= 'a' && reading[j] <= 'z'))) ++j;
            if (j < reading.size() && reading[j] >= '1' && reading[j] <= '5') ++j;
            const std::string_view syl = reading.substr(i, j - i);
            if (!pinyin(syl))
                fail("the reading '" + std::string(reading) + "' has '" +
                     std::string(reading.substr(i, std::max<std::size_t>(j - i, d.len ? d.len : 1))) +
                     "', neither a Chinese character nor a pinyin syllable with its tone (zhao2)");
            if (e.dialect == Dialect::Cantonese)
                fail("a yue reading cannot use pinyin ('" + std::string(syl) +
                     "'): the yue voice reads no romanisation; use a character read the same");
            e.units.emplace_back(syl);
            i = j;
        }
        if (e.units.size() != chars.size())
            fail("the reading '" + std::string(reading) + "' has " + std::to_string(e.units.size()) +
                 " syllables for the " + std::to_string(chars.size()) + " characters of '" + e.word + "'");
        if (std::equal(e.units.begin(), e.units.end(), chars.begin())) fail("the reading is the word itself");
        const auto key = std::make_pair(e.dialect, e.word);
        if (auto it = seen.find(key); it != seen.end())
            fail("'" + e.word + "' is listed for " + std::string(cols[0]) + " already (" + it->second + ")");
        seen[key] = where;
        list.entries_.push_back(std::move(e));
    }
    for (const auto& e : list.entries_) list.longest_word_ = std::max(list.longest_word_, e.word.size());
    return list;
}

PronunciationList PronunciationList::load(const std::filesystem::path& path)
{
    std::string text;
    try {
        text = content::formats::read_input_file(path, content::formats::FileKind::Config);
    } catch (const content::formats::FileError& e) {
        throw PronunciationError(e.what());
    }
    return parse(text, path.string());
}

const PronunciationList& PronunciationList::builtin()
{
    static const PronunciationList list = parse(kBuiltinPronunciations, "content/speech/pronunciation.tsv");
    return list;
}

void PronunciationList::merge(const PronunciationList& other)
{
    for (const auto& e : other.entries_) {
        auto it = std::find_if(entries_.begin(), entries_.end(),
                               [&](const PronunciationEntry& x) { return x.dialect == e.dialect && x.word == e.word; });
        if (it != entries_.end()) *it = e;
        else entries_.push_back(e);
        longest_word_ = std::max(longest_word_, e.word.size());
    }
}

const PronunciationEntry* PronunciationList::match(std::string_view text, std::size_t pos, Dialect dialect) const
{
    const PronunciationEntry* best = nullptr;
    for (const auto& e : entries_) {
        if (e.dialect != dialect || (best && e.word.size() <= best->word.size())) continue;
        if (text.compare(pos, e.word.size(), e.word) == 0) best = &e;
    }
    return best;
}

} // namespace sk::speech
