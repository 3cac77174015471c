// An exam day through safekiosk-admin: session create and register, the proctor's seats and actions, results,
// review (复核) and practical scores. The examinees' own steps at the kiosk go through the library.
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sk;

namespace {
nlohmann::json json_of(const test::AdminRun& r)
{
    INFO(r.out, r.err);
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(r.out);
}
} // namespace

TEST_CASE("session create and register: tickets, eligibility, seats, and the refusals")
{
    test::Installation inst;
    const auto a = inst.add_candidate("11010519800101001", "张三");
    const auto b = inst.add_candidate("11010519800101002", "李四");
    const auto c = inst.add_candidate("11010519800101003", "王五", 2); // too few class hours
    CHECK(inst.as("staff", {"session", "create", "--item", "低压电工作业", "--start", "tomorrow", "--end", test::local_in(60),
                            "--room", "第一考场"})
              .code == 2);
    CHECK(inst.as("staff", {"session", "create", "--item", "低压电工作业", "--start", "2026-02-30 09:00", "--end",
                            "2026-03-01 09:00", "--room", "第一考场"})
              .code == 2);
    auto backwards = inst.as("staff", {"session", "create", "--item", "低压电工作业", "--start", test::local_in(60), "--end",
                                       test::local_in(0), "--room", "第一考场"});
    CHECK(backwards.code == 1);
    CHECK(backwards.err.find("end after it starts") != std::string::npos);
    auto no_bp = inst.as("staff", {"session", "create", "--item", "高压电工作业", "--start", test::local_in(0), "--end",
                                   test::local_in(60), "--room", "第一考场"});
    CHECK(no_bp.code == 1);
    CHECK(no_bp.err.find("no initial blueprint for 电工作业 / 高压电工作业") != std::string::npos);

    auto created = json_of(inst.as("staff", {"--json", "session", "create", "--item", "低压电工作业", "--start", test::local_in(-60),
                                             "--end", test::local_in(180), "--room", "第一考场", "--kiosks", "A01, A02,A03"}));
    const auto session = std::to_string(created["id"].get<int>());
    CHECK(created["kiosks"] == nlohmann::json::array({"A01", "A02", "A03"}));

    auto ticket = inst.as("staff", {"session", "register", session, a, "--kiosk", "A01"});
    INFO(ticket.err);
    REQUIRE(ticket.code == 0);
    CHECK(ticket.out.find("准考证号: ") != std::string::npos);
    CHECK(ticket.out.find("张三") != std::string::npos);
    CHECK(ticket.out.find("机位 A01") != std::string::npos);
    auto hours = inst.as("staff", {"session", "register", session, c});
    CHECK(hours.code == 1);
    CHECK(hours.err.find("培训学时不足：需要8学时，已确认2学时") != std::string::npos);
    auto taken = inst.as("staff", {"session", "register", session, b, "--kiosk", "A01"});
    CHECK(taken.code == 1);
    CHECK(taken.err.find("kiosk A01 is already given") != std::string::npos);
    auto not_here = inst.as("staff", {"session", "register", session, b, "--kiosk", "B07"});
    CHECK(not_here.code == 1);
    CHECK(not_here.err.find("A01, A02, A03") != std::string::npos);
    CHECK(inst.as("staff", {"session", "register", session, a}).code == 1); // already registered
    CHECK(inst.as("staff", {"session", "register", session, test::id_number("11010519800101009")}).code == 1);
    auto second = json_of(inst.as("staff", {"--json", "session", "register", session, b, "--kiosk", "A02"}));
    CHECK(second["kiosk"] == "A02");
    CHECK(second["attempt_no"] == 1);

    auto list = json_of(inst.as("proctor", {"--json", "session", "list"}));
    REQUIRE(list.size() == 1);
    CHECK(list[0]["registered"] == 2);
    CHECK(inst.as("trainer", {"session", "list"}).code == 4);
    auto d = inst.open();
    CHECK(exam::ExamStore(d).attempts_of_session(std::stoll(session)).size() == 2);
}

