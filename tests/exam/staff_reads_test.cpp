// The exam store stays inside the engine: programs read records through ExamService's actor-checked reads and write
// the audit log through it, so a new screen or command cannot forget a role check (考培分离: a trainer never reads an
// exam paper, a session or another provider's trainee).
#include "exam/storage/exam_store.hpp"
#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace sk::exam;
using sk::test::ExamFixture;
using sk::test::kAdmin;
using sk::test::kExaminer;
using sk::test::kProctor;
using sk::test::kStaff;
using sk::test::kTrainer;

// The boundary itself: no accessor hands out the store (a compile-time check, so a later one fails the build).
template <class Service>
concept hands_out_store = requires(Service& s) { s.store(); };
static_assert(!hands_out_store<ExamService>, "ExamService keeps its store private");

namespace {
const Actor kOtherTrainer{"trainer2", {Role::TrainingStaff}, "乙培训学校"};
const Actor kOwnTrainer{"trainer1", {Role::TrainingStaff}, "甲培训中心"};
const Actor kOfficer{"officer", {Role::CertificateOfficer}};
const Actor kNobody{"visitor", {}};

std::int64_t candidate_of(ExamFixture& f, const std::string& first17, const std::string& provider)
{
    Candidate c;
    c.id_number = test::id_with_check(first17);
    c.name = "王五";
    c.item_id = f.item_id;
    c.provider = provider;
    const auto id = f.service->add_candidate(kStaff, c);
    f.service->set_class_hours(test::kTrainer, id, 48);
    return id;
}
} // namespace

TEST_CASE("training staff read only their own provider's trainees, and never a session, attempt or the exam pool")
{
    ExamFixture f;
    auto& svc = *f.service;
    const auto own = candidate_of(f, "11010519800101001", "甲培训中心");
    const auto other = candidate_of(f, "11010519800101002", "乙培训学校");

    CHECK(svc.candidate(kOwnTrainer, own)->provider == "甲培训中心");
    CHECK(svc.candidate_by_id_number(kOwnTrainer, test::id_with_check("11010519800101001"))->id == own);
    CHECK_THROWS_AS(svc.candidate(kOwnTrainer, other), PermissionDenied);
    CHECK_THROWS_AS(svc.candidate_by_id_number(kOwnTrainer, test::id_with_check("11010519800101002")),
                    PermissionDenied);
    CHECK(svc.providers(kOwnTrainer) == std::vector<std::string>{"甲培训中心"});
    CHECK(svc.providers(kStaff) == std::vector<std::string>{"乙培训学校", "甲培训中心"});

    const auto ticket = svc.register_candidate(kStaff, own, f.session_id, "A01");
    const auto attempt = svc.attempt_by_ticket(kStaff, ticket)->id;
    CHECK_THROWS_AS(svc.session(kOwnTrainer, f.session_id), PermissionDenied);
    CHECK_THROWS_AS(svc.attempt(kOwnTrainer, attempt), PermissionDenied);
    CHECK_THROWS_AS(svc.attempt_by_ticket(kOwnTrainer, ticket), PermissionDenied);
    CHECK_THROWS_AS(svc.attempts_of_session(kOwnTrainer, f.session_id), PermissionDenied);
    CHECK_THROWS_AS(svc.attempts_of_candidate(kOwnTrainer, own), PermissionDenied);
    CHECK_THROWS_AS(svc.exam_pool(kOwnTrainer, f.item_id), PermissionDenied);
    CHECK_THROWS_AS(svc.current_blueprint(kOwnTrainer, f.item_id, ExamKind::Initial), PermissionDenied);

    // The roles that work with them read them.
    CHECK(svc.session(kProctor, f.session_id)->room == "第一考场");
    CHECK(svc.attempt(kOfficer, attempt)->ticket == ticket);
    CHECK(svc.attempts_of_session(kStaff, f.session_id).size() == 1);
    CHECK(svc.count_attempts(kStaff, f.session_id) == 1);
    CHECK(svc.candidate(kExaminer, other)->provider == "乙培训学校");
    CHECK(svc.current_blueprint(kStaff, f.item_id, ExamKind::Initial)->id == f.blueprint_id);
    CHECK(svc.exam_pool(kAdmin, f.item_id).size() == 230);
    // The sealed pool is for those who may read exam questions, not for exam staff or proctors.
    CHECK_THROWS_AS(svc.exam_pool(kStaff, f.item_id), PermissionDenied);
    CHECK_THROWS_AS(svc.exam_pool(kProctor, f.item_id), PermissionDenied);
    // Someone with no role reads nothing.
    CHECK_THROWS_AS(svc.candidate(kNobody, own), PermissionDenied);
    CHECK_THROWS_AS(svc.session(kNobody, f.session_id), PermissionDenied);
    (void)kOtherTrainer;
}

TEST_CASE("other libraries write the audit log through the engine, signed-in staff only, and the chain stays intact")
{
    ExamFixture f;
    auto& svc = *f.service;
    const auto before = svc.revision();
    svc.record_audit(kOfficer, "cert.print", "certificate:7", "T110105 v1 a4");
    CHECK(svc.revision() > before);
    const auto entry = ExamStore(f.db).last_audit_entry("certificate:7", "cert.print");
    REQUIRE(entry);
    CHECK(entry->actor == "officer");
    CHECK(entry->detail == "T110105 v1 a4");
    CHECK_THROWS_AS(svc.record_audit(kNobody, "cert.print", "certificate:7", "forged"), PermissionDenied);
    CHECK(svc.revision() == entry->id);

    // Inside a caller's transaction that rolls back, the entry goes with it.
    {
        storage::Transaction tx(f.db);
        svc.record_audit(kStaff, "content.import", "content_import:bank.csv", "read 3");
    }
    CHECK(svc.revision() == entry->id);
    CHECK(svc.verify_audit(kAdmin).empty());
}

TEST_CASE("installation settings are changed by administrators only, audited, and an empty value removes one")
{
    ExamFixture f;
    auto& svc = *f.service;
    CHECK_THROWS_AS(svc.set_setting(kStaff, "cert.verify_base_url", "https://v.example.cn"), PermissionDenied);
    CHECK_FALSE(svc.setting("cert.verify_base_url"));
    svc.set_setting(kAdmin, "cert.verify_base_url", "https://v.example.cn");
    CHECK(svc.setting("cert.verify_base_url") == "https://v.example.cn");
    auto entry = ExamStore(f.db).last_audit_entry("setting:cert.verify_base_url", "setting.set");
    REQUIRE(entry);
    CHECK(entry->detail == "https://v.example.cn");
    svc.set_setting(kAdmin, "cert.verify_base_url", "");
    CHECK_FALSE(svc.setting("cert.verify_base_url"));
    entry = ExamStore(f.db).last_audit_entry("setting:cert.verify_base_url", "setting.set");
    REQUIRE(entry);
    CHECK(entry->detail == "removed");
}
