// The SQL of the training-quality reports (exam/reports.hpp). Every query is driven by an index (schema step 5 of
// exam: attempt(scored_at_ms) and covering indexes of paper_question and answer), so a report over a year of exams
// never reads the big tables (attempt, paper_question, answer, answer_log) from end to end; explain() returns the
// query plans so a test can check that.
#pragma once

#include "content/storage/database.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sk::exam {

// Which attempts a report covers: scored in [from_ms, to_ms), of one item and/or of one training provider.
struct ReportFilter {
    std::optional<std::int64_t> from_ms;
    std::optional<std::int64_t> to_ms;
    std::optional<std::int64_t> item_id;
    std::optional<std::string> provider;
};

// One finished attempt (scored, or cancelled for cheating) as the reports see it.
struct AttemptFact {
    std::int64_t attempt_id = 0;
    std::string provider;
    std::int64_t item_id = 0;
    int attempt_no = 1;
    bool cancelled = false;
    bool passed = false;
    double score = 0;
    std::int64_t scored_at_ms = 0;
    std::string chapters_json; // the chapter breakdown stored when it was scored
};

// One question of one scored paper with the answer given.
struct AnswerFact {
    std::int64_t attempt_id = 0;
    std::int64_t question_id = 0;
    std::string_view option_order; // JSON [stored index of each shown option]; valid during the callback only
    std::string_view key;           // shown letters
    std::string_view response;      // shown letters, empty when unanswered
};

struct VisitFact {
    std::string exhibit_uid;
    std::int64_t visits = 0;
    std::int64_t answers = 0;
    std::int64_t correct = 0;
};

struct QueryPlan {
    std::string query;              // its name: "attempts", "answers", …
    std::vector<std::string> steps; // EXPLAIN QUERY PLAN details, e.g. "SEARCH attempt USING INDEX attempt_scored …"
};

class ReportStore {
public:
    explicit ReportStore(storage::Database& db) : db_(db) {}

    // Scored and cancelled attempts in the filter, by attempt id.
    std::vector<AttemptFact> attempts(const ReportFilter& f);
    // Every question of the papers of these attempts with its answer, paper by paper in position order; streamed
    // (a million rows need no copy). Each paper is read from two covering indexes, one for its questions and one
    // for its answers, merged by position: two short index ranges per paper instead of a look-up per answer.
    void answers(const std::vector<std::int64_t>& attempt_ids, const std::function<void(const AnswerFact&)>& row);

    // Whether the kiosk's visit tables (module "visits": exhibit_visit, exhibit_quiz_answer) are in the database.
    bool has_visit_tables();
    std::vector<VisitFact> visits(const ReportFilter& f);

    std::vector<QueryPlan> explain(const ReportFilter& f);

private:
    storage::Database& db_;
};

} // namespace sk::exam
