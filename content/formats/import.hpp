// Importing content into a ContentStore: the SafeKiosk content pack (docs/content-pack.md), CSV as a Chinese office
// writes it from Excel (docs/csv-template.md), and Moodle's GIFT, Aiken and Moodle XML formats.
//
// Every import runs in one transaction. A file with any error imports nothing unless `skip_invalid` is set, in which
// case the valid questions are imported and the rest reported. A dry run does all the work and rolls it back.
#pragma once

#include "content/formats/report.hpp"
#include "content/storage/content_store.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace sk::content::formats {

struct ImportOptions {
    std::optional<Format> format; // guessed from the path when empty (guess_format)
    // Where questions of the Moodle formats go (they have no catalogue item of their own); for CSV, the values used
    // when a row leaves 作业类别 / 操作项目 / 知识点 empty. An empty chapter means: the Moodle category's name, or
    // "未分类".
    std::string category;
    std::string item;
    std::string chapter;
    bool skip_invalid = false;
    bool dry_run = false;
    // Called between the steps of an import (reading, media, questions, exhibits, commit) with the steps done and
    // their total; returning false cancels it: the transaction is rolled back, nothing is written and
    // ImportReport::cancelled is set. Used by the desktop window's progress bar and Cancel button.
    std::function<bool(int done, int total)> progress = {};
    // Called inside the import's transaction just before it commits (not for a dry run), with the report so far:
    // the audit entry of the import (exam::audit_content_import) is written here, so both commit or neither does.
    std::function<void(const ImportReport&)> before_commit = {};
};

// The chapter given to questions that name none: "未分类" (unclassified).
inline constexpr const char* kUnclassifiedChapter = "未分类";

// pack: a folder (or its pack.json); csv: *.csv; gift: *.gift, *.gift.txt; aiken: *.aiken, *.aiken.txt;
// xml: *.xml; another *.txt is read: lines "ANSWER: X" mean Aiken, braces mean GIFT.
// Throws std::invalid_argument when the format cannot be told (pass it explicitly).
Format guess_format(const std::filesystem::path& path);
std::optional<Format> parse_format(const std::string& name);

// Throws std::invalid_argument for options that cannot work: a Moodle format without category and item, or a
// category/item pair that is not in the catalogue. Problems in the input are reported, never thrown.
// storage::StorageError propagates (nothing is written then).
ImportReport import_path(ContentStore& store, const std::filesystem::path& path, const ImportOptions& options);

} // namespace sk::content::formats
