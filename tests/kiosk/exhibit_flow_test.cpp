// The exhibit kiosk end to end, driven headless by scripts as a visitor would use it.
#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "kiosk/app/admin_gate.hpp"
#include "tests/kiosk/demo_content.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;

namespace {
content::VisitCounts counts(const std::filesystem::path& db_path)
{
    auto db = storage::open(db_path, {&content::schema(), &content::visits_schema()});
    return content::VisitStore(db).totals();
}

// Drags up until the quiz button is on screen (the case page is longer than the screen).
const char* kScrollToQuiz = R"(drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
)";
} // namespace

TEST_CASE("a visitor goes from the attract screen to a case and its quiz and the visit and answers are counted")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    const std::string script = std::string(R"(# attract → browse → case list → case → quiz
expect-screen attract
expect-text 触摸屏幕开始
tap 50% 90%
expect-screen browse
expect-text 按行业浏览事故案例
tap-text 危险化学品
expect-screen case-list
expect-text 1 起案例
tap-text 某化工公司储罐区动火作业爆炸事故
expect-screen case
expect-text 事故经过
expect-text 死亡 3 人
)") + kScrollToQuiz + R"(expect-text 正确做法
tap-text 开始答题
expect-screen quiz
expect-text 第 1 题 / 共 3 题
tap-text 错误
expect-text 回答正确！
expect-text 解析：动火作业必须办理动火作业许可证
tap-text 下一题
expect-text 第 2 题 / 共 3 题
tap-text 直接切割，尽快完成
expect-text 回答错误
expect-text 正确答案：B
expect-screen quiz
)";
    auto r = test::run_script(dir.path(), db, script);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("ends on screen 'quiz'") != std::string::npos);
    const auto c = counts(db);
    CHECK(c.visits == 1);
    CHECK(c.answers == 2);
    CHECK(c.correct == 1);
    auto st = storage::open(db, {&content::schema(), &content::visits_schema()});
    auto per = content::VisitStore(st).per_exhibit();
    REQUIRE(per.size() == 1);
    CHECK(per[0].exhibit_uid == "chem-2022-tank");
}

TEST_CASE("a multiple-choice answer is confirmed and the quiz ends with the score and leads back to the case")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    const std::string script = std::string(R"(tap 50% 90%
tap-text 全部案例
tap-text 某化工公司储罐区动火作业爆炸事故
)") + kScrollToQuiz + R"(tap-text 开始答题
tap-text 错误
tap-text 下一题
tap-text 清洗置换并加盲板隔离，检测合格后作业
tap-text 下一题
expect-text 多选题
tap-text 未办理动火作业许可证
tap-text 未检测可燃气体浓度
expect-no-text 回答正确！
tap-text 监护人离开作业现场
tap-text 确认答案
expect-text 回答正确！
tap-text 查看结果
expect-text 答对 3 题，共 3 题
tap-text 返回案例
expect-screen case
tap-text 返回
expect-screen case-list
expect-text 全部案例
)";
    auto r = test::run_script(dir.path(), db, script);
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto c = counts(db);
    CHECK(c.visits == 1); // coming back from the quiz is not a second visit
    CHECK(c.answers == 3);
    CHECK(c.correct == 3);
}

TEST_CASE("after 90 s without a touch any screen returns to the attract screen and not earlier")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    auto r = test::run_script(dir.path(), db, R"(tap 50% 90%
tap-text 建筑施工
tap-text 某住宅项目外脚手架坍塌事故
expect-screen case
wait 60s
drag 50% 80% 50% 40%
wait 89s
expect-screen case
wait 2s
expect-screen attract
expect-text 触摸屏幕开始
)");
    INFO(r.err);
    CHECK(r.code == 0);
}

TEST_CASE("the attract screen shows the next case every 8 seconds")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    auto r = test::run_script(dir.path(), db, R"(expect-text 某化工公司储罐区动火作业爆炸事故
wait 7s
expect-text 某化工公司储罐区动火作业爆炸事故
wait 1s
expect-text 某住宅项目外脚手架坍塌事故
expect-no-text 某化工公司储罐区动火作业爆炸事故
wait 8s
expect-text 某农贸市场电气线路火灾事故
wait 8s
expect-text 某化工公司储罐区动火作业爆炸事故
)");
    INFO(r.err);
    CHECK(r.code == 0);
}

TEST_CASE("Escape and Alt+F4 and closing the window do not leave but the administrator PIN does")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    auto r = test::run_script(dir.path(), db, R"(tap 50% 90%
key Escape
key Alt+F4
close
expect-screen browse
hold 1% 1% 3500ms
expect-screen admin-pin
expect-text 请输入管理员密码
expect-text 演示配置
type 0000
key Enter
expect-text 密码错误
expect-text 请等待 1 秒后重试
wait 1s
type 1111
key Enter
expect-text 请等待 2 秒后重试
wait 2s
tap-text 1
tap-text 3
tap-text 5
tap-text 7
tap-text 9
tap-text 0
tap-text 确定
expect-screen admin
expect-text 累计：查看案例 0 次，答题 0 次，答对 0 次
tap-text 退出程序
expect-exit
)");
    INFO(r.err);
    CHECK(r.code == 0);
}

TEST_CASE("only a 3 s hold in the corner opens the PIN screen and its cancel returns where the administrator was")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    auto r = test::run_script(dir.path(), db, R"(tap 50% 90%
tap-text 火灾
hold 50% 50% 4000ms
expect-screen case-list
hold 0.3% 0.3% 2000ms
expect-screen case-list
hold 0.3% 0.3% 3000ms
expect-screen admin-pin
tap-text 取消
expect-screen case-list
)");
    INFO(r.err);
    CHECK(r.code == 0);
}

TEST_CASE("a configured PIN hash replaces the demo PIN")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    test::write_file(dir / "kiosk.json", "{\"role\": \"exhibit\", \"admin_pin_hash\": \"" +
                                             kiosk::AdminGate::hash("4321") + "\"}\n");
    auto r = test::run_script(dir.path(), db, R"(hold 1% 1% 3s
expect-screen admin-pin
expect-no-text 演示配置
type 135790
key Enter
expect-text 密码错误
wait 1s
type 4321
key Enter
expect-screen admin
tap-text 返回首页
expect-screen attract
)");
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.err.find("demo PIN") == std::string::npos);
}

TEST_CASE("a tap on the featured case opens it, its pictures open full screen, 开始答题 stays in view and answers are ticked or crossed")
{
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        test::TempDir dir;
        const auto db = dir / "kiosk.db";
        test::build_demo_database(db);
        auto r = test::run_script(dir.path(), db, R"(expect-screen attract
expect-text 某化工公司储罐区动火作业爆炸事故
tap 30% 50%
expect-screen case
expect-text 死亡 3 人
expect-visible 开始答题
screenshot case-quiz-bar
tap 15% 30%
expect-text 关闭
expect-no-text 开始答题
screenshot case-picture-full
tap-text 关闭
expect-screen case
expect-visible 开始答题
tap-text 开始答题
expect-screen quiz
tap-text 错误
expect-text 回答正确！
tap-text 下一题
tap-text 直接切割，尽快完成
expect-text 回答错误
screenshot quiz-wrong-marks
tap-text 返回
tap-text 返回
expect-screen attract
tap 50% 90%
expect-screen browse
expect-visible 全部案例
expect-visible 火灾
expect-visible 建筑施工
screenshot browse-tiles
)",
                                  size);
        test::keep_shots(dir.path(), size == "1920x1080" ? "landscape-exhibit-" : "portrait-exhibit-");
        INFO(r.err);
        CHECK(r.code == 0);
    }
}
