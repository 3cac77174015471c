// Helpers for the import/export tests: a fresh installation database and text files in a temporary folder.
#pragma once

#include "content/formats/import.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "tests/support/temp_dir.hpp"

#include <iconv.h>

#include <stdexcept>
#include <string>

namespace sk::test {

inline storage::Database open_content_db(const std::filesystem::path& p) { return storage::open(p, {&content::schema()}); }

// Re-encodes UTF-8 text, e.g. to "GBK" as a Chinese Windows Excel saves "CSV".
inline std::string encode(const std::string& utf8, const char* to)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open failed");
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* o = out.data();
    std::size_t out_left = out.size();
    if (iconv(cd, &in, &in_left, &o, &out_left) == static_cast<std::size_t>(-1)) {
        iconv_close(cd);
        throw std::runtime_error("iconv failed");
    }
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

// Error lines of a report, as printed.
inline std::vector<std::string> error_texts(const content::formats::ImportReport& r)
{
    std::vector<std::string> out;
    for (const auto& e : r.errors) out.push_back(e.to_string());
    return out;
}

inline std::string joined(const std::vector<std::string>& lines)
{
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
}

// Import options for the Moodle formats (GIFT, Aiken, XML), which need a catalogue item: 电工作业 / 低压电工作业.
inline content::formats::ImportOptions moodle_target(bool skip_invalid = false)
{
    content::formats::ImportOptions o;
    o.category = "电工作业";
    o.item = "低压电工作业";
    o.skip_invalid = skip_invalid;
    return o;
}

// "line type; line type" of the questions an import skipped.
inline std::string skipped_lines(const content::formats::ImportReport& r)
{
    std::string out;
    for (const auto& s : r.skipped) out += (out.empty() ? "" : "; ") + std::to_string(s.line) + " " + s.type;
    return out;
}

} // namespace sk::test
