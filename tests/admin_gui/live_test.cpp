// Live panels: a change made by another process (the real safekiosk-admin) shows in an open panel within a few
// seconds, found by the installation's revision (exam::ChangeWatch), which costs one indexed query per second.
#include "admin/gui/app.hpp"
#include "exam/change_watch.hpp"
#include "exam/users.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <thread>

using namespace sk;

namespace {
const char* kFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

bool lists(admin::gui::Panel* p, const std::string& needle)
{
    const auto rows = p->rows();
    return std::any_of(rows.begin(), rows.end(), [&](const std::string& r) { return r.find(needle) != std::string::npos; });
}
} // namespace

TEST_CASE("a certificate issued by another process appears in the open certificates panel within seconds")
{
    if (!std::filesystem::exists(kFont)) return;
    test::ExamFixture f;
    exam::UserService users(f.db);
    users.add_first_user({"admin", "管理员", "password-admin", {exam::Role::Administrator}, ""});
    users.add_user({"admin", {exam::Role::Administrator}},
                   {"certs", "发证员", "password-certs", {exam::Role::CertificateOfficer}, ""});
    f.now_ms = exam::system_now_ms() - 3 * 3600 * 1000; // the other process issues on the real clock
    const std::string id = test::id_number("19810202", 22);
    const auto cid = f.passed_electrician(id, "李娜");
    (void)cid;
    const std::string second = test::id_number("19790707", 31);
    f.passed_electrician(second, "王强");

    setenv("SDL_VIDEODRIVER", "dummy", 1);
    REQUIRE(SDL_Init(SDL_INIT_VIDEO) == 0);
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 1280, 800, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    {
        admin::gui::Services services(f.dir / "kiosk.db");
        const auto font = ui::FontFile::load(kFont);
        admin::gui::App app(services, renderer, font, {1280, 800}, {});
        REQUIRE(app.sign_in("certs", "password-certs"));
        REQUIRE(app.show_panel("certificates"));
        auto* panel = app.current_panel();
        app.frame(1.0f / 60);
        CHECK(lists(panel, "pending " + id));
        CHECK_FALSE(lists(panel, "T" + id));

        // Nothing changed: the panel is not reloaded.
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
        CHECK_FALSE(app.poll_changes());

        auto r = test::run_admin({"--db", (f.dir / "kiosk.db").string(), "--user", "certs", "cert", "issue", id},
                                 {{"SAFEKIOSK_PASSWORD", "password-certs"}});
        INFO(r.out, r.err);
        REQUIRE(r.code == 0);
        const auto start = std::chrono::steady_clock::now();
        bool shown = false;
        while (!shown && std::chrono::steady_clock::now() - start < std::chrono::seconds(3)) {
            app.frame(1.0f / 60);
            shown = lists(panel, "T" + id + " 李娜");
            if (!shown) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CHECK(shown);
        CHECK_FALSE(lists(panel, "pending " + id));

        // And the next change made elsewhere too: the window reads each new revision, not only the first.
        r = test::run_admin({"--db", (f.dir / "kiosk.db").string(), "--user", "certs", "cert", "issue", second},
                            {{"SAFEKIOSK_PASSWORD", "password-certs"}});
        INFO(r.out, r.err);
        REQUIRE(r.code == 0);
        const auto again = std::chrono::steady_clock::now();
        shown = false;
        while (!shown && std::chrono::steady_clock::now() - again < std::chrono::seconds(3)) {
            app.frame(1.0f / 60);
            shown = lists(panel, "T" + second + " 王强");
            if (!shown) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CHECK(shown);
        CHECK_FALSE(lists(panel, "pending " + second));
    }
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    SDL_Quit();
}

TEST_CASE("the change watch reads the revision at most once a second and says each new revision once")
{
    test::ExamFixture f;
    std::int64_t now = 1'000'000;
    exam::ChangeWatch watch(f.exam, [&] { return now; });
    CHECK_FALSE(watch.changed());
    f.exam.set_class_hours(f.trainer, f.candidate(test::id_number("19800101", 11), "张伟", f.item("电工作业", "低压电工作业")), 40);
    CHECK_FALSE(watch.changed()); // asked less than a second ago
    now += 1000;
    CHECK(watch.changed());
    now += 1000;
    CHECK_FALSE(watch.changed()); // once per revision
    // Its cost while nothing changes is a bench figure (bench/panel_bench), not a timed test.
}
