// The exam kiosk end to end, driven headless by scripts as an examinee would use it, over a real exam database.
#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "certs/storage/cert_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "exam/scoring.hpp"
#include "exam/training.hpp"
#include "kiosk/screens/exam_common.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace sk;

namespace {

exam::AttemptState svc_attempt_state(const std::filesystem::path& path)
{
    auto d = test::open_exam_db(path);
    exam::ExamService svc(d);
    return svc.view(test::only_attempt(path)).attempt.state;
}

} // namespace

TEST_CASE("an examinee checks in on the keypad, answers every question, marks one, submits and sees the engine's score")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    const auto e = test::build_exam_db(db);
    std::string script = "expect-text 请输入身份证号和准考证号签到\nexpect-text 第一考场\n" + test::check_in(e) + R"(expect-screen exam-identity
expect-text 张三
expect-text 低压电工作业
tap-text 确认是本人
expect-screen exam-rules
expect-text 考试须知
expect-text 特种作业安全技术理论考试
expect-text 本场考试共 10 题，满分 100 分，80 分合格，考试时间 120 分钟。
expect-text 请认真阅读，20 秒后可开始
wait 10s
expect-text 请认真阅读，10 秒后可开始
wait 10s
tap-text 我已阅读，开始考试
expect-screen exam-paper
expect-text 第 1 题 / 共 10 题
expect-text 剩余 
)";
    // With questions unanswered, 继续答题 is the bright button and 确认交卷 the quiet one.
    script += "tap-text 交卷\nexpect-text 已答 0 题，共 10 题\nexpect-primary 继续答题\ntap-text 继续答题\n";
    for (int i = 0; i < 10; ++i) {
        script += "tap-text " + std::string(i % 3 ? "正确" : "错误") + "\nexpect-text 已保存\n";
        if (i == 3) script += "tap-text 标记\nexpect-text 取消标记\n";
        if (i < 9) script += "tap-text 下一题\n";
    }
    script += R"(screenshot exam
tap-text 交卷
expect-text 已答 10 题，共 10 题
expect-primary 确认交卷
expect-text 标记的题
tap-text 4
expect-text 第 4 题 / 共 10 题
tap-text 交卷
tap-text 确认交卷
expect-screen exam-result
expect-text 60 分
expect-text 不合格
expect-text 满分 100 分，80 分合格；答对 6 题，共 10 题
screenshot result
)";
    auto r = test::run_script(dir.path(), db, script, "1920x1080", "script.txt", {"--role", "exam"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    // The engine's score is what the screen showed.
    auto d = test::open_exam_db(db);
    exam::ExamService svc(d);
    const auto id = test::only_attempt(db);
    const auto score = svc.result(id);
    const auto answers = svc.answers(id);
    CHECK(answers.size() == 10);
    CHECK(answers.at(4).marked);
    CHECK(score.points == doctest::Approx(60));
    CHECK_FALSE(score.passed);
    // Checking in again: the engine's refusal, in a dialog.
    auto r3 = test::run_script(dir.path(), db, test::check_in(e) + "expect-text 本场考试您已交卷\ntap-text 知道了\n",
                               "1920x1080", "third.txt", {"--role", "exam"});
    INFO(r3.err);
    CHECK(r3.code == 0);
}

TEST_CASE("a wrong admission ticket shows the engine's message and changes nothing")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    auto e = test::build_exam_db(db);
    e.ticket = "99999999";
    auto r = test::run_script(dir.path(), db, test::check_in(e) + R"(expect-screen exam-ticket
expect-text 身份证号与准考证号不匹配，请核对后重新输入
tap-text 知道了
expect-no-text 身份证号与准考证号不匹配
tap-text 取消
expect-screen exam-id
)",
                              "1920x1080", "script.txt", {"--role", "exam"});
    INFO(r.err);
    CHECK(r.code == 0);
    auto d = test::open_exam_db(db);
    exam::ExamService svc(d);
    CHECK(svc.view(test::only_attempt(db)).attempt.state == exam::AttemptState::Scheduled);
}

