// The demo installation: demo users, blueprints, candidates registered for an exam session open today, a demo
// trainee, so that a newcomer can try every role at once (README "Quick start"). Idempotent: running it again
// keeps what exists and opens a new session when today has none.
//
// The demo users have a published password, so demo setup is no back door: on an installation that already has
// users it runs only for a signed-in administrator, and adds a missing demo user only when asked explicitly
// (DemoAuthority::add_demo_users, `--add-demo-users`). Every user it adds is audited ("user.add": actor, user, role).
#pragma once

#include "content/calendar.hpp"
#include "content/storage/database.hpp"
#include "exam/roles.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sk::admin {

struct DemoPerson {
    std::string name;
    std::string id_number;
    std::string item;    // category / item
    std::string ticket;  // admission ticket for today's session; empty for the trainee
    std::string kiosk;
    std::string note;    // why not registered, when not
};

struct DemoUser {
    std::string login;
    std::string password;
    std::string roles;
};

struct DemoSummary {
    std::vector<DemoPerson> examinees;
    DemoPerson trainee;
    std::string trainee_pin;
    std::vector<DemoUser> users;
    std::string room;
    std::string session_window; // local time
};

// The demo passwords and PIN are public (README): a real installation replaces them.
inline constexpr const char* kDemoPassword = "demo-2026";
inline constexpr const char* kDemoTraineePin = "123456";

// Who asks for the demo installation. An empty installation needs nobody; once it has users, `actor` must be a
// signed-in administrator (PermissionDenied otherwise), and `add_demo_users` must be set when a demo user is
// missing (ExamError otherwise), so that nothing is added unasked.
struct DemoAuthority {
    std::optional<exam::Actor> actor;
    bool add_demo_users = false;
};

// The hours of the demo session demo setup opens at `now_ms`: today in China Standard Time from midnight to 23:59,
// and at least 4 hours from now, so that a setup made late in the evening (at 23:59 the day's session would end a
// minute later) still gives a session to try. `starts_at_ms` is the day's midnight: the key of today's session.
struct DemoSessionWindow {
    std::int64_t starts_at_ms = 0;
    std::int64_t ends_at_ms = 0;
};
inline DemoSessionWindow demo_session_window(std::int64_t now_ms)
{
    const std::int64_t day = calendar::midnight_ms(now_ms);
    return {day, std::max<std::int64_t>(day + calendar::kDayMs - 60000, now_ms + 4 * 3600000LL)};
}

// The logins demo setup makes (README "Quick start").
std::vector<std::string> demo_logins();

DemoSummary setup_demo(storage::Database& db, std::int64_t now_ms, const std::filesystem::path& photos_dir,
                       const DemoAuthority& who = {});

} // namespace sk::admin
