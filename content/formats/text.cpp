#include "content/formats/text.hpp"

#include <iconv.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>

namespace sk::content::formats {

bool valid_utf8(std::string_view s) { return valid_utf8_prefix(s) == s.size(); }

std::size_t valid_utf8_prefix(std::string_view s)
{
    // simdjson's validator checks 64 bytes at a time; the loop below finds where invalid text goes wrong.
    if (simdjson::validate_utf8(s.data(), s.size())) return s.size();
    const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
    const auto* p = begin;
    const auto* end = p + s.size();
    const auto bad = [&] { return static_cast<std::size_t>(p - begin); };
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int len;
        std::uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return bad();
        }
        if (end - p < len) return bad();
        for (int i = 1; i < len; ++i) {
            if ((p[i] & 0xC0) != 0x80) return bad();
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return bad();
        p += len;
    }
    return s.size();
}

namespace {
int line_at(const std::string& bytes, std::size_t offset)
{
    return 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Throws TextError naming both places when `bytes` is neither: where it stops being UTF-8 (a UTF-8 file with one stray
// byte, the usual case, fails as GB18030 at an unrelated earlier offset) and where GB18030 cannot read it.
std::string from_gb18030(const std::string& bytes)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw TextError(0, "this system cannot convert GB18030 (glibc iconv module missing)");
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* o = out.data();
    std::size_t out_left = out.size();
    while (in_left > 0) {
        std::size_t r = iconv(cd, &in, &in_left, &o, &out_left);
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            std::size_t used = static_cast<std::size_t>(o - out.data());
            out.resize(out.size() * 2);
            o = out.data() + used;
            out_left = out.size() - used;
            continue;
        }
        std::size_t offset = bytes.size() - in_left;
        iconv_close(cd);
        const std::size_t utf8_bad = valid_utf8_prefix(bytes);
        throw TextError(line_at(bytes, utf8_bad),
                        "the file is neither UTF-8 nor GB18030/GBK text (as UTF-8, byte " + std::to_string(utf8_bad + 1) +
                            " on line " + std::to_string(line_at(bytes, utf8_bad)) + " is not valid; as GB18030, byte " +
                            std::to_string(offset + 1) + " cannot be read); save it as \"CSV UTF-8\" or as GBK text");
    }
    iconv_close(cd);
    out.resize(static_cast<std::size_t>(o - out.data()));
    return out;
}
} // namespace

DecodedText decode_text(const std::string& bytes)
{
    if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
        throw TextError(1, "the file is UTF-16 text; save it as \"CSV UTF-8\" (or UTF-8 text) instead");
    if (starts_with(bytes, "\xEF\xBB\xBF")) {
        std::string rest = bytes.substr(3);
        const std::size_t bad = valid_utf8_prefix(rest);
        if (bad != rest.size())
            throw TextError(line_at(rest, bad), "the file starts with a UTF-8 byte-order mark but is not valid UTF-8 (byte " +
                                                    std::to_string(bad + 4) + ")");
        return {std::move(rest), "UTF-8 with BOM"};
    }
    if (valid_utf8(bytes)) return {bytes, "UTF-8"};
    return {from_gb18030(bytes), "GB18030"};
}

std::string read_bytes(const std::string& path, FileKind kind)
{
    try {
        return read_input_file(path, kind);
    } catch (const FileError& e) {
        throw TextError(0, e.why());
    }
}

std::vector<std::string_view> split_lines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '\r') {
            lines.push_back(text.substr(start, i - start));
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            start = i + 1;
        }
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

std::string_view trim(std::string_view s)
{
    constexpr std::string_view ideographic_space = "\xE3\x80\x80";
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n' ||
                           s.front() == '\v' || s.front() == '\f'))
            s.remove_prefix(1);
        else if (starts_with(s, ideographic_space))
            s.remove_prefix(ideographic_space.size());
        else
            break;
    }
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n' ||
                           s.back() == '\v' || s.back() == '\f'))
            s.remove_suffix(1);
        else if (ends_with(s, ideographic_space))
            s.remove_suffix(ideographic_space.size());
        else
            break;
    }
    return s;
}

