// A cheap change counter for screens that show stored data (the desktop window's panels): every change the services
// make is audited in its own transaction, so the audit log's newest id is a revision of the whole installation that
// other processes and workstations advance too. Asking for it is one indexed MAX(id) query; the watch asks at most
// once per interval and says "changed" once per new revision, so an open panel reloads within about a second of a
// change made elsewhere and reads nothing while nothing changes.
#pragma once

#include "exam/exam_service.hpp"

#include <cstdint>

namespace sk::exam {

class ChangeWatch {
public:
    // Starts at the current revision (nothing changed yet).
    explicit ChangeWatch(ExamService& exam, Clock clock = system_now_ms, std::int64_t interval_ms = 1000);
    // True once when the revision moved since the last time it returned true (or since the start or seen()); asks
    // the database only when `interval_ms` passed since the last question, else answers false at once.
    bool changed();
    // Takes the current revision as seen (after the screen reloaded for its own change).
    void seen();
    std::int64_t revision() const { return revision_; }

private:
    ExamService& exam_;
    Clock clock_;
    std::int64_t interval_ms_;
    std::int64_t revision_ = 0;
    std::int64_t asked_at_ms_ = 0;
};

} // namespace sk::exam
