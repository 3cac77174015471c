#include "exam/grading.hpp"

namespace sk::exam {

Score grade_stored_attempt(ExamStore& store, std::int64_t attempt_id, const Blueprint& bp)
{
    std::map<int, std::string> responses;
    for (const auto& [pos, ans] : store.answers(attempt_id)) responses[pos] = ans.response;
    return score_paper(store.paper(attempt_id), responses, bp.pass_mark, bp.partial_credit);
}

} // namespace sk::exam
