// The exam itself: one question at a time in large type with big option buttons, the answer sheet, the clock the
// engine computes, marks for review, the submit confirmation, and the result. Every answer is shown as saved only
// after ExamService::record_answer() has returned (it commits before returning).
#include "exam/exam_service.hpp"
#include "exam/centre/sync.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/screens/chrome.hpp"
#include "kiosk/screens/exam_common.hpp"
#include "kiosk/screens/read_aloud.hpp"
#include "kiosk/screens/screens.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/frame_record.hpp"
#include "kiosk/ui/scroll.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <set>

namespace sk::kiosk {

namespace {

using content::QuestionType;
using exam::AttemptState;

constexpr std::int64_t kTickMs = 1000;
// The result screen's argument after the engine submitted the paper at time-up: "<attempt>:timeup".
constexpr const char* kTimeUpSuffix = ":timeup";
constexpr std::int64_t kHeartbeatMs = 10000;
constexpr std::int64_t kSeatPollMs = 5000; // how often a centre kiosk asks whether its attempt was moved away

class ExamPaperScreen final : public Screen {
public:
    explicit ExamPaperScreen(Services& s) : s_(s) {}

    bool holds_idle() const override { return true; }

    void enter(const std::string& arg, bool back) override
    {
        error_.clear();
        confirm_ = false;
        sheet_open_ = false;
        layout_em_ = 0;
        layout_index_ = -1;
        // Back from the proctor's panel: at the same question; otherwise at the first one not yet answered.
        const int keep = back ? index_ : -1;
        index_ = 0;
        saving_.clear();
        next_tick_ = 0;
        last_heartbeat_ = 0;
        finished_ = false;
        try {
            attempt_ = std::stoll(arg);
            // An exam centre's kiosk: the sending thread asks the centre now and then whether the proctor moved the
            // attempt to another seat (移机), so an idle seat stops too, not only at its next event.
            if (s_.centre) s_.centre->watch_result(attempt_, std::chrono::milliseconds(kSeatPollMs));
            // Back from the proctor's panel (or after a restart while it was open): the held clock runs again.
            s_.exam->release_clock(attempt_, s_.config.kiosk_id);
            questions_ = s_.exam->shown_paper(attempt_);
            language_.clear();
            answers_ = s_.exam->answers(attempt_);
            view_ = s_.exam->view(attempt_);
            // Back after a restart: at the first question not yet answered.
            if (keep >= 0 && keep < static_cast<int>(questions_.size())) {
                index_ = keep;
            } else {
                for (std::size_t i = 0; i < questions_.size(); ++i)
                    if (!answered(questions_[i].position)) {
                        index_ = static_cast<int>(i);
                        break;
                    }
            }
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
    }

    // The corner was held: the PIN pad and the proctor's panel cover the question. The examinee's clock stands
    // until the question shows again (enter), so signing in and pausing costs the examinee nothing.
    void leave() override
    {
        if (s_.centre) s_.centre->watch_result(0);
        if (attempt_ == 0 || !error_.empty()) return;
        try {
            s_.exam->hold_clock(attempt_, s_.config.kiosk_id);
        } catch (const std::exception& e) {
            std::cerr << "safekiosk: holding the exam clock: " << e.what() << "\n";
        }
    }

    // The clock's tick reads the engine before the frame, so each second draws one frame with the new time.
    void before_frame(ScreenContext& ctx) override
    {
        const std::int64_t now = ctx.now_ms();
        if (next_tick_ == 0) {
            // The first frame shows what enter() read; the first tick follows it at once.
            next_tick_ = now + kTickMs;
            ctx.after_frame([this, &ctx] { tick(ctx); });
        } else if (now >= next_tick_) {
            next_tick_ = now + kTickMs;
            tick(ctx);
        }
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        ctx.wake_at(next_tick_);
        // In 繁體 the paper shows the stored zh-HK texts (the order of options and the answers are unchanged).
        if (!questions_.empty() && language_ != ctx.language()) {
            if (ctx.language() == "zh-HK" || !language_.empty()) questions_ = s_.exam->shown_paper(attempt_);
            if (ctx.language() == "zh-HK")
                for (auto& q : questions_) {
                    q.stem = ctx.shown_text(q.stem);
                    for (auto& o : q.options) o = ctx.shown_text(o);
                    q.chapter = ctx.shown_text(q.chapter);
                }
            language_ = ctx.language();
            layout_em_ = 0; // measured again with these texts
            layout_index_ = -1;
        }

        ui::begin_screen_window("exam-paper");
        top_bar(ctx);
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float top = ImGui::GetCursorScreenPos().y;
        const ImVec2 area_min{vp->Pos.x + e * 1.0f, top};
        const ImVec2 area_max{vp->Pos.x + vp->Size.x - e * 1.0f, vp->Pos.y + vp->Size.y - e * 0.8f};
        const bool paused = view_.attempt.state == AttemptState::Paused;
        if (questions_.empty() || !error_.empty()) {
            // nothing to show (the engine's message is in the dialog)
        } else if (paused) {
            paused_notice(ctx, area_min, area_max);
        } else if (confirm_) {
            confirmation(ctx, area_min, area_max);
        } else {
            body(ctx, area_min, area_max);
        }
        error_dialog(tr, error_);
        ImGui::End();
    }

private:
    bool answered(int position) const
    {
        auto it = answers_.find(position);
        return it != answers_.end() && !it->second.response.empty();
    }
    bool marked(int position) const
    {
        auto it = answers_.find(position);
        return it != answers_.end() && it->second.marked;
    }

    void tick(ScreenContext& ctx)
    {
        if (finished_) return;
        try {
            const std::int64_t now = ctx.now_ms();
            if (s_.exam->enforce_time(attempt_)) {
                finished_ = true;
                ctx.go("done", std::to_string(attempt_) + kTimeUpSuffix);
                return;
            }
            if (last_heartbeat_ == 0 || now - last_heartbeat_ >= kHeartbeatMs) {
                s_.exam->heartbeat(attempt_);
                last_heartbeat_ = now;
            }
            view_ = s_.exam->view(attempt_);
            const auto st = view_.attempt.state;
            if (st == AttemptState::Submitted || st == AttemptState::Scored || st == AttemptState::Cancelled) {
                finished_ = true;
                ctx.go("done", std::to_string(attempt_));
            }
        } catch (const std::exception& e) {
            if (moved_away(e)) {
                finished_ = true;
                ctx.go("moved", std::to_string(attempt_));
                return;
            }
            error_ = examinee_message(s_.strings, e);
        }
    }

    void top_bar(ScreenContext& ctx)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float h = e * 3.2f;
        const float m = e * 1.0f;
        // Left: name and seat. Middle: the clock. Right: text size and submit.
        const std::string who = view_.candidate.name + "  " + s_.config.kiosk_id;
        const std::int64_t left = view_.clock.remaining_ms;
        const bool warn5 = left <= 5 * 60000, warn15 = left <= 15 * 60000;
        const std::string clock = tr.format(Key::exam_remaining, {format_duration(left)});
        const ImVec2 cs = ui::measure(f.heading, f.heading->FontSize, clock);
        const std::string submit = tr(Key::exam_submit);
        const float sw = std::max(ui::big_button_width(submit.c_str()), e * 5);
        const std::string size_label = tr(Key::nav_text_size);
        const std::string contrast_label = tr(Key::nav_contrast);
        const float tw = ui::toggle_button_width(size_label.c_str());
        const float hw = ui::toggle_button_width(contrast_label.c_str());
        // Centred, unless that would run into the name or the buttons; when even then the name and the clock would
        // meet, the name and the seat stand on two smaller lines; when the clock still has no room (upright with
        // large text), 高对比 and 大字 go to a second row of the bar, under 交卷, and the clock keeps the first.
        const float small = f.body->FontSize * 0.8f;
        const float two_line_name = std::max(ui::measure(f.body, small, view_.candidate.name).x,
                                             ui::measure(f.body, small, s_.config.kiosk_id).x);
        const float toggles = e * 0.6f + tw + e * 0.6f + hw;
        // Decided for the widest clock, so that the bar does not change as the time runs down.
        const float widest = std::max(cs.x, ui::measure(f.heading, f.heading->FontSize,
                                                        tr.format(Key::exam_remaining, {"8:88:88"})).x);
        const bool two_rows =
            vp->Pos.x + m + two_line_name + e * 0.8f > vp->Pos.x + vp->Size.x - m - sw - toggles - e * 1.2f - widest;
        const float bar_h = two_rows ? h * 2 - e * 0.3f : h;
        dl->AddRectFilled(vp->Pos, {vp->Pos.x + vp->Size.x, vp->Pos.y + bar_h}, ui::colour::surface);
        const float clock_hi = vp->Pos.x + vp->Size.x - m - sw - (two_rows ? 0 : toggles) - e * 1.2f - cs.x;
        float clock_lo = vp->Pos.x + m + ui::measure(f.body, f.body->FontSize, who).x + e * 1.2f;
        if (clock_lo <= clock_hi) {
            ui::draw_text(dl, f.body, f.body->FontSize, {vp->Pos.x + m, vp->Pos.y + (h - f.body->FontSize) / 2},
                          ui::colour::text_dim, who);
        } else {
            ui::draw_text(dl, f.body, small, {vp->Pos.x + m, vp->Pos.y + h / 2 - small * 1.1f}, ui::colour::text_dim,
                          view_.candidate.name);
            ui::draw_text(dl, f.body, small, {vp->Pos.x + m, vp->Pos.y + h / 2 + small * 0.1f}, ui::colour::text_dim,
                          s_.config.kiosk_id);
            clock_lo = vp->Pos.x + m + two_line_name + e * 0.8f;
        }
        const ImVec2 cmin{std::max(clock_lo, std::min(vp->Pos.x + (vp->Size.x - cs.x) / 2, clock_hi)),
                          vp->Pos.y + (h - cs.y) / 2};
        if (warn15) {
            ui::fill_rounded(dl, {cmin.x - e * 0.6f, vp->Pos.y + e * 0.3f}, {cmin.x + cs.x + e * 0.6f, vp->Pos.y + h - e * 0.3f},
                             warn5 ? ui::colour::danger : ui::colour::accent, e * 0.4f);
        }
        ui::draw_text(dl, f.heading, f.heading->FontSize, cmin,
                      warn15 ? ui::colour::on_accent : ui::colour::text, clock);
        const bool enabled = !confirm_ && error_.empty() && view_.attempt.state == AttemptState::InProgress;
        ImGui::SetCursorScreenPos({vp->Pos.x + vp->Size.x - m - sw, vp->Pos.y + e * 0.3f});
        if (ui::big_button(submit.c_str(), {sw, h - e * 0.6f}, ui::ButtonKind::Primary, enabled)) confirm_ = true;
        // 大字 left of 交卷, 高对比 left of it; on the second row they end where 交卷 ends.
        const float toggles_right = vp->Pos.x + vp->Size.x - m - (two_rows ? 0 : sw + e * 0.6f);
        const float toggles_y = vp->Pos.y + (two_rows ? h : e * 0.3f);
        ImGui::SetCursorScreenPos({toggles_right - tw, toggles_y});
        if (ui::toggle_button(size_label.c_str(), tw, h - e * 0.6f, ctx.large_text())) ctx.set_large_text(!ctx.large_text());
        ImGui::SetCursorScreenPos({toggles_right - tw - e * 0.6f - hw, toggles_y});
        if (ui::toggle_button(contrast_label.c_str(), hw, h - e * 0.6f, ctx.high_contrast()))
            ctx.set_high_contrast(!ctx.high_contrast());
        ImGui::SetCursorScreenPos({vp->Pos.x, vp->Pos.y + bar_h});
        if (warn15) {
            const std::string w = tr(warn5 ? Key::exam_warn_5 : Key::exam_warn_15);
            const float bh = f.body->FontSize * 1.6f;
            const float y = vp->Pos.y + bar_h;
            dl->AddRectFilled({vp->Pos.x, y}, {vp->Pos.x + vp->Size.x, y + bh},
                              warn5 ? ui::colour::danger_dark : ui::colour::surface_high);
            const ImVec2 ws = ui::measure(f.body, f.body->FontSize, w);
            ui::draw_text(dl, f.body, f.body->FontSize, {vp->Pos.x + (vp->Size.x - ws.x) / 2, y + (bh - ws.y) / 2},
                          warn5 ? ui::colour::text : ui::colour::accent, w);
            ImGui::SetCursorScreenPos({vp->Pos.x, y + bh});
        }
        ImGui::SetCursorScreenPos({vp->Pos.x, ImGui::GetCursorScreenPos().y + e * 0.8f});
    }

