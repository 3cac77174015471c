// Attract screen of the exhibit kiosk: the cases with the most casualties, one at a time, changing every few
// seconds on a timer (no frames are drawn in between), and the call to touch the screen.
#include "kiosk/app/services.hpp"
#include "kiosk/screens/chrome.hpp"
#include "kiosk/screens/exhibit_library.hpp"
#include "kiosk/screens/screens.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/textures.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <algorithm>

namespace sk::kiosk {

namespace {

class AttractScreen final : public Screen {
public:
    explicit AttractScreen(Services& s) : lib_(*s.exhibits), config_(s.config) {}

    void enter(const std::string&, bool) override
    {
        slides_ = lib_.highlights();
        index_ = 0;
        next_at_ = 0;
    }

    void draw(ScreenContext& ctx) override
    {
        const std::int64_t interval = config_.attract_interval_s * 1000LL;
        const std::int64_t now = ctx.now_ms();
        if (next_at_ == 0) next_at_ = now + interval;
        if (now >= next_at_ && !slides_.empty()) {
            index_ = (index_ + 1) % static_cast<int>(slides_.size());
            next_at_ = now + interval;
        }
        if (slides_.size() > 1) ctx.wake_at(next_at_);

        const Strings& tr = ctx.tr();
        ui::begin_screen_window("attract");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const ImVec2 o = vp->Pos;
        const ImVec2 size = vp->Size;
        const auto& f = ui::fonts();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float e = ui::em();
        const float m = e * 1.5f;
        // The call to action (a pill above the slide dots) is a button of its own, submitted first so it keeps
        // its taps; the rest of the screen is a button too: a tap on the featured case (its picture and text)
        // opens that case, anywhere else starts browsing.
        const float cta_h = f.heading->FontSize * 2.0f;
        const float cta_w = ui::measure(f.heading, f.heading->FontSize, tr(Key::attract_cta)).x + e * 4;
        const float dots_h = e * 1.2f;
        const float footer_top = o.y + size.y - m - dots_h - cta_h;
        const ImVec2 cta_min{o.x + (size.x - cta_w) / 2, footer_top};
        ImGui::SetCursorScreenPos(cta_min);
        const std::string cta = tr(Key::attract_cta) + "##attract";
        bool start = ui::pressable(cta.c_str(), {cta_w, cta_h}).clicked;
        // 简体 / 繁體 / English: beside the call to action where there is room (landscape), else under the header
        // at the right (upright).
        const float lang_h = std::max(cta_h * 0.8f, 44.0f);
        const float lang_w = language_row_width(tr);
        const bool lang_beside = (size.x - cta_w) / 2 - m - e >= lang_w;
        const float header_line = o.y + m * 0.7f + f.heading->FontSize + e * 0.6f;
        const ImVec2 lang_at = lang_beside ? ImVec2{o.x + m, footer_top + (cta_h - lang_h) / 2}
                                           : ImVec2{o.x + size.x - m - lang_w, header_line + e * 0.8f};
        ImGui::SetCursorScreenPos(lang_at);
        language_row(ctx, lang_h);
        ImGui::SetCursorScreenPos(o);
        const bool tapped = ui::pressable("##attract-screen", size).clicked;
        const ImVec2 at = ImGui::GetIO().MouseClickedPos[0];

        // Header
        const std::string& heading = config_.title.empty() ? tr(Key::attract_heading) : config_.title;
        ui::draw_text(dl, f.heading, f.heading->FontSize, {o.x + m, o.y + m * 0.7f}, ui::colour::accent, heading);
        const float header_bottom = o.y + m * 0.7f + f.heading->FontSize + e * 0.6f;
        const ImVec2 sub_size = ui::measure(f.body, f.body->FontSize, tr(Key::attract_subheading));
        ui::draw_text(dl, f.body, f.body->FontSize,
                      {o.x + size.x - m - sub_size.x, o.y + m * 0.7f + (f.heading->FontSize - sub_size.y) / 2},
                      ui::colour::text_dim, tr(Key::attract_subheading));
        dl->AddLine({o.x + m, header_bottom}, {o.x + size.x - m, header_bottom}, ui::colour::border,
                    std::max(1.0f, e * 0.06f));

        // Footer: the call to action and the slide dots.
        ui::fill_rounded(dl, cta_min, {cta_min.x + cta_w, cta_min.y + cta_h}, ui::colour::accent, cta_h / 2);
        const ImVec2 cta_text = ui::measure(f.heading, f.heading->FontSize, tr(Key::attract_cta));
        ui::draw_text(dl, f.heading, f.heading->FontSize,
                      {cta_min.x + (cta_w - cta_text.x) / 2, cta_min.y + (cta_h - cta_text.y) / 2},
                      ui::colour::on_accent, tr(Key::attract_cta));
        ImGui::SetCursorScreenPos({o.x, footer_top + cta_h + e * 0.6f});
        ImGui::PushClipRect(o, {o.x + size.x, o.y + size.y}, false);
        ui::page_dots(static_cast<int>(slides_.size()), index_);
        ImGui::PopClipRect();

        const ImVec2 area_min{o.x + m, lang_beside ? header_bottom + e * 1.2f : lang_at.y + lang_h + e * 1.0f};
        const ImVec2 area_max{o.x + size.x - m, footer_top - e * 1.2f};
        if (tapped) {
            const bool on_case = !slides_.empty() && at.x >= area_min.x && at.x <= area_max.x && at.y >= area_min.y &&
                                 at.y <= area_max.y;
            if (on_case) ctx.go("pick", slides_[static_cast<std::size_t>(index_)]->uid);
            else start = true;
        }
        if (start) ctx.go("start");
        if (slides_.empty()) {
            ui::draw_paragraph(dl, f.body, f.body->FontSize, area_min, area_max.x - area_min.x, ui::colour::text,
                               tr(Key::attract_empty));
        } else {
            draw_slide(ctx, ctx.shown(*slides_[static_cast<std::size_t>(index_)]), area_min, area_max);
            // The next slide's picture is scaled now, in the idle seconds, so its change is one frame.
            const auto& next = *slides_[static_cast<std::size_t>(index_ + 1) % slides_.size()];
            if (slides_.size() > 1 && !next.images.empty()) {
                const ImVec2 box = image_box(next, area_min, area_max).second;
                ctx.textures().fitted(next.images.front().file, static_cast<int>(box.x), static_cast<int>(box.y),
                                      ui::Fit::Contain);
            }
        }
        ImGui::End();
    }

private:
    // Height of the slide's text block at `width` (badge, title, date and place, casualties, summary).
    float text_height(const content::Exhibit& ex, float width) const
    {
        const auto& f = ui::fonts();
        const float e = ui::em();
        const float title = ui::lines_height(f.heading,
                                             static_cast<int>(ui::wrap(f.heading, f.heading->FontSize, ex.title, width, 3).size()),
                                             1.2f);
        const float summary = ui::lines_height(
            f.body, static_cast<int>(ui::wrap(f.body, f.body->FontSize, ex.summary, width, 8).size()), 1.3f);
        return f.body->FontSize * 1.3f + e * 0.5f + title + e * 0.6f + f.body->FontSize + e * 0.7f +
               f.heading->FontSize + e * 0.8f + summary;
    }

