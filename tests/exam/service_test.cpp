#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sk;
using namespace sk::exam;
using sk::test::ExamFixture;
using sk::test::id_with_check;
using sk::test::kNine;

namespace {
// Answers every question of an attempt with the key (right) or a wrong letter, as the examinee would see them.
void answer_all(ExamService& svc, std::int64_t attempt, int wrong)
{
    auto paper = svc.paper_for_review(Actor{"staff", {Role::ExamStaff}}, attempt);
    for (const auto& q : paper.questions) {
        std::string letters = q.key;
        if (q.position <= wrong) letters = q.key == "A" ? "B" : "A";
        svc.record_answer(attempt, q.position, letters, false);
    }
}
} // namespace

TEST_CASE("a whole exam: check-in, identity, rules, answers, submit, score")
{
    ExamFixture f;
    auto attempt = f.started_attempt();
    auto v = f.service->view(attempt);
    CHECK(v.attempt.state == AttemptState::InProgress);
    CHECK(v.total == 100);
    CHECK(v.clock.remaining_ms == 120 * 60000);
    auto shown = f.service->shown_paper(attempt);
    REQUIRE(shown.size() == 100);
    CHECK(shown[0].options == content::true_false_options());
    f.now_ms += 30 * 60000;
    answer_all(*f.service, attempt, 15);
    CHECK(f.service->view(attempt).answered == 100);
    auto score = f.service->submit(attempt);
    CHECK(score.points == 85);
    CHECK(score.passed);
    CHECK(f.service->view(attempt).attempt.state == AttemptState::Scored);
    CHECK(f.service->result(attempt).points == 85);
    CHECK_THROWS_AS(f.service->record_answer(attempt, 1, "A", false), IllegalTransition);
    auto ir = f.service->item_result(f.service->view(attempt).candidate.id, f.item_id);
    CHECK(ir.theory_passed);
    CHECK(ir.practical_required);
    CHECK_FALSE(ir.passed); // practical still pending
}

TEST_CASE("check-in refuses a wrong ticket, the wrong room, the wrong seat and a closed session")
{
    ExamFixture f;
    auto cid = f.add_candidate();
    auto ticket = f.service->register_candidate(test::kStaff, cid, f.session_id, "A01");
    const auto id = id_with_check("11010519800101001");
    CHECK(test::refusal([&] { f.service->check_in(id, ticket + "9", "A01", "第一考场"); }) == ExamErrc::ticket_mismatch);
    CHECK(test::refusal([&] { f.service->check_in(id_with_check("11010519800101002"), ticket, "A01", "第一考场"); }) ==
          ExamErrc::ticket_mismatch);
    CHECK_THROWS_WITH(f.service->check_in(id, ticket, "A01", "第二考场"), doctest::Contains("第一考场"));
    CHECK_THROWS_WITH(f.service->check_in(id, ticket, "A02", "第一考场"), doctest::Contains("A01"));
    f.now_ms = kNine - 31 * 60000;
    CHECK(test::refusal([&] { f.service->check_in(id, ticket, "A01", "第一考场"); }) == ExamErrc::check_in_not_open);
    f.now_ms = kNine - 10 * 60000;
    auto attempt = f.service->check_in(id, ticket, "A01", "第一考场");
    CHECK(f.service->view(attempt).attempt.state == AttemptState::CheckedIn);
    CHECK(id.size() == 18);
}

TEST_CASE("time-up plus grace submits the paper automatically, answers in the grace period count")
{
    ExamFixture f;
    auto attempt = f.started_attempt();
    f.now_ms += 120 * 60000 + 30 * 1000; // inside the 60 s grace
    f.service->record_answer(attempt, 1, "A", false);
    f.now_ms += 31 * 1000;
    CHECK(test::refusal([&] { f.service->record_answer(attempt, 2, "A", false); }) == ExamErrc::time_up);
    auto v = f.service->view(attempt);
    CHECK(v.attempt.state == AttemptState::Scored);
    CHECK(v.answered == 1);
}

