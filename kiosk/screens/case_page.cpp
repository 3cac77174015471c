// One case: pictures, when and where, the casualties, what happened (timeline), the direct and underlying
// causes, the violations, the lessons and what to do instead; then the quiz. Scrolls by dragging.
// Opening the page counts one anonymous visit (content/storage/visit_store.hpp).
#include "content/storage/visit_store.hpp"
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

#include <algorithm>

namespace sk::kiosk {

namespace {

class CaseScreen final : public Screen {
public:
    explicit CaseScreen(Services& s) : lib_(*s.exhibits), visits_(s.visits), clock_(s.clock) {}

    void enter(const std::string& uid, bool back) override
    {
        exhibit_ = lib_.find(uid);
        if (back) return;
        reset_scroll_ = true;
        if (exhibit_) visits_.record_visit(exhibit_->uid, clock_.wall());
    }

    void draw(ScreenContext& ctx) override
    {
        ui::begin_screen_window("case");
        if (!exhibit_) {
            // A uid that is not in the library: only reachable by a programming error; offer the way back.
            exhibit_top_bar(ctx, {});
            ImGui::End();
            return;
        }
        const content::Exhibit& ex = *exhibit_;
        exhibit_top_bar(ctx, ex.title);
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float top = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos({vp->Pos.x, top});
        const ImVec2 area{vp->Size.x, vp->Pos.y + vp->Size.y - top};
        ui::begin_scroll_area("case-body", area);
        if (reset_scroll_) {
            ImGui::SetScrollY(0);
            reset_scroll_ = false;
        }
        const float column = std::min(area.x - e * 3.0f, e * 48.0f);
        const float left = (area.x - column) / 2;
        ImGui::Indent(left);
        ImGui::Dummy({0, e * 0.6f});
        ImGui::BeginGroup();
        hero(ctx, ex, column);
        sections(ctx, ex, column);
        if (!ex.quiz.empty()) quiz_panel(ctx, ex, column);
        ImGui::Dummy({0, e * 2.0f});
        ImGui::EndGroup();
        ImGui::Unindent(left);
        ui::end_scroll_area();
        ImGui::End();
    }

private:
    void hero(ScreenContext& ctx, const content::Exhibit& ex, float column)
    {
        const auto& f = ui::fonts();
        const float e = ui::em();
        const Strings& tr = ctx.tr();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 start = ImGui::GetCursorScreenPos();
        const bool stack = portrait();
        const ImVec2 img{stack ? column : column * 0.5f, (stack ? column : column * 0.5f) * 0.68f};
        float caption_h = 0;
        if (!ex.images.empty()) {
            ui::draw_image(ctx.textures(), ex.images.front().file, start, img, ui::Fit::Cover);
            caption_h = e * 0.4f + ui::draw_paragraph(dl, f.body, f.body->FontSize * 0.85f,
                                                      {start.x, start.y + img.y + e * 0.4f}, img.x,
                                                      ui::colour::text_dim, ex.images.front().caption, 1.25f, 2);
        }
        const float image_block = ex.images.empty() ? 0 : img.y + caption_h;
        ImVec2 p = stack ? ImVec2{start.x, start.y + image_block + e * 1.0f}
                         : ImVec2{start.x + (ex.images.empty() ? 0 : img.x + e * 1.5f), start.y};
        const float w = stack || ex.images.empty() ? column : column - img.x - e * 1.5f;
        ImGui::SetCursorScreenPos(p);
        ui::badge(ex.industry, ui::colour::accent, ui::colour::on_accent);
        p.y = ImGui::GetCursorScreenPos().y + e * 0.4f;
        p.y += ui::draw_paragraph(dl, f.heading, f.heading->FontSize, p, w, ui::colour::text, ex.title, 1.2f) +
               e * 0.7f;
        ui::draw_text(dl, f.body, f.body->FontSize, p, ui::colour::text_dim, ex.date);
        p.y += f.body->FontSize * 1.4f;
        p.y += ui::draw_paragraph(dl, f.body, f.body->FontSize, p, w, ui::colour::text_dim, ex.place) + e * 0.7f;
        const std::string hurt = casualties(tr, ex);
        ui::draw_text(dl, f.heading, f.heading->FontSize, p, ex.deaths > 0 ? ui::colour::danger : ui::colour::text,
                      hurt);
        p.y += f.heading->FontSize;
        const float bottom = stack ? p.y : std::max(p.y, start.y + image_block);
        ImGui::SetCursorScreenPos(start);
        ImGui::Dummy({column, bottom - start.y});
    }

