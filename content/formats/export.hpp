// Exporting content: a content pack folder (docs/content-pack.md) or a CSV file in the template's layout
// (docs/csv-template.md). Both export the current version of every question that is not an exhibit's quiz,
// optionally only of some catalogue items; a pack also carries the exhibits (when no item filter is given) and the
// images they use.
#pragma once

#include "content/storage/content_store.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sk::content::formats {

struct ExportOptions {
    std::vector<std::int64_t> item_ids; // empty: every item, and the exhibits
    bool overwrite = false;             // write into a non-empty folder / over an existing file
    std::string pack_name = "SafeKiosk content export";
};

struct ExportReport {
    int questions = 0;
    int exhibits = 0;
    int media = 0;
    std::vector<std::filesystem::path> files; // written, in order
};

// Throws std::invalid_argument when the target exists (non-empty folder, or file) and `overwrite` is not set, or
// when a question refers to an image that is not stored; storage::StorageError when a file cannot be written.
ExportReport export_pack(ContentStore& store, const std::filesystem::path& dir, const ExportOptions& options = {});
ExportReport export_csv(ContentStore& store, const std::filesystem::path& file, const ExportOptions& options = {});

// The CSV text export_csv writes for these questions (BOM, header, one row each).
std::string questions_csv(const std::vector<Question>& questions);

// One question as a line of questions.jsonl (no trailing newline), keys in the order of docs/content-pack.md.
std::string question_json_line(const Question& q);
// One exhibit as a line of exhibits.jsonl.
std::string exhibit_json_line(const Exhibit& e);

} // namespace sk::content::formats