TEST_CASE("after a restart the kiosk resumes the examinee on the exam screen with the answers and the time left")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    const auto e = test::build_exam_db(db);
    auto r = test::run_script(dir.path(), db, test::check_in(e) + R"(tap-text 确认是本人
wait 20s
tap-text 我已阅读，开始考试
tap-text 正确
expect-text 已保存
tap-text 下一题
tap-text 错误
expect-text 已保存
tap-text 下一题
wait 5s
expect-text 剩余 1:59:5
)",
                              "1920x1080", "first.txt", {"--role", "exam"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    // The second run starts straight on the exam screen, at the first question not answered, with both answers.
    auto r2 = test::run_script(dir.path(), db, R"(expect-screen exam-paper
expect-text 第 3 题 / 共 10 题
expect-text 剩余 
tap-text 上一题
expect-text 已保存
wait 120s
expect-screen exam-paper
)",
                               "1920x1080", "second.txt", {"--role", "exam"});
    INFO(r2.err);
    CHECK(r2.code == 0);
    auto d = test::open_exam_db(db);
    exam::ExamService svc(d);
    const auto id = test::only_attempt(db);
    CHECK(svc.answers(id).size() == 2);
    // Ten minutes on (the headless runs' virtual clocks ran ahead of the real one): the time is being charged.
    exam::ExamService later(d, [] { return test::wall_ms() + 10 * 60000; });
    const auto v = later.view(id);
    CHECK(v.attempt.state == exam::AttemptState::InProgress);
    CHECK(v.clock.running);
    CHECK(v.clock.remaining_ms < v.clock.allowed_ms);
}

TEST_CASE("a kiosk restarted with its wall clock set back resumes with the time already used still charged")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    const auto e = test::build_exam_db(db);
    // Ten and a half minutes of the exam by the virtual clock, which then stands that far ahead of the real one (the
    // last heartbeat, at most 10 s before the end of the run, is the last sign of life).
    auto r = test::run_script(dir.path(), db, test::check_in_and_start(e) + R"(tap-text 正确
expect-text 已保存
wait 630s
expect-text 剩余 1:49:
)",
                              "1920x1080", "first.txt", {"--role", "exam"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    // The restarted kiosk's clock starts at the real time: ten minutes before the last sign of life. The exam
    // screen shows 1:49 and some seconds left, not the 1:59 a clock that forgot those minutes would.
    auto r2 = test::run_script(dir.path(), db, R"(expect-screen exam-paper
expect-text 剩余 1:49:
expect-no-text 剩余 1:5
wait 60s
expect-text 剩余 1:48:
)",
                               "1920x1080", "second.txt", {"--role", "exam"});
    INFO(r2.err);
    CHECK(r2.code == 0);
    auto d = test::open_exam_db(db);
    exam::ExamService svc(d);
    bool logged = false;
    for (const auto& a : svc.audit_entries(test::kExamAdmin))
        if (a.action == "attempt.downtime" && a.detail.find("wall clock set back") != std::string::npos) logged = true;
    CHECK(logged);
}

TEST_CASE("a kiosk wall clock set 2 h forward or back mid-exam changes neither the time shown nor the time-up")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    const auto e = test::build_exam_db(db);
    // Set forward, the kiosk handed the paper in at its next tick; set back, its clock stood still (issue 19). Now
    // the remaining time goes on by the monotonic clock: one minute less after each minute, whatever the wall reads.
    auto r = test::run_script(dir.path(), db, test::check_in_and_start(e) + R"(tap-text 正确
expect-text 已保存
wait 90s
expect-text 剩余 1:58:
wall-clock +2h
wait 1s
expect-screen exam-paper
expect-text 剩余 1:58:
tap-text 下一题
tap-text 错误
expect-text 已保存
wait 60s
expect-text 剩余 1:57:
wall-clock -2h
wait 1s
expect-screen exam-paper
expect-text 剩余 1:57:
wait 60s
expect-text 剩余 1:56:
tap-text 交卷
tap-text 确认交卷
expect-screen exam-result
)",
                              "1920x1080", "script.txt", {"--role", "exam"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    // Handed in by the examinee after the 212 s the script waited (and the frames between): the time charged is
    // that, not 2 h more and not the hour-long stop.
    auto d = test::open_exam_db(db);
    exam::ExamService svc(d);
    const auto id = test::only_attempt(db);
    const auto v = svc.view(id);
    CHECK(v.attempt.state == exam::AttemptState::Scored);
    CHECK(svc.answers(id).size() == 2);
    const std::int64_t used = v.clock.used_ms;
    CHECK(used >= 212000);
    CHECK(used < 222000);
    bool by_examinee = false;
    for (const auto& a : svc.audit_entries(test::kExamAdmin))
        if (a.action == "attempt.submit" && a.detail.find("by the examinee") != std::string::npos) by_examinee = true;
    CHECK(by_examinee);
}

