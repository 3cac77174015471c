// The engine's rule for drawing the next paper of a session, shared by the kiosk's own draw (ExamService::start) and
// the exam centre's (exam/centre/checkin.hpp): the session's papers so far count as used, so the least-used
// questions of the session come first and neighbours get different papers.
#pragma once

#include "exam/paper.hpp"

#include <cstdint>

namespace sk::storage {
class Database;
}

namespace sk::exam {

class ExamStore;

// Sets `drawer`'s usage to the papers of `session_id` stored so far (counted by question row; a row that is no
// longer current, its question edited since, counts for its uid) and draws a paper for `bp` with `seed`.
// `drawer` indexes the exam pool of the blueprint's item. Throws PoolShortage as PaperDrawer::draw does.
Paper draw_session_paper(ExamStore& store, storage::Database& db, PaperDrawer& drawer, const Blueprint& bp,
                         std::int64_t session_id, std::uint64_t seed);

} // namespace sk::exam
