// The bundled demo pack really supports the exam centre's use: for each demo item the sealed exam pool holds two
// papers of the default blueprint with no question in common, all of them exam-only, so that no question of a
// sealed exam is shown with its key on a training kiosk (考培分离), and training still has questions of every chapter.
#include "content/formats/import.hpp"
#include "content/storage/content_store.hpp"
#include "exam/blueprint.hpp"
#include "exam/paper.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace sk;

TEST_CASE("every demo item's sealed pool gives two exam-only default papers with no question in common")
{
    test::TempDir dir;
    auto db = storage::open(dir / "demo.db", {&content::schema(), &exam::schema()});
    content::ContentStore store(db);
    auto report = content::formats::import_path(store, test::source_path("media/demo-pack"), {});
    REQUIRE(report.ok());
    exam::ExamStore exams(db);
    const std::vector<std::pair<std::string, std::string>> items{{"电工作业", "低压电工作业"},
                                                                 {"焊接与热切割作业", "熔化焊接与热切割作业"},
                                                                 {"高处作业", "高处安装、维护、拆除作业"},
                                                                 {"危险化学品安全作业", "氯化工艺"},
                                                                 {"一般行业", "安全生产管理人员"}};
    for (const auto& entry : items) { // no structured binding: clang 14 cannot capture one in CAPTURE
        const std::string& category = entry.first;
        const std::string& name = entry.second;
        CAPTURE(name);
        const auto* item = store.catalogue().find(category, name);
        REQUIRE(item);
        auto bp = exam::default_blueprint(*item, exam::ExamKind::Initial);
        bp.exam_only = true; // as `demo setup` stores it
        auto pool = exams.exam_pool(item->id);
        CHECK(exam::check_blueprint(bp, pool).empty());
        // No sealed question is visible in training, and each stratum has two papers of exam-only questions.
        const auto supply = exam::pool_supply(bp, pool);
        CHECK(supply.shared == 0);
        for (const auto& s : supply.strata) CHECK_MESSAGE(s.exam_only >= 2 * s.drawn, s.description);
        CHECK(supply.exam_only_papers() >= 2);
        for (const auto& q : pool) CHECK_MESSAGE(q.pool == content::Pool::Exam, q.uid);
        // Training keeps a practice pool with every chapter of the item.
        const auto practice = exams.practice_pool(item->id);
        std::set<std::string> sealed_uids, practice_chapters;
        for (const auto& q : pool) sealed_uids.insert(q.uid);
        for (const auto& q : practice) {
            CHECK_MESSAGE(sealed_uids.count(q.uid) == 0, q.uid);
            practice_chapters.insert(q.chapter);
        }
        CHECK(practice.size() >= 30);
        const auto chapters = store.chapters(item->id);
        CHECK(practice_chapters == std::set<std::string>(chapters.begin(), chapters.end()));
        exam::PaperDrawer drawer(pool);
        auto first = drawer.draw(bp, 1);
        drawer.add_usage(first);
        auto second = drawer.draw(bp, 2);
        std::set<std::string> uids;
        for (const auto& q : first.questions) uids.insert(q.uid);
        for (const auto& q : second.questions) CHECK_MESSAGE(uids.count(q.uid) == 0, q.uid);
        CHECK(second.questions.size() == 100);
    }
}