TEST_CASE("proctor pause stops the clock, extra time is added, and cheating cancels the score")
{
    ExamFixture f;
    auto attempt = f.started_attempt();
    f.now_ms += 10 * 60000;
    f.service->pause(test::kProctor, attempt, "考生身体不适");
    CHECK_THROWS_AS(f.service->record_answer(attempt, 1, "A", false), IllegalTransition);
    f.now_ms += 20 * 60000;
    f.service->resume(test::kProctor, attempt, "已恢复");
    f.service->add_time(test::kProctor, attempt, 10, "机器故障补时");
    CHECK(f.service->view(attempt).clock.remaining_ms == (120 - 10 + 10) * 60000);
    CHECK_FALSE(f.service->end_reason(attempt).has_value()); // not ended
    f.service->cancel_for_cheating(test::kProctor, attempt, "夹带资料");
    auto v = f.service->view(attempt);
    CHECK(v.attempt.state == AttemptState::Cancelled);
    CHECK(f.service->end_reason(attempt) == std::optional<std::string>("夹带资料"));
    CHECK_FALSE(v.attempt.score.has_value());
    CHECK_THROWS_AS(f.service->submit(attempt), IllegalTransition);
}

TEST_CASE("a kiosk restart resumes the same paper and answers, and the time it was down is not charged")
{
    ExamFixture f;
    auto attempt = f.started_attempt();
    auto paper_before = exam::ExamStore(f.db).paper(attempt);
    f.now_ms += 5 * 60000;
    f.service->record_answer(attempt, 3, "B", true);
    f.now_ms += 15 * 60000; // the kiosk was off for 15 minutes
    auto again = f.service->check_in(id_with_check("11010519800101001"), f.service->view(attempt).attempt.ticket, "A01",
                                     "第一考场");
    CHECK(again == attempt);
    f.service->reconnect(attempt, "A01");
    auto v = f.service->view(attempt);
    CHECK(v.clock.remaining_ms == 115 * 60000);
    CHECK(v.clock.downtime_ms == 15 * 60000);
    CHECK(f.service->answers(attempt).at(3).response == "B");
    CHECK(f.service->answers(attempt).at(3).marked);
    CHECK(exam::ExamStore(f.db).paper(attempt).questions.size() == paper_before.questions.size());
    CHECK(exam::ExamStore(f.db).paper(attempt).seed == paper_before.seed);
    // Another kiosk may not take the attempt over; the proctor can move it.
    CHECK(test::refusal([&] { f.service->check_in(id_with_check("11010519800101001"), v.attempt.ticket, "A02", "第一考场"); }) ==
          ExamErrc::sitting_elsewhere);
    f.service->move_kiosk(test::kProctor, attempt, "A02", "A01 屏幕故障");
    CHECK(f.service->check_in(id_with_check("11010519800101001"), v.attempt.ticket, "A02", "第一考场") == attempt);
}

TEST_CASE("a wall clock set back while the kiosk was down: the time used before stays charged and the clock runs on")
{
    ExamFixture f;
    auto attempt = f.started_attempt();
    f.now_ms += 30 * 60000;
    f.service->heartbeat(attempt); // last sign of life after 30 minutes
    CHECK(f.service->view(attempt).clock.remaining_ms == 90 * 60000);
    // The kiosk goes down; when it comes back its wall clock reads 20 minutes earlier than that sign of life.
    f.now_ms -= 20 * 60000;
    f.service->reconnect(attempt, "A01");
    auto v = f.service->view(attempt);
    CHECK(v.clock.running);
    CHECK(v.clock.remaining_ms == 90 * 60000); // not 110 minutes: the 30 used stay used
    CHECK(v.clock.downtime_ms == 0);           // the time down cannot be known
    f.now_ms += 5 * 60000;
    CHECK(f.service->view(attempt).clock.remaining_ms == 85 * 60000);
    // The reconnect is in the audit log, saying the clock was set back.
    bool logged = false;
    for (const auto& a : f.service->audit_entries(test::kAdmin))
        if (a.action == "attempt.downtime" && a.detail.find("wall clock set back 1200 s") != std::string::npos)
            logged = true;
    CHECK(logged);
}

