// The short quiz after a case: one question at a time with immediate feedback (right or wrong, the right answer
// and the explanation), then the score. Each answer is counted anonymously (content/storage/visit_store.hpp).
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
#include <set>

namespace sk::kiosk {

namespace {

using content::QuestionType;

class QuizScreen final : public Screen {
public:
    explicit QuizScreen(Services& s) : lib_(*s.exhibits), visits_(s.visits), clock_(s.clock) {}

    void enter(const std::string& uid, bool back) override
    {
        if (back && exhibit_ && exhibit_->uid == uid) return;
        exhibit_ = lib_.find(uid);
        index_ = 0;
        right_ = 0;
        finished_ = false;
        start_question();
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        ui::begin_screen_window("quiz");
        exhibit_top_bar(ctx, tr(Key::quiz_title));
        if (!exhibit_ || exhibit_->quiz.empty()) {
            ImGui::End();
            return;
        }
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float top = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos({vp->Pos.x, top});
        const ImVec2 area{vp->Size.x, vp->Pos.y + vp->Size.y - top};
        ui::begin_scroll_area("quiz-body", area);
        if (reset_scroll_) {
            ImGui::SetScrollY(0);
            reset_scroll_ = false;
        }
        const float column = std::min(area.x - e * 3.0f, e * 44.0f);
        const float left = (area.x - column) / 2;
        ImGui::Indent(left);
        ImGui::Dummy({0, e * 1.0f});
        if (finished_)
            result(ctx, column);
        else
            question(ctx, column);
        ImGui::Dummy({0, e * 2.0f});
        ImGui::Unindent(left);
        ui::end_scroll_area();
        ImGui::End();
    }

private:
    void start_question()
    {
        chosen_.clear();
        answered_ = false;
        was_right_ = false;
        reset_scroll_ = true;
        scroll_to_feedback_ = false;
    }

    void question(ScreenContext& ctx, float column)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const content::Question& q = ctx.shown(*exhibit_).quiz[static_cast<std::size_t>(index_)];
        const int total = static_cast<int>(exhibit_->quiz.size());

        const ImVec2 line = ImGui::GetCursorScreenPos();
        ui::text(tr.format(Key::quiz_progress, {std::to_string(index_ + 1), std::to_string(total)}),
                 ui::colour::text_dim);
        ImGui::SameLine(0, e * 0.8f);
        const Key type = q.type == QuestionType::TrueFalse ? Key::quiz_type_tf
                         : q.type == QuestionType::Single  ? Key::quiz_type_single
                                                           : Key::quiz_type_multi;
        ui::badge(tr(type), ui::colour::surface_high, ui::colour::accent);
        const std::string read_key = "quiz:" + q.uid;
        const auto read_texts = question_texts(q.stem, q.options);
        if (read_aloud_available(ctx)) {
            // 朗读 and the volume controls at the right end of the line (or under it); the stem starts below them.
            const ImVec2 used = ImGui::GetItemRectMax();
            const float below = read_aloud_row(ctx, read_key, read_texts, line, column, used.x, used.y, e * 2.0f);
            mark_reading(ctx, read_key, read_texts);
            ImGui::SetCursorScreenPos({line.x, below});
        }
        ImGui::Dummy({0, e * 0.3f});
        ui::paragraph(q.stem, ui::colour::text, f.heading, column);
        if (!q.image.empty()) {
            ImGui::Dummy({0, e * 0.3f});
            ui::image(ctx.textures(), q.image, {column, column * 0.4f}, ui::Fit::Contain);
        }
        ImGui::Dummy({0, e * 0.6f});

