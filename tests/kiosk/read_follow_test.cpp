// The exhibit case page follows the read-aloud (朗读): as the reading goes down the page to the lessons and what to do
// instead, the page scrolls so that the sentence being read is in view; a visitor who scrolls the page during the
// reading is not pulled back, until the next 朗读.
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

TEST_CASE("a visitor who scrolls during the reading is not pulled back, until the next 朗读")
{
    test::TempDir dir;
    const auto db = dir / "demo.db";
    auto imported = test::run_admin({"--db", db.string(), "content", "import", test::source_path("media/demo-pack").string()});
    REQUIRE_MESSAGE(imported.code == 0, imported.err);
    const std::string lesson = "高处坠落是建筑工地上死亡人数最多的事故类型之一。";
    const std::string instead = "在坠落高度2米及以上的地方作业，必须系好安全带，做到“高挂低用”。";
    const std::string open = "tap 50% 90%\ntap-text 建筑施工\ntap-text 某住宅工地临边作业高处坠落\nexpect-screen case\n";
    std::string drags;
    for (int i = 0; i < 10; ++i) drags += "drag 50% 25% 50% 95%\n";
    // The reading is at the lessons and the page with it; the visitor drags back up to the top (where 停止 is) and
    // stays there while the reading goes on to what to do instead, below.
    const std::string by_finger = open + "tap-text 朗读\nwait 33s\nexpect-visible " + lesson +
                                  "\n" + drags + "expect-visible 停止\nwait 24s\nexpect-reading " + instead +
                                  "\nexpect-no-text " + instead + "\nexpect-visible 停止\nscreenshot case-scrolled-away\n"
                                  // A replay follows again.
                                  "tap-text 停止\ntap-text 朗读\nwait 33s\nexpect-reading " + lesson +
                                  "\nexpect-visible " + lesson + "\n";
    // The same with the mouse wheel, and the next 朗读 after the reading ended by itself follows too.
    const std::string by_wheel = open + "tap-text 朗读\nwait 33s\nexpect-visible " + lesson +
                                 "\nscroll 50% 50% -60\nexpect-visible 停止\nwait 24s\nexpect-reading " + instead +
                                 "\nexpect-no-text " + instead + "\nexpect-visible 停止\nwait 60s\n"
                                 "expect-no-reading\ntap-text 朗读\nwait 33s\nexpect-visible " + lesson + "\n";
    for (const char* size : {"1920x1080", "1080x1920"}) {
        INFO(size);
        auto finger = test::run_script(dir.path(), db, by_finger, size, "finger.txt", {"--role", "exhibit"});
        INFO(finger.out, finger.err);
        CHECK(finger.code == 0);
        test::keep_shots(dir.path(), std::string(size) + "-");
        auto wheel = test::run_script(dir.path(), db, by_wheel, size, "wheel.txt", {"--role", "exhibit"});
        INFO(wheel.out, wheel.err);
        CHECK(wheel.code == 0);
    }
}