    // How the question is laid out. Every option must be in view without scrolling, in both orientations and
    // with large text: when the question does not fit beside (or above) the answer sheet, the sheet becomes a
    // drawer (答题卡 opens it) and the question gets the whole screen; then the spacing shrinks, the options go
    // into two columns (landscape), and last the stem takes the body font. Only a question that fits none of
    // these scrolls.
    struct Layout {
        bool compact = false;   // less space around and between the options, a lower row of buttons
        int columns = 1;        // options side by side
        bool body_stem = false; // the stem in the body font instead of the heading font
    };
    struct Geometry {
        ImVec2 q_min, q_max;   // the question
        ImVec2 sheet_min;      // the docked sheet
        float cell = 0, gap = 0;
        int cols = 10;
    };

    static constexpr int kSheetCols = 10;

    float nav_height(const Layout& l) const { return ui::em() * (l.compact ? 2.6f : 3.0f); }
    // The number row, and under it the read-aloud row when the controls have one of their own (read_row_).
    float header_height() const
    {
        return ui::fonts().heading->FontSize * 1.3f + ui::em() * 0.6f + (read_row_ ? read_height() + ui::em() * 0.4f : 0);
    }
    static float read_height() { return ui::fonts().heading->FontSize * 1.3f; }

    // 朗读 and the volume controls stand at the right end of the number row when they fit there beside the widest
    // number, type and 保存中…/已保存 badges of the paper, otherwise (upright with large text) in a row of their own
    // under it. Decided with the layout, never per question or per answer, so that nothing moves when 已保存 appears.
    bool read_row_needed(ScreenContext& ctx, float width) const
    {
        if (!read_aloud_available(ctx)) return false;
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const std::string n = std::to_string(questions_.size());
        float type = 0;
        for (Key k : {Key::quiz_type_tf, Key::quiz_type_single, Key::quiz_type_multi})
            type = std::max(type, ui::badge_width(tr(k)));
        const float row = ui::measure(f.heading, f.heading->FontSize, tr.format(Key::exam_q_number, {n, n})).x +
                          e * 0.8f + type + e * 0.8f +
                          std::max(ui::badge_width(tr(Key::exam_saving)), ui::badge_width(tr(Key::exam_saved)));
        return row + e * 0.8f + read_aloud_button_width(ctx, read_height()) > width;
    }