        const std::set<int> key = answer_set(q);
        for (std::size_t i = 0; i < q.options.size(); ++i) {
            const int idx = static_cast<int>(i);
            ui::ButtonKind kind = ui::ButtonKind::Secondary;
            if (answered_) {
                if (key.count(idx)) kind = chosen_.count(idx) ? ui::ButtonKind::Correct : ui::ButtonKind::Missed;
                else if (chosen_.count(idx)) kind = ui::ButtonKind::Wrong;
            } else if (chosen_.count(idx)) {
                kind = ui::ButtonKind::Selected;
            }
            const std::string letter(1, static_cast<char>('A' + idx));
            const std::string id = "option-" + letter;
            const bool clicked = ui::choice_button(id.c_str(), letter, q.options[i], column, kind, !answered_,
                                                   {0.7f, q.type == QuestionType::Multiple});
            if (answered_ && kind != ui::ButtonKind::Secondary) {
                // The right answer ticked, a wrong choice crossed, at the option's right end: shape, not colour only.
                const ImVec2 bmin = ImGui::GetItemRectMin(), bmax = ImGui::GetItemRectMax();
                const float r = std::min(e * 0.65f, (bmax.y - bmin.y) * 0.35f); // clear of the text
                const bool tick = kind != ui::ButtonKind::Wrong;
                // The cross stands on the red of the wrong choice: drawn in that button's text colour.
                ui::right_wrong_mark(ImGui::GetWindowDrawList(), {bmax.x - e * 0.6f - r, (bmin.y + bmax.y) / 2}, r,
                                     tick, tick ? ui::colour::ok : ui::colour::on_accent);
            }
            if (clicked) {
                if (q.type == QuestionType::Multiple) {
                    if (!chosen_.erase(idx)) chosen_.insert(idx);
                } else {
                    chosen_ = {idx};
                    answer(ctx, q);
                }
            }
            ImGui::Dummy({0, e * 0.1f});
        }
        if (q.type == QuestionType::Multiple && !answered_) {
            ui::text(tr(Key::quiz_multi_hint), ui::colour::text_dim);
            ImGui::Dummy({0, e * 0.2f});
            if (ui::big_button(tr(Key::quiz_confirm).c_str(), {column, 0}, ui::ButtonKind::Primary, !chosen_.empty()))
                answer(ctx, q);
        }
        if (answered_) feedback(ctx, q, column);
    }

    void feedback(ScreenContext& ctx, const content::Question& q, float column)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ImGui::Dummy({0, e * 0.6f});
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 min = ImGui::GetCursorScreenPos();
        const float pad = e * 1.0f;
        const float inner = column - pad * 2;
        const std::string answer_text = tr.format(Key::quiz_answer_is, {answer_label(q)});
        const std::string why = q.explanation.empty() ? std::string() : tr(Key::quiz_explanation) + q.explanation;
        // Measure first, so the panel can be drawn behind its text.
        const float head_h = f.heading->FontSize;
        const float answer_h = ui::lines_height(f.body, static_cast<int>(ui::wrap(f.body, f.body->FontSize, answer_text, inner).size()));
        const float why_h = why.empty() ? 0 : ui::lines_height(f.body, static_cast<int>(ui::wrap(f.body, f.body->FontSize, why, inner).size()));
        const float h = pad * 2 + head_h + e * 0.6f + answer_h + (why.empty() ? 0 : e * 0.5f + why_h);
        ui::fill_rounded(dl, min, {min.x + column, min.y + h}, was_right_ ? ui::colour::ok_dark : ui::colour::danger_dark,
                          e * 0.5f);
        ui::fill_rounded(dl, min, {min.x + e * 0.35f, min.y + h}, was_right_ ? ui::colour::ok : ui::colour::danger,
                          e * 0.5f, ImDrawFlags_RoundCornersLeft);
        float y = min.y + pad;
        // Right or wrong by shape as well as colour: a tick or a cross in a ring before the words.
        const ImU32 mark = was_right_ ? ui::colour::ok : ui::colour::danger;
        const float r = head_h * 0.5f;
        ui::right_wrong_mark(dl, {min.x + pad + r, y + head_h * 0.5f}, r, was_right_, mark);
        ui::draw_text(dl, f.heading, head_h, {min.x + pad + r * 2 + e * 0.4f, y}, mark,
                      tr(was_right_ ? Key::quiz_correct : Key::quiz_wrong));
        y += head_h + e * 0.6f;
        y += ui::draw_paragraph(dl, f.body, f.body->FontSize, {min.x + pad, y}, inner, ui::colour::text, answer_text);
        if (!why.empty())
            ui::draw_paragraph(dl, f.body, f.body->FontSize, {min.x + pad, y + e * 0.5f}, inner, ui::colour::text, why);
        ImGui::Dummy({column, h});
        ImGui::Dummy({0, e * 0.4f});
        const bool last = index_ + 1 >= static_cast<int>(exhibit_->quiz.size());
        if (ui::big_button(tr(last ? Key::quiz_finish : Key::quiz_next).c_str(), {column, 0})) {
            if (last) {
                finished_ = true;
                reset_scroll_ = true;
            } else {
                ++index_;
                start_question();
            }
        }
        if (scroll_to_feedback_) {
            ImGui::SetScrollHereY(1.0f);
            scroll_to_feedback_ = false;
        }
    }

