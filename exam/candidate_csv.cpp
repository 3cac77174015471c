#include "exam/candidate_csv.hpp"

#include "content/formats/csv.hpp"
#include "content/formats/text.hpp"
#include "exam/exam_service.hpp"

#include <fstream>
#include <iterator>
#include <map>

namespace sk::exam {

namespace fs = std::filesystem;
using content::formats::Problem;
using namespace candidate_columns;

namespace {

// Column names, Chinese first; the English names are accepted too.
const std::vector<std::pair<std::string, std::vector<std::string>>>& column_names()
{
    static const std::vector<std::pair<std::string, std::vector<std::string>>> names{
        {kIdNumber, {kIdNumber, "身份证号码", "公民身份号码", "id_number"}},
        {kName, {kName, "name"}},
        {kCategory, {kCategory, "行业", "category"}},
        {kItem, {kItem, "岗位", "item"}},
        {kKind, {kKind, "kind"}},
        {kEmployer, {kEmployer, "单位", "employer"}},
        {kProvider, {kProvider, "provider"}},
        {kPhoto, {kPhoto, "photo"}},
    };
    return names;
}

std::optional<ExamKind> parse_kind(std::string_view s)
{
    if (s.empty() || s == "初训" || s == "初训考试" || s == "初次" || s == "initial") return ExamKind::Initial;
    if (s == "复审" || s == "复审考试" || s == "review") return ExamKind::Review;
    return std::nullopt;
}

std::vector<unsigned char> read_file_bytes(const fs::path& p)
{
    const std::string s = content::formats::read_input_file(p, content::formats::FileKind::Image);
    return {s.begin(), s.end()};
}

} // namespace

CandidateFile read_candidate_csv(const fs::path& file, const content::Catalogue& catalogue, ExamService& exam,
                                 const Actor& actor, std::chrono::year_month_day today)
{
    CandidateFile out;
    const std::string name = file.filename().string();
    auto error = [&](int row, const std::string& field, const std::string& message) {
        out.errors.push_back({name, row, field, message});
    };
    std::vector<content::formats::CsvRecord> records;
    try {
        auto decoded = content::formats::decode_text(content::formats::read_bytes(file.string()));
        out.encoding = decoded.encoding;
        records = content::formats::parse_csv(decoded.text);
    } catch (const content::formats::TextError& e) {
        error(e.line(), "", e.what());
        return out;
    }
    std::size_t first = 0;
    while (first < records.size() && records[first].blank()) ++first;
    if (first == records.size()) {
        error(0, "", "the file is empty: row 1 must be the header (docs/templates/candidates-template.csv)");
        return out;
    }
    const auto& header = records[first];
    std::map<std::string, std::size_t> column; // canonical name → index
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
        const std::string cell = content::formats::trimmed(header.cells[i]);
        if (cell.empty()) continue;
        bool known = false;
        for (const auto& [canonical, aliases] : column_names())
            for (const auto& a : aliases)
                if (cell == a) {
                    known = true;
                    if (!column.emplace(canonical, i).second) error(header.row, cell, "the column appears twice");
                }
        if (!known) out.warnings.push_back({name, header.row, cell, "unknown column, ignored"});
    }
    for (const char* required : {kIdNumber, kName, kItem})
        if (!column.count(required))
            error(header.row, required, "the header has no such column (docs/templates/candidates-template.csv)");
    if (!out.errors.empty()) return out;

    auto cell = [&](const content::formats::CsvRecord& r, const char* col) -> std::string {
        auto it = column.find(col);
        if (it == column.end() || it->second >= r.cells.size()) return "";
        return content::formats::trimmed(r.cells[it->second]);
    };
    std::map<std::string, int> seen; // ID number → first row
    for (std::size_t i = first + 1; i < records.size(); ++i) {
        const auto& r = records[i];
        if (r.blank()) continue;
        const std::size_t errors_before = out.errors.size();
        Candidate c;
        c.id_number = cell(r, kIdNumber);
        for (auto& ch : c.id_number)
            if (ch == 'x') ch = 'X';
        c.name = cell(r, kName);
        c.employer = cell(r, kEmployer);
        c.provider = cell(r, kProvider);
        const std::string category = cell(r, kCategory);
        const std::string item = cell(r, kItem);
        const std::string kind = cell(r, kKind);
        if (auto k = parse_kind(kind)) c.kind = *k;
        else error(r.row, kKind, "'" + kind + "' is not 初训 or 复审");

        if (item.empty()) {
            error(r.row, kItem, "is empty");
        } else {
            std::vector<const content::Item*> found;
            for (const auto& it : catalogue.items)
                if (it.name == item && (category.empty() || it.category == category)) found.push_back(&it);
            if (found.size() == 1) c.item_id = found.front()->id;
            else if (found.empty())
                error(r.row, kItem, "'" + (category.empty() ? item : category + " / " + item) +
                                        "' is not an item of the catalogue");
            else error(r.row, kCategory, "'" + item + "' exists in several categories: fill in 作业类别");
        }
        const std::string photo = cell(r, kPhoto);
        if (!photo.empty()) {
            const fs::path p = file.parent_path() / fs::path(photo);
            std::error_code ec;
            if (!fs::exists(fs::symlink_status(p, ec))) error(r.row, kPhoto, "no file " + p.string());
            else {
                try {
                    c.photo = read_file_bytes(p);
                } catch (const content::formats::FileError& e) {
                    error(r.row, kPhoto, e.what());
                }
            }
        }
        auto problems = prepare_candidate(c, today, catalogue);
        for (const auto& p : problems) {
            if (p.field == "item_id" && c.item_id == 0) continue; // reported above
            const char* col = p.field == "id_number" ? kIdNumber
                              : p.field == "name"     ? kName
                              : p.field == "photo"    ? kPhoto
                              : p.field == "employer" ? kEmployer
                              : p.field == "provider" ? kProvider
                                                      : kItem;
            error(r.row, col, p.message);
        }
        if (!c.id_number.empty() && out.errors.size() == errors_before) {
            if (auto it = seen.find(c.id_number); it != seen.end())
                error(r.row, kIdNumber, c.id_number + " is already in row " + std::to_string(it->second));
            else if (exam.candidate_by_id_number(actor, c.id_number))
                error(r.row, kIdNumber, c.id_number + " 已登记 (already registered)");
            seen.emplace(c.id_number, r.row);
        }
        if (out.errors.size() == errors_before) {
            out.candidates.push_back(std::move(c));
            out.rows.push_back(r.row);
        }
    }
    if (out.candidates.empty() && out.errors.empty()) error(0, "", "the file has a header but no candidate");
    return out;
}

} // namespace sk::exam