    // The docked sheet beside the question (landscape) or below it (upright). Cells are sized by the screen,
    // never by the text size, so large text cannot shrink them.
    Geometry docked_geometry(ImVec2 min, ImVec2 max) const
    {
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const int rows = (static_cast<int>(questions_.size()) + kSheetCols - 1) / kSheetCols;
        const float legend_h = e * 1.6f;
        const float title_h = ui::fonts().body->FontSize * 1.4f;
        Geometry g;
        g.cols = kSheetCols;
        if (portrait()) {
            const float sheet_w = max.x - min.x;
            g.cell = std::min({sheet_w / (kSheetCols + 0.12f * (kSheetCols - 1)), vp->Size.x * 0.065f,
                               ((max.y - min.y) * 0.45f - title_h - legend_h) / std::max(rows, 1) / 1.12f});
            g.gap = g.cell * 0.12f;
            const float sheet_h = title_h + rows * (g.cell + g.gap) + legend_h;
            g.sheet_min = {min.x + (sheet_w - (g.cell * kSheetCols + g.gap * (kSheetCols - 1))) / 2, max.y - sheet_h};
            g.q_min = min;
            g.q_max = {max.x, g.sheet_min.y - e * 1.0f};
        } else {
            const float sheet_w = std::min(vp->Size.x * 0.3f, e * 16);
            g.cell = std::min(sheet_w / (kSheetCols + 0.12f * (kSheetCols - 1)),
                              (max.y - min.y - title_h - legend_h) / std::max(rows, 1) / 1.12f);
            g.gap = g.cell * 0.12f;
            g.sheet_min = {max.x - (g.cell * kSheetCols + g.gap * (kSheetCols - 1)), min.y};
            g.q_min = min;
            g.q_max = {g.sheet_min.x - e * 1.5f, max.y};
        }
        return g;
    }

    // The height the stem and options of question `i` take in a scroll area `width` wide.
    float content_height(std::size_t i, float width, const Layout& l) const
    {
        const auto& f = ui::fonts();
        const float e = ui::em();
        const exam::ShownQuestion& q = questions_[i];
        const ImFont* stem_font = l.body_stem ? f.body : f.heading;
        const float column = width - ImGui::GetStyle().ScrollbarSize - e * 0.3f;
        float h = ui::lines_height(stem_font,
                                   static_cast<int>(ui::wrap(stem_font, stem_font->FontSize, q.stem, column).size()));
        h += stem_gap(l);
        const ui::ChoiceLook look = choice_look(q, l);
        const float ow = option_width(column, l);
        for (std::size_t k = 0; k < q.options.size(); k += static_cast<std::size_t>(l.columns)) {
            float row = 0;
            for (std::size_t c = k; c < std::min(q.options.size(), k + static_cast<std::size_t>(l.columns)); ++c)
                row = std::max(row, ui::choice_button_height(q.options[c], ow, look));
            h += row + option_gap(l);
        }
        if (q.type == QuestionType::Multiple && !chosen_beside(q, l)) h += f.body->FontSize;
        return h;
    }

    // In two columns with an odd number of options, 已选 takes the free place beside the last one.
    static bool chosen_beside(const exam::ShownQuestion& q, const Layout& l)
    {
        return l.columns == 2 && q.options.size() % 2 == 1;
    }
    float stem_gap(const Layout& l) const { return ui::em() * (l.compact ? 0.3f : 0.6f); }
    float option_gap(const Layout& l) const { return ui::em() * (l.compact ? 0.2f : 0.45f); }
    float option_width(float column, const Layout& l) const
    {
        return l.columns == 1 ? column : (column - ui::em() * 0.6f) / 2;
    }
    static ui::ChoiceLook choice_look(const exam::ShownQuestion& q, const Layout& l)
    {
        ui::ChoiceLook look;
        look.checkbox = q.type == QuestionType::Multiple;
        if (l.compact) look.pad_em = ui::kCompactChoicePad;
        return look;
    }

    // The scroll area's height for a question between `min` and `max`.
    float scroll_height(ImVec2 min, ImVec2 max, const Layout& l) const
    {
        return max.y - min.y - header_height() - nav_height(l) - ui::em() * (l.compact ? 0.5f : 0.8f);
    }

