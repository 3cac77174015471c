#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/training.hpp"
#include "admin/demo_setup.hpp"
#include "tests/admin/run_admin.hpp"

#include <doctest/doctest.h>

#include <set>

#include <algorithm>
#include <nlohmann/json.hpp>

using namespace sk;

TEST_CASE("the demo pack and demo setup give a session open today that a demo examinee can check in to")
{
    test::TempDir dir;
    const std::string db = dir.database("demo.db");
    auto imported = test::run_admin({"--db", db, "content", "import", test::source_path("media/demo-pack").string()});
    REQUIRE_MESSAGE(imported.code == 0, imported.err);
    auto setup = test::run_admin({"--db", db, "demo", "setup", "--json"});
    REQUIRE_MESSAGE(setup.code == 0, setup.err);
    auto j = nlohmann::json::parse(setup.out);
    REQUIRE(j["examinees"].size() == 3);
    for (const auto& e : j["examinees"]) CHECK_MESSAGE(e["note"] == "", e["note"].get<std::string>());
    // Running it again (signed in as the demo administrator: the installation has users now) changes nothing: same
    // tickets.
    auto again = test::run_admin({"--db", db, "--user", "admin", "demo", "setup", "--json"},
                                 {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    REQUIRE_MESSAGE(again.code == 0, again.err);
    CHECK(nlohmann::json::parse(again.out)["examinees"] == j["examinees"]);

    auto database = storage::open(db, {&content::schema(), &exam::schema()});
    exam::ExamService svc(database);
    const auto& first = j["examinees"][0];
    auto attempt = svc.check_in(first["id_number"], first["ticket"], first["kiosk"], j["room"]);
    svc.confirm_identity(attempt);
    svc.show_instructions(attempt);
    svc.start(attempt);
    auto v = svc.view(attempt);
    CHECK(v.total == 100);
    CHECK_FALSE(v.candidate.photo.empty());
    // The manager's paper has multiple-choice questions from the demo pack.
    const auto& mgr = j["examinees"][2];
    auto m = svc.check_in(mgr["id_number"], mgr["ticket"], mgr["kiosk"], j["room"]);
    svc.confirm_identity(m);
    svc.show_instructions(m);
    svc.start(m);
    int multi = 0;
    for (const auto& q : svc.shown_paper(m)) multi += q.type == content::QuestionType::Multiple ? 1 : 0;
    CHECK(multi == 20);

    exam::TrainingService training(database);
    CHECK(training.sign_in(j["trainee"]["id_number"], j["trainee"]["pin"]) > 0);
}

TEST_CASE("demo setup late in the evening still opens a session for hours: at 23:59:30 China Standard Time the day's "
          "session would have ended 30 s later")
{
    // 2026-12-07 23:59:30 CST is 15:59:30 UTC; the day began at 2026-12-06 16:00 UTC.
    const std::int64_t late = 1796659170'000, midnight = 1796572800'000;
    const auto w = admin::demo_session_window(late);
    CHECK(w.starts_at_ms == midnight);
    CHECK(w.ends_at_ms == late + 4 * 3600'000LL);
    // At noon (04:00 UTC) the day's hours, to 23:59.
    const auto noon = admin::demo_session_window(1796616000'000);
    CHECK(noon.starts_at_ms == midnight);
    CHECK(noon.ends_at_ms == midnight + calendar::kDayMs - 60'000);
}

namespace {

std::vector<std::string> logins(const std::string& db)
{
    auto database = storage::open(db, {&content::schema(), &exam::schema()});
    std::vector<std::string> out;
    for (const auto& u : exam::ExamStore(database).users()) out.push_back(u.login);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<exam::AuditEntry> user_additions(const std::string& db)
{
    auto database = storage::open(db, {&content::schema(), &exam::schema()});
    std::vector<exam::AuditEntry> out;
    for (const auto& e : exam::ExamStore(database).audit_entries())
        if (e.action == "user.add") out.push_back(e);
    return out;
}

} // namespace

TEST_CASE("demo setup on an empty installation needs no sign-in and audits every demo user it adds")
{
    test::TempDir dir;
    const std::string db = dir.database("empty.db");
    auto setup = test::run_admin({"--db", db, "demo", "setup", "--json"});
    REQUIRE_MESSAGE(setup.code == 0, setup.err);
    CHECK(logins(db) == std::vector<std::string>{"admin", "certs", "examiner", "proctor", "staff", "trainer"});
    auto added = user_additions(db);
    REQUIRE(added.size() == 6);
    for (const auto& e : added) CHECK(e.actor == "demo-setup");
    CHECK(added.front().entity == "user:admin");
    CHECK(added.front().detail == "admin");
    // The audit chain stays intact.
    auto database = storage::open(db, {&content::schema(), &exam::schema()});
    CHECK(exam::ExamStore(database).verify_audit().empty());
}

TEST_CASE("demo setup is no back door: an installation with users needs an administrator who asks for demo users")
{
    test::TempDir dir;
    const std::string db = dir.database("real.db");
    auto first = test::run_admin({"--db", db, "user", "add", "--first", "root", "--name", "管理员"},
                                 {{"SAFEKIOSK_NEW_PASSWORD", "root-password"}});
    REQUIRE_MESSAGE(first.code == 0, first.err);
    auto clerk = test::run_admin({"--db", db, "--user", "root", "user", "add", "clerk", "--name", "职员", "--role",
                                  "exam-staff"},
                                 {{"SAFEKIOSK_PASSWORD", "root-password"}, {"SAFEKIOSK_NEW_PASSWORD", "clerk-password"}});
    REQUIRE_MESSAGE(clerk.code == 0, clerk.err);
    const auto before = logins(db);
    REQUIRE(before == std::vector<std::string>{"clerk", "root"});

    // Without sign-in: refused, nothing added.
    auto anonymous = test::run_admin({"--db", db, "demo", "setup"});
    CHECK(anonymous.code == 4);
    CHECK(anonymous.err.find("already has users") != std::string::npos);
    CHECK(anonymous.err.find("--add-demo-users") != std::string::npos);
    CHECK(logins(db) == before);
    // Even with the flag, no sign-in is no administrator.
    CHECK(test::run_admin({"--db", db, "demo", "setup", "--add-demo-users"}).code == 4);
    CHECK(logins(db) == before);
    // The demo password does not sign anybody in here.
    CHECK(test::run_admin({"--db", db, "--user", "admin", "demo", "setup", "--add-demo-users"},
                          {{"SAFEKIOSK_PASSWORD", "demo-2026"}})
              .code == 4);
    // A signed-in user who is not an administrator: refused.
    auto staff = test::run_admin({"--db", db, "--user", "clerk", "demo", "setup", "--add-demo-users"},
                                 {{"SAFEKIOSK_PASSWORD", "clerk-password"}});
    CHECK(staff.code == 4);
    CHECK(logins(db) == before);
    // An administrator who does not ask explicitly: refused, naming the users it would add.
    auto unasked = test::run_admin({"--db", db, "--user", "root", "demo", "setup"}, {{"SAFEKIOSK_PASSWORD", "root-password"}});
    CHECK(unasked.code == 1);
    CHECK(unasked.err.find("admin, staff, proctor, examiner, trainer, certs") != std::string::npos);
    CHECK(unasked.err.find("--add-demo-users") != std::string::npos);
    CHECK(logins(db) == before);
    CHECK(user_additions(db).size() == 1); // clerk only

    // Asked by the administrator: added, each audited with the administrator as the actor.
    auto asked = test::run_admin({"--db", db, "--user", "root", "demo", "setup", "--add-demo-users", "--json"},
                                 {{"SAFEKIOSK_PASSWORD", "root-password"}});
    REQUIRE_MESSAGE(asked.code == 0, asked.err);
    CHECK(logins(db).size() == 8);
    auto added = user_additions(db);
    REQUIRE(added.size() == 7);
    for (std::size_t i = 1; i < added.size(); ++i) CHECK(added[i].actor == "root");
    CHECK(added[2].entity == "user:staff");
    CHECK(added[2].detail == "exam-staff");
    CHECK(added[5].entity == "user:trainer");
    CHECK(added[5].detail.rfind("trainer (", 0) == 0);

    // Everything else it made (blueprints, candidates, class hours, sessions, registrations, the trainee's PIN) is
    // audited in the administrator's name too, never "demo-setup", and the chain holds.
    auto database = storage::open(db, {&content::schema(), &exam::schema()});
    std::set<std::string> actions;
    for (const auto& e : exam::ExamStore(database).audit_entries()) {
        CAPTURE(e.action);
        CHECK(e.actor != "demo-setup");
        actions.insert(e.action);
    }
    std::string seen;
    for (const auto& a : actions) seen += a + " ";
    INFO(seen);
    for (const char* a : {"candidate.add", "blueprint.save", "trainee.set_pin"}) CHECK(actions.count(a) == 1);
    CHECK(exam::ExamStore(database).verify_audit().empty());
}

TEST_CASE("demo setup with a missing demo photo is refused naming the file, changing nothing")
{
    test::TempDir dir;
    const std::string db = dir.database("empty.db");
    std::filesystem::create_directories(dir / "photos");
    for (const char* name : {"person-1.png", "person-2.png", "person-3.png"})
        std::filesystem::copy_file(test::source_path(std::string("media/demo-people/") + name),
                                   dir / "photos" / name);
    auto setup = test::run_admin({"--db", db, "demo", "setup", "--photos", (dir / "photos").string()});
    INFO(setup.out, setup.err);
    CHECK(setup.code == 1);
    CHECK(setup.err.find((dir / "photos" / "person-4.png").string()) != std::string::npos);
    CHECK(logins(db).empty());
}