TEST_CASE("the proctor pauses an attempt and the exam screen shows it paused")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    const auto e = test::build_exam_db(db);
    auto r = test::run_script(dir.path(), db, test::check_in(e) + R"(tap-text 确认是本人
wait 20s
tap-text 我已阅读，开始考试
expect-screen exam-paper
)",
                              "1920x1080", "first.txt", {"--role", "exam"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    {
        auto d = test::open_exam_db(db);
        exam::ExamService svc(d);
        svc.pause(test::kExamProctor, test::only_attempt(db), "设备检查");
    }
    auto r2 = test::run_script(dir.path(), db, R"(expect-screen exam-paper
expect-text 考试已暂停，请听从监考员安排
expect-no-text 第 1 题
)",
                               "1920x1080", "second.txt", {"--role", "exam"});
    INFO(r2.err);
    CHECK(r2.code == 0);
}

TEST_CASE("when the exam time runs out the kiosk submits the attempt by itself and shows the result")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    // A 2-minute paper with 10 s of grace: the virtual clock runs it out in a few seconds of real time.
    const auto e = test::build_exam_db(db, {.duration_minutes = 2, .grace_seconds = 10});
    auto r = test::run_script(dir.path(), db, test::check_in(e) + R"(tap-text 确认是本人
wait 20s
tap-text 我已阅读，开始考试
expect-screen exam-paper
expect-text 剩余 02:00
expect-text 距考试结束不足 5 分钟，请抓紧时间
tap-text 正确
expect-text 已保存
tap-text 下一题
tap-text 正确
expect-text 已保存
tap-text 下一题
tap-text 错误
expect-text 已保存
wait 62s
expect-screen exam-paper
expect-text 剩余 00:5
wait 60s
expect-screen exam-paper
expect-text 剩余 00:00
wait 10s
expect-screen exam-result
expect-text 时间到，已自动交卷
expect-text 20 分
expect-text 不合格
expect-text 满分 100 分，80 分合格；答对 2 题，共 10 题
screenshot time-up-result
wait 61s
expect-screen exam-attract
)",
                              "1920x1080", "script.txt", {"--role", "exam"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    // The engine submitted and scored it: the answers saved before time-up count, nothing after.
    auto d = test::open_exam_db(db);
    exam::ExamService svc(d);
    const auto id = test::only_attempt(db);
    const auto v = svc.view(id);
    CHECK((v.attempt.state == exam::AttemptState::Scored || v.attempt.state == exam::AttemptState::Submitted));
    CHECK(svc.answers(id).size() == 3);
    CHECK(svc.result(id).points == doctest::Approx(20));
}

TEST_CASE("durations and points are shown as an examinee reads them")
{
    CHECK(kiosk::format_duration(0) == "00:00");
    CHECK(kiosk::format_duration(7200000) == "2:00:00");
    CHECK(kiosk::format_duration(299001) == "05:00");
    CHECK(kiosk::format_points(92) == "92");
    CHECK(kiosk::format_points(92.5) == "92.5");
}

TEST_CASE("a trainee signs in, a wrong answer shows the explanation and lands in the wrong-answer book")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    const auto e = test::build_exam_db(db);
    test::set_trainee_pin(db, e.id_number, "123456");
    auto r = test::run_script(dir.path(), db, "expect-screen train-signin\n" + test::keypad(e.id_number) +
                                                  R"(tap-text 下一步
expect-text 请输入练习密码
expect-no-text X
type 12x
tap-text 清空
)" + test::keypad("654321") + R"(tap-text 登录
expect-text 密码
tap-text 知道了
)" + test::keypad("123456") + R"(tap-text 登录
expect-screen train-menu
expect-text 张三，欢迎练习
expect-text 第1章（已练 0 / 20 题）
tap-text 第1章（已练 0 / 20 题）
expect-screen train-practice
expect-text 第 1 题 / 共 20 题
tap-text 错误
expect-text 回答错误
expect-text 正确答案：正确
expect-text 解析：先验电后接地。
screenshot training-feedback
tap-text 返回
expect-screen train-menu
expect-text 错题本（1 题）
expect-text 第1章（已练 1 / 20 题）
tap-text 错题本（1 题）
expect-text 错题本
expect-no-text {0}
expect-text 第 1 题 / 共 1 题
tap-text 首页
expect-screen train-signin
)",
                              "1920x1080", "script.txt", {"--role", "training"});
    INFO(r.err);
    CHECK(r.code == 0);
    auto d = test::open_exam_db(db);
    exam::ExamStore store(d);
    exam::TrainingService training(d);
    CHECK(training.wrong_book_questions(store.candidate_by_id_number(e.id_number)->id).size() == 1);
}

