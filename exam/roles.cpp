#include "exam/roles.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace sk::exam {

namespace {
using R = Role;
using O = Operation;

const std::map<Role, std::set<Operation>>& matrix()
{
    static const std::map<Role, std::set<Operation>> m{
        {R::Administrator,
         {O::ManageContent, O::ReadPracticeQuestions, O::ReadExamQuestions, O::ManageBlueprints, O::ManageCandidates,
          O::ManageSessions, O::ReadResults, O::ManageUsers, O::ReadAudit, O::ReadReports}},
        {R::ExamStaff,
         {O::ManageCandidates, O::ManageSessions, O::ReadPapers, O::ReadExamAnswers, O::ChangeResult, O::ReadResults,
          O::ReadReports}},
        {R::Proctor, {O::ProctorAttempts, O::ReadResults}},
        {R::Examiner, {O::EnterPracticalScores}},
        {R::TrainingStaff, {O::ReadPracticeQuestions, O::ManageTrainees, O::ReadReports}},
        {R::CertificateOfficer, {O::ReadResults, O::IssueCertificates, O::RevokeCertificates}},
    };
    return m;
}

constexpr std::array<std::string_view, 6> kRoleNames{"admin", "exam-staff", "proctor", "examiner", "trainer",
                                                     "cert-officer"};
constexpr std::array<std::string_view, 18> kOperationNames{
    "manage-content",   "read-practice-questions", "read-exam-questions", "manage-blueprints", "manage-candidates",
    "manage-trainees",  "manage-sessions",         "read-papers",         "read-exam-answers", "proctor-attempts",
    "enter-practical-scores", "change-result",     "read-results",        "issue-certificates", "revoke-certificates",
    "manage-users",     "read-audit",              "read-reports"};
} // namespace

std::string_view to_string(Role r) { return kRoleNames[static_cast<std::size_t>(r)]; }
std::string_view to_string(Operation o) { return kOperationNames[static_cast<std::size_t>(o)]; }

std::optional<Role> parse_role(std::string_view s)
{
    for (std::size_t i = 0; i < kRoleNames.size(); ++i)
        if (kRoleNames[i] == s) return static_cast<Role>(i);
    return std::nullopt;
}

const std::vector<Role>& all_roles()
{
    static const std::vector<Role> v{R::Administrator, R::ExamStaff, R::Proctor, R::Examiner, R::TrainingStaff,
                                     R::CertificateOfficer};
    return v;
}

const std::vector<Operation>& all_operations()
{
    static const std::vector<Operation> v = [] {
        std::vector<Operation> ops;
        for (std::size_t i = 0; i < kOperationNames.size(); ++i) ops.push_back(static_cast<Operation>(i));
        return ops;
    }();
    return v;
}

bool allowed(Role role, Operation op)
{
    auto it = matrix().find(role);
    return it != matrix().end() && it->second.count(op) > 0;
}

bool Actor::can(Operation op) const
{
    return std::any_of(roles.begin(), roles.end(), [&](Role r) { return allowed(r, op); });
}

PermissionDenied::PermissionDenied(const Actor& actor, Operation op)
    : std::runtime_error("permission denied: " + actor.login + " may not " + std::string(to_string(op)))
{
}

void require(const Actor& actor, Operation op)
{
    if (!actor.can(op)) throw PermissionDenied(actor, op);
}

void require_any(const Actor& actor, std::initializer_list<Operation> ops)
{
    for (Operation op : ops)
        if (actor.can(op)) return;
    if (ops.size() > 0) throw PermissionDenied(actor, *ops.begin());
}

void require_own_trainee(const Actor& actor, const std::string& trainee_provider)
{
    if (!actor.provider.empty() && trainee_provider != actor.provider)
        throw PermissionDenied("permission denied: " + actor.login + " works for " + actor.provider +
                               " and may not manage a trainee of " +
                               (trainee_provider.empty() ? std::string("no training provider") : trainee_provider));
}

} // namespace sk::exam