TEST_CASE("the proctor sees each seat and pauses, resumes, adds time, moves and ends attempts with a reason")
{
    test::Installation inst;
    const auto a = inst.add_candidate("11010519800101001", "张三");
    const auto b = inst.add_candidate("11010519800101002", "李四");
    const auto session = std::to_string(inst.open_session());
    const auto ta = json_of(inst.as("staff", {"--json", "session", "register", session, a, "--kiosk", "A01"}))["ticket"].get<std::string>();
    const auto tb = json_of(inst.as("staff", {"--json", "session", "register", session, b, "--kiosk", "A02"}))["ticket"].get<std::string>();
    auto seats = json_of(inst.as("proctor", {"--json", "session", "seats", session}));
    CHECK(seats[0]["state"] == "scheduled");
    const auto attempt_a = inst.start_exam(a, ta, "A01");
    const auto attempt_b = inst.start_exam(b, tb, "A02");
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        auto q = exam::ExamStore(d).paper(attempt_a).questions.at(0);
        svc.record_answer(attempt_a, 1, q.key, true);
    }
    seats = json_of(inst.as("proctor", {"--json", "session", "seats", session}));
    REQUIRE(seats.size() == 2);
    CHECK(seats[0]["kiosk"] == "A01");
    CHECK(seats[0]["state"] == "in_progress");
    CHECK(seats[0]["answered"] == 1);
    CHECK(seats[0]["marked"] == 1);
    CHECK(seats[0]["total"] == 8);
    CHECK(seats[0]["remaining_s"].get<int>() > 29 * 60);
    CHECK(seats[0]["remaining_s"].get<int>() <= 30 * 60);
    auto text = inst.as("proctor", {"session", "seats", session});
    CHECK(text.out.find("1/8 answered, 1 marked") != std::string::npos);
    CHECK(inst.as("staff", {"session", "seats", session}).code == 4);

    CHECK(inst.as("proctor", {"proctor", "pause", ta}).code == 2); // --reason is required
    CHECK(inst.as("staff", {"proctor", "pause", ta, "--reason", "x"}).code == 4);
    auto paused = json_of(inst.as("proctor", {"--json", "proctor", "pause", ta, "--reason", "考生身体不适"}));
    CHECK(paused["state"] == "paused");
    CHECK(inst.as("proctor", {"proctor", "pause", ta, "--reason", "again"}).code == 1); // already paused
    CHECK(json_of(inst.as("proctor", {"--json", "proctor", "resume", ta, "--reason", "已恢复"}))["state"] == "in_progress");
    auto more = json_of(inst.as("proctor", {"--json", "proctor", "add-time", std::to_string(attempt_a), "--minutes", "10",
                                            "--reason", "机器故障补时"}));
    CHECK(more["remaining_s"].get<int>() > 39 * 60);
    CHECK(inst.as("proctor", {"proctor", "add-time", ta, "--minutes", "500", "--reason", "x"}).code == 1);
    auto moved = json_of(inst.as("proctor", {"--json", "proctor", "move", ta, "--kiosk", "A03", "--reason", "A01 屏幕故障"}));
    CHECK(moved["kiosk"] == "A03");
    auto ended = json_of(inst.as("proctor", {"--json", "proctor", "end", tb, "--reason", "夹带资料"}));
    CHECK(ended["state"] == "cancelled");
    CHECK(inst.as("proctor", {"proctor", "pause", "no-such-ticket", "--reason", "x"}).code == 1);

    auto d = inst.open();
    exam::ExamService svc(d);
    CHECK(svc.view(attempt_a).attempt.kiosk == "A03");
    CHECK(svc.view(attempt_b).attempt.state == exam::AttemptState::Cancelled);
    int with_reason = 0;
    for (const auto& e : exam::ExamStore(d).audit_entries())
        if (e.actor == "proctor" && (e.detail.find("夹带资料") != std::string::npos || e.detail.find("机器故障补时") != std::string::npos))
            ++with_reason;
    CHECK(with_reason == 2);
}

