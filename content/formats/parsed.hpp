// Internal to the importers: what a parser hands to the common import step.
#pragma once

#include "content/formats/report.hpp"
#include "content/model.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sk::content::formats {

struct SourceQuestion {
    Question q;
    std::string hash; // q.content_hash() when the parser computed it already (for a derived uid), else empty
    std::string file;
    int line = 0;
};

struct SourceExhibit {
    Exhibit e;
    std::string file;
    int line = 0;
};

struct Parsed {
    std::string encoding;
    int read = 0; // questions of a type SafeKiosk holds, valid or not
    std::vector<SourceQuestion> questions; // valid ones only
    std::vector<SourceExhibit> exhibits;   // valid ones only
    std::map<std::string, std::filesystem::path> media; // media path in the pack → file on disk
    std::vector<Problem> errors;
    std::vector<Problem> warnings;
    std::vector<Skipped> skipped;
    std::vector<std::string> categories;
};

// Where a Moodle question goes, and the defaults for empty CSV cells.
struct Target {
    std::string category;
    std::string item;
    std::string chapter; // empty: the Moodle category's name, or 未分类
};

// Model field name → the name the source uses for it ("answer" → "答案" in CSV).
using FieldNames = std::map<std::string, std::string>;

// Length limits of an imported question's fields, in bytes of UTF-8 (docs/limits.md): a 50 MB stem once imported
// and then took the training kiosk 13.5 s and 1.24 GB to show.
inline constexpr std::size_t kMaxNameBytes = 200;     // uid, category, item, chapter
inline constexpr std::size_t kMaxStemBytes = 32768;   // stem, explanation (about 10,000 Chinese characters)
inline constexpr std::size_t kMaxOptionBytes = 8192;  // each option
inline constexpr std::size_t kMaxPathBytes = 1024;    // an image path

// The field limits above and NUL characters (refused in every text and path): one problem per field.
std::vector<FieldProblem> field_limit_problems(const Question& q);

// Checks `q` (field limits, model rules and catalogue). Valid: appended to parsed.questions, true. Invalid: one error per problem,
// with the field named as the source names it, false.
bool accept_question(Parsed& parsed, Question q, const std::string& file, int line, const Catalogue& catalogue,
                     const FieldNames& names, std::string hash = {});

// True when Moodle accepts `fraction` (-1 … 1) as a grade: 0, ±1 and ± the standard fractions 0.9, 0.8333333, 0.8,
// 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1,
// 0.05, within 0.00001 (Moodle's question_bank::fraction_options_full and match_grade_options).
bool moodle_fraction_allowed(double fraction);

// A Moodle category path without its context prefix ($course$/, $system$/, $module$/, $cat$/) and without a
// leading "top" level: "$course$/top/Iota/Kappa" → "Iota/Kappa".
std::string moodle_category_name(const std::string& path);

// The parsers of each format, reading the file (or the pack folder) named.
Parsed parse_pack(const std::filesystem::path& dir, const Catalogue& catalogue);
Parsed parse_csv_questions(const std::filesystem::path& file, const Catalogue& catalogue, const Target& defaults);
Parsed parse_gift(const std::filesystem::path& file, const Catalogue& catalogue, const Target& target);
Parsed parse_aiken(const std::filesystem::path& file, const Catalogue& catalogue, const Target& target);
Parsed parse_moodle_xml(const std::filesystem::path& file, const Catalogue& catalogue, const Target& target);

// The same parsers over the bytes of a file already in memory; `file` is the name problems are reported under.
// They read nothing and write nothing (the fuzz targets in tests/fuzz/ call them). The functions above read the
// file and call these.
Parsed parse_csv_questions_text(const std::string& bytes, const std::string& file, const Catalogue& catalogue,
                                const Target& defaults);
Parsed parse_gift_text(const std::string& bytes, const std::string& file, const Catalogue& catalogue,
                       const Target& target);
Parsed parse_aiken_text(const std::string& bytes, const std::string& file, const Catalogue& catalogue,
                        const Target& target);
Parsed parse_moodle_xml_text(const std::string& bytes, const std::string& file, const Catalogue& catalogue,
                             const Target& target);

// A pack held in memory: the bytes of pack.json and of the question and exhibit files it may list (by the relative
// path the manifest uses). Media files are looked up (read only) under `dir`; a `dir` that does not exist makes
// every media path "not in the pack".
struct PackTexts {
    std::string manifest;
    std::map<std::string, std::string> files;
};
Parsed parse_pack_texts(const PackTexts& pack, const std::filesystem::path& dir, const Catalogue& catalogue);

} // namespace sk::content::formats