TEST_CASE("eligibility: age, class hours, one retake, then new training")
{
    ExamFixture f;
    // Born 2010: 16 years old.
    exam::Candidate young;
    young.id_number = id_with_check("11010520100101001");
    young.name = "李四";
    young.item_id = f.item_id;
    auto yid = f.service->add_candidate(test::kStaff, young);
    auto e = f.service->eligibility(yid, f.session_id);
    CHECK_FALSE(e.eligible);
    CHECK(e.reasons.size() == 2); // under 18, no class hours
    CHECK_THROWS_WITH(f.service->register_candidate(test::kStaff, yid, f.session_id), doctest::Contains("未满18周岁"));

    auto attempt = f.started_attempt();
    answer_all(*f.service, attempt, 40);
    CHECK_FALSE(f.service->submit(attempt).passed);
    auto cid = f.service->view(attempt).candidate.id;

    auto second_session = [&](std::int64_t day) {
        exam::Session s;
        s.blueprint_id = f.blueprint_id;
        s.starts_at_ms = kNine + day * 86400000LL;
        s.ends_at_ms = s.starts_at_ms + 3 * 3600000LL;
        s.room = "第一考场";
        return f.service->create_session(test::kStaff, s);
    };
    auto s2 = second_session(7);
    auto retake = f.service->eligibility(cid, s2);
    CHECK(retake.eligible);
    CHECK(retake.attempt_no == 2);
    auto ticket = f.service->register_candidate(test::kStaff, cid, s2, "A01");
    f.now_ms = kNine + 7 * 86400000LL;
    auto a2 = f.service->check_in(id_with_check("11010519800101001"), ticket, "A01", "第一考场");
    f.service->confirm_identity(a2);
    f.service->show_instructions(a2);
    f.service->start(a2);
    answer_all(*f.service, a2, 30);
    CHECK_FALSE(f.service->submit(a2).passed);

    auto s3 = second_session(14);
    auto none = f.service->eligibility(cid, s3);
    CHECK_FALSE(none.eligible);
    CHECK(none.reasons.at(0).find("重新参加培训") != std::string::npos);
    f.service->set_class_hours(test::kTrainer, cid, 48); // new training confirmed: a new cycle
    CHECK(f.service->eligibility(cid, s3).eligible);
}

TEST_CASE("practical scores need a passed theory first, both passed is a pass for the item")
{
    ExamFixture f;
    auto attempt = f.started_attempt();
    auto cid = f.service->view(attempt).candidate.id;
    CHECK_THROWS_WITH(f.service->enter_practical_score(test::kExaminer, cid, f.item_id, "K1", 18),
                      doctest::Contains("the practical exam follows a passed theory exam"));
    answer_all(*f.service, attempt, 0);
    CHECK(f.service->submit(attempt).points == 100);
    CHECK_THROWS_WITH(f.service->enter_practical_score(test::kExaminer, cid, f.item_id, "K2", 41), doctest::Contains("0 to 40"));
    for (auto [k, v] : std::vector<std::pair<std::string, double>>{{"K1", 18}, {"K2", 35}, {"K3", 16}, {"K4", 15}})
        f.service->enter_practical_score(test::kExaminer, cid, f.item_id, k, v);
    auto r = f.service->item_result(cid, f.item_id);
    CHECK(r.practical_score == 84);
    CHECK(r.passed);
    // A pass stays valid 12 months.
    f.now_ms += 366LL * 86400000;
    CHECK_FALSE(f.service->item_result(cid, f.item_id).passed);
}

TEST_CASE("staff of a training provider can never read papers or answers or change a result")
{
    ExamFixture f;
    auto attempt = f.started_attempt();
    answer_all(*f.service, attempt, 0);
    f.service->submit(attempt);
    CHECK_THROWS_AS(f.service->paper_for_review(test::kTrainer, attempt), PermissionDenied);
    CHECK_THROWS_AS(f.service->change_result(test::kTrainer, attempt, 50, "x"), PermissionDenied);
    CHECK_THROWS_AS(f.service->check_blueprint(test::kTrainer, f.blueprint_id), PermissionDenied);
    CHECK_THROWS_AS(f.service->pause(test::kTrainer, attempt, "x"), PermissionDenied);
    CHECK_THROWS_AS(f.service->enter_practical_score(test::kTrainer, 1, f.item_id, "K1", 1), PermissionDenied);
    CHECK(f.service->paper_for_review(test::kStaff, attempt).questions.size() == 100);
    f.service->change_result(test::kStaff, attempt, 79, "复核更正");
    CHECK_FALSE(f.service->result(attempt).passed);
}

