// The role × operation matrix run against the real commands: each role's user tries each command. A command the
// user's roles do not allow exits 4 ("not allowed") and changes nothing (the audit log does not grow); one they
// allow exits 0. Which roles may run a command follows exam::allowed() for the operations the command performs,
// so this test checks that every command asks the engine for the right operation.
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>

#include <functional>

using namespace sk;
using exam::Operation;
using exam::Role;

namespace {

struct Command {
    std::string name;
    std::function<std::vector<std::string>(std::size_t role_index)> args;
    std::function<bool(Role)> allowed;
    std::map<std::string, std::string> env = {};
};

std::function<bool(Role)> may(Operation op)
{
    return [op](Role r) { return exam::allowed(r, op); };
}

std::function<bool(Role)> may_any(Operation a, Operation b)
{
    return [a, b](Role r) { return exam::allowed(r, a) || exam::allowed(r, b); };
}

std::vector<std::string> fixed(std::vector<std::string> args) { return args; }

void run_matrix(test::Installation& inst, const std::vector<Command>& commands)
{
    for (const auto& c : commands) {
        for (std::size_t i = 0; i < test::role_users().size(); ++i) {
            // Not a structured binding: INFO captures it in a lambda, which clang 14 refuses.
            const exam::Role role = test::role_users()[i].first;
            const std::string& login = test::role_users()[i].second;
            const auto before = inst.audit_entries();
            auto r = inst.as(login, c.args(i), c.env);
            INFO(c.name << " as " << login << ": exit " << r.code << "\n" << r.out << r.err);
            if (c.allowed(role)) {
                CHECK(r.code == 0);
            } else {
                CHECK(r.code == 4);
                CHECK(r.err.find("not allowed") != std::string::npos);
                CHECK(inst.audit_entries() == before);
            }
        }
    }
}

} // namespace

TEST_CASE("role matrix: users, audit and blueprints are the administrator's")
{
    test::Installation inst;
    std::vector<Command> commands{
        {"user list", [](std::size_t) { return fixed({"user", "list"}); }, may(Operation::ManageUsers)},
        {"user add", [](std::size_t i) { return fixed({"user", "add", "new" + std::to_string(i), "--name", "新用户", "--role", "proctor"}); },
         may(Operation::ManageUsers), {{"SAFEKIOSK_NEW_PASSWORD", "new-user-password"}}},
        {"user roles", [](std::size_t) { return fixed({"user", "roles", "proctor", "--role", "proctor"}); }, may(Operation::ManageUsers)},
        {"audit verify", [](std::size_t) { return fixed({"audit", "verify"}); }, may(Operation::ReadAudit)},
        {"audit show", [](std::size_t) { return fixed({"audit", "show"}); }, may(Operation::ReadAudit)},
        {"blueprint list", [](std::size_t) { return fixed({"blueprint", "list"}); }, may(Operation::ManageBlueprints)},
        {"blueprint show", [](std::size_t) { return fixed({"blueprint", "show", "--item", "低压电工作业"}); }, may(Operation::ManageBlueprints)},
        {"blueprint check", [](std::size_t) { return fixed({"blueprint", "check"}); }, may(Operation::ManageBlueprints)},
        {"blueprint set", [](std::size_t) { return fixed({"blueprint", "set", "--default", "--item", "高压电工作业"}); },
         may(Operation::ManageBlueprints)},
    };
    run_matrix(inst, commands);
}

TEST_CASE("role matrix: candidates and sessions are the exam centre's, trainees the training provider's")
{
    test::Installation inst;
    const auto trainee = inst.add_candidate("11010519800101001", "张三", 0);
    std::vector<std::string> for_session;
    for (int i = 0; i < 6; ++i) for_session.push_back(inst.add_candidate("1101051980010110" + std::to_string(i), "考生"));
    const auto session = std::to_string(inst.open_session());
    const auto photos = inst.dir / "photos";
    std::filesystem::create_directories(photos);
    test::write_file(photos / (trainee + ".png"), test::read_file(test::source_path("media/demo-people/person-2.png")));
    for (int i = 0; i < 6; ++i)
        test::write_file(inst.dir / ("import-" + std::to_string(i) + ".csv"),
                         "身份证号,姓名,操作项目\r\n" + test::id_number("1101051990020100" + std::to_string(i)) + ",导入,低压电工作业\r\n");
    std::vector<Command> commands{
        {"candidate add",
         [](std::size_t i) {
             return fixed({"candidate", "add", "--id", test::id_number("1101051990030100" + std::to_string(i)), "--name", "新考生",
                           "--item", "低压电工作业"});
         },
         may(Operation::ManageCandidates)},
        {"candidate import",
         [&](std::size_t i) { return fixed({"candidate", "import", (inst.dir / ("import-" + std::to_string(i) + ".csv")).string()}); },
         may(Operation::ManageCandidates)},
        {"candidate list", [](std::size_t) { return fixed({"candidate", "list"}); },
         may_any(Operation::ManageCandidates, Operation::ManageTrainees)},
        {"candidate photos", [&](std::size_t) { return fixed({"candidate", "photos", photos.string()}); },
         may(Operation::ManageCandidates)},
        {"candidate hours", [&](std::size_t) { return fixed({"candidate", "hours", trainee, "12"}); }, may(Operation::ManageTrainees)},
        {"trainee pin", [&](std::size_t) { return fixed({"trainee", "pin", trainee}); }, may(Operation::ManageTrainees),
         {{"SAFEKIOSK_PIN", "112233"}}},
        {"trainee confirm", [&](std::size_t) { return fixed({"trainee", "confirm", trainee}); }, may(Operation::ManageTrainees)},
        {"session create",
         [](std::size_t) {
             return fixed({"session", "create", "--item", "低压电工作业", "--start", test::local_in(60), "--end", test::local_in(180),
                           "--room", "第二考场"});
         },
         may(Operation::ManageSessions)},
        {"session register", [&](std::size_t i) { return fixed({"session", "register", session, for_session[i]}); },
         may(Operation::ManageSessions)},
        // Results readers (proctors, certificate officers) see the list too: a certificate batch is chosen by session.
        {"session list", [](std::size_t) { return fixed({"session", "list"}); },
         may_any(Operation::ManageSessions, Operation::ReadResults)},
        {"session seats", [&](std::size_t) { return fixed({"session", "seats", session}); }, may(Operation::ProctorAttempts)},
    };
    run_matrix(inst, commands);
}

