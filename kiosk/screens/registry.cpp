#include "kiosk/screens/registry.hpp"

#include "kiosk/app/services.hpp"
#include "kiosk/screens/exhibit_library.hpp"
#include "kiosk/screens/screens.hpp"

namespace sk::kiosk {

// Every screen of every role. The exam and training roles add theirs here.
const std::vector<ScreenEntry>& screen_table()
{
    static const std::vector<ScreenEntry> table{
        {"attract", {Role::Exhibit}, make_attract_screen},
        {"browse", {Role::Exhibit}, make_industries_screen},
        {"case-list", {Role::Exhibit}, make_case_list_screen},
        {"case", {Role::Exhibit}, make_case_screen},
        {"quiz", {Role::Exhibit}, make_quiz_screen},
        {"admin-pin", {}, make_admin_pin_screen},
        {"admin", {}, make_admin_screen},
    };
    return table;
}

// (screen, event) → screen. "*" is every screen; "<back>" the screen before; "<start>" the role's start screen.
const std::vector<FlowEdge>& flow_table()
{
    static const std::vector<FlowEdge> flow{
        {"attract", "start", "browse"},
        {"browse", "back", "<start>"},
        {"browse", "pick", "case-list"},
        {"case-list", "back", "<back>"},
        {"case-list", "pick", "case"},
        {"case", "back", "<back>"},
        {"case", "quiz", "quiz"},
        {"quiz", "back", "<back>"},
        {"quiz", "more", "browse"},
        {"*", "home", "<start>"},
        {"*", "admin", "admin-pin"},
        {"admin-pin", "back", "<back>"},
        {"admin-pin", "ok", "admin"},
        {"admin", "resume", "<start>"},
    };
    return flow;
}

const std::vector<RoleStart>& role_starts()
{
    static const std::vector<RoleStart> starts{
        {Role::Exhibit, "attract"},
    };
    return starts;
}

std::string start_screen(Role role)
{
    for (const auto& s : role_starts())
        if (s.role == role) return s.screen;
    return {};
}

void collect_role_text(Services& services, std::vector<std::string>& all, std::vector<std::string>& large)
{
    if (services.exhibits) services.exhibits->collect_text(all, large);
}

} // namespace sk::kiosk
