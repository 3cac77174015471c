#include "admin/commands/demo_commands.hpp"

#include "admin/demo_setup.hpp"
#include "exam/exam_service.hpp"
#include "exam/users.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

namespace sk::admin {

namespace {

// The demo photos: those of an installed (or extracted) package, <prefix>/share/safekiosk/media beside
// <prefix>/bin/safekiosk-admin, else this source tree's media/ (a program run from its build folder).
std::string default_photos()
{
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "safekiosk" / "media" / "demo-people";
        if (std::filesystem::is_directory(installed, ec)) return installed.string();
    }
    return SAFEKIOSK_MEDIA_DIR "/demo-people";
}

struct DemoOptions {
    std::string photos = default_photos();
    bool add_demo_users = false;
};

int do_setup(Context& ctx, const DemoOptions& o)
{
    auto db = open_database(ctx, true);
    // An empty installation has nobody to sign in as (README quick start); once it has users, only a signed-in
    // administrator may run it (setup_demo refuses otherwise).
    DemoAuthority who;
    who.add_demo_users = o.add_demo_users;
    if (exam::UserService(db).has_users() && !ctx.user.empty()) who.actor = sign_in(ctx, db);
    auto s = setup_demo(db, exam::system_now_ms(), o.photos, who);
    if (ctx.json) {
        nlohmann::ordered_json j;
        j["room"] = s.room;
        j["session"] = s.session_window;
        j["examinees"] = nlohmann::ordered_json::array();
        for (const auto& p : s.examinees)
            j["examinees"].push_back({{"name", p.name}, {"id_number", p.id_number}, {"item", p.item},
                                      {"ticket", p.ticket}, {"kiosk", p.kiosk}, {"note", p.note}});
        j["trainee"] = {{"name", s.trainee.name}, {"id_number", s.trainee.id_number}, {"pin", s.trainee_pin}};
        j["users"] = nlohmann::ordered_json::array();
        for (const auto& u : s.users) j["users"].push_back({{"login", u.login}, {"password", u.password}, {"role", u.roles}});
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    std::cout << "Demo installation ready: " << database_path(ctx) << "\n\n"
              << "Exam session today (" << s.session_window << "), room " << s.room << ":\n";
    for (const auto& p : s.examinees) {
        std::cout << "  " << p.name << "  ID " << p.id_number << "  ticket " << (p.ticket.empty() ? "-" : p.ticket)
                  << "  kiosk " << p.kiosk << "  " << p.item;
        if (!p.note.empty()) std::cout << "  (" << p.note << ")";
        std::cout << "\n";
    }
    std::cout << "Trainee: " << s.trainee.name << "  ID " << s.trainee.id_number << "  PIN " << s.trainee_pin << "  "
              << s.trainee.item << "\n"
              << "Users (password " << kDemoPassword << "):";
    for (const auto& u : s.users) std::cout << " " << u.login << " (" << u.roles << ")";
    std::cout << "\n";
    return kOk;
}

} // namespace

void register_demo_commands(CLI::App& app, Context& ctx)
{
    CLI::App* demo = app.add_subcommand("demo", "the demo installation");
    demo->require_subcommand(1);
    auto opts = std::make_shared<DemoOptions>();
    CLI::App* setup = demo->add_subcommand(
        "setup", "demo users, candidates registered for an exam session today, a demo trainee (idempotent)");
    setup->add_option("--photos", opts->photos, "folder of the demo registration photos");
    setup->add_flag("--add-demo-users", opts->add_demo_users,
                    "on an installation that has users (sign in as an administrator with --user): add the missing "
                    "demo users, whose password is published");
    setup->callback([&ctx, opts] { ctx.action = [&ctx, opts] { return do_setup(ctx, *opts); }; });
}

} // namespace sk::admin