    bool fits(std::size_t i, ImVec2 min, ImVec2 max, const Layout& l) const
    {
        return content_height(i, max.x - min.x, l) <= scroll_height(min, max, l);
    }

    // Recomputed only when the question, the text size or the screen changes (never per frame).
    void update_layout(ScreenContext& ctx, ImVec2 min, ImVec2 max)
    {
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float e = ui::em();
        // The area's top moves when the 15-minute warning appears under the bar.
        const bool same_screen = e == layout_em_ && vp->Size.x == layout_size_.x && vp->Size.y == layout_size_.y &&
                                 min.y == layout_top_;
        if (!same_screen) {
            // The sheet is docked only when every question of the paper fits beside it with the normal spacing,
            // and never with large text (its cells would shrink); otherwise it is a drawer for the whole paper,
            // so that it does not come and go between questions.
            const Geometry g = docked_geometry(min, max);
            drawer_ = large_text_;
            read_row_ = read_row_needed(ctx, g.q_max.x - g.q_min.x);
            for (std::size_t i = 0; i < questions_.size() && !drawer_; ++i)
                if (!fits(i, g.q_min, g.q_max, Layout{})) drawer_ = true;
            if (drawer_) read_row_ = read_row_needed(ctx, max.x - min.x);
            layout_em_ = e;
            layout_size_ = vp->Size;
            layout_top_ = min.y;
            layout_index_ = -1;
        }
        if (layout_index_ == index_) return;
        layout_index_ = index_;
        const std::size_t i = static_cast<std::size_t>(index_);
        if (!drawer_) {
            layout_ = {};
            return;
        }
        std::vector<Layout> candidates{{false, 1, false}, {true, 1, false}};
        if (!portrait()) candidates.push_back({false, 2, false});
        if (!portrait()) candidates.push_back({true, 2, false});
        candidates.push_back({true, 1, true});
        if (!portrait()) candidates.push_back({true, 2, true});
        layout_ = candidates.back();
        for (const Layout& l : candidates)
            if (fits(i, min, max, l)) {
                layout_ = l;
                break;
            }
    }

    void body(ScreenContext& ctx, ImVec2 min, ImVec2 max)
    {
        large_text_ = ctx.large_text();
        update_layout(ctx, min, max);
        if (drawer_) {
            if (sheet_open_) {
                sheet_drawer(ctx, min, max);
                return;
            }
            question(ctx, min, max);
            return;
        }
        const Geometry g = docked_geometry(min, max);
        question(ctx, g.q_min, g.q_max);
        sheet(ctx, g.sheet_min, g.cell, g.gap, g.cols);
    }

    void question(ScreenContext& ctx, ImVec2 min, ImVec2 max)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const exam::ShownQuestion& q = questions_[static_cast<std::size_t>(index_)];
        const Layout& l = layout_;
        const float w = max.x - min.x;
        const float nav_h = nav_height(l);
        // Number, type and the saved state.
        ImGui::SetCursorScreenPos(min);
        ui::text(tr.format(Key::exam_q_number, {std::to_string(index_ + 1), std::to_string(questions_.size())}),
                 ui::colour::text, f.heading);
        ImGui::SameLine(0, e * 0.8f);
        const Key type = q.type == QuestionType::TrueFalse ? Key::quiz_type_tf
                         : q.type == QuestionType::Single  ? Key::quiz_type_single
                                                           : Key::quiz_type_multi;
        ImGui::SetCursorScreenPos({ImGui::GetCursorScreenPos().x, min.y + (f.heading->FontSize - f.body->FontSize * 1.3f) / 2});
        ui::badge(tr(type), ui::colour::surface_high, ui::colour::accent);
        const auto it = answers_.find(q.position);
        const std::string response = it == answers_.end() ? std::string() : it->second.response;
        if (saving_.count(q.position) || !response.empty()) {
            ImGui::SameLine(0, e * 0.8f);
            const bool saving = saving_.count(q.position) > 0;
            ui::badge(tr(saving ? Key::exam_saving : Key::exam_saved), saving ? ui::colour::surface_high : ui::colour::ok_dark,
                      saving ? ui::colour::text_dim : ui::colour::ok);
        }
        // 朗读 (reads the stem, then each option with its letter) and the volume controls at the right end of the
        // number row, or of their own row under it (read_row_needed).
        const std::string read_key = "exam:" + std::to_string(q.position);
        const auto read_texts = question_texts(q.stem, q.options);
        if (read_aloud_available(ctx)) {
            const float rh = read_height();
            const float y = read_row_ ? min.y + f.heading->FontSize * 1.3f + e * 0.4f : min.y;
            ImGui::SetCursorScreenPos({max.x - read_aloud_button_width(ctx, rh), y});
            read_aloud_button(ctx, read_key, read_texts, rh);
            mark_reading(ctx, read_key, read_texts);
        }
        const float body_top = min.y + header_height();
        ImGui::SetCursorScreenPos({min.x, body_top});
        ui::begin_scroll_area("question", {w, scroll_height(min, max, l)});
        if (scroll_reset_) {
            ImGui::SetScrollY(0);
            scroll_reset_ = false;
        }
        // Gaps are placed explicitly: no item spacing, so that content_height() is what is drawn.
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {ImGui::GetStyle().ItemSpacing.x, 0});
        const float column = w - ImGui::GetStyle().ScrollbarSize - e * 0.3f;
        ui::paragraph(q.stem, ui::colour::text, l.body_stem ? f.body : f.heading, column);
        ImGui::Dummy({0, stem_gap(l)});
        const bool enabled = error_.empty();
        const ui::ChoiceLook look = choice_look(q, l);
        const float ow = option_width(column, l);
        ImVec2 row_start = ImGui::GetCursorScreenPos();
        float row_h = 0;
        for (std::size_t i = 0; i < q.options.size(); ++i) {
            const int c = static_cast<int>(i) % l.columns;
            if (c == 0 && i > 0) {
                row_start.y += row_h + option_gap(l);
                row_h = 0;
            }
            ImGui::SetCursorScreenPos({row_start.x + c * (ow + e * 0.6f), row_start.y});
            ui::ChoiceLook cell_look = look;
            if (l.columns > 1) {
                // Options side by side are as high as the higher of them.
                for (std::size_t k = i - c; k < std::min(q.options.size(), i - c + l.columns); ++k)
                    cell_look.min_height = std::max(cell_look.min_height, ui::choice_button_height(q.options[k], ow, look));
            }
            const char letter = static_cast<char>('A' + i);
            const bool chosen = response.find(letter) != std::string::npos;
            const std::string id = "option-" + std::string(1, letter);
            const ImVec2 at = ImGui::GetCursorScreenPos();
            if (ui::choice_button(id.c_str(), std::string(1, letter), q.options[i], ow,
                                  chosen ? ui::ButtonKind::Selected : ui::ButtonKind::Secondary, enabled, cell_look)) {
                std::string next;
                if (q.type == QuestionType::Multiple) {
                    std::set<char> s(response.begin(), response.end());
                    if (!s.erase(letter)) s.insert(letter);
                    next.assign(s.begin(), s.end());
                } else {
                    next = std::string(1, letter);
                }
                save(ctx, q.position, next, marked(q.position));
            }
            row_h = std::max(row_h, ImGui::GetItemRectMax().y - at.y);
        }
        const ImVec2 after{row_start.x, row_start.y + row_h + option_gap(l)};
        if (q.type == QuestionType::Multiple) {
            if (chosen_beside(q, l))
                ImGui::SetCursorScreenPos({row_start.x + ow + e * 1.2f, row_start.y + (row_h - f.body->FontSize) / 2});
            else
                ImGui::SetCursorScreenPos(after);
            std::string letters;
            for (char c : response) letters += std::string(letters.empty() ? "" : " ") + c;
            ui::text(response.empty() ? tr(Key::exam_multi_hint) : tr.format(Key::exam_chosen, {letters}),
                     response.empty() ? ui::colour::text_dim : ui::colour::accent);
        }
        ImGui::SetCursorScreenPos(after);
        ImGui::Dummy({0, 0});
        ImGui::PopStyleVar();
        ui::end_scroll_area();
        // Previous, mark, (the answer sheet,) next.
        const int buttons = drawer_ ? 4 : 3;
        const float bgap = e * 0.6f;
        const float bw = (w - bgap * (buttons - 1)) / buttons;
        const float y = max.y - nav_h;
        float x = min.x;
        ImGui::SetCursorScreenPos({x, y});
        if (ui::big_button(tr(Key::exam_prev).c_str(), {bw, nav_h}, ui::ButtonKind::Secondary, index_ > 0)) go_to(index_ - 1);
        x += bw + bgap;
        ImGui::SetCursorScreenPos({x, y});
        const bool is_marked = marked(q.position);
        if (ui::big_button(tr(is_marked ? Key::exam_unmark : Key::exam_mark).c_str(), {bw, nav_h},
                           is_marked ? ui::ButtonKind::Selected : ui::ButtonKind::Quiet, enabled))
            save(ctx, q.position, response, !is_marked);
        x += bw + bgap;
        if (drawer_) {
            ImGui::SetCursorScreenPos({x, y});
            const std::string label = tr(Key::exam_sheet) + "##open-sheet";
            if (ui::big_button(label.c_str(), {bw, nav_h}, ui::ButtonKind::Quiet, enabled)) sheet_open_ = true;
            x += bw + bgap;
        }
        ImGui::SetCursorScreenPos({x, y});
        if (ui::big_button(tr(Key::exam_next_q).c_str(), {bw, nav_h}, ui::ButtonKind::Primary,
                           index_ + 1 < static_cast<int>(questions_.size())))
            go_to(index_ + 1);
    }

