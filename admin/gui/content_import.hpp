// The questions panel's import (导入…) as it runs on the job thread, without UI: a content pack's pack.json, a CSV
// file or a Moodle file (GIFT, Aiken, XML go into the item chosen in the panel's filter) imported through
// content::formats::import_path with its own connection, progress reported and Cancel checked between the steps
// (the transaction is then rolled back). Needs ManageContent.
#pragma once

#include "admin/gui/jobs.hpp"
#include "content/formats/import.hpp"
#include "exam/roles.hpp"

#include <filesystem>
#include <string>

namespace sk::admin::gui {

struct ContentImportRequest {
    std::filesystem::path db;
    std::filesystem::path file;
    std::string category, item; // the panel's item: used by the Moodle formats only
    exam::Actor actor;
};

// Throws PermissionDenied, std::invalid_argument (a format that cannot be told, a Moodle file without an item) or
// StorageError; problems in the file are in the report.
content::formats::ImportReport import_content(const ContentImportRequest& request, const JobControl& job);

} // namespace sk::admin::gui
