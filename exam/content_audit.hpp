// Audit entries of changes to the question bank (docs/audit.md): an import with the file's BLAKE2b digest and its
// counts, publishing and retiring a question, and an edit. Written through the exam
// service (ExamService::record_audit) in the transaction of the change.
#pragma once

#include "content/formats/report.hpp"
#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/roles.hpp"

#include <filesystem>
#include <string>

namespace sk::exam {

// BLAKE2b-256 (hex) of a file; of a pack folder, of its pack.json. Throws std::runtime_error naming the file when it
// cannot be read.
std::string content_file_digest(const std::filesystem::path& path);

// "content.import", entity "content_import:<file name>": format, path, digest and the counts of the report.
void audit_content_import(ExamService& exam, const Actor& actor, const content::formats::ImportReport& report,
                          const std::string& digest);
// "question.publish" / "question.retire" / "question.draft", entity "question:<uid>", with the version.
void audit_question_status(ExamService& exam, const Actor& actor, const std::string& uid, int version,
                           content::Status status);
// "question.edit", entity "question:<uid>": the version stored and whether it is new, a new version or an update.
void audit_question_edit(ExamService& exam, const Actor& actor, const std::string& uid,
                         const content::SaveResult& result);

} // namespace sk::exam
