#include "exam/session_draw.hpp"

#include "content/storage/content_store.hpp"
#include "exam/storage/exam_store.hpp"

#include <map>
#include <string>

namespace sk::exam {

Paper draw_session_paper(ExamStore& store, storage::Database& db, PaperDrawer& drawer, const Blueprint& bp,
                         std::int64_t session_id, std::uint64_t seed)
{
    drawer.clear_usage();
    std::map<std::string, int> older;
    content::ContentStore content(db);
    for (const auto& [row, n] : store.session_row_usage(session_id)) {
        if (auto i = drawer.position_of_row(row))
            drawer.add_use(*i, n);
        else if (auto uid = content.uid_of(row))
            older[*uid] += n;
    }
    drawer.add_usage(older);
    return drawer.draw(bp, seed);
}

} // namespace sk::exam