    void result(ScreenContext& ctx, float column)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const int total = static_cast<int>(exhibit_->quiz.size());
        ImGui::Dummy({0, e * 1.5f});
        ui::text_centered(tr.format(Key::quiz_result, {std::to_string(right_), std::to_string(total)}),
                          right_ == total ? ui::colour::ok : ui::colour::accent, f.display, column);
        ImGui::Dummy({0, e * 0.8f});
        ui::text_centered(tr(right_ == total ? Key::quiz_result_all : Key::quiz_result_some), ui::colour::text,
                          f.body, column);
        ImGui::Dummy({0, e * 2.0f});
        if (ui::big_button(tr(Key::quiz_back_to_case).c_str(), {column, 0}, ui::ButtonKind::Secondary))
            ctx.go("back");
        ImGui::Dummy({0, e * 0.3f});
        if (ui::big_button(tr(Key::quiz_more_cases).c_str(), {column, 0}, ui::ButtonKind::Primary)) ctx.go("more");
    }

    static std::set<int> answer_set(const content::Question& q)
    {
        std::set<int> s;
        for (char c : q.answer)
            if (c >= 'A' && c <= 'Z') s.insert(c - 'A');
        return s;
    }

    static std::string answer_label(const content::Question& q)
    {
        if (q.type == QuestionType::TrueFalse) {
            const auto key = answer_set(q);
            if (key.size() == 1 && static_cast<std::size_t>(*key.begin()) < q.options.size())
                return q.options[static_cast<std::size_t>(*key.begin())];
        }
        std::string letters;
        for (int i : answer_set(q)) letters.push_back(static_cast<char>('A' + i));
        return letters;
    }

    void answer(ScreenContext& ctx, const content::Question& q)
    {
        answered_ = true;
        was_right_ = chosen_ == answer_set(q);
        if (was_right_) ++right_;
        scroll_to_feedback_ = true;
        // The count is a database write: after the frame, not while drawing.
        ctx.after_frame([this, exhibit = exhibit_->uid, question = q.uid, right = was_right_] {
            visits_.record_answer(exhibit, question, right, clock_.wall());
        });
    }

    const ExhibitLibrary& lib_;
    content::VisitStore& visits_;
    const Clock& clock_;
    const content::Exhibit* exhibit_ = nullptr;
    int index_ = 0;
    int right_ = 0;
    bool finished_ = false;
    std::set<int> chosen_;
    bool answered_ = false;
    bool was_right_ = false;
    bool reset_scroll_ = true;
    bool scroll_to_feedback_ = false;
};

} // namespace

std::unique_ptr<Screen> make_quiz_screen(Services& s) { return std::make_unique<QuizScreen>(s); }

} // namespace sk::kiosk