    void sections(ScreenContext& ctx, const content::Exhibit& ex, float column)
    {
        const Strings& tr = ctx.tr();
        const float e = ui::em();
        ui::section_heading(tr(Key::case_summary));
        ui::paragraph(ex.summary, ui::colour::text, nullptr, column);
        // The other pictures, two to a row, each with its caption.
        if (ex.images.size() > 1) {
            ImGui::Dummy({0, e * 0.4f});
            const float gap = e * 1.0f;
            const float w = (column - gap) / 2;
            for (std::size_t i = 1; i < ex.images.size(); ++i) {
                const bool right = (i - 1) % 2 == 1;
                if (right) ImGui::SameLine(0, gap);
                ImGui::BeginGroup();
                ui::image(ctx.textures(), ex.images[i].file, {w, w * 0.68f}, ui::Fit::Cover);
                ui::paragraph(ex.images[i].caption, ui::colour::text_dim, nullptr, w, 2);
                ImGui::EndGroup();
            }
        }
        if (!ex.timeline.empty()) {
            ui::section_heading(tr(Key::case_timeline));
            timeline(ex, column);
        }
        if (!ex.direct_causes.empty()) {
            ui::section_heading(tr(Key::case_direct_causes));
            ui::bullet_list(ex.direct_causes, ui::colour::danger, false, column);
        }
        if (!ex.underlying_causes.empty()) {
            ui::section_heading(tr(Key::case_underlying_causes));
            ui::bullet_list(ex.underlying_causes, ui::colour::text_dim, false, column);
        }
        if (!ex.violations.empty()) {
            ui::section_heading(tr(Key::case_violations));
            for (const auto& v : ex.violations) {
                ui::badge(v.kind, ui::colour::danger, ui::colour::text);
                ui::paragraph(v.text, ui::colour::text, nullptr, column);
                ImGui::Dummy({0, e * 0.3f});
            }
        }
        if (!ex.lessons.empty()) {
            ui::section_heading(tr(Key::case_lessons));
            ui::bullet_list(ex.lessons, ui::colour::accent, true, column);
        }
        if (!ex.do_instead.empty()) {
            ui::section_heading(tr(Key::case_do_instead));
            ui::bullet_list(ex.do_instead, ui::colour::ok, false, column);
        }
    }

    void timeline(const content::Exhibit& ex, float column)
    {
        const auto& f = ui::fonts();
        const float e = ui::em();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        float time_w = 0;
        for (const auto& t : ex.timeline) time_w = std::max(time_w, ui::measure(f.body, f.body->FontSize, t.time).x);
        // Short times sit in a column left of the line; long ones go above their event.
        const bool beside = time_w <= e * 7.0f;
        const float line_x = beside ? time_w + e * 1.0f : e * 0.4f;
        const float text_x = line_x + e * 1.0f;
        const float w = column - text_x;
        const ImVec2 start = ImGui::GetCursorScreenPos();
        float y = start.y;
        for (std::size_t i = 0; i < ex.timeline.size(); ++i) {
            const auto& t = ex.timeline[i];
            const float entry_top = y;
            float text_y = y;
            if (beside) {
                const float tw = ui::measure(f.body, f.body->FontSize, t.time).x;
                ui::draw_text(dl, f.body, f.body->FontSize, {start.x + time_w - tw, y}, ui::colour::accent, t.time);
            } else {
                ui::draw_text(dl, f.body, f.body->FontSize, {start.x + text_x, y}, ui::colour::accent, t.time);
                text_y += f.body->FontSize * 1.3f;
            }
            const float h = ui::draw_paragraph(dl, f.body, f.body->FontSize, {start.x + text_x, text_y}, w,
                                               ui::colour::text, t.event);
            const float entry_bottom = text_y + h + e * 0.8f;
            const float cx = start.x + line_x;
            if (i + 1 < ex.timeline.size())
                dl->AddLine({cx, entry_top + f.body->FontSize * 0.5f}, {cx, entry_bottom + f.body->FontSize * 0.5f},
                            ui::colour::border, std::max(1.0f, e * 0.1f));
            dl->AddCircleFilled({cx, entry_top + f.body->FontSize * 0.55f}, e * 0.28f, ui::colour::accent, 16);
            y = entry_bottom;
        }
        ImGui::Dummy({column, y - start.y});
    }

    void quiz_panel(ScreenContext& ctx, const content::Exhibit& ex, float column)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ImGui::Dummy({0, e * 1.2f});
        const ImVec2 min = ImGui::GetCursorScreenPos();
        const float pad = e * 1.0f;
        const float button_h = e * 2.8f;
        const float h = pad * 2 + f.heading->FontSize + e * 0.8f + button_h;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ui::fill_rounded(dl, min, {min.x + column, min.y + h}, ui::colour::surface_high, e * 0.5f);
        dl->AddRect(min, {min.x + column, min.y + h}, ui::colour::accent, e * 0.5f, 0, std::max(1.0f, e * 0.08f));
        const std::string prompt = tr.format(Key::case_quiz_prompt, {std::to_string(ex.quiz.size())});
        const auto line = ui::wrap(f.heading, f.heading->FontSize, prompt, column - pad * 2, 1).front();
        const float pw = ui::measure(f.heading, f.heading->FontSize, line).x;
        ui::draw_text(dl, f.heading, f.heading->FontSize, {min.x + (column - pw) / 2, min.y + pad}, ui::colour::text,
                      line);
        const float bw = std::min(column - pad * 2, std::max(e * 12.0f, ui::big_button_width(tr(Key::case_start_quiz).c_str())));
        ImGui::SetCursorScreenPos({min.x + (column - bw) / 2, min.y + pad + f.heading->FontSize + e * 0.8f});
        if (ui::big_button(tr(Key::case_start_quiz).c_str(), {bw, button_h})) ctx.go("quiz", ex.uid);
        ImGui::SetCursorScreenPos(min);
        ImGui::Dummy({column, h});
    }

    const ExhibitLibrary& lib_;
    content::VisitStore& visits_;
    const Clock& clock_;
    const content::Exhibit* exhibit_ = nullptr;
    bool reset_scroll_ = true;
};

} // namespace

std::unique_ptr<Screen> make_case_screen(Services& s) { return std::make_unique<CaseScreen>(s); }

} // namespace sk::kiosk