    // Where the slide's picture goes (its top-left corner and size) in the area from `min` to `max`.
    std::pair<ImVec2, ImVec2> image_box(const content::Exhibit& ex, ImVec2 min, ImVec2 max) const
    {
        const float e = ui::em();
        const float w = max.x - min.x;
        const float h = max.y - min.y;
        if (portrait()) {
            // The picture on top, the text below; the pair centred in the height between header and footer.
            const ImVec2 size{w, std::min(h * 0.55f, w * 0.8f)};
            const float text_h = text_height(ex, w);
            return {{min.x, min.y + std::max(0.0f, (h - size.y - e * 1.2f - text_h) / 2)}, size};
        }
        return {min, {w * 0.56f, h}};
    }

    void draw_slide(ScreenContext& ctx, const content::Exhibit& ex, ImVec2 min, ImVec2 max)
    {
        const auto& f = ui::fonts();
        const float e = ui::em();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float w = max.x - min.x;
        const auto [img_min, img_size] = image_box(ex, min, max);
        ImVec2 text_min;
        float text_w;
        if (portrait()) {
            text_w = w;
            text_min = {min.x, img_min.y + img_size.y + e * 1.2f};
        } else {
            text_min = {min.x + img_size.x + e * 1.6f, min.y};
            text_w = w - img_size.x - e * 1.6f;
        }
        if (!ex.images.empty())
            ui::draw_image(ctx.textures(), ex.images.front().file, img_min, img_size, ui::Fit::Contain);
        const Strings& tr = ctx.tr();
        float y = text_min.y;
        // Industry badge
        ImGui::SetCursorScreenPos({text_min.x, y});
        ui::badge(ex.industry, ui::colour::accent, ui::colour::on_accent);
        y = ImGui::GetCursorScreenPos().y + e * 0.5f;
        y += ui::draw_paragraph(dl, f.heading, f.heading->FontSize, {text_min.x, y}, text_w, ui::colour::text,
                                ex.title, 1.2f, 3) +
             e * 0.6f;
        ui::draw_text(dl, f.body, f.body->FontSize, {text_min.x, y}, ui::colour::text_dim, ex.date + " · " + ex.place);
        y += f.body->FontSize + e * 0.7f;
        const std::string hurt = casualties(tr, ex);
        ui::draw_text(dl, f.heading, f.heading->FontSize, {text_min.x, y},
                      ex.deaths > 0 ? ui::colour::danger : ui::colour::text, hurt);
        y += f.heading->FontSize + e * 0.8f;
        const float room = max.y - y;
        const int lines = static_cast<int>((room - f.body->FontSize) / (f.body->FontSize * 1.3f)) + 1;
        if (lines > 0)
            ui::draw_paragraph(dl, f.body, f.body->FontSize, {text_min.x, y}, text_w, ui::colour::text, ex.summary,
                               1.3f, std::min(lines, 8));
    }

    const ExhibitLibrary& lib_;
    const KioskConfig& config_;
    std::vector<const content::Exhibit*> slides_;
    int index_ = 0;
    std::int64_t next_at_ = 0;
};

} // namespace

std::unique_ptr<Screen> make_attract_screen(Services& s) { return std::make_unique<AttractScreen>(s); }

} // namespace sk::kiosk
