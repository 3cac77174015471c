#include "admin/gui/content_import.hpp"

#include "admin/gui/app.hpp"
#include "exam/content_audit.hpp"

namespace sk::admin::gui {

content::formats::ImportReport import_content(const ContentImportRequest& r, const JobControl& job)
{
    using content::formats::Format;
    exam::require(r.actor, exam::Operation::ManageContent);
    auto conn = open_installation(r.db);
    content::ContentStore store(conn);
    content::formats::ImportOptions options;
    options.format = content::formats::guess_format(r.file);
    if (*options.format == Format::Gift || *options.format == Format::Aiken || *options.format == Format::MoodleXml) {
        options.category = r.category; // packs and CSV files name their own items
        options.item = r.item;
    }
    options.progress = [&job](int done, int total) {
        job.progress(static_cast<float>(done) / static_cast<float>(total), "");
        return !job.stop_requested();
    };
    // The import and its audit entry (the file's digest and the counts) commit together.
    exam::ExamService audit(conn);
    // The digest is taken once the import has read the file (so a FIFO or a device is refused by the import itself).
    options.before_commit = [&](const content::formats::ImportReport& report) {
        exam::audit_content_import(audit, r.actor, report, exam::content_file_digest(r.file));
    };
    return content::formats::import_path(store, r.file, options);
}

} // namespace sk::admin::gui
