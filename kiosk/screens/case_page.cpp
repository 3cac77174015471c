// One case: pictures, when and where, the casualties, what happened (timeline), the direct and underlying
// causes, the violations, the lessons and what to do instead; then the quiz. Scrolls by dragging.
// Opening the page counts one anonymous visit (content/storage/visit_store.hpp).
#include "content/storage/visit_store.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/screens/chrome.hpp"
#include "kiosk/screens/read_aloud.hpp"
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
        follow_ = true;
        zoom_ = -1;
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
        const content::Exhibit& ex = ctx.shown(*exhibit_);
        if (zoom_ >= 0 && zoom_ < static_cast<int>(ex.images.size())) {
            picture(ctx, ex.images[static_cast<std::size_t>(zoom_)]);
            ImGui::End();
            return;
        }
        exhibit_top_bar(ctx, ex.title);
        mark_reading(ctx, read_key(ex), read_texts(ex));
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float top = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos({vp->Pos.x, top});
        // The quiz's button stays in a bar at the bottom, in reach wherever the page is scrolled to.
        const float bar_h = ex.quiz.empty() ? 0.0f : e * 4.4f;
        const ImVec2 area{vp->Size.x, vp->Pos.y + vp->Size.y - top - bar_h};
        // A visitor who scrolls during the reading reads where they chose: the page stops following the reading
        // until the next 朗读 (or replay) starts one.
        if (ui::begin_scroll_area("case-body", area)) follow_ = false;
        if (reset_scroll_) {
            ImGui::SetScrollY(0);
            reset_scroll_ = false;
        }
        // Centred in what the scrollbar leaves, so that no line runs under it.
        const float bar = ImGui::GetStyle().ScrollbarSize;
        const float column = std::min(area.x - bar - e * 3.0f, e * 48.0f);
        const float left = (area.x - bar - column) / 2;
        ImGui::Indent(left);
        ImGui::Dummy({0, e * 0.6f});
        ImGui::BeginGroup();
        hero(ctx, ex, column);
        sections(ctx, ex, column);
        ImGui::Dummy({0, e * 2.0f});
        ImGui::EndGroup();
        ImGui::Unindent(left);
        if (follow_) ui::follow_reading(); // the page follows the read-aloud down its sections
        ui::end_scroll_area();
        if (!ex.quiz.empty()) quiz_bar(ctx, ex, {vp->Pos.x, vp->Pos.y + vp->Size.y - bar_h}, {vp->Size.x, bar_h});
        ImGui::End();
    }

private:
    static std::string read_key(const content::Exhibit& ex) { return "case:" + ex.uid; }
    static std::vector<ReadAloudText> read_texts(const content::Exhibit& ex)
    {
        std::vector<ReadAloudText> t{{"", &ex.title}, {"", &ex.summary}};
        for (const auto& l : ex.lessons) t.push_back({"", &l});
        for (const auto& d : ex.do_instead) t.push_back({"", &d});
        return t;
    }

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
            picture_box(ctx, ex.images.front().file, start, img, 0);
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
        // 朗读: the title, what happened, the lessons and what to do instead.
        if (read_aloud_available(ctx)) {
            p.y += e * 0.7f;
            ImGui::SetCursorScreenPos(p);
            if (read_aloud_button(ctx, read_key(ex), read_texts(ex), e * 2.2f, w)) follow_ = true;
            p.y += e * 2.2f;
        }
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
                const ImVec2 at = ImGui::GetCursorScreenPos();
                picture_box(ctx, ex.images[i].file, at, {w, w * 0.68f}, static_cast<int>(i));
                ImGui::SetCursorScreenPos(at);
                ImGui::Dummy({w, w * 0.68f});
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

    // The bar under the page: how many questions the quiz has and 开始答题.
    void quiz_bar(ScreenContext& ctx, const content::Exhibit& ex, ImVec2 min, ImVec2 size)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(min, {min.x + size.x, min.y + size.y}, ui::colour::surface_high);
        dl->AddLine(min, {min.x + size.x, min.y}, ui::colour::accent, std::max(1.0f, e * 0.08f));
        const float button_h = e * 2.8f;
        const std::string& label = tr(Key::case_start_quiz);
        const float bw = std::max(e * 12.0f, ui::big_button_width(label.c_str()));
        const float m = e * 1.5f;
        const std::string prompt = tr.format(Key::case_quiz_prompt, {std::to_string(ex.quiz.size())});
        const float room = size.x - m * 3 - bw;
        const auto line = ui::wrap(f.body, f.body->FontSize, prompt, room, 1);
        if (room > e * 6 && !line.empty())
            ui::draw_text(dl, f.body, f.body->FontSize, {min.x + m, min.y + (size.y - f.body->FontSize) / 2},
                          ui::colour::text, line.front());
        ImGui::SetCursorScreenPos({min.x + size.x - m - bw, min.y + (size.y - button_h) / 2});
        if (ui::big_button(label.c_str(), {bw, button_h})) ctx.go("quiz", ex.uid);
    }

    // A picture, whole (letterboxed) on a dark box; a tap opens it full screen.
    void picture_box(ScreenContext& ctx, const std::string& file, ImVec2 min, ImVec2 size, int index)
    {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ui::fill_rounded(dl, min, {min.x + size.x, min.y + size.y}, ui::colour::surface, 0);
        ui::draw_image(ctx.textures(), file, min, size, ui::Fit::Contain);
        const ImVec2 keep = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos(min);
        const std::string id = "##picture-" + std::to_string(index);
        if (ui::pressable(id.c_str(), size).clicked) zoom_ = index;
        ImGui::SetCursorScreenPos(keep);
    }

    // One picture over the whole screen with its caption; a tap anywhere (or 关闭) returns to the page.
    void picture(ScreenContext& ctx, const content::ExhibitImage& image)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetCursorScreenPos(vp->Pos);
        const bool tapped = ui::pressable("##picture-full", vp->Size).clicked;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(vp->Pos, {vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y}, IM_COL32(0, 0, 0, 255));
        const float m = e * 1.0f;
        const float caption_h = image.caption.empty() ? 0.0f : f.body->FontSize * 2.8f;
        const float top = m + e * 3.0f;
        const ImVec2 box{vp->Size.x - m * 2, vp->Size.y - top - m - caption_h};
        ui::draw_image(ctx.textures(), image.file, {vp->Pos.x + m, vp->Pos.y + top}, box, ui::Fit::Contain);
        if (!image.caption.empty())
            ui::draw_paragraph(dl, f.body, f.body->FontSize, {vp->Pos.x + m, vp->Pos.y + top + box.y + e * 0.4f},
                               box.x, ui::colour::text, image.caption, 1.25f, 2);
        const std::string close = tr(Key::case_close_picture);
        const float cw = std::max(ui::big_button_width(close.c_str()), e * 6);
        ImGui::SetCursorScreenPos({vp->Pos.x + vp->Size.x - m - cw, vp->Pos.y + m * 0.5f});
        if (ui::big_button(close.c_str(), {cw, e * 2.6f}, ui::ButtonKind::Secondary) || tapped) zoom_ = -1;
    }

    const ExhibitLibrary& lib_;
    content::VisitStore& visits_;
    const Clock& clock_;
    const content::Exhibit* exhibit_ = nullptr;
    bool reset_scroll_ = true;
    bool follow_ = true; // the page follows the read-aloud (until the visitor scrolls it)
    int zoom_ = -1; // the picture shown full screen, -1: none
};

} // namespace

std::unique_ptr<Screen> make_case_screen(Services& s) { return std::make_unique<CaseScreen>(s); }

} // namespace sk::kiosk
