// Registration photos from files: one file for one candidate, or a folder of files named by ID number
// (<ID number>.jpg / .jpeg / .png, a lower-case x accepted), as `safekiosk-admin candidate photos DIR` and the admin
// window read them. Reading stores nothing: ExamService::set_photos stores the result, all or none.
#pragma once

#include "exam/exam_service.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace sk::exam {

// The bytes of a photo file. storage::StorageError naming the file when it cannot be read.
std::vector<unsigned char> read_photo_file(const std::filesystem::path& file);
// Why the bytes are no photo ("larger than 2 MB", "not a JPEG or PNG image"), empty when they are one.
std::string photo_problem(const std::vector<unsigned char>& bytes);

struct PhotoFolder {
    std::vector<std::pair<std::int64_t, std::vector<unsigned char>>> photos; // candidate id → bytes
    std::vector<std::string> assigned; // ID numbers, in file-name order
    std::vector<std::string> unknown;  // file names of photos no candidate has the ID number of
    std::vector<std::string> ignored;  // other files (not <ID number>.jpg or .png)
    std::vector<std::string> errors;   // "<file>: <why>": not an image, too large, a second photo for one ID
    bool ok() const { return errors.empty(); }
};

// Reads every photo of the folder, matching file names to the candidates `actor` may read (exam staff).
// std::invalid_argument when `dir` is no folder.
PhotoFolder read_photo_folder(const std::filesystem::path& dir, ExamService& exam, const Actor& actor);

} // namespace sk::exam
