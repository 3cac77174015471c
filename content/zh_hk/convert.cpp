#include "content/zh_hk/convert.hpp"

#include "content/formats/files.hpp"
#include "content/speech/utf8.hpp"

#include <opencc/opencc.h>

#include <algorithm>
#include <map>
#include <mutex>

namespace sk::content::zh_hk {

// The text of content/zh_hk/corrections.tsv (generated: corrections_data.cpp).
extern const char* const kBuiltinCorrections;

namespace {

using speech::detail::decode;

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

// Byte offset of the first byte that does not start a valid UTF-8 sequence, or npos.
std::size_t invalid_utf8_at(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto d = decode(s, i);
        if (d.len == 0) return i;
        i += d.len;
    }
    return std::string_view::npos;
}

} // namespace

CorrectionList CorrectionList::parse(std::string_view text, const std::string& source)
{
    CorrectionList list;
    std::map<std::string, std::string, std::less<>> seen;
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
        const auto fail = [&](const std::string& why) { throw ConversionError(where + ": " + why); };
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
        if (cols.size() < 2 || cols.size() > 3)
            fail("expected 2 or 3 tab-separated columns (wrong, right[, note]), found " + std::to_string(cols.size()));
        if (cols[0].empty()) fail("the wrong text (column 1) is empty");
        if (cols[1].empty()) fail("the right text (column 2) is empty");
        if (cols[0].find(' ') != std::string_view::npos || cols[1].find(' ') != std::string_view::npos)
            fail("a space in the wrong or right text (columns are separated by TAB)");
        if (cols[0] == cols[1]) fail("the right text is the wrong text itself ('" + std::string(cols[0]) + "')");
        if (auto it = seen.find(cols[0]); it != seen.end())
            fail("'" + std::string(cols[0]) + "' is corrected already (" + it->second + ")");
        seen.emplace(std::string(cols[0]), where);
        list.rows_.push_back({std::string(cols[0]), std::string(cols[1]), where});
    }
    list.sort();
    return list;
}

CorrectionList CorrectionList::load(const std::filesystem::path& path)
{
    std::string text;
    try {
        text = formats::read_input_file(path, formats::FileKind::Config);
    } catch (const formats::FileError& e) {
        throw ConversionError(e.what());
    }
    return parse(text, path.string());
}

const CorrectionList& CorrectionList::builtin()
{
    static const CorrectionList list = parse(kBuiltinCorrections, "content/zh_hk/corrections.tsv");
    return list;
}

void CorrectionList::merge(const CorrectionList& other)
{
    for (const auto& c : other.rows_) {
        auto it = std::find_if(rows_.begin(), rows_.end(), [&](const Correction& x) { return x.wrong == c.wrong; });
        if (it != rows_.end()) *it = c;
        else rows_.push_back(c);
    }
    sort();
}

void CorrectionList::sort()
{
    std::stable_sort(rows_.begin(), rows_.end(),
                     [](const Correction& a, const Correction& b) { return a.wrong.size() > b.wrong.size(); });
}

std::string CorrectionList::apply(std::string_view text) const
{
    if (rows_.empty()) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const Correction* hit = nullptr;
        for (const auto& c : rows_)
            if (text.compare(i, c.wrong.size(), c.wrong) == 0) {
                hit = &c; // rows are longest first
                break;
            }
        if (hit) {
            out += hit->right;
            i += hit->wrong.size();
            continue;
        }
        // Step a whole character, so that no row matches from the middle of one.
        const auto d = decode(text, i);
        const std::size_t len = d.len ? d.len : 1;
        out.append(text.substr(i, len));
        i += len;
    }
    return out;
}

struct Converter::Impl {
    opencc_t handle = reinterpret_cast<opencc_t>(-1);
    mutable std::mutex mutex; // OpenCC does not promise that one handle converts on two threads at once
    ~Impl()
    {
        if (handle != reinterpret_cast<opencc_t>(-1)) opencc_close(handle);
    }
};

Converter::Converter(CorrectionList corrections) : impl_(std::make_unique<Impl>()), corrections_(std::move(corrections))
{
    impl_->handle = opencc_open("s2hk.json");
    if (impl_->handle == reinterpret_cast<opencc_t>(-1)) {
        const char* why = opencc_error();
        throw ConversionError(std::string("OpenCC cannot open its configuration s2hk.json (package opencc-data): ") +
                              (why ? why : "no reason given"));
    }
}

Converter::~Converter() = default;

std::string Converter::convert(std::string_view simplified) const
{
    if (const std::size_t bad = invalid_utf8_at(simplified); bad != std::string_view::npos)
        throw ConversionError("text to convert is not UTF-8 (byte " + std::to_string(bad + 1) + ")");
    if (simplified.empty()) return {};
    std::string converted;
    {
        std::lock_guard lock(impl_->mutex);
        char* out = opencc_convert_utf8(impl_->handle, simplified.data(), simplified.size());
        if (!out) {
            const char* why = opencc_error();
            throw ConversionError(std::string("OpenCC could not convert a text: ") + (why ? why : "no reason given"));
        }
        converted = out;
        opencc_convert_utf8_free(out);
    }
    return corrections_.apply(converted);
}

const Converter& Converter::shared()
{
    static const Converter converter;
    return converter;
}

} // namespace sk::content::zh_hk
