// The README's first command shows the bundled demo content: the demo pack, imported as safekiosk-admin does it,
// drives the exhibit kiosk through the documented example script.
#include "content/formats/import.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;

TEST_CASE("the demo pack's cases play through the example exhibit tour in both orientations")
{
    test::TempDir dir;
    const auto db_path = dir / "demo.db";
    {
        auto db = storage::open(db_path, {&content::schema(), &content::visits_schema()});
        content::ContentStore store(db);
        REQUIRE(content::formats::import_path(store, test::source_path("media/demo-pack"), {}).ok());
    }
    const std::string script = test::read_file(test::source_path("docs/examples/exhibit-tour.txt"));
    for (const char* size : {"1920x1080", "1080x1920"}) {
        CAPTURE(size);
        auto run = test::run_script(dir.path(), db_path, script, size, "tour.txt", {"--role", "exhibit"});
        INFO(run.err);
        CHECK(run.code == 0);
        CHECK(run.out.find("ends on screen 'attract'") != std::string::npos);
    }
    auto db = storage::open(db_path, {&content::schema(), &content::visits_schema()});
    content::VisitStore visits(db);
    CHECK(visits.totals().visits == 2);
}