TEST_CASE("results: list, CSV export, the paper for a review, a reviewed score, practical scores")
{
    test::Installation inst;
    const auto a = inst.add_candidate("11010519800101001", "张三");
    const auto b = inst.add_candidate("11010519800101002", "李四");
    const auto session = std::to_string(inst.open_session());
    const auto ta = json_of(inst.as("staff", {"--json", "session", "register", session, a, "--kiosk", "A01"}))["ticket"].get<std::string>();
    const auto tb = json_of(inst.as("staff", {"--json", "session", "register", session, b, "--kiosk", "A02"}))["ticket"].get<std::string>();
    const auto attempt_a = inst.start_exam(a, ta, "A01");
    const auto attempt_b = inst.start_exam(b, tb, "A02");
    CHECK(inst.finish_exam(attempt_a, 7) == 7); // pass mark 6 of 8
    CHECK(inst.finish_exam(attempt_b, 3) == 3);

    auto list = json_of(inst.as("certs", {"--json", "result", "list", "--session", session}));
    REQUIRE(list.size() == 2);
    CHECK(list[0]["ticket"] == ta);
    CHECK(list[0]["score"] == 7);
    CHECK(list[0]["passed"] == true);
    CHECK(list[1]["passed"] == false);
    CHECK(inst.as("trainer", {"result", "list"}).code == 4);
    CHECK(inst.as("staff", {"result", "list", "--session", "99"}).code == 1);

    const auto csv = inst.dir / "results.csv";
    auto exported = inst.as("staff", {"result", "export", "--out", csv.string()});
    CHECK(exported.code == 0);
    const auto text = test::read_file(csv);
    CHECK(text.rfind("\xEF\xBB\xBF准考证号,姓名,身份证号,", 0) == 0);
    // The ticket (14 digits) and the 18-digit ID number are written as text (a leading TAB, quoted), so that Excel
    // keeps every digit (docs/csv-template.md).
    CHECK(text.find("\"\t" + ta + "\",张三,\"\t" + a + "\",,甲培训中心,电工作业,低压电工作业,") != std::string::npos);
    CHECK(text.find(",第一考场,初考,已评分,7,合格\r\n") != std::string::npos);
    CHECK(text.find(",3,不合格\r\n") != std::string::npos);
    CHECK(inst.as("staff", {"result", "export", "--out", csv.string()}).code == 2); // exists
    CHECK(inst.as("staff", {"result", "export", "--out", csv.string(), "--force"}).code == 0);

    // The paper with the key and the answers: exam staff only (a review needs them; trainers never see them).
    auto paper = json_of(inst.as("staff", {"--json", "result", "paper", tb}));
    REQUIRE(paper["questions"].size() == 8);
    int right = 0;
    for (const auto& q : paper["questions"]) right += q["response"] == q["key"] ? 1 : 0;
    CHECK(right == 3);
    auto paper_text = inst.as("staff", {"result", "paper", tb});
    CHECK(paper_text.out.find("答案 ") != std::string::npos);
    for (const char* who : {"trainer", "admin", "proctor", "examiner", "certs"}) {
        auto denied = inst.as(who, {"result", "paper", tb});
        CHECK_MESSAGE(denied.code == 4, who);
        CHECK(denied.out.find("答案") == std::string::npos);
    }

    // Review (复核): the score changes, is audited, and only exam staff may do it.
    CHECK(inst.as("proctor", {"result", "review", tb, "--score", "6", "--reason", "x"}).code == 4);
    CHECK(inst.as("trainer", {"result", "review", tb, "--score", "6", "--reason", "x"}).code == 4);
    CHECK(inst.as("staff", {"result", "review", tb, "--score", "60", "--reason", "x"}).code == 1); // more than 8 points
    auto reviewed = json_of(inst.as("staff", {"--json", "result", "review", tb, "--score", "6", "--reason", "复核：第5题答案更正"}));
    CHECK(reviewed["before"] == 3);
    CHECK(reviewed["passed"] == true);
    {
        auto d = inst.open();
        exam::ExamStore store(d);
        CHECK(*store.attempt(attempt_b)->score == 6);
        bool audited = false;
        for (const auto& e : store.audit_entries())
            audited |= e.action == "result.change" && e.detail == "3 -> 6: 复核：第5题答案更正";
        CHECK(audited);
    }

    // Practical exam (K1–K4 of 100, pass 80) after the passed theory; all subjects of one call or none.
    auto bad_subject = inst.as("examiner", {"result", "practical", a, "--item", "低压电工作业", "K1=18", "K9=30"});
    CHECK(bad_subject.code == 1);
    CHECK(bad_subject.err.find("unknown practical subject K9") != std::string::npos);
    CHECK(inst.as("examiner", {"result", "practical", a, "--item", "低压电工作业", "K1=25"}).code == 1); // K1 max 20
    CHECK(inst.as("examiner", {"result", "practical", a, "--item", "低压电工作业", "K1"}).code == 2);
    CHECK(inst.as("staff", {"result", "practical", a, "--item", "低压电工作业", "K1=18"}).code == 4);
    {
        auto d = inst.open();
        exam::ExamStore store(d);
        CHECK(store.practical_scores(store.candidate_by_id_number(a)->id, inst.item_id, 1).empty());
    }
    auto practical = json_of(inst.as("examiner", {"--json", "result", "practical", a, "--item", "低压电工作业", "K1=18", "K2=35",
                                                  "K3=18", "K4=17"}));
    CHECK(practical["practical_score"] == 88);
    CHECK(practical["practical_passed"] == true);
    CHECK(practical["passed"] == true);
}
