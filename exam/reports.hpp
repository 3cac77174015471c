// Training-quality reports (培训质量考核与效果评价): pass rates by training provider, item and period with first
// attempts and retakes apart; average scores by chapter; item analysis of every exam question (facility,
// discrimination, how often each option was chosen) with the questions to review flagged; warning-education
// exhibit visits and quiz results when the kiosk's visit tables are present. Definitions: docs/reports.md.
//
// Training staff see only their own provider's figures and never the item analysis (it describes sealed exam
// questions and answers).
#pragma once

#include "content/model.hpp"
#include "exam/roles.hpp"
#include "exam/storage/report_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sk::exam {

enum class Period { Month, Quarter, Year, All };
std::optional<Period> parse_period(std::string_view s); // month, quarter, year, all
// The period (local time) that contains `ms`: "2026-11", "2026-Q4", "2026" or "全部".
std::string period_label(std::int64_t ms, Period p);

struct PassRateRow {
    std::string centre;   // 考点: on a city's database, the centre the row is of (city::pass_rates by centre); else ""
    std::string provider; // 培训机构; "" when the candidate has none
    std::int64_t item_id = 0;
    std::string category;
    std::string item;
    std::string period;
    int sat = 0;           // scored attempts
    int passed = 0;
    int first_sat = 0;     // first attempts (初考)
    int first_passed = 0;
    int retake_sat = 0;    // retakes (补考)
    int retake_passed = 0;
    int cancelled = 0;     // ended for cheating: not in the rates
    // Adds another group's counts (a city merging its centres' rows).
    PassRateRow& operator+=(const PassRateRow& o)
    {
        sat += o.sat;
        passed += o.passed;
        first_sat += o.first_sat;
        first_passed += o.first_passed;
        retake_sat += o.retake_sat;
        retake_passed += o.retake_passed;
        cancelled += o.cancelled;
        return *this;
    }
    static std::optional<double> rate(int passed, int sat)
    {
        return sat > 0 ? std::optional<double>(static_cast<double>(passed) / sat) : std::nullopt;
    }
};

struct ChapterRow {
    std::int64_t item_id = 0;
    std::string category;
    std::string item;
    std::string chapter;
    int attempts = 0;      // scored papers with questions of this chapter
    int questions = 0;     // questions of the chapter over those papers
    int correct = 0;
    double points = 0;     // points earned over those papers
    double max_points = 0;
    double average_points() const { return attempts ? points / attempts : 0; }
    double average_max_points() const { return attempts ? max_points / attempts : 0; }
    double percent() const { return max_points > 0 ? 100.0 * points / max_points : 0; }
};

// Flag thresholds of the item analysis.
inline constexpr double kFacilityLow = 0.2;
inline constexpr double kFacilityHigh = 0.95;
inline constexpr double kDiscriminationLow = 0.1;
inline constexpr double kGroupFraction = 0.27; // upper and lower groups
// A question is judged (flagged or not) only once this many scored papers had it: below it a single examinee
// moves facility by several hundredths and the 27 % groups hold a handful of people. The figures are still given.
inline constexpr int kMinExaminees = 30;

struct ItemAnalysisRow {
    std::int64_t question_id = 0; // the exact version
    std::string uid;
    int version = 1;
    content::QuestionType type = content::QuestionType::Single;
    std::string category;
    std::string item;
    std::string chapter;
    std::string stem;
    std::string key;              // stored option letters ("B", "ACD")
    int examinees = 0;            // scored papers that had the question
    int correct = 0;
    std::optional<double> facility; // correct / examinees
    int upper_examinees = 0, upper_correct = 0, lower_examinees = 0, lower_correct = 0;
    std::optional<double> discrimination; // upper proportion correct − lower proportion correct
    std::vector<int> option_counts; // by stored option: A = the first option as written in the bank
    int omitted = 0;
    bool judged = false;            // examinees ≥ the analysis's min_examinees: flags apply
    std::vector<std::string> flags; // why the question should be reviewed; empty when it need not be or not judged
};

struct ItemAnalysis {
    int examinees = 0;  // scored papers in the filter
    int group_size = 0; // examinees in each of the upper and lower groups: round(0.27 × examinees)
    int min_examinees = kMinExaminees; // a question with fewer examinees is not judged
    int not_judged = 0;                // questions with fewer examinees than that
    std::vector<ItemAnalysisRow> questions; // by item, chapter, uid, version
};

struct ExhibitRow {
    std::string uid;
    std::string title;
    std::string industry;
    std::int64_t visits = 0;
    std::int64_t answers = 0;
    std::int64_t correct = 0;
};

struct ExhibitReport {
    bool available = false; // false: the visit tables are not in this database
    std::string note;       // why not
    std::vector<ExhibitRow> rows;
};

class Reports {
public:
    explicit Reports(storage::Database& db) : db_(db), store_(db) {}

    std::vector<PassRateRow> pass_rates(const Actor& actor, ReportFilter f, Period period);
    std::vector<ChapterRow> chapters(const Actor& actor, ReportFilter f);
    // Questions with fewer than `min_examinees` examinees (at least 1) get their figures but no flag.
    ItemAnalysis item_analysis(const Actor& actor, ReportFilter f, int min_examinees = kMinExaminees);
    ExhibitReport exhibits(const Actor& actor, const ReportFilter& f);

private:
    storage::Database& db_;
    ReportStore store_;
};

// CSV (UTF-8 with BOM, CRLF, Chinese headers) of each report, as `safekiosk-admin report … --csv FILE` writes it.
std::string pass_rates_csv(const std::vector<PassRateRow>& rows);
std::string chapters_csv(const std::vector<ChapterRow>& rows);
std::string item_analysis_csv(const ItemAnalysis& a);
std::string exhibits_csv(const ExhibitReport& r);

} // namespace sk::exam
