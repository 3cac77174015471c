// Renders every exhibit screen in landscape (1920×1080) and portrait (1080×1920) and keeps the PNGs under
// build/test-artifacts/kiosk/ for a person to look at (docs/screenshots/ holds a chosen few).
#include "tests/kiosk/demo_content.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <stb_image.h>

using namespace sk;

namespace {
const char* kTour = R"(screenshot 01-attract
tap 50% 50%
screenshot 02-browse
tap-text 危险化学品
screenshot 03-case-list
tap-text 某化工公司储罐区动火作业爆炸事故
screenshot 04-case
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
screenshot 05-case-scrolled
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
screenshot 06-case-end
tap-text 开始答题
screenshot 07-quiz
tap-text 正确
screenshot 08-quiz-wrong
tap-text 下一题
tap-text 清洗置换并加盲板隔离，检测合格后作业
screenshot 09-quiz-right
tap-text 下一题
tap-text 未办理动火作业许可证
tap-text 监护人离开作业现场
screenshot 10-quiz-multi
tap-text 确认答案
screenshot 11-quiz-multi-feedback
tap-text 查看结果
screenshot 12-quiz-result
tap-text 浏览其他案例
tap-text 全部案例
screenshot 13-case-list-all
tap-text 大字
screenshot 14-case-list-large
hold 0.3% 0.3% 3s
type 13
screenshot 15-admin-pin
type 5790
key Enter
screenshot 16-admin
)";

void check_png(const std::filesystem::path& p, int w, int h)
{
    INFO(p.string());
    int pw = 0, ph = 0, n = 0;
    REQUIRE(stbi_info(p.string().c_str(), &pw, &ph, &n) == 1);
    CHECK(pw == w);
    CHECK(ph == h);
}
} // namespace

void tour(const char* size, int w, int h)
{
    const auto out = test::binary_path("test-artifacts/kiosk");
    const auto dir = out / size;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto db = dir / "demo.db";
    test::build_demo_database(db);
    auto r = test::run_script(dir, db, kTour, size);
    INFO(r.err);
    REQUIRE(r.code == 0);
    for (const char* name : {"01-attract", "04-case", "07-quiz", "12-quiz-result", "15-admin-pin", "16-admin"})
        check_png(dir / "shots" / (std::string(name) + ".png"), w, h);
}

TEST_CASE("every exhibit screen renders in landscape 1920x1080 with every glyph to PNG screenshots")
{
    tour("1920x1080", 1920, 1080);
}

TEST_CASE("every exhibit screen renders in portrait 1080x1920 with every glyph to PNG screenshots")
{
    tour("1080x1920", 1080, 1920);
}

namespace {
// Every screen of the exam kiosk, the proctor's panel with each action, both results (scored and ended by the
// proctor) and the administrator's screens.
std::string exam_tour(const test::ExamDb& e)
{
    return "screenshot e01-attract\ntap-text 输入身份证号\nscreenshot e02-id\n" + test::keypad(e.id_number) +
           "tap-text 下一步\ntype 123\ntap-text 下一步\nscreenshot e03-ticket-wrong\ntap-text 知道了\ntap-text 清空\n" +
           test::keypad(e.ticket) + R"(screenshot e04-ticket
tap-text 下一步
screenshot e05-identity
tap-text 确认是本人
screenshot e06-rules
wait 20s
tap-text 我已阅读，开始考试
tap-text 正确
tap-text 标记
screenshot e07-paper
tap-text 大字
screenshot e08-paper-large
tap-text 大字
tap-text 交卷
screenshot e09-confirm
tap-text 继续答题
hold 0.3% 0.3% 3s
screenshot e10-admin-pin
tap-text 监考员登录
screenshot e11-proctor-signin
type proctor
tap-text 密码
type demo-2026
tap-text 登录
tap-text A01
screenshot e12-proctor-seat
tap-text 暂停考试
tap-text 设备故障
screenshot e13-proctor-reason
tap-text 确认
tap-text 延长时间
tap-text 10 分钟
tap-text 设备故障
screenshot e14-proctor-add-time
tap-text 取消
tap-text 退出监考
screenshot e15-paused
hold 0.3% 0.3% 3s
tap-text 监考员登录
type proctor
tap-text 密码
type demo-2026
tap-text 登录
tap-text A01
tap-text 终止考试
tap-text 使用通讯工具
screenshot e16-proctor-end
tap-text 确认
tap-text 退出监考
expect-screen exam-result
expect-text 考试已终止
screenshot e17-result-ended
tap-text 完成
hold 0.3% 0.3% 3s
type 135790
key Enter
expect-screen admin
screenshot e18-admin
)";
}

// Every screen of the training kiosk.
std::string training_tour(const test::ExamDb& e)
{
    return "screenshot t01-signin\n" + test::keypad(e.id_number) + "tap-text 下一步\nscreenshot t02-pin\n" +
           test::keypad("123456") + R"(tap-text 登录
screenshot t03-menu
tap-text 第1章（已练 0 / 20 题）
screenshot t04-practice
tap-text 错误
screenshot t05-feedback
tap-text 返回
tap-text 模拟考试
screenshot t06-mock
tap-text 交卷
screenshot t06-mock-confirm
tap-text 确认交卷
screenshot t07-mock-result
tap-text 返回目录
tap-text 学习进度
screenshot t08-progress
)";
}

void exam_and_training_tour(const char* size, int w, int h)
{
    const auto out = test::binary_path("test-artifacts/kiosk");
    const auto dir = out / (std::string("exam-") + size);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto db = dir / "exam.db";
    const auto e = test::build_exam_db(db);
    test::add_exam_users(db);
    test::set_trainee_pin(db, e.id_number, "123456");
    auto r = test::run_script(dir, db, exam_tour(e), size, "exam.txt", {"--role", "exam"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto t = test::run_script(dir, db, training_tour(e), size, "training.txt", {"--role", "training"});
    INFO(t.err);
    REQUIRE(t.code == 0);
    for (const char* name : {"e01-attract", "e07-paper", "e12-proctor-seat", "e17-result-ended", "t05-feedback"})
        check_png(dir / "shots" / (std::string(name) + ".png"), w, h);
}
} // namespace

TEST_CASE("every exam and training screen renders in landscape 1920x1080 with every glyph to PNG screenshots")
{
    exam_and_training_tour("1920x1080", 1920, 1080);
}

TEST_CASE("every exam and training screen renders in portrait 1080x1920 with every glyph to PNG screenshots")
{
    exam_and_training_tour("1080x1920", 1080, 1920);
}
