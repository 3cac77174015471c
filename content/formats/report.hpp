// What an import did or would do: counts, and every problem with its file, line (or spreadsheet row) and field.
#pragma once

#include <string>
#include <vector>

namespace sk::content::formats {

enum class Format { Pack, Csv, Gift, Aiken, MoodleXml };

// "pack", "csv", "gift", "aiken", "xml".
std::string to_string(Format f);

// A problem in the input. Printed as `file:line: field: message`, e.g. `questions.csv:17: 答案: 'E' names no option`.
struct Problem {
    std::string file;
    int line = 0;      // 1-based line, or spreadsheet row for CSV; 0 when it concerns the whole file
    std::string field; // column or key, empty when none applies
    std::string message;
    std::string to_string() const;
};

// A question the format holds but SafeKiosk has no type for (essay, matching, numerical …): listed, not imported.
struct Skipped {
    std::string file;
    int line = 0;
    std::string type;   // the source's own name of the type: "essay", "match", "shortanswer" …
    std::string reason;
    std::string to_string() const;
};

// A question that was not stored because the same content is already there.
struct Duplicate {
    std::string file;
    int line = 0;
    std::string uid;      // the uid it was read with
    std::string existing; // uid of the stored question with the same content
    std::string to_string() const;
};

struct ImportReport {
    Format format = Format::Pack;
    std::string source;   // the path imported
    std::string encoding; // of a text file: "UTF-8", "UTF-8 with BOM", "GB18030"; empty for a pack
    bool dry_run = false;
    bool skip_invalid = false;
    bool committed = false; // something was written (false for a dry run or a refused file)
    bool cancelled = false; // ImportOptions::progress cancelled it: nothing was written

    int read = 0;         // questions read that SafeKiosk can hold (before validation)
    int inserted = 0;     // new uids
    int new_versions = 0; // changed content of a published question: a new version
    int updated = 0;      // a draft changed, or only chapter/difficulty/pool/status/explanation
    std::vector<Duplicate> duplicates;
    std::vector<Skipped> skipped;
    std::vector<Problem> errors;   // questions (or files) not imported
    std::vector<Problem> warnings; // imported, but something was left out (e.g. an image in Moodle text)

    int exhibits_inserted = 0;
    int exhibits_updated = 0;
    int exhibits_unchanged = 0;
    int media_stored = 0;

    std::vector<std::string> categories; // Moodle categories met, in file order
    std::vector<std::string> uids;       // uids of the questions stored or updated, in file order

    bool ok() const { return errors.empty(); }
    // The human summary printed by `safekiosk-admin content import`.
    std::string to_text() const;
    // The same as one JSON object (`--json`).
    std::string to_json() const;
};

} // namespace sk::content::formats
