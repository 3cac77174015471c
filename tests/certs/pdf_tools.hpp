// Running the PDF tools the tests check with (poppler-utils, qpdf) on files the library wrote.
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>
#include <sys/wait.h>

namespace sk::test {

struct Run {
    int status = -1;
    std::string out; // standard output and standard error together
};

inline Run run(const std::string& command)
{
    Run r;
    FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

inline Run pdftotext(const std::filesystem::path& p) { return run("pdftotext -enc UTF-8 " + quoted(p) + " -"); }
inline Run pdffonts(const std::filesystem::path& p) { return run("pdffonts " + quoted(p)); }
inline Run qpdf_check(const std::filesystem::path& p) { return run("qpdf --check " + quoted(p)); }

inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Font lines of pdffonts (after the two header lines).
inline std::vector<std::string> font_lines(const std::string& pdffonts_out)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    int n = 0;
    while (start < pdffonts_out.size()) {
        auto end = pdffonts_out.find('\n', start);
        if (end == std::string::npos) end = pdffonts_out.size();
        if (++n > 2 && end > start) lines.push_back(pdffonts_out.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace sk::test
