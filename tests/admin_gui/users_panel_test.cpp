// The users panel (administrators only): a role change goes through the user service and is audited; one's own
// administrator role is refused by the library and stays; a reset password is shown once and signs in; a disabled
// user cannot sign in; a change made by another process shows in the open panel and never overwrites an edit in
// progress.
#include "admin/gui/users_panel.hpp"
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

std::string row_of(admin::gui::Panel* p, const std::string& login)
{
    for (const auto& r : p->rows())
        if (r.rfind(login + " ", 0) == 0) return r;
    return {};
}

// The message of what `f` throws as E, or "" when it throws nothing.
template <class E, class F>
std::string thrown(F&& f)
{
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return {};
}

struct Window {
    SDL_Surface* surface = nullptr;
    SDL_Renderer* renderer = nullptr;
    Window()
    {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        REQUIRE(SDL_Init(SDL_INIT_VIDEO) == 0);
        surface = SDL_CreateRGBSurfaceWithFormat(0, 1280, 800, 32, SDL_PIXELFORMAT_RGBA32);
        renderer = SDL_CreateSoftwareRenderer(surface);
    }
    ~Window()
    {
        SDL_DestroyRenderer(renderer);
        SDL_FreeSurface(surface);
        SDL_Quit();
    }
};
} // namespace

TEST_CASE("the users panel changes roles through the user service, audited, and refuses one's own administrator role")
{
    if (!std::filesystem::exists(kFont)) return;
    test::ExamFixture f;
    exam::UserService users(f.db);
    users.add_first_user({"admin", "管理员", "password-admin", {exam::Role::Administrator}, ""});
    const exam::Actor admin{"admin", {exam::Role::Administrator}};
    users.add_user(admin, {"chief", "主任", "password-chief", {exam::Role::Administrator}, ""});
    users.add_user(admin, {"staff", "考务员", "password-staff", {exam::Role::ExamStaff}, ""});
    users.add_user(admin, {"certs", "发证员", "password-certs", {exam::Role::CertificateOfficer}, ""});

    Window w;
    {
        admin::gui::Services services(f.dir / "kiosk.db");
        const auto font = ui::FontFile::load(kFont);
        admin::gui::App app(services, w.renderer, font, {1280, 800}, {});

        // Only administrators see the panel.
        REQUIRE(app.sign_in("certs", "password-certs"));
        CHECK_FALSE(app.show_panel("users"));
        app.sign_out();

        REQUIRE(app.sign_in("admin", "password-admin"));
        REQUIRE(app.show_panel("users"));
        auto* panel = dynamic_cast<admin::gui::UsersPanelActions*>(app.current_panel());
        REQUIRE(panel != nullptr);
        app.frame(1.0f / 60);
        CHECK(row_of(panel, "staff") == "staff 考务员 exam-staff");

        // A role change: stored, listed, audited with who did it and what changed.
        REQUIRE(panel->select("staff"));
        panel->tick_role(exam::Role::Proctor, true);
        CHECK(panel->save_roles(app));
        CHECK(row_of(panel, "staff") == "staff 考务员 exam-staff,proctor");
        auto entry = f.exam_store.last_audit_entry("user:staff", "user.roles");
        REQUIRE(entry);
        CHECK(entry->actor == "admin");
        CHECK(entry->detail == "exam-staff -> exam-staff,proctor");
        CHECK(f.exam_store.verify_audit().empty());

        // Own administrator role: refused by the library (another administrator exists), nothing changes.
        const auto revision = f.exam_store.last_audit_id();
        REQUIRE(panel->select("admin"));
        panel->tick_role(exam::Role::Administrator, false);
        panel->tick_role(exam::Role::ExamStaff, true);
        CHECK_FALSE(panel->save_roles(app));
        CHECK(panel->error().find("your own administrator role") != std::string::npos);
        CHECK(row_of(panel, "admin") == "admin 管理员 admin");
        CHECK(f.exam_store.last_audit_id() == revision);
        app.frame(1.0f / 60); // the refusal drawn under the editor
        // The same refusal straight from the library (the panel is not the only guard).
        CHECK(thrown<exam::ExamError>([&] { users.set_roles(admin, "admin", {exam::Role::ExamStaff}, ""); })
                  .find("your own administrator role") != std::string::npos);
        // Disabling oneself is refused too.
        CHECK_FALSE(panel->set_disabled(app, true));
        CHECK(row_of(panel, "admin").find("disabled") == std::string::npos);

        // Reset: the new password is returned once, works, and the old one no longer does.
        REQUIRE(panel->select("staff"));
        const std::string password = panel->reset_password(app);
        CHECK(password.size() == 12);
        CHECK(f.exam_store.last_audit_entry("user:staff", "user.password")->detail == "reset");
        CHECK_THROWS_AS(users.sign_in("staff", "password-staff"), exam::SignInError);
        CHECK(users.sign_in("staff", password).login == "staff");

        // Disabled: listed as such, every sign-in refused (even the right password), enabled again it signs in.
        CHECK(panel->set_disabled(app, true));
        CHECK(row_of(panel, "staff") == "staff 考务员 exam-staff,proctor disabled");
        CHECK(thrown<exam::SignInError>([&] { users.sign_in("staff", password); }).find("disabled") != std::string::npos);
        CHECK(panel->set_disabled(app, false));
        CHECK(users.sign_in("staff", password).login == "staff");
        CHECK(f.exam_store.last_audit_entry("user:staff", "user.disable"));
        CHECK(f.exam_store.verify_audit().empty());
    }
}

