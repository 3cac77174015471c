// audit verify against edits made with the sqlite3 tool on the installation's file, and a missing audit key file: the
// real program. SQLite only (its PostgreSQL counterpart, edits made with SQL on a server, is in
// tests/certs/audit_integrity_test.cpp); the rest of the user and audit commands run on both engines
// (user_commands_test.cpp).
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sk;

TEST_CASE("audit verify finds a score set with sqlite3 for a candidate who never sat, and names a missing audit key")
{
    test::Installation inst;
    const auto id = inst.add_candidate("11010519800101001");
    const auto session = inst.open_session();
    std::int64_t attempt = 0;
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        const auto ticket = svc.register_candidate(exam::Actor{"setup", {exam::Role::ExamStaff}},
                                                   exam::ExamStore(d).candidate_by_id_number(id)->id, session, "A01");
        attempt = exam::ExamStore(d).attempt_by_ticket(ticket)->id;
    }
    CHECK(inst.as("admin", {"audit", "verify"}).code == 0);
    {
        auto d = inst.open();
        d.exec("UPDATE attempt SET state = 'scored', score = 100, passed = 1 WHERE id = " + std::to_string(attempt));
    }
    auto edited = inst.as("admin", {"audit", "verify"});
    CHECK(edited.code == 1);
    CHECK(edited.out.find("table attempt, id " + std::to_string(attempt) + ": changed outside SafeKiosk") !=
          std::string::npos);

    const auto key = inst.dir / "kiosk.db.keys" / "audit.key";
    std::filesystem::rename(key, inst.dir / "audit.key.away");
    auto missing = inst.as("admin", {"audit", "verify"});
    CHECK(missing.code == 1);
    CHECK(missing.out.find(key.string() + ": the audit key is missing") != std::string::npos);
    // An audited change is refused, naming the key, rather than made with a new key.
    auto refused = inst.as("admin", {"user", "roles", "staff", "--role", "exam-staff"});
    CHECK(refused.code == 1);
    CHECK(refused.err.find("the audit key is missing") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(key));
}
