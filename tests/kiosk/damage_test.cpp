// Drawing only what changed (kiosk/ui/damage.hpp): the screen a run of frames leaves behind, each frame rendering
// only its changed rectangles, is pixel for pixel what a whole redraw of the same state gives (`check-redraw` in a
// headless script compares the two), and the exam countdown's tick draws one frame of a few tiles.
#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "certs/storage/cert_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "kiosk/ui/damage.hpp"
#include "tests/kiosk/demo_content.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <regex>

using namespace sk;

namespace {

std::int64_t wall_ms()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// 12 true/false questions of 低压电工作业, a 10-question paper in a session open now at seat A01, one candidate.
// Returns the ID number and the admission ticket.
std::pair<std::string, std::string> build_exam_db(const std::filesystem::path& path)
{
    auto db = storage::open(path, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()});
    content::ContentStore store(db);
    {
        storage::Transaction tx(db);
        for (int i = 0; i < 12; ++i) {
            content::Question q;
            q.uid = "tf-" + std::to_string(i);
            q.category = "电工作业";
            q.item = "低压电工作业";
            q.chapter = "第一章";
            q.difficulty = 1;
            q.type = content::QuestionType::TrueFalse;
            q.options = content::true_false_options();
            q.answer = "A";
            q.stem = "判断题第" + std::to_string(i) + "题：停电检修必须先验电再挂接地线，验电前应先在有电设备上确认验电器良好。";
            store.save_question(q);
        }
        tx.commit();
    }
    const exam::Actor admin{"admin", {exam::Role::Administrator}};
    const exam::Actor staff{"staff", {exam::Role::ExamStaff}};
    const exam::Actor trainer{"trainer", {exam::Role::TrainingStaff}};
    exam::ExamService svc(db);
    const auto item = store.catalogue().find("电工作业", "低压电工作业")->id;
    auto bp = svc.ensure_blueprint(admin, item, exam::ExamKind::Initial);
    bp.id = 0;
    bp.strata = {exam::Stratum{content::QuestionType::TrueFalse, "", 1, 5, 10, 10.0}};
    bp.practical.clear();
    exam::Session s;
    s.blueprint_id = svc.save_blueprint(admin, bp);
    s.item_id = item;
    s.starts_at_ms = wall_ms() - 10 * 60000;
    s.ends_at_ms = wall_ms() + 3 * 3600000;
    s.room = "第一考场";
    s.kiosks = {"A01"};
    const auto session = svc.create_session(staff, s);
    exam::Candidate c;
    c.id_number = std::string("11010519800101001") + exam::id_check_character("11010519800101001");
    c.name = "张三";
    c.item_id = item;
    const auto cid = svc.add_candidate(staff, c);
    svc.set_class_hours(trainer, cid, 80);
    return {c.id_number, svc.register_candidate(staff, cid, session, "A01")};
}

std::string keypad(const std::string& value)
{
    std::string s;
    for (char c : value) s += "tap-text " + std::string(1, c) + "\n";
    return s;
}

} // namespace

TEST_CASE("the exam screen drawn change by change equals a whole redraw, and a countdown tick draws one small frame")
{
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        test::TempDir dir;
        const auto db = dir / "exam.db";
        const auto [id, ticket] = build_exam_db(db);
        const std::string script = "tap-text 输入身份证号\n" + keypad(id) + "tap-text 下一步\n" + keypad(ticket) +
                                   "tap-text 下一步\ncheck-redraw\ntap-text 确认是本人\nwait 5s\ncheck-redraw\n"
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

TEST_CASE("the exhibit screens drawn change by change equal a whole redraw in both orientations")
{
    const std::string script = R"(check-redraw
wait 8s
check-redraw
wait 8s
check-redraw
tap 50% 50%
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