TEST_CASE("role matrix: the exam room is the proctor's, papers and result changes exam staff's, reports never show "
          "trainers exam questions")
{
    test::Installation inst;
    const auto passed = inst.add_candidate("11010519800101001", "张三");
    const auto sitting = inst.add_candidate("11010519800101002", "李四");
    const auto session = inst.open_session();
    std::string ticket_passed, ticket_sitting;
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        const exam::Actor staff{"setup", {Role::ExamStaff}};
        ticket_passed = svc.register_candidate(staff, exam::ExamStore(d).candidate_by_id_number(passed)->id, session, "A01");
        ticket_sitting = svc.register_candidate(staff, exam::ExamStore(d).candidate_by_id_number(sitting)->id, session, "A02");
    }
    REQUIRE(inst.finish_exam(inst.start_exam(passed, ticket_passed, "A01"), 8) == 8);
    inst.start_exam(sitting, ticket_sitting, "A02");
    std::vector<Command> commands{
        {"proctor pause", [&](std::size_t) { return fixed({"proctor", "pause", ticket_sitting, "--reason", "考生身体不适"}); },
         may(Operation::ProctorAttempts)},
        {"proctor resume", [&](std::size_t) { return fixed({"proctor", "resume", ticket_sitting, "--reason", "已恢复"}); },
         may(Operation::ProctorAttempts)},
        {"proctor add-time",
         [&](std::size_t) { return fixed({"proctor", "add-time", ticket_sitting, "--minutes", "5", "--reason", "补时"}); },
         may(Operation::ProctorAttempts)},
        {"proctor move", [&](std::size_t) { return fixed({"proctor", "move", ticket_sitting, "--kiosk", "A04", "--reason", "换机"}); },
         may(Operation::ProctorAttempts)},
        {"result list", [](std::size_t) { return fixed({"result", "list"}); }, may(Operation::ReadResults)},
        {"result export",
         [&](std::size_t i) { return fixed({"result", "export", "--out", (inst.dir / ("r" + std::to_string(i) + ".csv")).string()}); },
         may(Operation::ReadResults)},
        {"result paper", [&](std::size_t) { return fixed({"result", "paper", ticket_passed}); },
         [](Role r) { return exam::allowed(r, Operation::ReadPapers) && exam::allowed(r, Operation::ReadExamAnswers); }},
        {"result review", [&](std::size_t) { return fixed({"result", "review", ticket_passed, "--score", "7", "--reason", "复核"}); },
         may(Operation::ChangeResult)},
        {"result practical",
         [&](std::size_t) { return fixed({"result", "practical", passed, "--item", "低压电工作业", "K1=18", "K2=35", "K3=18", "K4=17"}); },
         may(Operation::EnterPracticalScores)},
        {"report pass-rates", [](std::size_t) { return fixed({"report", "pass-rates"}); }, may(Operation::ReadReports)},
        {"report chapters", [](std::size_t) { return fixed({"report", "chapters"}); }, may(Operation::ReadReports)},
        {"report items", [](std::size_t) { return fixed({"report", "items"}); },
         [](Role r) {
             return exam::allowed(r, Operation::ReadReports) &&
                    (exam::allowed(r, Operation::ReadExamQuestions) || exam::allowed(r, Operation::ReadExamAnswers));
         }},
        {"report exhibits", [](std::size_t) { return fixed({"report", "exhibits"}); }, may(Operation::ReadReports)},
        {"proctor end", [&](std::size_t) { return fixed({"proctor", "end", ticket_sitting, "--reason", "夹带资料"}); },
         may(Operation::ProctorAttempts)},
    };
    run_matrix(inst, commands);
    // Exam–training separation, whatever the matrix in exam/roles.cpp says elsewhere: a trainer never reads a paper
    // or its answers, never changes a result, never sees the item analysis of exam questions.
    for (const auto& args : std::vector<std::vector<std::string>>{{"result", "paper", ticket_passed},
                                                                  {"result", "review", ticket_passed, "--score", "1", "--reason", "x"},
                                                                  {"report", "items"},
                                                                  {"result", "list"}})
        CHECK(inst.as("trainer", args).code == 4);
    auto d = inst.open();
    CHECK(*exam::ExamStore(d).attempt_by_ticket(ticket_passed)->score == 7);
}
