#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/training.hpp"
#include "tests/admin/run_admin.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sk;

TEST_CASE("the demo pack and demo setup give a session open today that a demo examinee can check in to")
{
    test::TempDir dir;
    const std::string db = (dir / "demo.db").string();
    auto imported = test::run_admin({"--db", db, "content", "import", test::source_path("media/demo-pack").string()});
    REQUIRE_MESSAGE(imported.code == 0, imported.err);
    auto setup = test::run_admin({"--db", db, "demo", "setup", "--json"});
    REQUIRE_MESSAGE(setup.code == 0, setup.err);
    auto j = nlohmann::json::parse(setup.out);
    REQUIRE(j["examinees"].size() == 3);
    for (const auto& e : j["examinees"]) CHECK_MESSAGE(e["note"] == "", e["note"].get<std::string>());
    // Running it again changes nothing: same tickets.
    auto again = test::run_admin({"--db", db, "demo", "setup", "--json"});
    REQUIRE(again.code == 0);
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
