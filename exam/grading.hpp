// The engine's one grading rule for a stored attempt, shared by the kiosk (ExamService::submit) and the centre that
// collects a kiosk's submission (exam/centre/results.hpp): the attempt's paper and its answers as stored (the last
// response per position), marked with the blueprint's pass mark and partial-credit setting (exam/scoring.hpp).
#pragma once

#include "exam/blueprint.hpp"
#include "exam/scoring.hpp"
#include "exam/storage/exam_store.hpp"

#include <cstdint>

namespace sk::exam {

Score grade_stored_attempt(ExamStore& store, std::int64_t attempt_id, const Blueprint& bp);

} // namespace sk::exam
