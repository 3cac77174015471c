// The proctor's panel on the exam kiosk, driven headless: the proctor signs in through the administrator gate
// with the engine's users (a wrong password delays), pauses the seat (the examinee sees 已暂停 and the clock stands
// still), resumes it, adds 10 minutes (the time left shows them), and ends it with a reason (the result screen
// says so). Every action goes through the engine and lands in its audit log with its reason.
#include "exam/exam_service.hpp"
#include "kiosk/screens/exam_common.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;

namespace {

// A 10-question true/false paper of 120 minutes in 第一考场 (seats A01–A03, session open now): 张三 at A01, 李四
// registered at A02 (not yet checked in); a proctor `proctor` (password demo-2026) and an exam-staff user `staff`.
test::ExamDb build_room(const std::filesystem::path& path)
{
    const auto room = test::build_exam_db(path, {.open_hours = 5, .kiosks = {"A01", "A02", "A03"}});
    test::add_examinee(path, "李四", "11010519800101002", "A02");
    test::add_exam_users(path);
    return room;
}

// The proctor opens the panel from any screen: the corner, then 监考员登录, then user name and password.
std::string proctor_sign_in(const std::string& password = "demo-2026")
{
    return "hold 0.3% 0.3% 3s\nexpect-screen admin-pin\ntap-text 监考员登录\nexpect-screen proctor\n"
           "expect-text 监考员登录\ntype proctor\ntap-text 密码\ntype " +
           password + "\ntap-text 登录\n";
}

} // namespace

TEST_CASE("a proctor signs in on the exam kiosk, pauses, resumes, adds time and ends a seat, and the examinee sees each")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    const auto room = build_room(db);

    // 1. The examinee starts; the proctor signs in (three wrong passwords: the third makes them wait), sees the
    // room, pauses A01 and signs out back to the exam screen, which shows 已暂停.
    std::string first = test::check_in_and_start(room) + R"(tap-text 正确
expect-text 已保存
tap-text 下一题
)" + proctor_sign_in("wrong-pass1") +
                        "expect-text 用户名或密码错误\ntype wrong-pass2\ntap-text 登录\nexpect-text 用户名或密码错误\n"
                        "type wrong-pass3\ntap-text 登录\nexpect-text 请 5 秒后再试\nscreenshot proctor-signin-wait\n"
                        "wait 5s\nexpect-no-text 秒后再试\ntype demo-2026\ntap-text 登录\n" +
                        R"(expect-text 监考  第一考场  监考员：proctor
expect-text 张三
expect-text 答题中
expect-text 1 / 10
expect-text 李四
expect-text 未签到
expect-text A03
expect-text 空闲
expect-text 请点选一个机位
tap-text A01
expect-text A01 机位　张三
screenshot proctor-seat
tap-text 暂停考试
expect-text 原因（记入考场记录）：
tap-text 设备故障
screenshot proctor-reason
tap-text 确认
expect-text A01 已暂停
expect-text 恢复考试
screenshot proctor-paused
tap-text 退出监考
expect-screen exam-paper
expect-text 已暂停
expect-text 考试已暂停，请听从监考员安排
expect-text 计时已停止
expect-no-text 第 2 题
screenshot exam-paused
)";
    auto r1 = test::run_script(dir.path(), db, first, "1920x1080", "first.txt", {"--role", "exam"});
    test::keep_shots(dir.path(), "landscape-");
    INFO(r1.err);
    REQUIRE(r1.code == 0);

    std::int64_t paused_left = 0;
    {
        auto d = test::open_exam_db(db);
        // Later by the wall clock, the paused attempt still has the same time left.
        exam::ExamService later(d, [] { return test::wall_ms() + 30 * 60000; });
        const auto v = later.view(room.attempt);
        CHECK(v.attempt.state == exam::AttemptState::Paused);
        CHECK_FALSE(v.clock.running);
        paused_left = v.clock.remaining_ms;
        REQUIRE(paused_left > 119 * 60000);
        REQUIRE(paused_left < 120 * 60000);
    }
    const std::string left = kiosk::format_duration(paused_left);

    // 2. After a minute the clock still shows the same time; the proctor resumes and adds 10 minutes.
    std::string second = "expect-screen exam-paper\nexpect-text 已暂停\nexpect-text 剩余 " + left +
                         "\nwait 60s\nexpect-text 剩余 " + left + "\n" + proctor_sign_in() + R"(tap-text A01
