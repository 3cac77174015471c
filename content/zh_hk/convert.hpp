// Traditional Chinese for Hong Kong and Macau (zh-HK): OpenCC's s2hk conversion of the Simplified content plus a
// correction list kept as data (content/zh_hk/corrections.tsv, built into the library; docs/storage.md).
//
// OpenCC matches the longest phrase it knows, which now and then is the wrong one: 场所干燥 becomes 場所幹燥 (it
// takes 所干 first), 工作斗 (a platform's bucket) becomes 工作鬥. A correction row names the wrong text as OpenCC
// writes it and the right one:
//
//     # wrong <TAB> right [<TAB> note]
//     所幹燥	所乾燥	场所干燥: 乾燥 is dry
//
// Every occurrence of `wrong` in the converted text is replaced by `right`, longer rows before shorter ones. Blank
// lines and lines starting with '#' are ignored. A bad row is an error naming the file, the line and what is wrong.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::content::zh_hk {

class ConversionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Correction {
    std::string wrong;  // as OpenCC's s2hk writes it
    std::string right;  // as Hong Kong writes it
    std::string source; // "file:line", for messages
};

class CorrectionList {
public:
    CorrectionList() = default;
    // Parses the text of a list; `source` names it in errors ("corrections.tsv:12: …"). Throws ConversionError.
    static CorrectionList parse(std::string_view text, const std::string& source);
    // Reads a list file (a regular file of at most 1 MiB). Throws ConversionError, also for a file it cannot read.
    static CorrectionList load(const std::filesystem::path& path);
    // The list built into the library (content/zh_hk/corrections.tsv).
    static const CorrectionList& builtin();

    // Adds the rows of `other`; a row of `other` replaces this list's row for the same wrong text.
    void merge(const CorrectionList& other);
    // `text` with every correction applied (longest wrong text first, left to right, no row applied to its own
    // output).
    std::string apply(std::string_view text) const;
    const std::vector<Correction>& rows() const { return rows_; }

private:
    void sort();
    std::vector<Correction> rows_; // longest `wrong` first
};

// OpenCC's s2hk converter and a correction list. Opening OpenCC reads its dictionaries (~150 ms); a converter is
// safe to use from several threads.
class Converter {
public:
    // Throws ConversionError when OpenCC cannot open its s2hk configuration (the error names it).
    explicit Converter(CorrectionList corrections = CorrectionList::builtin());
    ~Converter();
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;

    // The zh-HK text of a Simplified Chinese text (UTF-8), corrections applied. Latin letters, digits and
    // punctuation are kept. Throws ConversionError for text that is not UTF-8.
    std::string convert(std::string_view simplified) const;
    const CorrectionList& corrections() const { return corrections_; }

    // The converter with the built-in list, opened on first use and kept for the life of the process.
    static const Converter& shared();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    CorrectionList corrections_;
};

} // namespace sk::content::zh_hk
