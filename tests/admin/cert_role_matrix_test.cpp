// The role × operation matrix for the certificate commands, run against the real program: each role's user tries
// each `cert` command. A command the user's roles do not allow exits 4 and changes nothing (the audit log does not
// grow, the certificate's state stays); one they allow exits 0. Which roles may follows exam::allowed() for the
// operation the command performs (issue, pdf, reissue: IssueCertificates; suspend, reinstate, revoke:
// RevokeCertificates; list, due: ReadResults). `cert review` needs a certificate inside its review window and is
// covered by tests/admin/cert_commands_test.cpp.
#include "certs/registry.hpp"
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <optional>

using namespace sk;
using exam::Operation;
using exam::Role;

namespace {

// A candidate who passed theory and practical, as "1101051985031503" + two digits.
std::string passed_candidate(test::Installation& inst, int n)
{
    char first17[18];
    std::snprintf(first17, sizeof first17, "110105198503150%02d", n);
    const auto id = inst.add_candidate(first17, "考生" + std::to_string(n));
    const auto session = inst.open_session();
    std::int64_t attempt = 0;
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        const auto cid = exam::ExamStore(d).candidate_by_id_number(id)->id;
        const auto ticket = svc.register_candidate(exam::Actor{"setup", {Role::ExamStaff}}, cid, session, "A01");
        attempt = inst.start_exam(id, ticket, "A01");
    }
    REQUIRE(inst.finish_exam(attempt, 1000) >= 8); // every answer right: a pass
    auto d = inst.open();
    exam::ExamService svc(d);
    const auto cid = exam::ExamStore(d).candidate_by_id_number(id)->id;
    for (auto [k, v] : std::vector<std::pair<std::string, double>>{{"K1", 18}, {"K2", 36}, {"K3", 17}, {"K4", 18}})
        svc.enter_practical_score(exam::Actor{"examiner", {Role::Examiner}}, cid, inst.item_id, k, v);
    return id;
}

certs::CertState state_of(test::Installation& inst, const std::string& number)
{
    auto d = storage::open(inst.db, {&content::schema(), &exam::schema(), &certs::schema()});
    exam::ExamService svc(d);
    certs::CertRegistry reg(d, svc);
    return reg.state(*certs::CertStore(d).certificates_with_number(number).begin());
}

} // namespace

TEST_CASE("role matrix: certificates are the certificate officer's, through the real cert commands")
{
    test::Installation inst;
    const auto& users = test::role_users();
    // Per role: a passed candidate without a certificate (for `cert issue`) and one whose certificate the setup issued
    // (for the commands that change a certificate).
    std::vector<std::string> to_issue, numbers;
    for (std::size_t i = 0; i < users.size(); ++i) {
        to_issue.push_back(passed_candidate(inst, static_cast<int>(i)));
        const auto id = passed_candidate(inst, 50 + static_cast<int>(i));
        auto d = storage::open(inst.db, {&content::schema(), &exam::schema(), &certs::schema()});
        exam::ExamService svc(d);
        certs::CertRegistry reg(d, svc);
        const auto cid = exam::ExamStore(d).candidate_by_id_number(id)->id;
        numbers.push_back(reg.issue(exam::Actor{"setup", {Role::CertificateOfficer}}, cid).number);
    }

    struct Command {
        std::string name;
        Operation op;
        std::function<std::vector<std::string>(std::size_t)> args;
        std::optional<certs::CertState> state_after; // the certificate's state after an allowed run
    };
    const auto pdf = (inst.dir / "cert.pdf").string();
    const std::vector<Command> commands{
        {"cert issue", Operation::IssueCertificates, [&](std::size_t i) { return std::vector<std::string>{"cert", "issue", to_issue[i]}; },
         std::nullopt},
        {"cert pdf", Operation::IssueCertificates,
         [&](std::size_t i) { return std::vector<std::string>{"cert", "pdf", numbers[i], "--out", pdf}; }, std::nullopt},
        {"cert reissue", Operation::IssueCertificates,
         [&](std::size_t i) { return std::vector<std::string>{"cert", "reissue", numbers[i], "--reason", "loss"}; },
         std::nullopt},
        {"cert suspend", Operation::RevokeCertificates,
         [&](std::size_t i) { return std::vector<std::string>{"cert", "suspend", numbers[i], "--reason", "违章作业"}; },
         certs::CertState::Suspended},
        {"cert reinstate", Operation::RevokeCertificates,
         [&](std::size_t i) { return std::vector<std::string>{"cert", "reinstate", numbers[i], "--reason", "整改完成"}; },
         std::nullopt},
        {"cert list", Operation::ReadResults, [](std::size_t) { return std::vector<std::string>{"cert", "list"}; }, std::nullopt},
        {"cert due", Operation::ReadResults, [](std::size_t) { return std::vector<std::string>{"cert", "due"}; }, std::nullopt},
        {"cert revoke", Operation::RevokeCertificates,
         [&](std::size_t i) { return std::vector<std::string>{"cert", "revoke", numbers[i], "--reason", "提供虚假材料"}; },
         certs::CertState::Revoked},
    };
    int allowed_runs = 0, refused_runs = 0;
    for (const auto& c : commands) {
        for (std::size_t i = 0; i < users.size(); ++i) {
            const auto role = users[i].first; // no structured binding: clang 14 cannot capture one in INFO
            const auto login = users[i].second;
            const auto before = inst.audit_entries();
            const auto state_before = state_of(inst, numbers[i]);
            auto r = inst.as(login, c.args(i));
            INFO(c.name << " as " << login << ": exit " << r.code << "\n" << r.out << r.err);
            if (exam::allowed(role, c.op)) {
                CHECK(r.code == 0);
                if (c.state_after) CHECK(state_of(inst, numbers[i]) == *c.state_after);
                ++allowed_runs;
            } else {
                CHECK(r.code == 4);
                CHECK(r.err.find("not allowed") != std::string::npos);
                CHECK(inst.audit_entries() == before);
                CHECK(state_of(inst, numbers[i]) == state_before);
                ++refused_runs;
            }
        }
    }
    // Both sides of the matrix were exercised.
    CHECK(allowed_runs > 0);
    CHECK(refused_runs > 0);
}
