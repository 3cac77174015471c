#include "content/formats/export.hpp"

#include "content/formats/csv.hpp"
#include "content/formats/csv_questions.hpp"
#include "content/storage/database.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

namespace sk::content::formats {

namespace fs = std::filesystem;

namespace {

std::vector<Question> selected_questions(ContentStore& store, const ExportOptions& options)
{
    QuestionFilter f; // current versions, exhibit quizzes excluded, ordered by uid
    if (options.item_ids.empty()) return store.questions(f);
    std::vector<Question> out;
    for (auto id : options.item_ids) {
        f.item_id = id;
        auto part = store.questions(f);
        out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    std::sort(out.begin(), out.end(), [](const Question& a, const Question& b) { return a.uid < b.uid; });
    return out;
}

void write_file(const fs::path& path, const std::string& content)
{
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) throw storage::StorageError(path.string() + ": cannot write the file");
}

void write_file(const fs::path& path, const std::vector<unsigned char>& data)
{
    write_file(path, std::string(data.begin(), data.end()));
}

} // namespace

ExportReport export_pack(ContentStore& store, const fs::path& dir, const ExportOptions& options)
{
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec)) throw std::invalid_argument("'" + dir.string() + "' exists and is not a folder");
        if (!fs::is_empty(dir, ec) && !options.overwrite)
            throw std::invalid_argument("'" + dir.string() + "' is not empty (use --force to write into it)");
    }
    ExportReport report;
    const auto questions = selected_questions(store, options);
    std::vector<Exhibit> exhibits;
    if (options.item_ids.empty()) exhibits = store.exhibits(); // ordered by uid

    std::set<std::string> media;
    std::string q_lines;
    for (const auto& q : questions) {
        q_lines += question_json_line(q);
        q_lines += '\n';
        if (!q.image.empty()) media.insert(q.image);
    }
    std::string e_lines;
    for (const auto& e : exhibits) {
        e_lines += exhibit_json_line(e);
        e_lines += '\n';
        for (const auto& i : e.images) media.insert(i.file);
        for (const auto& q : e.quiz)
            if (!q.image.empty()) media.insert(q.image);
    }
    // Read every image first, so that a missing one stops the export before anything is written.
    std::vector<std::pair<std::string, std::vector<unsigned char>>> files;
    for (const auto& path : media) {
        auto data = store.media(path);
        if (!data) throw std::invalid_argument("the image '" + path + "' is used but not stored; import it first");
        files.emplace_back(path, std::move(*data));
    }
    fs::create_directories(dir, ec);
    if (ec) throw storage::StorageError(dir.string() + ": cannot create the folder: " + ec.message());

    std::string manifest = R"({"format":"safekiosk-pack","version":1,"name":)";
    manifest += nlohmann::json(options.pack_name).dump();
    manifest += R"(,"questions":["questions.jsonl"],"exhibits":["exhibits.jsonl"]})";
    manifest += '\n';
    write_file(dir / "pack.json", manifest);
    write_file(dir / "questions.jsonl", q_lines);
    write_file(dir / "exhibits.jsonl", e_lines);
    report.files = {dir / "pack.json", dir / "questions.jsonl", dir / "exhibits.jsonl"};
    for (const auto& [path, data] : files) {
        write_file(dir / path, data);
        report.files.push_back(dir / path);
    }
    report.questions = static_cast<int>(questions.size());
    report.exhibits = static_cast<int>(exhibits.size());
    report.media = static_cast<int>(files.size());
    return report;
}

std::string questions_csv(const std::vector<Question>& questions)
{
    int option_columns = 6;
    for (const auto& q : questions) option_columns = std::max(option_columns, static_cast<int>(q.options.size()));

    std::string out = "\xEF\xBB\xBF"; // BOM: Excel then reads the file as UTF-8
    out += csv_record(csv_columns::header(option_columns));
    for (const auto& q : questions) {
        std::vector<std::string> cells;
        const bool tf = q.type == QuestionType::TrueFalse;
        cells.emplace_back(tf ? "判断" : q.type == QuestionType::Single ? "单选" : "多选");
        cells.push_back(q.stem);
        for (int i = 0; i < option_columns; ++i)
            cells.push_back(!tf && i < static_cast<int>(q.options.size()) ? q.options[static_cast<std::size_t>(i)] : "");
        cells.push_back(tf ? (q.answer == "A" ? "正确" : "错误") : q.answer);
        cells.push_back(q.explanation);
        cells.push_back(q.category);
        cells.push_back(q.item);
        cells.push_back(q.chapter);
        cells.push_back(std::to_string(q.difficulty));
        out += csv_record(cells);
    }
    return out;
}

ExportReport export_csv(ContentStore& store, const fs::path& file, const ExportOptions& options)
{
    std::error_code ec;
    if (fs::exists(file, ec) && !options.overwrite)
        throw std::invalid_argument("'" + file.string() + "' exists (use --force to replace it)");
    const auto questions = selected_questions(store, options);
    const std::string out = questions_csv(questions);
    write_file(file, out);
    ExportReport report;
    report.questions = static_cast<int>(questions.size());
    report.files = {file};
    return report;
}

} // namespace sk::content::formats