    // The answer sheet as a drawer over the question: larger cells (sized by the screen, not the text), a tap on
    // one goes to that question and closes the drawer; 返回本题 closes it.
    void sheet_drawer(ScreenContext& ctx, ImVec2 min, ImVec2 max)
    {
        const Strings& tr = ctx.tr();
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const int cols = portrait() ? 10 : 20;
        const int rows = (static_cast<int>(questions_.size()) + cols - 1) / cols;
        const float close_h = e * 3.0f;
        const float title_h = ui::fonts().body->FontSize * 1.4f;
        const float legend_h = e * 1.6f;
        const float avail_h = max.y - min.y - close_h - e * 0.8f - title_h - legend_h;
        const float cell = std::min({vp->Size.x * 0.94f / (cols + 0.12f * (cols - 1)), vp->Size.x * 0.08f,
                                     avail_h / std::max(rows, 1) / 1.12f});
        const float gap = cell * 0.12f;
        const float grid_w = cell * cols + gap * (cols - 1);
        if (sheet(ctx, {vp->Pos.x + (vp->Size.x - grid_w) / 2, min.y}, cell, gap, cols)) sheet_open_ = false;
        const float bw = std::min(max.x - min.x, e * 16);
        ImGui::SetCursorScreenPos({min.x + (max.x - min.x - bw) / 2, max.y - close_h});
        if (ui::big_button(tr(Key::exam_sheet_close).c_str(), {bw, close_h}, ui::ButtonKind::Primary)) sheet_open_ = false;
    }

    void go_to(int index)
    {
        index_ = std::clamp(index, 0, static_cast<int>(questions_.size()) - 1);
        scroll_reset_ = true;
    }

    // Shows the choice at once, "保存中…" until the engine has committed it, then "已保存".
    void save(ScreenContext& ctx, int position, const std::string& response, bool mark)
    {
        auto& a = answers_[position];
        const exam::StoredAnswer before = a;
        a.position = position;
        a.response = response;
        a.marked = mark;
        saving_.insert(position);
        ctx.after_frame([this, &ctx, position, response, mark, before] {
            try {
                s_.exam->record_answer(attempt_, position, response, mark);
                saving_.erase(position);
            } catch (const std::exception& e) {
                if (moved_away(e)) {
                    finished_ = true;
                    ctx.go("moved", std::to_string(attempt_));
                    return;
                }
                // Not saved: back to what was stored, so nothing unsaved is ever shown as saved (even when the
                // engine cannot be read either).
                saving_.erase(position);
                if (before.response.empty() && !before.marked) answers_.erase(position);
                else answers_[position] = before;
                error_ = examinee_message(s_.strings, e);
                try {
                    answers_ = s_.exam->answers(attempt_);
                    view_ = s_.exam->view(attempt_);
                } catch (const std::exception&) {
                }
            }
        });
    }

    // Returns true when a cell was tapped (the drawer closes then, also on the current question's cell).
    bool sheet(ScreenContext& ctx, ImVec2 min, float cell, float gap, int cols)
    {
        const int tapped = answer_sheet(
            ctx.tr(), min, cell, gap, cols, questions_.size(),
            [this](std::size_t i) { return answered(questions_[i].position); },
            [this](std::size_t i) { return marked(questions_[i].position); }, index_, error_.empty());
        if (tapped >= 0) go_to(tapped);
        return tapped >= 0;
    }

