// Text helpers shared by the importers: decoding a file's bytes to UTF-8 (BOM, GB18030 through glibc iconv),
// splitting lines, trimming, and turning Moodle's HTML question text into plain text.
#pragma once

#include "content/formats/files.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::content::formats {

// A problem with the bytes of a file, at a 1-based line (0 when unknown).
class TextError : public std::runtime_error {
public:
    TextError(int line, const std::string& message) : std::runtime_error(message), line_(line) {}
    int line() const { return line_; }

private:
    int line_;
};

struct DecodedText {
    std::string text;     // UTF-8 without BOM
    std::string encoding; // "UTF-8", "UTF-8 with BOM" or "GB18030"
};

bool valid_utf8(std::string_view s);
// Length of the longest prefix of `s` that is valid UTF-8 (s.size() when all of it is): where the first bad byte is.
std::size_t valid_utf8_prefix(std::string_view s);

// Valid UTF-8 (with or without BOM) is taken as UTF-8; anything else is read as GB18030 (a superset of GBK and
// GB2312, what a Chinese Excel writes for "CSV"). Throws TextError for UTF-16 and for bytes that are not GB18030.
DecodedText decode_text(const std::string& bytes);

// Reads a whole regular file within the limit of its kind (files.hpp). Throws TextError(0, why) when it cannot
// ("not a regular file (a FIFO)", "larger than the limit …", "no such file" …).
std::string read_bytes(const std::string& path, FileKind kind = FileKind::Questions);

// Lines of a text, split at LF, CRLF or CR; the terminators are removed.
std::vector<std::string_view> split_lines(std::string_view text);

// Trims ASCII whitespace and the ideographic space U+3000 at both ends.
std::string_view trim(std::string_view s);
std::string trimmed(std::string_view s);

bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::string to_lower_ascii(std::string_view s);

// Plain text of a piece of HTML as Moodle stores question text: tags are removed (<br>, </p>, </div>, </li> and
// headings end a line), character references are decoded, runs of white space collapse. A '<' or '&' that does
// not start a tag or a known reference stays literal, so "x > 1 & x < 2" comes through unchanged.
// With `keep_newlines` (Moodle auto-format), line breaks in the source stay line breaks.
// `images` receives the alt text (or "") of each <img> found.
std::string html_to_text(std::string_view html, bool keep_newlines = false, std::vector<std::string>* images = nullptr);

// First 16 hex digits of a content hash, for uids derived from content ("csv-1a2b3c4d5e6f7a8b").
std::string short_hash(const std::string& hex);

} // namespace sk::content::formats
