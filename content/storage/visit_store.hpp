// Anonymous counts from the warning-education kiosk: one row per case page opened and one per quiz answer.
//
// No personal data: a row holds the exhibit uid, the question uid, right or wrong and the time (UTC), nothing that
// names or follows a visitor. The rows belong to the schema module "visits" (visits_schema()), apart from the
// content tables, so that re-importing content never touches them and reports can read them later.
#pragma once

#include "content/storage/migrations.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sk::content {

const storage::Schema& visits_schema();

using TimePoint = std::chrono::system_clock::time_point;

// Counts over a time range [from, to); an open end counts everything on that side.
struct TimeRange {
    std::optional<TimePoint> from;
    std::optional<TimePoint> to;
};

struct VisitCounts {
    std::string exhibit_uid; // empty in totals()
    std::int64_t visits = 0;
    std::int64_t answers = 0;
    std::int64_t correct = 0;
};

class VisitStore {
public:
    explicit VisitStore(storage::Database& db) : db_(db) {}

    void record_visit(const std::string& exhibit_uid, TimePoint at);
    void record_answer(const std::string& exhibit_uid, const std::string& question_uid, bool correct, TimePoint at);

    VisitCounts totals(const TimeRange& range = {});
    // One entry per exhibit with at least one visit or answer in the range, by exhibit uid.
    std::vector<VisitCounts> per_exhibit(const TimeRange& range = {});

private:
    storage::Database& db_;
};

// The stored form of a time: "YYYY-MM-DDTHH:MM:SSZ" (UTC), which sorts as it reads.
std::string utc_timestamp(TimePoint t);

} // namespace sk::content