TEST_CASE("role x operation matrix: only the listed roles may do each operation")
{
    using O = Operation;
    using R = Role;
    // Sealed exam material is never open to training staff.
    for (O op : {O::ReadExamQuestions, O::ReadPapers, O::ReadExamAnswers, O::ChangeResult, O::ManageSessions,
                 O::ProctorAttempts, O::EnterPracticalScores, O::IssueCertificates})
        CHECK_FALSE(allowed(R::TrainingStaff, op));
    CHECK(allowed(R::TrainingStaff, O::ReadPracticeQuestions));
    CHECK(allowed(R::TrainingStaff, O::ManageTrainees));
    // Exam-centre staff do no training.
    CHECK_FALSE(allowed(R::ExamStaff, O::ManageTrainees));
    CHECK_FALSE(allowed(R::Proctor, O::ManageTrainees));
    CHECK_FALSE(allowed(R::Examiner, O::ManageTrainees));
    CHECK_FALSE(allowed(R::Proctor, O::ChangeResult));
    CHECK_FALSE(allowed(R::CertificateOfficer, O::ChangeResult));
    int allowed_count = 0;
    for (R r : all_roles())
        for (O op : all_operations()) allowed_count += allowed(r, op) ? 1 : 0;
    CHECK(allowed_count == 10 + 7 + 2 + 1 + 3 + 3);
    for (R r : all_roles()) CHECK(parse_role(to_string(r)) == r);
}

TEST_CASE("the audit chain finds an edited, an inserted and a deleted row")
{
    ExamFixture f;
    auto attempt = f.started_attempt();
    answer_all(*f.service, attempt, 0);
    f.service->submit(attempt);
    CHECK(f.service->verify_audit(test::kAdmin).empty());
    auto count = exam::ExamStore(f.db).audit_entries().size();
    REQUIRE(count >= 8);

    SUBCASE("edited")
    {
        f.db.exec("UPDATE audit_log SET detail = 'submitted -> scored: 100 pass' WHERE action = 'attempt.score'");
        f.db.exec("UPDATE audit_log SET detail = detail || ' ' WHERE id = 3");
        auto problems = f.service->verify_audit(test::kAdmin);
        REQUIRE_FALSE(problems.empty());
        CHECK(problems[0].id == 3);
    }
    SUBCASE("deleted")
    {
        f.db.exec("DELETE FROM audit_log WHERE id = 4");
        auto problems = f.service->verify_audit(test::kAdmin);
        REQUIRE_FALSE(problems.empty());
        CHECK(problems[0].id == 5);
        CHECK(problems[0].message.find("missing") != std::string::npos);
    }
    SUBCASE("inserted")
    {
        f.db.exec("UPDATE audit_log SET id = -id WHERE id >= 5");
        f.db.exec("UPDATE audit_log SET id = 1 - id WHERE id < 0");
        f.db.exec("INSERT INTO audit_log(id, at_ms, actor, action, entity, detail, prev_hash, hash) VALUES(5, 0, 'mallory', "
                  "'result.change', 'attempt:1', '0 -> 100', 'x', 'y')");
        auto problems = f.service->verify_audit(test::kAdmin);
        REQUIRE_FALSE(problems.empty());
        CHECK(problems[0].id == 5);
    }
    CHECK_THROWS_AS(f.service->verify_audit(test::kTrainer), PermissionDenied);
}

