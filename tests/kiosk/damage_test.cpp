// Drawing only what changed (kiosk/ui/damage.hpp): the screen a run of frames leaves behind, each frame rendering
// only its changed rectangles, is pixel for pixel what a whole redraw of the same state gives (`check-redraw` in a
// headless script compares the two), and the exam countdown's tick draws one frame of a few tiles.
#include "kiosk/ui/damage.hpp"
#include "tests/kiosk/demo_content.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace sk;

TEST_CASE("the exam screen drawn change by change equals a whole redraw, and a countdown tick draws one small frame")
{
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        test::TempDir dir;
        const auto db = dir / "exam.db";
        // Stems long enough to wrap over several lines.
        const auto e = test::build_exam_db(
            db, {.stem = "停电检修必须先验电再挂接地线，验电前应先在有电设备上确认验电器良好。"});
        const std::string script = test::check_in(e) + "check-redraw\ntap-text 确认是本人\nwait 5s\ncheck-redraw\n"
                                   "wait 15s\ntap-text 我已阅读，开始考试\nexpect-screen exam-paper\ncheck-redraw\n"
                                   "wait 3s\ncheck-redraw\n"
                                   "tap-text 正确\nexpect-text 已保存\ncheck-redraw\n"
                                   "tap-text 下一题\ncheck-redraw\ntap-text 标记\ncheck-redraw\nwait 61s\ncheck-redraw\n"
                                   "tap-text 大字\ncheck-redraw\ntap-text 大字\ncheck-redraw\n"
                                   "tap-text 交卷\ncheck-redraw\ntap-text 继续答题\ncheck-redraw\n"
                                   "tap-text 上一题\ncheck-redraw\n"
                                   "measure-frames 5 tick\ncheck-redraw\n";
        auto r = test::run_script(dir.path(), db, script, size, "exam.txt", {"--role", "exam"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        // One frame per second of the countdown, redrawing well under 1 % of the screen.
        std::smatch m;
        REQUIRE(std::regex_search(r.out, m, std::regex(R"(5 ticks, ([0-9.]+) frames per tick, .* ([0-9.e-]+) of the screen redrawn per tick)")));
        CHECK(std::stod(m[1]) == 1.0);
        CHECK(std::stod(m[2]) > 0.0);
        CHECK(std::stod(m[2]) < 0.01);
    }
}

TEST_CASE("the exhibit screens and the PIN pad's countdown drawn change by change equal a whole redraw in both orientations")
{
    const std::string script = R"(check-redraw
wait 8s
check-redraw
wait 8s
check-redraw
tap 50% 90%
check-redraw
tap-text 危险化学品
check-redraw
tap-text 某化工公司储罐区动火作业爆炸事故
check-redraw
drag 50% 85% 50% 25%
check-redraw
drag 50% 85% 50% 25%
check-redraw
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
check-redraw
tap-text 开始答题
check-redraw
tap-text 正确
check-redraw
tap-text 下一题
check-redraw
tap-text 大字
check-redraw
wait 90s
expect-screen attract
check-redraw
hold 0.3% 0.3% 3s
type 1111
key Enter
expect-text 请等待 1 秒后重试
check-redraw
wait 1s
type 2222
key Enter
expect-text 请等待 2 秒后重试
wait 700ms
check-redraw
wait 600ms
check-redraw
measure-frames 2 tick
check-redraw
)";
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        test::TempDir dir;
        const auto db = dir / "demo.db";
        test::build_demo_database(db);
        auto r = test::run_script(dir.path(), db, script, size, "tour.txt", {"--role", "exhibit"});
        INFO(r.err);
        CHECK(r.code == 0);
    }
}

TEST_CASE("a frame's damage is what moved: nothing when nothing changed, the old and the new place of a moved square")
{
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(320, 200);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    ui::DamageTracker tracker;
    const auto frame = [&](float x) {
        ImGui::NewFrame();
        ImGui::GetForegroundDrawList()->AddRectFilled({x, 40}, {x + 20, 60}, IM_COL32(255, 0, 0, 255));
        ImGui::Render();
        return tracker.update(*ImGui::GetDrawData(), 320, 200, IM_COL32(0, 0, 0, 255));
    };
    auto first = frame(10);
    REQUIRE(first.size() == 1);
    CHECK(first[0].w == 320); // the first frame is whole
    CHECK(frame(10).empty()); // nothing changed
    auto moved = frame(200); // the square moves from x 10–30 to 200–220: two separate pieces of damage
    REQUIRE(moved.size() == 2);
    for (const auto& r : moved) {
        CHECK(r.y <= 39);
        CHECK(r.y + r.h >= 61);
        CHECK(r.w < 100);
    }
    CHECK(tracker.damaged_fraction() < 0.2);
    tracker.invalidate();
    auto whole = frame(200);
    REQUIRE(whole.size() == 1);
    CHECK(whole[0].h == 200);
    ImGui::DestroyContext();
}