    // The proctor paused the attempt: the question is hidden under a large 已暂停 and the clock above stands still
    // (the engine stops charging time until the proctor resumes).
    void paused_notice(ScreenContext& ctx, ImVec2 min, ImVec2 max)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float w = std::min(max.x - min.x, e * 30);
        const float x = min.x + (max.x - min.x - w) / 2;
        const float pad = e * 1.5f;
        const float line_h = ui::lines_height(
            f.heading, static_cast<int>(ui::wrap(f.heading, f.heading->FontSize, tr(Key::exam_paused), w - pad * 2).size()));
        const float h = pad * 2 + f.display->FontSize * 1.4f + e * 0.6f + line_h + e * 0.4f + f.body->FontSize * 1.4f;
        const float y = min.y + std::max(0.0f, (max.y - min.y - h) * 0.4f);
        ui::fill_rounded(dl, {x, y}, {x + w, y + h}, ui::colour::surface_high, e * 0.6f);
        dl->AddRect({x, y}, {x + w, y + h}, ui::colour::accent, e * 0.6f, 0, std::max(2.0f, e * 0.12f));
        // Two bars, the pause sign, beside the word: a shape as well as a colour.
        const float s = f.display->FontSize;
        const std::string& title = tr(Key::exam_paused_title);
        const float tw = ui::measure(f.display, s, title).x;
        const float bx = x + (w - tw - s * 1.1f) / 2;
        const float by = y + pad + s * 0.15f;
        dl->AddRectFilled({bx, by}, {bx + s * 0.28f, by + s}, ui::colour::accent);
        dl->AddRectFilled({bx + s * 0.5f, by}, {bx + s * 0.78f, by + s}, ui::colour::accent);
        ui::draw_text(dl, f.display, s, {bx + s * 1.1f, y + pad}, ui::colour::accent, title);
        float ty = y + pad + s * 1.4f + e * 0.6f;
        ty += ui::draw_paragraph(dl, f.heading, f.heading->FontSize, {x + pad, ty}, w - pad * 2, ui::colour::text,
                                 tr(Key::exam_paused));
        ui::draw_text(dl, f.body, f.body->FontSize, {x + pad, ty + e * 0.4f}, ui::colour::text_dim,
                      tr(Key::exam_paused_clock));
    }

    void number_buttons(const std::vector<int>& indices, float width, const char* prefix)
    {
        const float e = ui::em();
        const float bw = e * 2.6f;
        const float gap = e * 0.35f;
        const ImVec2 start = ImGui::GetCursorScreenPos();
        const int per_row = std::max(1, static_cast<int>((width + gap) / (bw + gap)));
        for (std::size_t k = 0; k < indices.size(); ++k) {
            const int r = static_cast<int>(k) / per_row, c = static_cast<int>(k) % per_row;
            ImGui::SetCursorScreenPos({start.x + c * (bw + gap), start.y + r * (bw * 0.8f + gap)});
            const std::string label = std::to_string(indices[k] + 1) + "##" + prefix + std::to_string(indices[k]);
            if (ui::big_button(label.c_str(), {bw, bw * 0.8f}, ui::ButtonKind::Secondary)) {
                go_to(indices[k]);
                confirm_ = false;
            }
        }
        const int rows = (static_cast<int>(indices.size()) + per_row - 1) / per_row;
        ImGui::SetCursorScreenPos({start.x, start.y + rows * (bw * 0.8f + gap)});
    }

    void confirmation(ScreenContext& ctx, ImVec2 min, ImVec2 max)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        std::vector<int> unanswered, marks;
        for (std::size_t i = 0; i < questions_.size(); ++i) {
            if (!answered(questions_[i].position)) unanswered.push_back(static_cast<int>(i));
            if (marked(questions_[i].position)) marks.push_back(static_cast<int>(i));
        }
        const float w = std::min(max.x - min.x, e * 40);
        const float x = min.x + (max.x - min.x - w) / 2;
        ImGui::SetCursorScreenPos({x, min.y});
        ui::begin_scroll_area("confirm", {w, max.y - min.y - e * 4.2f});
        ui::text(tr(Key::exam_confirm_title), ui::colour::accent, f.heading);
        ImGui::Dummy({0, e * 0.4f});
        ui::text(tr.format(Key::exam_confirm_answered,
                           {std::to_string(questions_.size() - unanswered.size()), std::to_string(questions_.size())}),
                 ui::colour::text, f.heading);
        ImGui::Dummy({0, e * 0.6f});
        const float inner = w - ImGui::GetStyle().ScrollbarSize - e * 0.3f;
        // The marked ones first: a short list the examinee chose to check.
        ui::text(tr(Key::exam_confirm_marked), ui::colour::text_dim);
        if (marks.empty()) ui::text(tr(Key::exam_confirm_none), ui::colour::text);
        else number_buttons(marks, inner, "m");
        ImGui::Dummy({0, e * 0.6f});
        ui::text(tr(Key::exam_confirm_unanswered), ui::colour::text_dim);
        if (unanswered.empty()) ui::text(tr(Key::exam_confirm_none), ui::colour::text);
        else number_buttons(unanswered, inner, "u");
        ui::end_scroll_area();
        const float half = (w - e * 1.0f) / 2;
        const float y = max.y - e * 3.4f;
        ImGui::SetCursorScreenPos({x, y});
        // With questions unanswered, going back is the bright (primary) button and submitting the quiet one: a
        // hurried tap on the obvious button must not hand in an unfinished paper.
        const bool unfinished = !unanswered.empty();
        if (ui::big_button(tr(Key::exam_confirm_back).c_str(), {half, e * 3.4f},
                           unfinished ? ui::ButtonKind::Primary : ui::ButtonKind::Secondary))
            confirm_ = false;
        ImGui::SetCursorScreenPos({x + half + e * 1.0f, y});
        if (ui::big_button(tr(Key::exam_confirm_submit).c_str(), {half, e * 3.4f},
                           unfinished ? ui::ButtonKind::Secondary : ui::ButtonKind::Primary,
                           saving_.empty() && !finished_)) {
            finished_ = true;
            ctx.after_frame([this, &ctx] {
                try {
                    s_.exam->submit(attempt_);
                    ctx.go("done", std::to_string(attempt_));
                } catch (const std::exception& ex) {
                    finished_ = false;
                    error_ = examinee_message(s_.strings, ex);
                }
            });
        }
    }

    Services& s_;
    std::int64_t attempt_ = 0;
    std::vector<exam::ShownQuestion> questions_;
    std::string language_; // the language questions_ is in (empty: as the engine gave it)
    std::map<int, exam::StoredAnswer> answers_;
    exam::AttemptView view_;
    std::set<int> saving_;
    int index_ = 0;
    bool confirm_ = false;
    bool finished_ = false;
    bool scroll_reset_ = true;
    bool read_row_ = false;   // 朗读 and the volume controls have a row of their own under the number
    bool drawer_ = false;     // the answer sheet is a drawer (答题卡 opens it), not docked beside the question
    bool sheet_open_ = false; // the drawer is open
    bool large_text_ = false;
    Layout layout_;
    int layout_index_ = -1;   // the question layout_ was chosen for
    float layout_em_ = 0;     // the text size and screen drawer_ was chosen for
    ImVec2 layout_size_{0, 0};
    float layout_top_ = 0;    // the top of the area it was chosen for
    std::int64_t next_tick_ = 0;
    std::int64_t last_heartbeat_ = 0;
    std::string error_;
};