tap-text 恢复考试
tap-text 考生身体不适
tap-text 确认
expect-text A01 已恢复
expect-text 答题中
tap-text 延长时间
tap-text 10 分钟
tap-text 其他原因（自行输入）
expect-text 点选常用语或用下方键盘输入
tap-text 停电
tap-text 1
tap-text 0
type 饕餮
expect-text 停电10饕餮
screenshot proctor-other-reason
tap-text ←
expect-visible 停电10饕
tap-text 完成
expect-text 停电10饕
tap-text 确认
expect-text A01 已延长 10 分钟
tap-text 退出监考
expect-screen exam-paper
expect-no-text 已暂停
expect-text 第 2 题 / 共 10 题
expect-text 剩余 2:09:
)";
    auto r2 = test::run_script(dir.path(), db, second, "1920x1080", "second.txt", {"--role", "exam"});
    test::keep_shots(dir.path(), "landscape-");
    INFO(r2.err);
    REQUIRE(r2.code == 0);
    {
        auto d = test::open_exam_db(db);
        exam::ExamService svc(d);
        const auto v = svc.view(room.attempt);
        CHECK(v.attempt.state == exam::AttemptState::InProgress);
        CHECK(v.clock.allowed_ms == 130 * 60000);
    }

    // 3. The proctor ends the attempt with a reason from the list: the examinee's kiosk shows it ended.
    std::string third = "expect-screen exam-paper\n" + proctor_sign_in() + R"(tap-text A01
tap-text 终止考试
expect-text 终止后本场考试成绩作废，不能撤销。
tap-text 使用通讯工具
screenshot proctor-end
tap-text 确认
expect-text A01 已终止
expect-text 已终止
tap-text 退出监考
expect-screen exam-result
expect-text 考试已终止
expect-text 本场考试已被监考员终止，成绩作废
expect-text 终止原因：使用通讯工具
expect-no-text 不合格
expect-no-text 考试成绩
expect-no-text 满分
screenshot exam-ended
)";
    auto r3 = test::run_script(dir.path(), db, third, "1920x1080", "third.txt", {"--role", "exam"});
    test::keep_shots(dir.path(), "landscape-");
    INFO(r3.err);
    REQUIRE(r3.code == 0);

    auto d = test::open_exam_db(db);
    exam::ExamService svc(d);
    CHECK(svc.view(room.attempt).attempt.state == exam::AttemptState::Cancelled);
    // Each action is in the audit log, by the proctor, with its reason.
    std::string log;
    for (const auto& a : svc.audit_entries(test::kExamAdmin))
        if (a.actor == "proctor") log += a.action + " " + a.detail + "\n";
    INFO(log);
    CHECK(log.find("设备故障") != std::string::npos);
    CHECK(log.find("考生身体不适") != std::string::npos);
    CHECK(log.find("+10 min: 停电10饕") != std::string::npos);
    CHECK(log.find("停电10饕餮") == std::string::npos);
    CHECK(log.find("使用通讯工具") != std::string::npos);
    std::string problems;
    for (const auto& p : svc.verify_audit(test::kExamAdmin)) problems += p.message + "\n";
    INFO(problems);
    CHECK(problems.empty());
}

TEST_CASE("a user without the proctor role is refused on the proctor panel and cancel returns to the exam screen")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    build_room(db);
    auto r = test::run_script(dir.path(), db, R"(expect-screen exam-attract
hold 0.3% 0.3% 3s
tap-text 监考员登录
type staff
tap-text 密码
type demo-2026
tap-text 登录
expect-text 该用户没有监考权限
expect-no-text 退出监考
tap-text 取消
expect-screen exam-attract
)",
                              "1920x1080", "script.txt", {"--role", "exam"});
    INFO(r.err);
    CHECK(r.code == 0);
}

TEST_CASE("the proctor panel at 1080x1920 shows every seat and a seat's actions")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    build_room(db);
    auto r = test::run_script(dir.path(), db, proctor_sign_in() + R"(expect-text 李四
tap-text A02
expect-text A02 机位　李四
expect-text 未签到
expect-no-text 暂停考试
screenshot proctor-portrait
tap-text 退出监考
expect-screen exam-attract
)",
                              "1080x1920", "script.txt", {"--role", "exam"});
    test::keep_shots(dir.path(), "portrait-");
    INFO(r.err);
    CHECK(r.code == 0);
}

TEST_CASE("type-ticket types the admission ticket of today's session, so a demo script checks in on any day")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    const auto room = build_room(db);
    auto r = test::run_script(dir.path(), db, "tap-text 输入身份证号\ntype " + room.id_number +
                                                  "\ntap-text 下一步\ntype-ticket " + room.id_number +
                                                  "\ntap-text 下一步\nexpect-screen exam-identity\nexpect-text 张三\n",
                              "1920x1080", "script.txt", {"--role", "exam"});
    INFO(r.err);
    CHECK(r.code == 0);
    // An examinee with no ticket in a session open now: the script fails at that line, naming the ID number.
    auto bad = test::run_script(dir.path(), db, "tap-text 输入身份证号\ntype-ticket 11010519491231002X\n", "1920x1080",
                                "bad.txt", {"--role", "exam"});
    CHECK(bad.code == 1);
    CHECK(bad.err.find("bad.txt:2: type-ticket: the database has no admission ticket for ID number 11010519491231002X") !=
          std::string::npos);
}

