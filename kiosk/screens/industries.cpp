// Browse by industry: one big tile per industry that has cases, with the number of cases, and one for all cases.
#include "kiosk/app/services.hpp"
#include "kiosk/screens/chrome.hpp"
#include "kiosk/screens/exhibit_library.hpp"
#include "kiosk/screens/screens.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/scroll.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <algorithm>

namespace sk::kiosk {

namespace {

class IndustriesScreen final : public Screen {
public:
    explicit IndustriesScreen(Services& s) : lib_(*s.exhibits) {}

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        ui::begin_screen_window("browse");
        exhibit_top_bar(ctx, tr(Key::browse_title));
        const float e = ui::em();
        const float m = e * 1.5f;
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetCursorScreenPos({vp->Pos.x + m, ImGui::GetCursorScreenPos().y + e * 1.0f});
        if (lib_.all().empty()) {
            ui::paragraph(tr(Key::attract_empty), ui::colour::text, nullptr, vp->Size.x - 2 * m);
            ImGui::End();
            return;
        }
        ui::text(tr(Key::browse_hint), ui::colour::text_dim);
        ImGui::SetCursorScreenPos({vp->Pos.x + m, ImGui::GetCursorScreenPos().y + e * 0.4f});
        const ImVec2 area{vp->Size.x - m * 2, vp->Pos.y + vp->Size.y - ImGui::GetCursorScreenPos().y - m};
        ui::begin_scroll_area("industries", area);
        const int columns = portrait() ? 2 : 3;
        const float gap = e * 1.0f;
        const float scrollbar = ImGui::GetStyle().ScrollbarSize + e * 0.3f;
        const float tile_w = (area.x - scrollbar - gap * (columns - 1)) / columns;
        // Every row whole on the screen: tiles shrink (to 3 em) before the list has to scroll.
        const int rows = (static_cast<int>(lib_.industries().size()) + 1 + columns - 1) / columns;
        const float fit_h = (area.y - gap * static_cast<float>(rows)) / static_cast<float>(rows);
        const ImVec2 tile_size{tile_w, std::clamp(fit_h, e * 3.0f, e * 5.0f)};
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {gap, gap});
        int i = 0;
        const auto place = [&] {
            if (i % columns != 0) ImGui::SameLine(0, gap);
            ++i;
        };
        place();
        if (ui::tile(tr(Key::browse_all).c_str(),
                     tr.format(Key::browse_count, {std::to_string(lib_.all().size())}), tile_size))
            ctx.go("pick", "*");
        for (const auto& [industry, count] : lib_.industries()) {
            place();
            const std::string label = ctx.shown_text(industry);
            if (ui::tile(label.c_str(), tr.format(Key::browse_count, {std::to_string(count)}), tile_size))
                ctx.go("pick", industry);
        }
        ImGui::PopStyleVar();
        ImGui::Dummy({0, gap}); // the last row is not flush with the edge of the scroll area
        ui::end_scroll_area();
        ImGui::End();
    }

private:
    const ExhibitLibrary& lib_;
};

} // namespace

std::unique_ptr<Screen> make_industries_screen(Services& s) { return std::make_unique<IndustriesScreen>(s); }

} // namespace sk::kiosk