constexpr std::int64_t kResultShownMs = 60000;

class ExamResultScreen final : public Screen {
public:
    explicit ExamResultScreen(Services& s) : s_(s) {}

    // The screen returns to the start after its own 60 s. The idle timeout must not cut that short: after a
    // time-up submit the last touch may be long past.
    bool holds_idle() const override { return true; }

    void enter(const std::string& arg, bool) override
    {
        error_.clear();
        until_ = 0;
        const auto colon = arg.find(':');
        timed_out_ = colon != std::string::npos && arg.substr(colon) == kTimeUpSuffix;
        try {
            const auto id = std::stoll(arg.substr(0, colon));
            attempt_id_ = id;
            // The centre's count of this attempt's unsent events is trusted only from a round that began after the
            // submission was saved (exam/centre/sync.hpp).
            if (s_.centre) rounds_at_enter_ = s_.centre->status().rounds;
            view_ = s_.exam->view(id);
            if (view_.attempt.state == AttemptState::Cancelled) {
                cancelled_ = true;
                end_reason_ = s_.exam->end_reason(id).value_or("");
            } else {
                cancelled_ = false;
                score_ = s_.exam->result(id);
                // An exam centre's kiosk: the centre collects and grades the paper once every event is there (its
                // collector); the sending thread reads the centre's score for this screen.
                if (s_.centre) s_.centre->watch_result(id);
            }
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
    }

    void leave() override
    {
        if (s_.centre) s_.centre->watch_result(0);
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const std::int64_t now = ctx.now_ms();
        if (until_ == 0) until_ = now + kResultShownMs;
        if (now >= until_) ctx.go("home");
        ctx.wake_at(next_second_change(now, until_));
        ui::begin_screen_window("exam-result");
        exam::centre::SenderStatus status;
        std::optional<exam::centre::SeatResult> confirmed; // the centre's graded result of this attempt
        if (s_.centre) {
            status = s_.centre->status();
            if (status.result && status.result->attempt_id == attempt_id_ &&
                status.result->state == AttemptState::Scored && status.result->score)
                confirmed = status.result;
        }
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float column = std::min(vp->Size.x - e * 3, e * 34);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        ImGui::SetCursorScreenPos({x, vp->Pos.y + e * 1.5f});
        ImGui::BeginGroup();
        // An attempt the proctor ended has no score: the screen says it was ended, by whom and why, and shows
        // neither points nor 不合格.
        if (!cancelled_) ui::text_centered(tr(Key::exam_result_title), ui::colour::text_dim, f.heading, column);
        if (timed_out_ && !cancelled_) ui::text_centered(tr(Key::exam_timeup_submitted), ui::colour::accent, f.heading, column);
        ui::text_centered(view_.candidate.name, ui::colour::text, f.heading, column);
        ImGui::Dummy({0, e * 0.6f});
        // The verdict in a box: a shape and a word, not colour alone.
        const auto verdict_box = [&](const std::string& verdict, bool good) {
            const float vw = ui::measure(f.display, f.display->FontSize, verdict).x + e * 3;
            const ImVec2 p{x + (column - vw) / 2, ImGui::GetCursorScreenPos().y};
            const float vh = f.display->FontSize * 1.5f;
            ImDrawList* dl = ImGui::GetWindowDrawList();
            ui::fill_rounded(dl, p, {p.x + vw, p.y + vh}, good ? ui::colour::ok_dark : ui::colour::danger_dark, e * 0.5f);
            dl->AddRect(p, {p.x + vw, p.y + vh}, good ? ui::colour::ok : ui::colour::danger, e * 0.5f, 0,
                        std::max(2.0f, e * 0.1f));
            const ImVec2 ts = ui::measure(f.display, f.display->FontSize, verdict);
            ui::draw_text(dl, f.display, f.display->FontSize, {p.x + (vw - ts.x) / 2, p.y + (vh - ts.y) / 2},
                          good ? ui::colour::ok : ui::colour::danger, verdict);
            ImGui::Dummy({column, vh + e * 0.6f});
        };
        if (cancelled_) {
            verdict_box(tr(Key::exam_result_ended), false);
            ui::text_centered(tr(Key::exam_result_cancelled), ui::colour::text, f.heading, column);
            if (!end_reason_.empty()) {
                ImGui::Dummy({0, e * 0.3f});
                // The proctor may have typed characters the fonts were not built with: added on demand.
                const std::string reason =
                    ctx.ensure_glyphs(end_reason_) ? end_reason_ : ui::known_glyphs_only(f.body, end_reason_);
                ui::paragraph(tr.format(Key::exam_result_end_reason, {reason}), ui::colour::text, nullptr, column);
            }
        } else if (error_.empty()) {
            // The centre's score, once it has graded the paper, is the one that counts; the kiosk's own until then.
            const double points = confirmed ? *confirmed->score : score_.points;
            const bool passed = confirmed ? confirmed->passed.value_or(false) : score_.passed;
            ui::text_centered(tr.format(Key::exam_result_score, {format_points(points)}),
                              passed ? ui::colour::ok : ui::colour::danger, f.display, column);
            ImGui::Dummy({0, e * 0.3f});
            verdict_box(tr(passed ? Key::exam_result_pass : Key::exam_result_fail), passed);
            ui::text_centered(tr.format(Key::exam_result_line,
                                        {format_points(score_.max_points), format_points(view_.blueprint.pass_mark),
                                         std::to_string(score_.correct), std::to_string(view_.total)}),
                              ui::colour::text, f.body, column);
        }
        if (s_.centre && error_.empty()) {
            // An exam centre's kiosk: whether the centre holds every event of the paper yet, and then whether it has
            // graded it, said plainly. The paper is safe in the journal either way; the line turns when the last
            // event is at the centre, and again when the centre's score is in.
            const auto it = status.unsent_by_attempt.find(attempt_id_);
            const bool uploaded =
                confirmed || (status.rounds >= rounds_at_enter_ + 2 && it == status.unsent_by_attempt.end());
            ImGui::Dummy({0, e * 0.4f});
            const std::string& said = tr(confirmed  ? Key::exam_result_confirmed
                                         : uploaded ? Key::exam_result_upload_done
                                                    : Key::exam_result_upload_pending);
            for (const auto& line : ui::wrap(f.body, f.body->FontSize, said, column))
                ui::text_centered(line, uploaded ? ui::colour::ok : ui::colour::accent, f.body, column);
            if (confirmed && !cancelled_ &&
                (std::abs(*confirmed->score - score_.points) > 1e-9 || confirmed->passed.value_or(false) != score_.passed)) {
                const std::string differs = tr.format(Key::exam_result_centre_differs, {format_points(score_.points)});
                for (const auto& line : ui::wrap(f.body, f.body->FontSize, differs, column))
                    ui::text_centered(line, ui::colour::accent, f.body, column);
            }
        }
        // Done and the countdown above the breakdown by chapter, which may run below the screen's edge.
        ImGui::Dummy({0, e * 0.8f});
        if (ui::big_button(tr(Key::exam_result_done).c_str(), {column, e * 3.0f}, ui::ButtonKind::Primary)) ctx.go("home");
        ui::text_centered(tr.format(Key::exam_result_back_in, {std::to_string(seconds_left(now, until_))}),
                          ui::colour::text_dim, f.body, column);
        ImGui::EndGroup();
        if (!cancelled_ && error_.empty() && !score_.chapters.empty()) {
            // The breakdown by chapter: one column, or two side by side (wider) when one would run below the
            // screen's edge (a landscape screen and eight chapters).
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const float top = ImGui::GetCursorScreenPos().y + e * 0.6f;
            const float line = f.body->FontSize * 1.45f;
            const int n = static_cast<int>(score_.chapters.size());
            const bool two = top + n * line > vp->Pos.y + vp->Size.y - e * 0.8f;
            const float wide = two ? std::min(vp->Size.x - e * 3, e * 44) : column;
            const float left = vp->Pos.x + (vp->Size.x - wide) / 2;
            const int rows = two ? (n + 1) / 2 : n;
            const float cw = two ? (wide - e * 1.5f) / 2 : wide;
            for (int i = 0; i < n; ++i) {
                const auto& c = score_.chapters[static_cast<std::size_t>(i)];
                const std::string s = tr.format(Key::exam_result_chapter, {c.chapter, std::to_string(c.correct),
                                                                            std::to_string(c.questions),
                                                                            format_points(c.points)});
                const ImVec2 at{left + (i / rows) * (cw + e * 1.5f), top + (i % rows) * line};
                ui::draw_paragraph(dl, f.body, f.body->FontSize, at, cw, ui::colour::text_dim, s, 1.25f, 1);
            }
        }
        error_dialog(tr, error_);
        ImGui::End();
    }

private:
    Services& s_;
    exam::AttemptView view_;
    exam::Score score_;
    bool cancelled_ = false;
    bool timed_out_ = false; // the engine submitted the paper at time-up
    std::string end_reason_;
    std::int64_t until_ = 0;
    std::string error_;
    std::int64_t attempt_id_ = 0;
    std::uint64_t rounds_at_enter_ = 0;
};

// A centre kiosk whose attempt the centre seated at another kiosk (移机; exam/centre/sync.hpp): the examinee is told
// plainly to go to the proctor; nothing more of the attempt is recorded here. The idle timeout, 返回首页 or a
// proctor returns the kiosk to its start screen.
class ExamMovedScreen final : public Screen {
public:
    explicit ExamMovedScreen(Services& s) : s_(s) {}

