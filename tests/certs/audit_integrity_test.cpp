// Issue 14 item 4: results, certificates, users and roles edited behind the program's back, and a truncated or
// re-chained audit log, are found by the keyed audit log (docs/audit.md).
#include "content/installation.hpp"
#include "exam/audit_key.hpp"
#include "exam/users.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

using namespace sk;
using sk::test::ymd;

namespace {

bool mentions(const std::vector<exam::AuditProblem>& problems, const std::string& part)
{
    for (const auto& p : problems)
        if (p.message.find(part) != std::string::npos) return true;
    return false;
}

std::string all(const std::vector<exam::AuditProblem>& problems)
{
    std::string out;
    for (const auto& p : problems) out += std::to_string(p.id) + ": " + p.message + "\n";
    return out;
}

// A normal run: users, a failed and a passed attempt, a certificate issued, suspended and reinstated, a result
// reviewed, an attempt cancelled.
struct Centre {
    test::ExamFixture f;
    std::int64_t passed_candidate = 0;
    std::int64_t never_sat = 0;
    std::int64_t never_sat_attempt = 0;
    std::int64_t certificate = 0;

    Centre()
    {
        exam::UserService users(f.db, [this] { return f.now_ms; });
        users.add_first_user({"root", "管理员", "first-admin-pw", {exam::Role::Administrator}, ""});
        const exam::Actor root{"root", {exam::Role::Administrator}};
        users.add_user(root, {"clerk", "考务", "clerk-password", {exam::Role::ExamStaff}, ""});
        users.set_roles(root, "clerk", {exam::Role::ExamStaff, exam::Role::Proctor}, "");
        passed_candidate = f.passed_electrician(test::id_number("19850315", 123), "李建国");
        auto c = f.registry.issue(f.officer, passed_candidate);
        certificate = c.id;
        f.registry.suspend(f.officer, certificate, "违章作业");
        f.registry.reinstate(f.officer, certificate, "整改完成");
        const auto item = f.item("电工作业", "低压电工作业");
        never_sat = f.candidate(test::id_number("19900101", 456), "王五", item);
        const auto bp = f.exam_store.current_blueprint(item, exam::ExamKind::Initial)->id;
        never_sat_attempt = f.exam_store.attempt_by_ticket(f.exam.register_candidate(f.staff, never_sat, f.session(bp)))->id;
        REQUIRE(f.exam_store.verify_audit().empty());
    }
};

} // namespace

