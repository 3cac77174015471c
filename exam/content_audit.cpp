#include "exam/content_audit.hpp"

#include <sodium.h>

#include "content/formats/files.hpp"

#include <fstream>
#include <stdexcept>
#include <vector>

namespace sk::exam {

namespace fs = std::filesystem;

std::string content_file_digest(const fs::path& path)
{
    std::error_code ec;
    const fs::path file = fs::is_directory(path, ec) ? path / "pack.json" : path;
    // Read as the import reads it: only a regular file within the size limit (never a FIFO or a device).
    const std::string bytes = content::formats::read_input_file(file, content::formats::FileKind::Questions);
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    crypto_generichash_state h;
    crypto_generichash_init(&h, nullptr, 0, 32);
    crypto_generichash_update(&h, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    unsigned char out[32];
    crypto_generichash_final(&h, out, sizeof out);
    std::string hex(64, '0');
    sodium_bin2hex(hex.data(), hex.size() + 1, out, sizeof out);
    return hex;
}

void audit_content_import(ExamService& exam, const Actor& actor,
                          const content::formats::ImportReport& r, const std::string& digest)
{
    const std::string detail =
        std::string(content::formats::to_string(r.format)) + " " + r.source + " blake2b:" + digest + ": read " +
        std::to_string(r.read) + ", inserted " + std::to_string(r.inserted) + ", new versions " +
        std::to_string(r.new_versions) + ", updated " + std::to_string(r.updated) + ", duplicates " +
        std::to_string(r.duplicates.size()) + ", skipped " + std::to_string(r.skipped.size()) + ", not imported " +
        std::to_string(r.errors.size()) + ", exhibits +" + std::to_string(r.exhibits_inserted) + " ~" +
        std::to_string(r.exhibits_updated) + ", media " + std::to_string(r.media_stored);
    exam.record_audit(actor, "content.import", "content_import:" + fs::path(r.source).filename().string(), detail);
}

void audit_question_status(ExamService& exam, const Actor& actor, const std::string& uid, int version,
                           content::Status status)
{
    const std::string verb = status == content::Status::Published ? "publish"
                             : status == content::Status::Retired ? "retire"
                                                                  : "draft";
    exam.record_audit(actor, "question." + verb, "question:" + uid, "v" + std::to_string(version));
}

void audit_question_edit(ExamService& exam, const Actor& actor, const std::string& uid,
                         const content::SaveResult& result)
{
    const char* what = result.outcome == content::SaveOutcome::Inserted     ? "new question"
                       : result.outcome == content::SaveOutcome::NewVersion ? "new version"
                       : result.outcome == content::SaveOutcome::Updated    ? "updated"
                                                                            : "unchanged";
    exam.record_audit(actor, "question.edit", "question:" + uid, "v" + std::to_string(result.version) + " " + what);
}

} // namespace sk::exam