    void enter(const std::string& arg, bool) override
    {
        name_.clear();
        try {
            name_ = s_.exam->view(std::stoll(arg)).candidate.name;
        } catch (const std::exception& e) {
            std::cerr << "safekiosk: the moved attempt " << arg << ": " << e.what() << "\n";
        }
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ui::begin_screen_window("exam-moved");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float column = std::min(vp->Size.x - e * 3, e * 34);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        ImGui::SetCursorScreenPos({x, vp->Pos.y + vp->Size.y * 0.22f});
        ImGui::BeginGroup();
        if (!name_.empty()) ui::text_centered(name_ + "  " + s_.config.kiosk_id, ui::colour::text_dim, f.heading, column);
        ImGui::Dummy({0, e * 0.8f});
        const std::string title = tr(Key::exam_moved_title);
        for (const auto& line : ui::wrap(f.display, f.display->FontSize, title, column))
            ui::text_centered(line, ui::colour::accent, f.display, column);
        ImGui::Dummy({0, e * 1.0f});
        const std::string text = tr(Key::exam_moved_text);
        for (const auto& line : ui::wrap(f.heading, f.heading->FontSize, text, column))
            ui::text_centered(line, ui::colour::text, f.heading, column);
        ImGui::Dummy({0, e * 0.4f});
        for (const auto& line : ui::wrap(f.body, f.body->FontSize, tr(Key::exam_moved_note), column))
            ui::text_centered(line, ui::colour::text_dim, f.body, column);
        ImGui::Dummy({0, e * 1.5f});
        if (ui::big_button(tr(Key::nav_home).c_str(), {column, e * 3.2f}, ui::ButtonKind::Secondary, true, f.heading))
            ctx.go("done");
        ImGui::EndGroup();
        ImGui::End();
    }

private:
    Services& s_;
    std::string name_;
};

} // namespace

std::unique_ptr<Screen> make_exam_moved_screen(Services& s) { return std::make_unique<ExamMovedScreen>(s); }
std::unique_ptr<Screen> make_exam_paper_screen(Services& s) { return std::make_unique<ExamPaperScreen>(s); }
std::unique_ptr<Screen> make_exam_result_screen(Services& s) { return std::make_unique<ExamResultScreen>(s); }

} // namespace sk::kiosk
