// Roles and what each may do: exam–training separation (考培分离) enforced in the library.
// Training-provider staff can never read sealed exam questions, papers or exam answers, nor change a result.
#pragma once

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::exam {

enum class Role {
    Administrator,      // exam-centre administrator: content, blueprints, users, audit
    ExamStaff,          // exam-centre staff: candidates, sessions, results and reviews (复核)
    Proctor,            // 监考: the exam room
    Examiner,           // practical-exam examiner (实操考评员)
    TrainingStaff,      // staff of a training provider (培训机构)
    CertificateOfficer, // 发证: issues, prints, reviews and revokes certificates
};

enum class Operation {
    ManageContent,        // import, edit, publish, retire questions and exhibits
    ReadPracticeQuestions,
    ReadExamQuestions,    // the sealed exam pool
    ManageBlueprints,
    ManageCandidates,
    ManageTrainees,       // trainee PINs and class hours (学时) of the provider's own trainees
    ManageSessions,
    ReadPapers,           // the questions an examinee was given
    ReadExamAnswers,
    ProctorAttempts,      // pause, resume, add time, move kiosk, end for cheating
    EnterPracticalScores,
    ChangeResult,         // review (复核) of a result
    ReadResults,
    IssueCertificates,
    RevokeCertificates,
    ManageUsers,
    ReadAudit,
    ReadReports,
};

std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);
std::string_view to_string(Operation o);
const std::vector<Role>& all_roles();
const std::vector<Operation>& all_operations();

bool allowed(Role role, Operation op);

// A signed-in person, or the examinee at a kiosk acting on their own attempt.
struct Actor {
    std::string login;        // user login, or "examinee:<ID number>"
    std::vector<Role> roles;
    // Training staff: the training provider (培训机构) they work for. When set, the actor manages only that
    // provider's trainees and sees only that provider's figures in reports.
    std::string provider = {};
    bool can(Operation op) const;
};

class PermissionDenied : public std::runtime_error {
public:
    PermissionDenied(const Actor& actor, Operation op);
    explicit PermissionDenied(const std::string& message) : std::runtime_error(message) {}
};

// Throws PermissionDenied unless the actor may perform the operation.
void require(const Actor& actor, Operation op);
// Throws PermissionDenied unless the actor may perform at least one of the operations (naming the first).
void require_any(const Actor& actor, std::initializer_list<Operation> ops);
// Throws PermissionDenied when the actor works for a training provider and the trainee belongs to another one.
void require_own_trainee(const Actor& actor, const std::string& trainee_provider);

} // namespace sk::exam