std::string trimmed(std::string_view s) { return std::string(trim(s)); }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool ends_with(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string to_lower_ascii(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

namespace {
void append_utf8(std::string& out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

// Decodes a character reference at s[i] == '&'; returns the number of bytes used (0 when it is not one).
std::size_t decode_reference(std::string_view s, std::size_t i, std::string& out)
{
    std::size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) return 0;
    std::string_view name = s.substr(i + 1, semi - i - 1);
    if (name.empty()) return 0;
    if (name[0] == '#') {
        std::uint32_t cp = 0;
        bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        std::string_view digits = name.substr(hex ? 2 : 1);
        if (digits.empty()) return 0;
        for (char c : digits) {
            int v;
            if (c >= '0' && c <= '9') v = c - '0';
            else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
            else return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
            if (cp > 0x10FFFF) return 0;
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        append_utf8(out, cp == 0xA0 ? ' ' : cp);
        return semi - i + 1;
    }
    static const std::pair<std::string_view, std::string_view> named[] = {
        {"amp", "&"},      {"lt", "<"},       {"gt", ">"},       {"quot", "\""},    {"apos", "'"},
        {"nbsp", " "},     {"copy", "©"},     {"reg", "®"},      {"hellip", "…"},   {"mdash", "—"},
        {"ndash", "–"},    {"lsquo", "‘"},    {"rsquo", "’"},    {"ldquo", "“"},    {"rdquo", "”"},
        {"middot", "·"},   {"times", "×"},    {"divide", "÷"},   {"deg", "°"},      {"plusmn", "±"},
        {"le", "≤"},       {"ge", "≥"},       {"ne", "≠"},       {"micro", "µ"},    {"sup2", "²"},
        {"sup3", "³"},     {"frac12", "½"},   {"permil", "‰"},   {"ensp", " "},     {"emsp", " "},
    };
    for (const auto& [n, v] : named)
        if (n == name) {
            out.append(v);
            return semi - i + 1;
        }
    return 0;
}

bool block_tag(std::string_view name)
{
    static const std::string_view blocks[] = {"p",  "div", "li", "ul", "ol", "tr", "table", "h1", "h2",
                                              "h3", "h4",  "h5", "h6", "blockquote", "pre", "hr"};
    return std::find(std::begin(blocks), std::end(blocks), name) != std::end(blocks);
}

// Position of the '>' that ends a tag whose text starts at `from`, skipping quoted attribute values; npos when the
// text ends first. A failed search marks every (position, quote state) it went through in `dead`: a later search
// that reaches one of them fails at once, so a text full of unclosed '<' is still read in linear time (it took
// minutes for half a megabyte of "<a" before).
std::size_t tag_end(std::string_view s, std::size_t from, std::vector<unsigned char>& dead)
{
    const auto bit = [](char quote) -> unsigned char { return quote == 0 ? 1 : quote == '"' ? 2 : 4; };
    char quote = 0;
    for (std::size_t j = from; j < s.size(); ++j) {
        if (!dead.empty() && (dead[j] & bit(quote))) break;
        if (quote) {
            if (s[j] == quote) quote = 0;
        } else if (s[j] == '"' || s[j] == '\'') {
            quote = s[j];
        } else if (s[j] == '>') {
            return j;
        }
    }
    if (dead.empty()) dead.assign(s.size(), 0);
    quote = 0;
    for (std::size_t k = from; k < s.size() && !(dead[k] & bit(quote)); ++k) {
        dead[k] |= bit(quote);
        if (quote) {
            if (s[k] == quote) quote = 0;
        } else if (s[k] == '"' || s[k] == '\'') {
            quote = s[k];
        }
    }
    return std::string_view::npos;
}

bool iequals_ascii(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// Where "</name" (any case) starts at or after `from`; the end of the text when it never does.
std::size_t find_closing_tag(std::string_view s, std::size_t from, std::string_view name)
{
    for (std::size_t p = s.find("</", from); p != std::string_view::npos; p = s.find("</", p + 1))
        if (iequals_ascii(s.substr(p + 2, name.size()), name)) return p;
    return s.size();
}

std::string attribute(std::string_view tag, std::string_view name)
{
    std::string lower = to_lower_ascii(tag);
    std::size_t pos = 0;
    while ((pos = lower.find(name, pos)) != std::string::npos) {
        bool boundary = pos > 0 && (lower[pos - 1] == ' ' || lower[pos - 1] == '\t' || lower[pos - 1] == '\n');
        std::size_t eq = pos + name.size();
        while (eq < lower.size() && lower[eq] == ' ') ++eq;
        if (boundary && eq < lower.size() && lower[eq] == '=') {
            std::size_t v = eq + 1;
            while (v < lower.size() && lower[v] == ' ') ++v;
            if (v < tag.size() && (tag[v] == '"' || tag[v] == '\'')) {
                std::size_t close = tag.find(tag[v], v + 1);
                if (close == std::string_view::npos) return "";
                std::string raw(tag.substr(v + 1, close - v - 1));
                return html_to_text(raw);
            }
            std::size_t end = v;
            while (end < tag.size() && tag[end] != ' ' && tag[end] != '>' && tag[end] != '/') ++end;
            return std::string(tag.substr(v, end - v));
        }
        pos += name.size();
    }
    return "";
}
} // namespace

std::string html_to_text(std::string_view s, bool keep_newlines, std::vector<std::string>* images)
{
    std::string out;
    out.reserve(s.size());
    std::vector<unsigned char> dead_ends; // for tag_end
    auto space = [&] {
        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
    };
    auto newline = [&] {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        out.push_back('\n');
    };
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '<' && i + 1 < s.size() && (is_alpha(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!')) {
            if (s.substr(i, 4) == "<!--") {
                std::size_t end = s.find("-->", i + 4);
                i = end == std::string_view::npos ? s.size() : end + 3;
                continue;
            }
            // Find the end of the tag, skipping quoted attribute values.
            const std::size_t j = tag_end(s, i + 1, dead_ends);
            if (j == std::string_view::npos) { // no closing '>': literal text
                out.push_back(c);
                ++i;
                continue;
            }
            std::string_view tag = s.substr(i + 1, j - i - 1);
            bool closing = !tag.empty() && tag[0] == '/';
            std::string_view rest = closing ? tag.substr(1) : tag;
            std::size_t n = 0;
            while (n < rest.size() && is_alnum(rest[n])) ++n;
            std::string name = to_lower_ascii(rest.substr(0, n));
            if (!closing && (name == "script" || name == "style")) {
                i = find_closing_tag(s, j, name);
                std::size_t gt = s.find('>', i);
                i = gt == std::string_view::npos ? s.size() : gt + 1;
                continue;
            }
            if (name == "br") {
                newline();
            } else if (block_tag(name)) {
                if (!out.empty() && out.back() != '\n') newline();
            } else if (name == "img") {
                std::string alt = attribute(tag, "alt");
                if (images) images->push_back(alt);
                if (!alt.empty()) {
                    out.push_back('[');
                    out.append(alt);
                    out.push_back(']');
                }
            } else if (name == "td" || name == "th") {
                space();
            }
            i = j + 1;
            continue;
        }
        if (c == '&') {
            std::size_t used = decode_reference(s, i, out);
            if (used) {
                i += used;
                continue;
            }
            out.push_back(c);
            ++i;
            continue;
        }
        if (c == '\n' && keep_newlines) {
            newline();
            ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space();
            ++i;
            continue;
        }
        out.push_back(c);
        ++i;
    }
    // Trim every line, drop leading/trailing empty lines, keep at most one empty line in a row.
    std::string result;
    int pending_breaks = 0;
    for (std::string_view line : split_lines(out)) {
        std::string_view t = trim(line);
        if (t.empty()) {
            if (!result.empty()) ++pending_breaks;
            continue;
        }
        if (!result.empty()) result.append(pending_breaks > 0 ? "\n\n" : "\n");
        pending_breaks = 0;
        result.append(t);
    }
    return result;
}

std::string short_hash(const std::string& hex) { return hex.substr(0, 16); }

} // namespace sk::content::formats