TEST_CASE("不是本人 at the identity step flags the seat for the proctor and is audited until the identity is confirmed")
{
    ExamFixture f;
    auto cid = f.add_candidate();
    auto ticket = f.service->register_candidate(test::kStaff, cid, f.session_id, "A01");
    f.now_ms = kNine - 10 * 60000;
    const auto attempt = f.service->check_in(id_with_check("11010519800101001"), ticket, "A01", "第一考场");
    CHECK_FALSE(f.service->view(attempt).identity_disputed);
    f.service->dispute_identity(attempt, "A01");
    const auto v = f.service->view(attempt);
    CHECK(v.identity_disputed);
    CHECK(v.attempt.state == AttemptState::CheckedIn); // waits for the proctor; nothing else changes
    // The proctor's list of seats carries the flag.
    const auto seats = f.service->seats(test::kProctor, f.session_id);
    REQUIRE(seats.size() == 1);
    CHECK(seats[0].identity_disputed);
    // The audit log says who, where and which ticket.
    const auto entries = f.service->audit_entries(test::kAdmin);
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [](const AuditEntry& e) { return e.action == "attempt.identity_disputed"; });
    REQUIRE(it != entries.end());
    CHECK(it->actor == "kiosk:A01");
    CHECK(it->entity == "attempt:" + std::to_string(attempt));
    CHECK(it->detail.find(ticket) != std::string::npos);
    CHECK(f.service->verify_audit(test::kAdmin).empty());
    // Checking in again on the same seat keeps the flag; the identity confirmed (by the right person) clears it.
    CHECK(f.service->check_in(id_with_check("11010519800101001"), ticket, "A01", "第一考场") == attempt);
    CHECK(f.service->view(attempt).identity_disputed);
    f.service->confirm_identity(attempt);
    CHECK_FALSE(f.service->view(attempt).identity_disputed);
    // After the confirmation it cannot be disputed any more.
    CHECK(test::refusal([&] { f.service->dispute_identity(attempt, "A01"); }) == ExamErrc::dispute_not_now);
}

TEST_CASE("the clock stands while the proctor's panel covers the question on the examinee's kiosk")
{
    ExamFixture f;
    auto attempt = f.started_attempt();
    f.now_ms += 10 * 60000;
    CHECK(f.service->view(attempt).clock.used_ms == 10 * 60000);
    // The panel opens over the question: 1 min 25 s of signing in and choosing costs the examinee nothing.
    CHECK(f.service->hold_clock(attempt, "A01"));
    CHECK_FALSE(f.service->hold_clock(attempt, "A01")); // already held
    f.now_ms += 85 * 1000;
    auto v = f.service->view(attempt);
    CHECK(v.attempt.state == AttemptState::InProgress);
    CHECK_FALSE(v.clock.running);
    CHECK(v.clock.used_ms == 10 * 60000);
    CHECK(f.service->release_clock(attempt, "A01"));
    CHECK_FALSE(f.service->release_clock(attempt, "A01")); // runs already
    f.now_ms += 60000;
    CHECK(f.service->view(attempt).clock.used_ms == 11 * 60000);

    // The proctor pauses while the panel covers it: back at the question the attempt stays paused (no release),
    // and the proctor's resume starts the clock again.
    CHECK(f.service->hold_clock(attempt, "A01"));
    f.now_ms += 30000;
    f.service->pause(test::kProctor, attempt, "设备故障");
    f.now_ms += 5 * 60000;
    CHECK_FALSE(f.service->release_clock(attempt, "A01"));
    CHECK(f.service->view(attempt).attempt.state == AttemptState::Paused);
    CHECK_FALSE(f.service->hold_clock(attempt, "A01")); // a paused attempt is not held
    f.service->resume(test::kProctor, attempt, "设备已修复");
    f.now_ms += 60000;
    CHECK(f.service->view(attempt).clock.used_ms == 12 * 60000);

    // A kiosk that restarts while the panel is open: the clock stays held through the reconnect and runs again
    // when the question shows.
    CHECK(f.service->hold_clock(attempt, "A01"));
    f.now_ms += 2 * 60000;
    f.service->reconnect(attempt, "A01");
    CHECK(f.service->view(attempt).clock.used_ms == 12 * 60000);
    CHECK(f.service->release_clock(attempt, "A01"));
    f.now_ms += 60000;
    CHECK(f.service->view(attempt).clock.used_ms == 13 * 60000);

    // Each hold and release is in the audit log, by the kiosk, with the seconds the clock stood.
    std::string log;
    for (const auto& e : f.service->audit_entries(test::kAdmin))
        if (e.action == "attempt.clock_hold" || e.action == "attempt.clock_release") log += e.actor + " " + e.detail + "\n";
    INFO(log);
    CHECK(log.find("kiosk:A01 回到考题，计时继续（A01，停表 85 秒）") != std::string::npos);
    CHECK(f.service->verify_audit(test::kAdmin).empty());

    // Nothing to hold on a submitted attempt.
    f.service->submit(attempt);
    CHECK_FALSE(f.service->hold_clock(attempt, "A01"));
    CHECK_FALSE(f.service->release_clock(attempt, "A01"));
}
