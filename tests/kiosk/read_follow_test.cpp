// The exhibit case page follows the read-aloud (朗读): as the reading goes down the page to the lessons and what to do
// instead, the page scrolls so that the sentence being read is in view.
#include "tests/admin/run_admin.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;

TEST_CASE("the case page scrolls to the sentence being read aloud")
{
    test::TempDir dir;
    const auto db = dir / "demo.db";
    auto imported = test::run_admin({"--db", db.string(), "content", "import", test::source_path("media/demo-pack").string()});
    REQUIRE_MESSAGE(imported.code == 0, imported.err);
    // The reading takes about 30 s to the first lesson and about 57 s to the first thing to do instead (the demo
    // case's title and summary come first); both are far below the first screen of the page.
    const std::string lesson = "高处坠落是建筑工地上死亡人数最多的事故类型之一。";
    const std::string instead = "在坠落高度2米及以上的地方作业，必须系好安全带，做到“高挂低用”。";
    const std::string script = "tap 50% 90%\ntap-text 建筑施工\ntap-text 某住宅工地临边作业高处坠落\nexpect-screen case\n"
                               "expect-no-text " + lesson + "\ntap-text 朗读\nwait 33s\nexpect-reading " + lesson +
                               "\nexpect-visible " + lesson + "\nscreenshot case-follow-lesson\nwait 24s\n"
                               "expect-reading " + instead + "\nexpect-visible " + instead +
                               "\nscreenshot case-follow-instead\n";
    for (const char* size : {"1920x1080", "1080x1920"}) {
        INFO(size);
        auto r = test::run_script(dir.path(), db, script, size, "script.txt", {"--role", "exhibit"});
        INFO(r.out, r.err);
        CHECK(r.code == 0);
        test::keep_shots(dir.path(), std::string(size) + "-");
    }
}