TEST_CASE("holding the corner opens the PIN pad on every role, and only the exam kiosk offers the proctor's sign-in")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    build_room(db);
    const std::pair<const char*, const char*> roles[] = {
        {"exam", "exam-attract"}, {"training", "train-signin"}, {"exhibit", "attract"}};
    for (const auto& role : roles) {
        CAPTURE(role.first);
        const bool exam = std::string(role.first) == "exam";
        const std::string script = std::string("expect-screen ") + role.second +
                                   "\nhold 0.3% 0.3% 3s\nexpect-screen admin-pin\nexpect-text 管理员验证\n" +
                                   (exam ? "expect-text 监考员登录\n" : "expect-no-text 监考员登录\n") +
                                   "tap-text 取消\nexpect-screen " + role.second + "\n";
        auto r = test::run_script(dir.path(), db, script, "1920x1080", "corner.txt", {"--role", role.first});
        INFO(r.err);
        CHECK(r.code == 0);
    }
}

TEST_CASE("a room of 40 seats scrolls on the proctor panel, upright and landscape, and the last seat can be chosen")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    std::vector<std::string> seats;
    for (int i = 1; i <= 40; ++i) seats.push_back((i < 10 ? "A0" : "A") + std::to_string(i));
    test::build_exam_db(db, {.open_hours = 5, .kiosks = seats});
    test::add_examinee(db, "李四", "11010519800101002", "A40");
    test::add_exam_users(db);
    for (const std::string size : {"1080x1920", "1920x1080"}) {
        CAPTURE(size);
        // Before scrolling the last seat lies below the list's bottom edge: nothing labelled A40 can be tapped.
        auto before = test::run_script(dir.path(), db, proctor_sign_in() + "expect-text A01\ntap-text A40\n", size,
                                       "before.txt", {"--role", "exam"});
        CHECK(before.code != 0);
        CHECK(before.err.find("A40") != std::string::npos);
        auto r = test::run_script(dir.path(), db, proctor_sign_in() + R"(expect-text A01
drag 30% 25% 30% 1%
drag 30% 25% 30% 1%
drag 30% 25% 30% 1%
drag 30% 25% 30% 1%
drag 30% 25% 30% 1%
drag 30% 25% 30% 1%
drag 30% 25% 30% 1%
drag 30% 25% 30% 1%
drag 30% 25% 30% 1%
drag 30% 25% 30% 1%
tap-text A40
expect-text A40 机位　李四
expect-text 未签到
screenshot proctor-40-seats
tap-text 退出监考
expect-screen exam-attract
)",
                                  size, "script.txt", {"--role", "exam"});
        test::keep_shots(dir.path(), "seats-" + size + "-");
        INFO(r.err);
        CHECK(r.code == 0);
    }
}

TEST_CASE("不是本人 on the identity screen flags the seat on the proctor's panel and in the audit log, in both orientations")
{
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        test::TempDir dir;
        const auto db = dir / "kiosk.db";
        const auto room = build_room(db);
        auto r = test::run_script(dir.path(), db, test::check_in(room) + R"(expect-screen exam-identity
tap-text 不是本人
expect-text 请举手示意，由监考员核实身份。
tap-text 知道了
expect-screen exam-attract
)" + proctor_sign_in() + R"(expect-text 张三
expect-visible 称非本人
expect-text 未签到
screenshot proctor-not-me
tap-text 退出监考
expect-screen exam-attract
)",
                                  size, "script.txt", {"--role", "exam"});
        test::keep_shots(dir.path(), size == "1920x1080" ? "landscape-" : "portrait-");
        INFO(r.err);
        CHECK(r.code == 0);
        auto d = test::open_exam_db(db);
        exam::ExamService svc(d);
        const auto v = svc.view(room.attempt);
        CHECK(v.identity_disputed);
        CHECK(v.attempt.state == exam::AttemptState::CheckedIn);
        const auto entries = svc.audit_entries({"admin", {exam::Role::Administrator}});
        CHECK(std::any_of(entries.begin(), entries.end(), [&](const exam::AuditEntry& e) {
            return e.action == "attempt.identity_disputed" && e.actor == "kiosk:A01" &&
                   e.entity == "attempt:" + std::to_string(room.attempt);
        }));
    }
}
