#include "exam/change_watch.hpp"

namespace sk::exam {

ChangeWatch::ChangeWatch(ExamService& exam, Clock clock, std::int64_t interval_ms)
    : exam_(exam), clock_(std::move(clock)), interval_ms_(interval_ms)
{
    seen();
}

bool ChangeWatch::changed()
{
    const std::int64_t now = clock_();
    if (now - asked_at_ms_ < interval_ms_ && now >= asked_at_ms_) return false;
    asked_at_ms_ = now;
    const std::int64_t r = exam_.revision();
    if (r == revision_) return false;
    revision_ = r;
    return true;
}

void ChangeWatch::seen()
{
    asked_at_ms_ = clock_();
    revision_ = exam_.revision();
}

} // namespace sk::exam
