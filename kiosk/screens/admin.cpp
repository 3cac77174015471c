// The administrator's screen behind the PIN: what this kiosk is, today's and all anonymous counts, and the
// buttons to go back to the visitors' screens or to quit the program.
#include "content/calendar.hpp"
#include "content/storage/visit_store.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/screens/exhibit_library.hpp"
#include "kiosk/screens/screens.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"


namespace sk::kiosk {

namespace {

// 00:00 (China Standard Time) of the day of `t`.
content::TimePoint start_of_day(content::TimePoint t)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    return content::TimePoint(std::chrono::milliseconds(calendar::midnight_ms(ms)));
}

class AdminScreen final : public Screen {
public:
    explicit AdminScreen(Services& s) : s_(s) {}

    void enter(const std::string&, bool) override
    {
        today_ = s_.visits.totals({start_of_day(s_.clock.wall()), std::nullopt});
        total_ = s_.visits.totals();
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        ui::begin_screen_window("admin");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float e = ui::em();
        const float column = std::min(vp->Size.x - e * 3, e * 30);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        ImGui::SetCursorScreenPos({x, vp->Pos.y + e * 2.5f});
        ImGui::BeginGroup();
        ui::text(tr(Key::admin_menu_title), ui::colour::accent, f.heading);
        ImGui::Dummy({0, e * 0.8f});
        const Key role = s_.config.role == Role::Exam       ? Key::role_exam
                         : s_.config.role == Role::Training ? Key::role_training
                                                            : Key::role_exhibit;
        ui::paragraph(tr.format(Key::admin_role, {tr(role)}), ui::colour::text, nullptr, column);
        ui::paragraph(tr.format(Key::admin_database, {s_.database_path.string()}), ui::colour::text_dim, nullptr,
                      column);
        // The anonymous visit counts belong to the exhibit kiosk; an exam or training kiosk has none.
        if (s_.exhibits) {
            ui::paragraph(tr.format(Key::admin_exhibits, {std::to_string(s_.exhibits->all().size())}),
                          ui::colour::text, nullptr, column);
            ImGui::Dummy({0, e * 0.5f});
            ui::paragraph(tr.format(Key::admin_stats_today, {std::to_string(today_.visits),
                                                             std::to_string(today_.answers),
                                                             std::to_string(today_.correct)}),
                          ui::colour::text, nullptr, column);
            ui::paragraph(tr.format(Key::admin_stats_total, {std::to_string(total_.visits),
                                                             std::to_string(total_.answers),
                                                             std::to_string(total_.correct)}),
                          ui::colour::text, nullptr, column);
        }
        ImGui::Dummy({0, e * 2.0f});
        if (ui::big_button(tr(Key::admin_resume).c_str(), {column, 0}, ui::ButtonKind::Primary)) ctx.go("resume");
        ImGui::Dummy({0, e * 0.6f});
        if (ui::big_button(tr(Key::admin_exit).c_str(), {column, 0}, ui::ButtonKind::Wrong)) ctx.quit();
        ImGui::EndGroup();
        ImGui::End();
    }

private:
    Services& s_;
    content::VisitCounts today_;
    content::VisitCounts total_;
};

} // namespace

std::unique_ptr<Screen> make_admin_screen(Services& s) { return std::make_unique<AdminScreen>(s); }

} // namespace sk::kiosk