TEST_CASE("audit: a normal run of operations verifies, the key is 0600 in the key folder, the head follows the log")
{
    Centre c;
    const auto key = exam::audit_key_path(c.f.db);
    CHECK(key.parent_path() == content::key_folder(c.f.db.path()));
    struct stat st {};
    REQUIRE(::stat(key.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
    CHECK(st.st_size == 32);
    const auto entries = c.f.exam_store.audit_entries();
    auto head = exam::read_audit_head(exam::audit_head_path(c.f.db));
    REQUIRE(head);
    CHECK(head->id == entries.back().id);
    CHECK(head->mac == entries.back().hash);
    for (const auto& e : entries) CHECK(e.keyed);
    CHECK(c.f.exam_store.verify_audit().empty());
}

TEST_CASE("audit: a score set with SQL for a candidate who never sat is found, naming the row")
{
    Centre c;
    c.f.db.exec("UPDATE attempt SET state = 'scored', score = 95, passed = 1, scored_at_ms = 1 WHERE id = " +
                std::to_string(c.never_sat_attempt));
    const auto problems = c.f.exam_store.verify_audit();
    INFO(all(problems));
    REQUIRE(problems.size() == 1);
    CHECK(mentions(problems, "table attempt, id " + std::to_string(c.never_sat_attempt) + ": changed outside SafeKiosk"));
}

TEST_CASE("audit: an attempt row inserted with SQL, and one deleted, are found")
{
    Centre c;
    c.f.db.exec("INSERT INTO attempt(id, session_id, candidate_id, ticket, attempt_no, training_cycle, state, score, "
                "passed) SELECT 900, session_id, " + std::to_string(c.never_sat) +
                ", 'FORGED', 1, 1, 'scored', 100, 1 FROM attempt WHERE candidate_id = " +
                std::to_string(c.passed_candidate));
    auto problems = c.f.exam_store.verify_audit();
    CHECK(mentions(problems, "table attempt, id 900: not in the audit log"));
    c.f.db.exec("DELETE FROM attempt WHERE id = 900");
    CHECK(c.f.exam_store.verify_audit().empty());
    c.f.db.exec("DELETE FROM paper_question WHERE attempt_id = " + std::to_string(c.never_sat_attempt));
    c.f.db.exec("DELETE FROM attempt WHERE id = " + std::to_string(c.never_sat_attempt));
    problems = c.f.exam_store.verify_audit();
    CHECK(mentions(problems, "table attempt, id " + std::to_string(c.never_sat_attempt) + ": deleted outside SafeKiosk"));
}

TEST_CASE("audit: a revoked certificate set back to active with SQL is found")
{
    Centre c;
    c.f.registry.revoke(c.f.officer, c.certificate, "伪造材料");
    REQUIRE(c.f.exam_store.verify_audit().empty());
    c.f.db.exec("UPDATE certificate SET admin_state = 'active', state_reason = '', state_date = NULL, state_by = ''");
    const auto problems = c.f.exam_store.verify_audit();
    INFO(all(problems));
    CHECK(mentions(problems, "table certificate, id " + std::to_string(c.certificate) + ": changed outside SafeKiosk"));
}

TEST_CASE("audit: a user inserted with SQL, and roles granted with SQL, are found")
{
    Centre c;
    SUBCASE("inserted user")
    {
        c.f.db.exec("INSERT INTO app_user(login, name, password_hash, roles) SELECT 'mallory', 'M', password_hash, "
                    "'[\"admin\"]' FROM app_user WHERE login = 'root'");
        CHECK(mentions(c.f.exam_store.verify_audit(), "table app_user, login mallory: not in the audit log"));
    }
    SUBCASE("roles granted")
    {
        c.f.db.exec("UPDATE app_user SET roles = '[\"admin\"]' WHERE login = 'clerk'");
        CHECK(mentions(c.f.exam_store.verify_audit(), "table app_user, login clerk: changed outside SafeKiosk"));
    }
    SUBCASE("a wrong password does not count as a change")
    {
        exam::UserService users(c.f.db, [&] { return c.f.now_ms; });
        CHECK_THROWS_AS(users.sign_in("clerk", "wrong"), exam::SignInError);
        CHECK(c.f.exam_store.verify_audit().empty());
    }
}

TEST_CASE("audit: deleting the last audit entries is found through the head file")
{
    Centre c;
    const auto last = c.f.exam_store.audit_entries().back().id;
    c.f.db.exec("DELETE FROM audit_log WHERE id > " + std::to_string(last - 3));
    const auto problems = c.f.exam_store.verify_audit();
    INFO(all(problems));
    CHECK(mentions(problems, "entries were deleted from the end"));
    // Carrying on after the cut does not hide it: the head never moves back.
    c.f.exam.set_class_hours(c.f.trainer, c.never_sat, 40);
    CHECK_FALSE(c.f.exam_store.verify_audit().empty());
}

TEST_CASE("audit: a log re-chained with unkeyed hashes after an edit is found")
{
    Centre c;
    // The attacker sets a score and rewrites the whole log as the old unkeyed SHA-256 chain, with the row's digest.
    c.f.db.exec("UPDATE attempt SET state = 'scored', score = 95, passed = 1 WHERE id = " +
                std::to_string(c.never_sat_attempt));
    const auto forged_digest = c.f.exam_store.row_digest("attempt:" + std::to_string(c.never_sat_attempt));
    std::string prev(64, '0');
    for (auto e : c.f.exam_store.audit_entries()) {
        if (e.entity == "attempt:" + std::to_string(c.never_sat_attempt)) e.row_digest = forged_digest;
        e.prev_hash = prev;
        e.hash = exam::audit_hash(e);
        auto st = c.f.db.prepare("UPDATE audit_log SET prev_hash = ?, hash = ?, keyed = 0, row_digest = ? WHERE id = ?");
        st.bind_all(e.prev_hash, e.hash, e.row_digest, e.id).run();
        prev = e.hash;
    }
    const auto problems = c.f.exam_store.verify_audit();
    INFO(all(problems));
    CHECK(mentions(problems, "re-chained"));
}

TEST_CASE("audit: a missing or badly protected audit key is named, and nothing is written without it")
{
    Centre c;
    const auto key = exam::audit_key_path(c.f.db);
    SUBCASE("missing")
    {
        std::filesystem::rename(key, c.f.dir / "elsewhere.key");
        CHECK(mentions(c.f.exam_store.verify_audit(), key.string() + ": the audit key is missing"));
        exam::ExamService fresh(c.f.db, [&] { return c.f.now_ms; }); // a new program run: no key in memory
        const auto before = exam::ExamStore(c.f.db).audit_entries().size();
        CHECK_THROWS_WITH_AS(fresh.set_class_hours(c.f.trainer, c.never_sat, 40),
                             doctest::Contains("the audit key is missing"), exam::AuditKeyError);
        CHECK(exam::ExamStore(c.f.db).audit_entries().size() == before);
        CHECK_FALSE(std::filesystem::exists(key)); // never replaced by a new one
    }
    SUBCASE("mode 0644")
    {
        std::filesystem::permissions(key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                              std::filesystem::perms::group_read | std::filesystem::perms::others_read);
        CHECK(mentions(c.f.exam_store.verify_audit(), "it must be 0600"));
    }
    SUBCASE("another installation's key")
    {
        std::filesystem::remove(key);
        exam::create_audit_key(key);
        CHECK(mentions(c.f.exam_store.verify_audit(), "not the audit key of this database"));
    }
}

TEST_CASE("audit: an unkeyed log of an older installation is sealed by the first keyed entry, rows as found")
{
    Centre c;
    // Make it look like a log written before the key: unkeyed entries only, no key, no head.
    std::string prev(64, '0');
    for (auto e : c.f.exam_store.audit_entries()) {
        e.prev_hash = prev;
        e.hash = exam::audit_hash(e);
        auto st = c.f.db.prepare("UPDATE audit_log SET prev_hash = ?, hash = ?, keyed = 0, row_digest = '' WHERE id = ?");
        st.bind_all(e.prev_hash, e.hash, e.id).run();
        prev = e.hash;
    }
    c.f.db.exec("DELETE FROM setting WHERE key = 'audit_key_id'");
    std::filesystem::remove_all(content::key_folder(c.f.db.path()));
    exam::ExamService later(c.f.db, [&] { return c.f.now_ms; });
    CHECK(exam::ExamStore(c.f.db).verify_audit().empty());
    const auto old_count = exam::ExamStore(c.f.db).audit_entries().size();

    later.set_class_hours(c.f.trainer, c.never_sat, 40);
    const auto entries = exam::ExamStore(c.f.db).audit_entries();
    REQUIRE(entries.size() > old_count + 2);
    CHECK(entries[old_count].action == "audit.seal");
    CHECK(entries[old_count].detail.find(prev) != std::string::npos);
    CHECK(entries[old_count + 1].action == "audit.baseline");
    CHECK(exam::ExamStore(c.f.db).verify_audit().empty());
    c.f.db.exec("UPDATE attempt SET score = 100 WHERE id = " + std::to_string(c.never_sat_attempt));
    CHECK(mentions(exam::ExamStore(c.f.db).verify_audit(), "table attempt, id " + std::to_string(c.never_sat_attempt)));
}
