// The visitor's language (简体 / 繁體 / English) and the idle warning, driven headless as a visitor would.
#include "tests/kiosk/demo_content.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;

TEST_CASE("a visitor picks 繁體 on the attract screen: UI and cases in zh-HK, back to 简体 after the idle timeout")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    for (const char* size : {"1920x1080", "1080x1920"}) {
        INFO(size);
        auto r = test::run_script(dir.path(), db, R"(expect-screen attract
expect-text 触摸屏幕开始
expect-visible 简体
expect-visible 繁體
expect-visible English
tap-text 繁體
expect-text 輕觸螢幕開始
expect-no-text 触摸屏幕开始
screenshot zh-hk-attract
tap-text 輕觸螢幕開始
expect-screen browse
expect-text 建築施工
tap-text 建築施工
expect-screen case-list
tap-text 某住宅項目外腳手架坍塌事故
expect-screen case
expect-text 事故經過
screenshot zh-hk-case
wait 91s
expect-screen attract
expect-text 触摸屏幕开始
tap-text English
expect-text Touch the screen to start
)",
                                 size);
        INFO(r.out, r.err);
        CHECK(r.code == 0);
        test::keep_shots(dir.path(), std::string(size) + "-language-");
    }
}

TEST_CASE("the exam kiosk offers 繁體 on its first screen and shows the paper in zh-HK")
{
    // Each orientation on a database of its own: a started attempt would be resumed on the next run.
    for (const char* size : {"1920x1080", "1080x1920"}) {
        INFO(size);
        test::TempDir dir;
        const std::filesystem::path db = dir.database("kiosk.db");
        const auto e = test::build_exam_db(db);
        std::string script = "expect-screen exam-attract\ntap-text 繁體\nexpect-text 請輸入身份證號和准考證號簽到\n"
                             "tap-text 輸入身份證號\nexpect-screen exam-id\n";
        for (char c : e.id_number) script += "tap-text " + std::string(1, c) + "\n";
        script += "tap-text 下一步\nexpect-screen exam-ticket\n";
        for (char c : e.ticket) script += "tap-text " + std::string(1, c) + "\n";
        script += R"(tap-text 下一步
expect-screen exam-identity
tap-text 確認是本人
expect-screen exam-rules
expect-text 考試須知
wait 20s
tap-text 我已閲讀，開始考試
expect-screen exam-paper
expect-text 電工作業判斷題第
expect-text 停電檢修必須先驗電再掛接地線。
expect-visible 正確
expect-visible 錯誤
screenshot zh-hk-exam
)";
        auto r = test::run_script(dir.path(), db, script, size, "script.txt", {"--role", "exam"});
        INFO(r.out, r.err);
        CHECK(r.code == 0);
        test::keep_shots(dir.path(), std::string(size) + "-language-");
    }
}

TEST_CASE("20 s before the idle timeout a warning with 继续 shows, and tapping it keeps the visitor where they were")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    auto r = test::run_script(dir.path(), db, R"(tap 50% 90%
tap-text 建筑施工
expect-screen case-list
wait 69s
expect-no-text 继续
wait 2s
expect-screen case-list
expect-visible 继续
expect-text 秒后将返回首页
screenshot idle-warning
tap-text 继续
expect-no-text 继续
expect-screen case-list
wait 69s
expect-screen case-list
expect-no-text 继续
wait 2s
expect-visible 继续
tap 10% 50%
expect-no-text 继续
expect-screen case-list
wait 71s
expect-visible 继续
wait 20s
expect-screen attract
expect-no-text 继续
)");
    INFO(r.out, r.err);
    CHECK(r.code == 0);
    test::keep_shots(dir.path(), "landscape-");
}
