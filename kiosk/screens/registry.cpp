#include "kiosk/screens/registry.hpp"

#include "kiosk/app/services.hpp"
#include "kiosk/screens/exhibit_library.hpp"
#include "kiosk/screens/screens.hpp"
#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"

#include <algorithm>
#include <set>
#include <string_view>

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
        {"exam-attract", {Role::Exam}, make_exam_attract_screen},
        {"exam-id", {Role::Exam}, make_exam_id_screen},
        {"exam-ticket", {Role::Exam}, make_exam_ticket_screen},
        {"exam-identity", {Role::Exam}, make_exam_identity_screen},
        {"exam-rules", {Role::Exam}, make_exam_rules_screen},
        {"exam-paper", {Role::Exam}, make_exam_paper_screen},
        {"exam-result", {Role::Exam}, make_exam_result_screen},
        {"exam-moved", {Role::Exam}, make_exam_moved_screen},
        {"train-signin", {Role::Training}, make_train_signin_screen},
        {"train-menu", {Role::Training}, make_train_menu_screen},
        {"train-practice", {Role::Training}, make_train_practice_screen},
        {"train-mock", {Role::Training}, make_train_mock_screen},
        {"train-progress", {Role::Training}, make_train_progress_screen},
        {"admin-pin", {}, make_admin_pin_screen},
        {"admin", {}, make_admin_screen},
        // Reached through the administrator gate (admin-pin's 监考员登录) on an exam kiosk only.
        {"proctor", {Role::Exam}, make_proctor_screen},
    };
    return table;
}

// (screen, event) → screen. "*" is every screen; "<back>" the screen before; "<start>" the role's start screen.
const std::vector<FlowEdge>& flow_table()
{
    static const std::vector<FlowEdge> flow{
        {"attract", "start", "browse"},
        {"attract", "pick", "case"},
        {"browse", "back", "<start>"},
        {"browse", "pick", "case-list"},
        {"case-list", "back", "<back>"},
        {"case-list", "pick", "case"},
        {"case", "back", "<back>"},
        {"case", "quiz", "quiz"},
        {"quiz", "back", "<back>"},
        {"quiz", "more", "browse"},
        {"exam-attract", "start", "exam-id"},
        {"exam-attract", "resume", "exam-paper"},
        {"exam-id", "back", "<start>"},
        {"exam-id", "next", "exam-ticket"},
        {"exam-ticket", "back", "<back>"},
        {"exam-ticket", "ok", "exam-identity"},
        {"exam-identity", "ok", "exam-rules"},
        {"exam-rules", "ok", "exam-paper"},
        {"exam-paper", "done", "exam-result"},
        // The centre seated the attempt at another kiosk (移机): this one stops it.
        {"exam-identity", "moved", "exam-moved"},
        {"exam-rules", "moved", "exam-moved"},
        {"exam-paper", "moved", "exam-moved"},
        {"exam-moved", "done", "<start>"},
        {"train-signin", "ok", "train-menu"},
        {"train-menu", "practice", "train-practice"},
        {"train-practice", "back", "<back>"},
        {"train-menu", "mock", "train-mock"},
        {"train-mock", "back", "<back>"},
        {"train-menu", "progress", "train-progress"},
        {"train-progress", "back", "<back>"},
        {"*", "home", "<start>"},
        {"*", "admin", "admin-pin"},
        {"admin-pin", "back", "<back>"},
        {"admin-pin", "ok", "admin"},
        {"admin", "resume", "<start>"},
        {"admin-pin", "proctor", "proctor"},
        {"proctor", "signout", "<before:admin-pin>"},
    };
    return flow;
}

const std::vector<RoleStart>& role_starts()
{
    static const std::vector<RoleStart> starts{
        {Role::Exhibit, "attract"},
        {Role::Exam, "exam-attract"},
        {Role::Training, "train-signin"},
    };
    return starts;
}

bool has_screen(const ScreenEntry& entry, Role role)
{
    return entry.roles.empty() || std::find(entry.roles.begin(), entry.roles.end(), role) != entry.roles.end();
}

std::vector<const ScreenEntry*> role_screens(Role role)
{
    std::vector<const ScreenEntry*> out;
    for (const auto& e : screen_table())
        if (has_screen(e, role)) out.push_back(&e);
    return out;
}

std::vector<FlowEdge> role_flow(Role role)
{
    // The screens of other roles: an edge that touches one is not this role's (admin-pin --proctor--> proctor on a
    // training kiosk). A name that is no screen at all stays, so that the navigator refuses it.
    std::set<std::string> foreign;
    for (const auto& e : screen_table())
        if (!has_screen(e, role)) foreign.insert(e.name);
    std::vector<FlowEdge> out;
    for (const auto& edge : flow_table())
        if (!foreign.count(edge.from) && !foreign.count(edge.to)) out.push_back(edge);
    return out;
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
    if (services.exam) {
        // The question pools (stems, options, chapters), the people and the room. The engine's refusals are worded
        // by the language files (Strings::error), whose text is in the glyphs already.
        content::QuestionFilter filter;
        for (const auto& q : services.content.questions(filter)) {
            large.push_back(q.stem);
            for (const auto& o : q.options) large.push_back(o);
            all.push_back(q.chapter);
            all.push_back(q.explanation);
        }
        for (const auto& item : services.content.catalogue().items) large.push_back(item.name);
        auto shown = services.exam->shown_names();
        for (auto& name : shown.names) large.push_back(std::move(name));
        for (auto& sex : shown.sexes) large.push_back(std::move(sex)); // the identity screen's large lines
        for (auto& title : shown.titles) large.push_back(std::move(title));
        large.push_back(services.config.room);
        large.push_back(services.config.kiosk_id);
    }
}

} // namespace sk::kiosk