TEST_CASE("a role change made by another process shows in the open users panel and keeps an edit in progress")
{
    if (!std::filesystem::exists(kFont)) return;
    test::ExamFixture f;
    exam::UserService users(f.db);
    users.add_first_user({"admin", "管理员", "password-admin", {exam::Role::Administrator}, ""});
    const exam::Actor admin{"admin", {exam::Role::Administrator}};
    users.add_user(admin, {"staff", "考务员", "password-staff", {exam::Role::ExamStaff}, ""});

    Window w;
    {
        admin::gui::Services services(f.dir / "kiosk.db");
        const auto font = ui::FontFile::load(kFont);
        admin::gui::App app(services, w.renderer, font, {1280, 800}, {});
        REQUIRE(app.sign_in("admin", "password-admin"));
        REQUIRE(app.show_panel("users"));
        auto* panel = dynamic_cast<admin::gui::UsersPanelActions*>(app.current_panel());
        REQUIRE(panel != nullptr);
        // An unsaved edit of staff's roles.
        REQUIRE(panel->select("staff"));
        panel->tick_role(exam::Role::Examiner, true);
        app.frame(1.0f / 60);

        const auto other = [&](const std::string& login, const std::string& role) {
            auto r = test::run_admin({"--db", (f.dir / "kiosk.db").string(), "--user", "admin", "user", "roles", login,
                                      "--role", role},
                                     {{"SAFEKIOSK_PASSWORD", "password-admin"}});
            INFO(r.out, r.err);
            REQUIRE(r.code == 0);
        };
        const auto wait_for = [&](const std::string& login, const std::string& row) {
            const auto start = std::chrono::steady_clock::now();
            while (row_of(panel, login) != row && std::chrono::steady_clock::now() - start < std::chrono::seconds(4)) {
                app.frame(1.0f / 60);
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            return row_of(panel, login);
        };

        // The user being edited: the list shows the new roles, the editor keeps the edit and says so.
        other("staff", "cert-officer");
        CHECK(wait_for("staff", "staff 考务员 cert-officer") == "staff 考务员 cert-officer");
        CHECK(panel->changed_elsewhere());
        app.frame(1.0f / 60); // the warning drawn
        // Saving then writes what the editor holds (exam-staff + examiner), audited from cert-officer.
        CHECK(panel->save_roles(app));
        CHECK(row_of(panel, "staff") == "staff 考务员 exam-staff,examiner");
        CHECK(f.exam_store.last_audit_entry("user:staff", "user.roles")->detail ==
              "cert-officer -> exam-staff,examiner");
        CHECK_FALSE(panel->changed_elsewhere());
    }
}
