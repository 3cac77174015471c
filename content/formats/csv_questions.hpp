// Internal: the column layout of the CSV question template (docs/csv-template.md), shared by import and export.
#pragma once

#include <string>
#include <vector>

namespace sk::content::formats::csv_columns {

inline const char* const kType = "题型";
inline const char* const kStem = "题干";
inline const char* const kAnswer = "答案";
inline const char* const kExplanation = "解析";
inline const char* const kCategory = "作业类别";
inline const char* const kItem = "操作项目";
inline const char* const kChapter = "知识点";
inline const char* const kDifficulty = "难度";

// 选项A … 选项H (the template has A–F; G and H are read, and written only when a question needs them).
std::string option_column(int index);

// The template's header: 题型,题干,选项A … 选项F,答案,解析,作业类别,操作项目,知识点,难度 — with `options` option
// columns (6 or more).
std::vector<std::string> header(int options = 6);

} // namespace sk::content::formats::csv_columns
