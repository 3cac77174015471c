// The questions panel's import as it runs on the job thread: a Moodle GIFT file goes into the item chosen in the
// filter, progress is reported, Cancel (a stop requested) stores nothing, a Moodle file without an item and a user
// who may not edit content are refused.
#include "admin/gui/content_import.hpp"
#include "exam/content_audit.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

#include <stop_token>

using namespace sk;
using admin::gui::ContentImportRequest;
using admin::gui::JobControl;

namespace {
const char* kGift = "::g1:: 停电检修前必须先验电。 {T}\n\n"
                    "::g2:: 低压验电器的测量范围是（ ）。 {=60–500 V ~0–36 V ~1–10 kV}\n";
}

TEST_CASE("the window's content import puts a GIFT file into the chosen item, and a cancelled one stores nothing")
{
    test::ExamFixture fx;
    test::write_file(fx.dir / "questions.gift", kGift);
    content::ContentStore store(fx.db);
    content::QuestionFilter in_item;
    in_item.item_id = fx.item("电工作业", "低压电工作业");
    const auto before = store.count_questions(in_item);
    ContentImportRequest request{fx.dir / "kiosk.db", fx.dir / "questions.gift", "电工作业", "低压电工作业", fx.admin};

    // Cancel pressed before the first step ended: rolled back.
    std::stop_source stop;
    stop.request_stop();
    JobControl cancelled(stop.get_token(), [](float, std::string) {});
    const auto none = admin::gui::import_content(request, cancelled);
    CHECK(none.cancelled);
    CHECK_FALSE(none.committed);
    CHECK(store.count_questions(in_item) == before);

    std::vector<float> fractions;
    std::stop_source go;
    JobControl job(go.get_token(), [&](float f, std::string) { fractions.push_back(f); });
    const auto r = admin::gui::import_content(request, job);
    CHECK(r.committed);
    CHECK(r.inserted == 2);
    CHECK(store.count_questions(in_item) == before + 2);
    REQUIRE_FALSE(fractions.empty());
    CHECK(fractions.back() == doctest::Approx(1.0));
    // Audited with who imported, the file's digest and the counts; the cancelled import left no entry.
    std::vector<exam::AuditEntry> imports;
    for (const auto& e : fx.exam_store.audit_entries())
        if (e.action == "content.import") imports.push_back(e);
    REQUIRE(imports.size() == 1);
    CHECK(imports[0].actor == fx.admin.login);
    CHECK(imports[0].detail.find("blake2b:" + exam::content_file_digest(fx.dir / "questions.gift")) != std::string::npos);
    CHECK(imports[0].detail.find("inserted 2") != std::string::npos);

    // Without an item a Moodle file cannot go anywhere; training staff may not import.
    request.category = request.item = "";
    CHECK_THROWS_AS(admin::gui::import_content(request, job), std::invalid_argument);
    request.actor = fx.trainer;
    CHECK_THROWS_AS(admin::gui::import_content(request, job), exam::PermissionDenied);
}
