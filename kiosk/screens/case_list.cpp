// The cases of one industry (or all), as cards with a picture, the title, when and where, and the casualties.
#include "kiosk/app/services.hpp"
#include "kiosk/screens/chrome.hpp"
#include "kiosk/screens/exhibit_library.hpp"
#include "kiosk/screens/screens.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/scroll.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/textures.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

namespace sk::kiosk {

namespace {

class CaseListScreen final : public Screen {
public:
    explicit CaseListScreen(Services& s) : lib_(*s.exhibits) {}

    void enter(const std::string& industry, bool back) override
    {
        if (!back) reset_scroll_ = true;
        industry_ = industry == "*" ? std::string() : industry;
        cases_ = lib_.in_industry(industry_);
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        ui::begin_screen_window("case-list");
        exhibit_top_bar(ctx, industry_.empty() ? tr(Key::browse_all) : ctx.shown_text(industry_));
        const float e = ui::em();
        const float m = e * 1.5f;
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetCursorScreenPos({vp->Pos.x + m, ImGui::GetCursorScreenPos().y + e * 1.0f});
        ui::text(tr.format(Key::browse_count, {std::to_string(cases_.size())}) + " · " + tr(Key::list_hint),
                 ui::colour::text_dim);
        ImGui::SetCursorScreenPos({vp->Pos.x + m, ImGui::GetCursorScreenPos().y + e * 0.4f});
        const ImVec2 area{vp->Size.x - m * 2, vp->Pos.y + vp->Size.y - ImGui::GetCursorScreenPos().y - m};
        ui::begin_scroll_area("cases", area);
        if (reset_scroll_) {
            ImGui::SetScrollY(0);
            reset_scroll_ = false;
        }
        const int columns = portrait() ? 1 : 2;
        const float gap = e * 1.0f;
        const float scrollbar = ImGui::GetStyle().ScrollbarSize + e * 0.3f;
        const float card_w = (area.x - scrollbar - gap * (columns - 1)) / columns;
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {gap, gap});
        for (std::size_t i = 0; i < cases_.size(); ++i) {
            if (i % columns != 0) ImGui::SameLine(0, gap);
            if (card(ctx, ctx.shown(*cases_[i]), card_w)) ctx.go("pick", cases_[i]->uid);
        }
        ImGui::PopStyleVar();
        ui::end_scroll_area();
        ImGui::End();
    }

private:
    bool card(ScreenContext& ctx, const content::Exhibit& ex, float width)
    {
        const auto& f = ui::fonts();
        const float e = ui::em();
        const float pad = e * 0.7f;
        const float height = e * 6.2f;
        ImGui::PushID(ex.uid.c_str());
        const ui::Press p = ui::pressable(ex.title.c_str(), {width, height});
        ImGui::PopID();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ui::fill_rounded(dl, p.min, p.max, p.held ? ui::colour::surface_pressed : ui::colour::surface_high, e * 0.4f);
        const float img_h = height - pad * 2;
        const ImVec2 img_size{img_h * 4 / 3, img_h};
        if (!ex.images.empty())
            ui::draw_image(ctx.textures(), ex.images.front().file, {p.min.x + pad, p.min.y + pad}, img_size,
                           ui::Fit::Contain);
        const float x = p.min.x + pad * 2 + img_size.x;
        const float w = p.max.x - x - pad;
        float y = p.min.y + pad;
        y += ui::draw_paragraph(dl, f.body, f.body->FontSize, {x, y}, w, ui::colour::text, ex.title, 1.2f, 2);
        y += e * 0.4f;
        const float small = f.body->FontSize * 0.85f;
        ui::draw_text(dl, f.body, small, {x, y}, ui::colour::text_dim,
                      ui::wrap(f.body, small, ex.industry + " · " + ex.date + " · " + ex.place, w, 1).front());
        const float bottom = p.max.y - pad - f.body->FontSize;
        ui::draw_text(dl, f.body, f.body->FontSize, {x, bottom}, ex.deaths > 0 ? ui::colour::danger : ui::colour::text,
                      casualties(ctx.tr(), ex));
        return p.clicked;
    }

    const ExhibitLibrary& lib_;
    std::string industry_;
    std::vector<const content::Exhibit*> cases_;
    bool reset_scroll_ = true;
};

} // namespace

std::unique_ptr<Screen> make_case_list_screen(Services& s) { return std::make_unique<CaseListScreen>(s); }

} // namespace sk::kiosk
