#include "exam/photo_folder.hpp"

#include "content/formats/files.hpp"
#include "content/storage/database.hpp"
#include "exam/exam_service.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

namespace sk::exam {

namespace fs = std::filesystem;

std::vector<unsigned char> read_photo_file(const fs::path& file)
{
    try {
        const std::string s = content::formats::read_input_file(file, content::formats::FileKind::Image);
        return {s.begin(), s.end()};
    } catch (const content::formats::FileError& e) {
        throw storage::StorageError(e.what());
    }
}

std::string photo_problem(const std::vector<unsigned char>& bytes)
{
    if (is_photo(bytes)) return {};
    return bytes.size() > kMaxPhotoBytes ? "larger than 2 MB" : photo_decode_problem(bytes);
}

PhotoFolder read_photo_folder(const fs::path& dir, ExamService& exam, const Actor& actor)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw std::invalid_argument("'" + dir.string() + "' is not a folder");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    PhotoFolder out;
    std::set<std::string> seen;
    for (const auto& p : files) {
        std::string ext = p.extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (!fs::is_regular_file(p, ec) || (ext != ".jpg" && ext != ".jpeg" && ext != ".png")) {
            out.ignored.push_back(p.filename().string());
            continue;
        }
        std::string id = p.stem().string();
        for (auto& c : id)
            if (c == 'x') c = 'X';
        auto c = exam.candidate_by_id_number(actor, id);
        if (!c) {
            out.unknown.push_back(p.filename().string());
            continue;
        }
        if (!seen.insert(id).second) {
            out.errors.push_back(p.filename().string() + ": a second photo for " + id);
            continue;
        }
        std::vector<unsigned char> bytes;
        try {
            bytes = read_photo_file(p);
        } catch (const storage::StorageError& e) {
            out.errors.push_back(p.filename().string() + ": " + e.what());
            continue;
        }
        if (const auto why = photo_problem(bytes); !why.empty()) {
            out.errors.push_back(p.filename().string() + ": " + why);
            continue;
        }
        out.photos.emplace_back(c->id, std::move(bytes));
        out.assigned.push_back(id);
    }
    return out;
}

} // namespace sk::exam
