// Candidates from a CSV file laid out like docs/templates/candidates-template.csv (docs/candidate-csv.md): what an
// exam office keeps in Excel. Read with the content importers' CSV reader and decoding (UTF-8 with or without BOM,
// GBK/GB18030). Every row is checked before anything is stored; a file with any error stores nothing.
#pragma once

#include "content/formats/report.hpp"
#include "content/model.hpp"
#include "exam/exam_service.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace sk::exam {

namespace candidate_columns {
inline constexpr const char* kIdNumber = "身份证号";
inline constexpr const char* kName = "姓名";
inline constexpr const char* kCategory = "作业类别";
inline constexpr const char* kItem = "操作项目";
inline constexpr const char* kKind = "考试类型";
inline constexpr const char* kEmployer = "工作单位";
inline constexpr const char* kProvider = "培训机构";
inline constexpr const char* kPhoto = "照片";
} // namespace candidate_columns

struct CandidateFile {
    std::string encoding;                // "UTF-8", "UTF-8 with BOM" or "GB18030"
    std::vector<Candidate> candidates;   // checked, ready for ExamService::add_candidates
    std::vector<int> rows;               // the spreadsheet row of each candidate
    std::vector<content::formats::Problem> errors;   // file, row, column, message
    std::vector<content::formats::Problem> warnings; // e.g. a column the program does not know (ignored)
    bool ok() const { return errors.empty(); }
};

// Reads and checks the file: header, ID number (length, digits, check character, birth date not in the future),
// name, catalogue category/item, kind, photo (a JPEG/PNG file named relative to the CSV's folder), an ID number
// twice in the file or already registered (as `actor` reads the candidates). `today` is the date ID numbers are checked against.
CandidateFile read_candidate_csv(const std::filesystem::path& file, const content::Catalogue& catalogue,
                                 ExamService& exam, const Actor& actor, std::chrono::year_month_day today);

} // namespace sk::exam
