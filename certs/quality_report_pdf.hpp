// The training-quality report (培训质量考核与效果评价报告) as a printed A4 document in Chinese with charts: pass
// rates by training provider and by item, average score by chapter, the item analysis as a scatter of facility
// against discrimination with the questions to review in a table. The figures are those of exam/reports.hpp
// (definitions: docs/reports.md); this file only lays them out. `safekiosk-admin report pdf` writes it.
#pragma once

#include "exam/reports.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sk::certs {

struct QualityReport {
    std::string title = "培训质量考核与效果评价报告";
    std::string scope;      // which exams, in words: "2026-11-01 至 2026-11-30 · 全部项目 · 全部培训机构"
    std::string printed_on; // "2026年11月28日"
    std::vector<exam::PassRateRow> pass_rates; // one period (Period::All): provider × item
    std::vector<exam::ChapterRow> chapters;
    // Absent when the reader may not see it (training staff, 考培分离); `items_note` then says why.
    std::optional<exam::ItemAnalysis> items;
    std::string items_note;
};

// Renders the report to PDF bytes. Throws pdf::RenderError (a character the font lacks).
std::vector<unsigned char> quality_report_pdf(const QualityReport& report);

} // namespace sk::certs