TEST_CASE("a trainee practises a chapter, sees the progress by chapter, and takes mock exams to their scores")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    // Every question is also in the practice pool; the real exam (and so the mock exam) lasts 1 minute.
    const auto e = test::build_exam_db(db, {.duration_minutes = 1, .grace_seconds = 10});
    test::set_trainee_pin(db, e.id_number, "123456");
    std::string script = test::trainee_sign_in(e) + R"(expect-screen train-menu
screenshot training-menu
tap-text 第2章（已练 0 / 20 题）
expect-screen train-practice
tap-text 正确
expect-text 回答正确！
tap-text 下一题
tap-text 错误
expect-text 回答错误
tap-text 下一题
tap-text 正确
tap-text 返回
tap-text 学习进度
expect-screen train-progress
expect-text 第1章
expect-text 已练 0 / 20 题，最近一次答对 0 题
expect-text 已练 3 / 20 题，最近一次答对 2 题
screenshot training-progress
tap-text 返回
expect-screen train-menu
tap-text 模拟考试
expect-screen train-mock
expect-text 模拟考试（练习题库）
expect-text 第 1 题 / 共 10 题
expect-text 剩余 01:00
)";
    for (int i = 0; i < 10; ++i) {
        script += "tap-text 正确\n";
        if (i == 4) script += "screenshot training-mock\n";
        if (i < 9) script += "tap-text 下一题\n";
    }
    script += R"(tap-text 交卷
expect-text 已答 10 题，共 10 题
expect-primary 确认交卷
expect-no-text 模拟考试成绩
tap-text 确认交卷
expect-text 模拟考试成绩
expect-no-text 时间到，已自动交卷
expect-text 100 分
expect-text 合格
expect-text 满分 100 分，80 分合格；答对 10 题，共 10 题
screenshot training-mock-result
tap-text 再考一次
expect-text 第 1 题 / 共 10 题
tap-text 正确
tap-text 下一题
tap-text 错误
tap-text 下一题
tap-text 正确
wait 30s
expect-text 剩余 00:
tap-text 交卷
expect-text 已答 3 题，共 10 题
expect-primary 继续答题
tap-text 继续答题
expect-no-text 确认交卷
expect-text 第 3 题 / 共 10 题
wait 31s
expect-text 模拟考试成绩
expect-text 时间到，已自动交卷
expect-text 20 分
expect-text 不合格
expect-text 答对 2 题，共 10 题
tap-text 返回目录
expect-screen train-menu
)";
    auto r = test::run_script(dir.path(), db, script, "1920x1080", "script.txt", {"--role", "training"});
    test::keep_shots(dir.path(), "landscape-");
    INFO(r.err);
    CHECK(r.code == 0);
    // The same screens upright.
    auto r2 = test::run_script(dir.path(), db, test::trainee_sign_in(e) + R"(tap-text 学习进度
expect-text 已练 3 / 20 题，最近一次答对 2 题
screenshot training-progress
tap-text 返回
tap-text 模拟考试
tap-text 正确
screenshot training-mock
tap-text 交卷
expect-text 已答 1 题，共 10 题
screenshot training-mock-confirm
tap-text 确认交卷
expect-text 10 分
screenshot training-mock-result
)",
                               "1080x1920", "portrait.txt", {"--role", "training"});
    test::keep_shots(dir.path(), "portrait-");
    INFO(r2.err);
    CHECK(r2.code == 0);
    // A mock exam stores no exam attempt and no sealed answer: only the practice answers are recorded.
    auto d = test::open_exam_db(db);
    exam::ExamStore store(d);
    exam::TrainingService training(d);
    const auto cid = store.candidate_by_id_number(e.id_number)->id;
    int practised = 0;
    for (const auto& p : training.progress(cid)) practised += p.practised;
    CHECK(practised == 3);
    CHECK(svc_attempt_state(db) == exam::AttemptState::Scheduled);
}

TEST_CASE("a training pool smaller than the paper gives a shortened mock exam, and the trainee is told its pass mark")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    const auto e = test::build_exam_db(db, {.duration_minutes = 100});
    test::set_trainee_pin(db, e.id_number, "123456");
    {
        // The real paper grows to 50 questions of 2 points; training has the 40 of the pool.
        auto d = test::open_exam_db(db);
        exam::ExamService svc(d);
        auto c = exam::ExamStore(d).candidate_by_id_number(e.id_number);
        auto bp = *exam::ExamStore(d).current_blueprint(c->item_id, c->kind);
        bp.strata = {{content::QuestionType::TrueFalse, "", 1, 5, 50, 2.0}};
        bp.pass_mark = 80;
        svc.save_blueprint(test::kExamAdmin, bp);
    }
    std::string script = test::trainee_sign_in(e) + R"(tap-text 模拟考试
