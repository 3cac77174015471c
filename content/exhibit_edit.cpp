#include "content/exhibit_edit.hpp"

#include "content/formats/files.hpp"
#include "content/formats/images.hpp"
#include "content/storage/database.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

namespace sk::content {

namespace fs = std::filesystem;

bool is_png_or_jpeg(const std::vector<unsigned char>& b)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (b.size() >= sizeof png && std::equal(std::begin(png), std::end(png), b.begin())) return true;
    return b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}

std::vector<unsigned char> read_image_file(const fs::path& file)
{
    std::string text;
    try {
        text = formats::read_input_file(file, formats::FileKind::Image);
    } catch (const formats::FileError& e) {
        throw std::invalid_argument(e.what());
    }
    if (text.size() > kMaxImageBytes) throw std::invalid_argument(file.string() + ": larger than 10 MB");
    std::vector<unsigned char> bytes(text.begin(), text.end());
    if (const auto why = formats::image_problem(text); !why.empty()) throw std::invalid_argument(file.string() + ": " + why);
    return bytes;
}

std::string free_media_path(ContentStore& store, const fs::path& file, const NewMedia& taken)
{
    std::string stem;
    for (char c : file.stem().string())
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            stem.push_back(c);
    if (stem.empty()) stem = "image";
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".jpeg") ext = ".jpg";
    if (ext != ".png" && ext != ".jpg") ext = ".png";
    const auto stored = store.media_paths();
    const std::set<std::string> used(stored.begin(), stored.end());
    for (int n = 1;; ++n) {
        std::string path = "images/" + stem + (n == 1 ? "" : "-" + std::to_string(n)) + ext;
        if (!used.count(path) && !taken.count(path)) return path;
    }
}

std::string free_exhibit_uid(ContentStore& store, const std::string& industry)
{
    static const std::map<std::string, std::string> codes{
        {"道路交通", "road"}, {"火灾", "fire"}, {"建筑施工", "build"}, {"危险化学品", "chem"}, {"特种设备", "equip"},
        {"水上交通", "water"}, {"工贸", "trade"}, {"电力", "power"},   {"矿山", "mine"}};
    const auto it = codes.find(industry);
    const std::string prefix = "case-" + (it == codes.end() ? std::string("other") : it->second) + "-";
    std::set<std::string> used;
    for (const auto& e : store.exhibits()) used.insert(e.uid);
    for (int n = 1;; ++n) {
        std::string uid = prefix + (n < 10 ? "0" : "") + std::to_string(n);
        if (!used.count(uid)) return uid;
    }
}

std::string free_quiz_uid(ContentStore& store, const Exhibit& e)
{
    for (int n = 1;; ++n) {
        std::string uid = e.uid + "-q" + std::to_string(n);
        const bool in_case = std::any_of(e.quiz.begin(), e.quiz.end(), [&](const Question& q) { return q.uid == uid; });
        if (!in_case && !store.question_by_uid(uid)) return uid;
    }
}

std::vector<FieldProblem> check_exhibit(ContentStore& store, const Exhibit& e, const NewMedia& media, bool is_new)
{
    auto p = validate(e);
    if (is_new && store.exhibit(e.uid)) p.push_back({"uid", "'" + e.uid + "' is already the uid of a case"});
    const auto stored_paths = store.media_paths();
    const std::set<std::string> stored(stored_paths.begin(), stored_paths.end());
    const auto check_media = [&](const std::string& field, const std::string& path) {
        const auto it = media.find(path);
        if (it != media.end()) {
            const std::string_view bytes(reinterpret_cast<const char*>(it->second.data()), it->second.size());
            if (const auto why = formats::image_problem(bytes); !why.empty()) p.push_back({field, "'" + path + "' " + why});
            else if (stored.count(path) && store.media(path) != it->second)
                p.push_back({field, "'" + path + "' is stored already with another image"});
        } else if (!stored.count(path)) {
            p.push_back({field, "'" + path + "' is not a stored image"});
        }
    };
    for (std::size_t i = 0; i < e.images.size(); ++i)
        check_media("images[" + std::to_string(i + 1) + "].file", e.images[i].file);
    const auto owners = store.exhibit_quiz_owners();
    std::set<std::string> seen;
    for (std::size_t i = 0; i < e.quiz.size(); ++i) {
        const auto& q = e.quiz[i];
        const std::string field = "quiz[" + std::to_string(i + 1) + "]";
        if (!q.image.empty()) check_media(field + ".image", q.image);
        if (q.uid.empty()) continue; // validate named it
        if (!seen.insert(q.uid).second) {
            p.push_back({field + ".uid", "'" + q.uid + "' is twice in the quiz"});
            continue;
        }
        const auto it = owners.find(q.uid);
        if (it != owners.end() && it->second != e.uid)
            p.push_back({field + ".uid", "'" + q.uid + "' is already a quiz question of case '" + it->second + "'"});
        else if (it == owners.end() && store.question_by_uid(q.uid))
            p.push_back({field + ".uid", "'" + q.uid + "' is already the uid of a catalogue question"});
    }
    return p;
}

std::vector<FieldProblem> save_exhibit_with_media(ContentStore& store, const Exhibit& e, const NewMedia& media,
                                                  bool is_new)
{
    auto problems = check_exhibit(store, e, media, is_new);
    if (!problems.empty()) return problems;
    std::set<std::string> used;
    for (const auto& i : e.images) used.insert(i.file);
    for (const auto& q : e.quiz)
        if (!q.image.empty()) used.insert(q.image);
    storage::Transaction tx(store.db());
    for (const auto& [path, bytes] : media)
        if (used.count(path)) store.put_media(path, bytes);
    store.save_exhibit(e);
    tx.commit();
    return {};
}

} // namespace sk::content