expect-screen train-mock
expect-text 第 1 题 / 共 40 题
expect-text 本次模拟考试 40 题（正式考试 50 题），满分 80 分，64 分合格
expect-text 剩余 1:20:00
screenshot training-mock-shortened
)";
    for (int i = 0; i < 32; ++i) script += "tap-text 正确\ntap-text 下一题\n";
    script += R"(tap-text 交卷
tap-text 确认交卷
expect-text 64 分
expect-text 合格
expect-text 满分 80 分，64 分合格；答对 32 题，共 40 题
expect-text 正式考试满分 100 分，80 分合格
screenshot training-mock-shortened-result
)";
    auto r = test::run_script(dir.path(), db, script, "1920x1080", "short.txt", {"--role", "training"});
    test::keep_shots(dir.path(), "landscape-");
    INFO(r.err);
    CHECK(r.code == 0);
}

TEST_CASE("a mock exam is not cut short by the idle timeout, and its result returns to sign-in after it")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    const auto e = test::build_exam_db(db, {.duration_minutes = 5, .grace_seconds = 10}); // a 5-minute exam, so a 5-minute mock exam
    test::set_trainee_pin(db, e.id_number, "123456");
    const std::string script = test::trainee_sign_in(e) + R"(tap-text 模拟考试
expect-screen train-mock
tap-text 正确
wait 150s
expect-screen train-mock
expect-text 第 1 题 / 共 10 题
expect-text 剩余 02:
wait 151s
expect-text 模拟考试成绩
wait 30s
expect-text 模拟考试成绩
wait 35s
expect-screen train-signin
)";
    auto r = test::run_script(dir.path(), db, script, "1920x1080", "idle.txt", {"--role", "training"});
    INFO(r.err);
    CHECK(r.code == 0);
}

TEST_CASE("an ID number with a wrong check character is refused on the ID screen, the ticket has no X key and is grouped by date")
{
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        test::TempDir dir;
        const std::filesystem::path db = dir.database("kiosk.db");
        auto e = test::build_exam_db(db);
        // The right number with its check character changed.
        std::string wrong = e.id_number;
        wrong.back() = wrong.back() == '1' ? '2' : '1';
        REQUIRE(e.ticket.size() == 14);
        const std::string grouped = e.ticket.substr(0, 8) + " " + e.ticket.substr(8, 3) + " " + e.ticket.substr(11);
        auto r = test::run_script(dir.path(), db, "expect-screen exam-attract\nexpect-no-text 刷身份证\n"
                                                  "tap-text 输入身份证号\nexpect-screen exam-id\n" +
                                                      test::keypad(wrong) + R"(tap-text 下一步
expect-screen exam-id
expect-text 身份证号校验码不符
screenshot id-wrong-check
tap-text 知道了
tap-text 退格
)" + test::keypad(e.id_number.substr(17)) +
                                                      "tap-text 下一步\nexpect-screen exam-ticket\n" + test::keypad(e.ticket) +
                                                      "expect-text " + grouped + "\nscreenshot ticket-grouped\n",
                                  size, "script.txt", {"--role", "exam"});
        test::keep_shots(dir.path(), size == "1920x1080" ? "landscape-" : "portrait-");
        INFO(r.err);
        CHECK(r.code == 0);
        // The ticket keypad has no X key (the ID keypad has one).
        auto x = test::run_script(dir.path(), db, "tap-text 输入身份证号\ntap-text X\ntap-text 清空\n" +
                                                      test::keypad(e.id_number) +
                                                      "tap-text 下一步\nexpect-screen exam-ticket\ntap-text X\n",
                                  size, "x.txt", {"--role", "exam"});
        CHECK(x.code == 1);
        CHECK(x.err.find("tap-text: nothing labelled 'X' can be tapped on screen 'exam-ticket'") != std::string::npos);
        // A card reader acting as a keyboard types the number on the start screen: the ID screen takes it.
        auto reader = test::run_script(dir.path(), db, "expect-screen exam-attract\ntype " + e.id_number +
                                                           "\nkey Enter\nexpect-screen exam-ticket\n",
                                       size, "reader.txt", {"--role", "exam"});
        INFO(reader.err);
        CHECK(reader.code == 0);
    }
}
