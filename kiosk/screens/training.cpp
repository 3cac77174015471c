// The training kiosk: sign-in with ID number and PIN (the engine's refusals and waits), a menu of chapter practice
// with progress, random practice and the wrong-answer book, and practice questions with the right answer and the
// explanation after each answer. Study time starts at sign-in and is kept up by every answer; sign-out (or the
// idle timeout) returns to the sign-in screen.
#include "content/storage/content_store.hpp"
#include "kiosk/screens/read_aloud.hpp"
#include "exam/training.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/screens/chrome.hpp"
#include "kiosk/screens/exam_common.hpp"
#include "kiosk/screens/screens.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/scroll.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <algorithm>
#include <set>

namespace sk::kiosk {

namespace {

using content::QuestionType;

class TrainSignInScreen final : public Screen {
public:
    explicit TrainSignInScreen(Services& s) : s_(s) {}

    void enter(const std::string&, bool) override
    {
        s_.trainee = {};
        id_.clear();
        pin_.clear();
        pin_step_ = false;
        error_.clear();
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const std::int64_t now = ctx.now_ms();
        const bool locked = now < locked_until_;
        if (locked) ctx.wake_at(next_second_change(now, locked_until_));
        ui::begin_screen_window("train-signin");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float column = std::min(vp->Size.x - e * 3, e * 20);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        const float field_h = f.display->FontSize * 1.5f;
        const float lang_h = std::max(e * 2.4f, 44.0f);
        const float fixed = f.heading->FontSize * 1.3f * 2 + f.body->FontSize * 1.3f + field_h + e * 4.0f + e * 3.0f +
                            lang_h + e * 0.8f;
        const float pad_w = std::min(column, (vp->Size.y - fixed - e * 3.0f) / 5 / 0.55f * 3);
        float y = vp->Pos.y + std::max(e * 1.0f, (vp->Size.y - fixed - id_keypad_height(pad_w)) / 2);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const auto centred = [&](const ImFont* font, ImU32 colour, const std::string& s) {
            const float w = ui::measure(font, font->FontSize, s).x;
            ui::draw_text(dl, font, font->FontSize, {vp->Pos.x + (vp->Size.x - w) / 2, y}, colour, s);
            y += font->FontSize * 1.3f;
        };
        // 简体 / 繁體 / English first: the trainee practises in the language picked here.
        const float lang_w = language_row_width(tr);
        ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - lang_w) / 2, y});
        language_row(ctx, lang_h);
        y += lang_h + e * 0.8f;
        centred(f.heading, ui::colour::accent, tr(Key::train_heading));
        centred(f.heading, ui::colour::text, tr(pin_step_ ? Key::train_signin_pin : Key::train_signin_id));
        centred(f.body, ui::colour::danger,
                locked ? tr.format(Key::train_wait, {std::to_string(seconds_left(now, locked_until_))}) : std::string(" "));
        y += e * 0.5f;
        std::string& value = pin_step_ ? pin_ : id_;
        ImGui::SetCursorScreenPos({x, y});
        y += (pin_step_ ? entry_field(std::string(pin_.size(), '*'), column) : entry_field(id_, column, kIdNumberGroups)) +
             e * 1.0f;
        if (!error_.empty()) {
            error_dialog(tr, error_);
            ImGui::End();
            return;
        }
        ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - pad_w) / 2, y});
        // A PIN is digits only: its keypad has no X key (an ID number's may end in X).
        y += id_keypad(tr, value, pin_step_ ? 12 : 18, pad_w, !locked && !busy_, !pin_step_) + e * 1.0f;
        const float half = (column - e * 0.6f) / 2;
        ImGui::SetCursorScreenPos({x, y});
        if (ui::big_button(tr(Key::exam_cancel).c_str(), {half, e * 3.0f}, ui::ButtonKind::Secondary)) {
            if (pin_step_) pin_step_ = false;
            else id_.clear();
            pin_.clear();
        }
        ImGui::SetCursorScreenPos({x + half + e * 0.6f, y});
        const Key next = pin_step_ ? Key::train_signin : Key::exam_next;
        if (ui::big_button(tr(next).c_str(), {half, e * 3.0f}, ui::ButtonKind::Primary,
                           !value.empty() && !locked && !busy_)) {
            if (!pin_step_) {
                // The ID number is checked where it is typed (check character, birth date).
                const auto id = check_typed_id_number(tr, id_);
                if (!id.problem.empty()) {
                    error_ = id.problem;
                } else {
                    id_ = id.value;
                    pin_step_ = true;
                }
            } else {
                busy_ = true;
                ctx.after_frame([this, &ctx] {
                    busy_ = false;
                    try {
                        TraineeSignIn t;
                        t.candidate = s_.training->sign_in(id_, pin_);
                        t.period = s_.training->start_study(t.candidate);
                        t.name = s_.training->trainee_name(t.candidate);
                        s_.trainee = t;
                        ctx.go("ok");
                    } catch (const exam::SignInError& ex) {
                        error_ = examinee_message(s_.strings, ex);
                        locked_until_ = ctx.now_ms() + ex.retry_after_ms;
                    } catch (const std::exception& ex) {
                        error_ = examinee_message(s_.strings, ex);
                    }
                    pin_.clear();
                });
            }
        }
        ImGui::End();
    }

private:
    Services& s_;
    std::string id_, pin_;
    bool pin_step_ = false;
    bool busy_ = false;
    std::string error_;
    std::int64_t locked_until_ = 0;
};

class TrainMenuScreen final : public Screen {
public:
    explicit TrainMenuScreen(Services& s) : s_(s) {}

    void enter(const std::string&, bool) override
    {
        error_.clear();
        try {
            progress_ = s_.training->progress(s_.trainee.candidate);
            wrong_ = s_.training->wrong_book_questions(s_.trainee.candidate).size();
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ui::begin_screen_window("train-menu");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float column = std::min(vp->Size.x - e * 3, e * 36);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        ImGui::SetCursorScreenPos({x, vp->Pos.y + e * 1.2f});
        ImGui::BeginGroup();
        ui::text(tr.format(Key::train_menu_title, {s_.trainee.name}), ui::colour::accent, f.heading);
        ImGui::Dummy({0, e * 0.5f});
        const float half = (column - e * 0.6f) / 2;
        if (ui::big_button(tr(Key::train_random).c_str(), {half, e * 3.0f}, ui::ButtonKind::Primary)) ctx.go("practice", "random");
        ImGui::SameLine(0, e * 0.6f);
        const std::string book = tr.format(Key::train_wrong_book, {std::to_string(wrong_)}) + "##book";
        if (ui::big_button(book.c_str(), {half, e * 3.0f}, ui::ButtonKind::Secondary, wrong_ > 0)) ctx.go("practice", "wrong");
        ImGui::Dummy({0, e * 0.2f});
        if (ui::big_button(tr(Key::train_mock).c_str(), {half, e * 3.0f}, ui::ButtonKind::Secondary)) ctx.go("mock");
        ImGui::SameLine(0, e * 0.6f);
        if (ui::big_button(tr(Key::train_progress).c_str(), {half, e * 3.0f}, ui::ButtonKind::Secondary)) ctx.go("progress");
        ImGui::Dummy({0, e * 0.5f});
        ui::section_heading(tr(Key::train_chapters));
        ImGui::Dummy({0, e * 0.3f});
        const float bottom = vp->Pos.y + vp->Size.y - e * 4.5f;
        ui::begin_scroll_area("chapters", {column, bottom - ImGui::GetCursorScreenPos().y});
        const float inner = column - ImGui::GetStyle().ScrollbarSize - e * 0.3f;
        for (const auto& p : progress_) {
            const std::string label = tr.format(Key::train_chapter_progress, {p.chapter, std::to_string(p.practised),
                                                                                std::to_string(p.questions)}) +
                                      "##" + p.chapter;
            const ImVec2 min = ImGui::GetCursorScreenPos();
            if (ui::big_button(label.c_str(), {inner, e * 2.8f}, ui::ButtonKind::Secondary)) ctx.go("practice", "chapter:" + p.chapter);
            // Progress as a bar along the bottom of the button.
            const float frac = p.questions > 0 ? static_cast<float>(p.practised) / p.questions : 0;
            ImGui::GetWindowDrawList()->AddRectFilled({min.x + e * 0.3f, min.y + e * 2.5f},
                                                      {min.x + e * 0.3f + (inner - e * 0.6f) * frac, min.y + e * 2.7f},
                                                      ui::colour::ok);
            ImGui::Dummy({0, e * 0.1f});
        }
        ui::end_scroll_area();
        ImGui::SetCursorScreenPos({x, vp->Pos.y + vp->Size.y - e * 3.8f});
        if (ui::big_button(tr(Key::train_sign_out).c_str(), {column, e * 3.0f}, ui::ButtonKind::Quiet)) ctx.go("home");
        ImGui::EndGroup();
        error_dialog(tr, error_);
        ImGui::End();
    }

private:
    Services& s_;
    std::vector<exam::ChapterProgress> progress_;
    std::size_t wrong_ = 0;
    std::string error_;
};

class TrainPracticeScreen final : public Screen {
public:
    explicit TrainPracticeScreen(Services& s) : s_(s) {}

    void enter(const std::string& arg, bool) override
    {
        error_.clear();
        ids_.clear();
        index_ = 0;
        mode_ = arg;
        try {
            const auto cid = s_.trainee.candidate;
            if (arg == "random") ids_ = s_.training->random_questions(cid, 20, static_cast<std::uint64_t>(s_.clock.now_ms()));
            else if (arg == "wrong") ids_ = s_.training->wrong_book_questions(cid);
            else if (arg.rfind("chapter:", 0) == 0) ids_ = s_.training->chapter_questions(cid, arg.substr(8));
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
        load();
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ui::begin_screen_window("train-practice");
        exhibit_top_bar(ctx, tr(mode_ == "random" ? Key::train_random : mode_ == "wrong" ? Key::train_wrong_book_title
                                                                                       : Key::train_chapters));
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float top = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos({vp->Pos.x, top});
        const ImVec2 area{vp->Size.x, vp->Pos.y + vp->Size.y - top};
        ui::begin_scroll_area("practice", area);
        const float column = std::min(area.x - e * 3.0f, e * 44.0f);
        const float left = (area.x - column) / 2;
        ImGui::Indent(left);
        ImGui::Dummy({0, e * 0.8f});
        if (!q_) {
            ui::text(tr(ids_.empty() ? Key::train_empty : Key::train_finished), ui::colour::text, f.heading);
            ImGui::Dummy({0, e * 1.0f});
            if (ui::big_button(tr(Key::train_back_menu).c_str(), {column, 0})) ctx.go("back");
        } else {
            question(ctx, column);
        }
        ImGui::Dummy({0, e * 2.0f});
        ImGui::Unindent(left);
        ui::end_scroll_area();
        error_dialog(tr, error_);
        ImGui::End();
    }

private:
    void load()
    {
        q_.reset();
        chosen_.clear();
        feedback_.reset();
        if (index_ < ids_.size()) q_ = s_.content.question(ids_[index_]);
    }

    void question(ScreenContext& ctx, float column)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const auto& q = ctx.shown(*q_);
        const ImVec2 line = ImGui::GetCursorScreenPos();
        ui::text(tr.format(Key::quiz_progress, {std::to_string(index_ + 1), std::to_string(ids_.size())}),
                 ui::colour::text_dim);
        const std::string read_key = "practice:" + q.uid;
        const auto read_texts = question_texts(q.stem, q.options);
        if (read_aloud_available(ctx)) {
            // 朗读 and the volume controls at the right end of the line (or under it); the stem starts below them.
            const ImVec2 used = ImGui::GetItemRectMax();
            const float below = read_aloud_row(ctx, read_key, read_texts, line, column, used.x, used.y, e * 2.0f);
            mark_reading(ctx, read_key, read_texts);
            ImGui::SetCursorScreenPos({line.x, below + e * 0.3f});
        }
        ui::paragraph(q.stem, ui::colour::text, f.heading, column);
        ImGui::Dummy({0, e * 0.5f});
        std::set<int> key;
        if (feedback_)
            for (char c : feedback_->key) key.insert(c - 'A');
        for (std::size_t i = 0; i < q.options.size(); ++i) {
            const int idx = static_cast<int>(i);
            ui::ButtonKind kind = ui::ButtonKind::Secondary;
            if (feedback_) {
                if (key.count(idx)) kind = chosen_.count(idx) ? ui::ButtonKind::Correct : ui::ButtonKind::Missed;
                else if (chosen_.count(idx)) kind = ui::ButtonKind::Wrong;
            } else if (chosen_.count(idx)) {
                kind = ui::ButtonKind::Selected;
            }
            const std::string letter(1, static_cast<char>('A' + idx));
            const bool clicked = ui::choice_button(("option-" + letter).c_str(), letter, q.options[i], column, kind,
                                                   !feedback_, {0.7f, q.type == QuestionType::Multiple});
            if (feedback_ && kind != ui::ButtonKind::Secondary) {
                // The right answer ticked, a wrong choice crossed (in the red button's text colour), at the
                // option's right end: shape, not colour only.
                const ImVec2 bmin = ImGui::GetItemRectMin(), bmax = ImGui::GetItemRectMax();
                const float r = std::min(e * 0.65f, (bmax.y - bmin.y) * 0.35f); // clear of the text
                const bool tick = kind != ui::ButtonKind::Wrong;
                ui::right_wrong_mark(ImGui::GetWindowDrawList(), {bmax.x - e * 0.6f - r, (bmin.y + bmax.y) / 2}, r,
                                     tick, tick ? ui::colour::ok : ui::colour::on_accent);
            }
            if (clicked) {
                if (q.type == QuestionType::Multiple) {
                    if (!chosen_.erase(idx)) chosen_.insert(idx);
                } else {
                    chosen_ = {idx};
                    answer(ctx);
                }
            }
            ImGui::Dummy({0, e * 0.1f});
        }
        if (q.type == QuestionType::Multiple && !feedback_) {
            ui::text(tr(Key::quiz_multi_hint), ui::colour::text_dim);
            if (ui::big_button(tr(Key::quiz_confirm).c_str(), {column, 0}, ui::ButtonKind::Primary, !chosen_.empty()))
                answer(ctx);
        }
        if (!feedback_) return;
        ImGui::Dummy({0, e * 0.5f});
        {
            // 回答正确 / 回答错误 after a tick or a cross in a ring.
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float r = f.heading->FontSize * 0.45f;
            const ImU32 colour = feedback_->correct ? ui::colour::ok : ui::colour::danger;
            ui::right_wrong_mark(ImGui::GetWindowDrawList(), {at.x + r, at.y + f.heading->FontSize * 0.5f}, r,
                                 feedback_->correct, colour);
            ImGui::SetCursorScreenPos({at.x + r * 2 + e * 0.4f, at.y});
            ui::text(tr(feedback_->correct ? Key::quiz_correct : Key::quiz_wrong), colour, f.heading);
            ImGui::SetCursorScreenPos({at.x, ImGui::GetCursorScreenPos().y});
        }
        std::string shown = feedback_->key;
        if (q.type == QuestionType::TrueFalse && key.size() == 1 && *key.begin() < static_cast<int>(q.options.size()))
            shown = q.options[static_cast<std::size_t>(*key.begin())];
        ui::paragraph(tr.format(Key::quiz_answer_is, {shown}), ui::colour::text, nullptr, column);
        if (!feedback_->explanation.empty())
            ui::paragraph(tr(Key::quiz_explanation) + feedback_->explanation, ui::colour::text, nullptr, column);
        ImGui::Dummy({0, e * 0.5f});
        if (ui::big_button(tr(Key::quiz_next).c_str(), {column, 0})) {
            ++index_;
            load();
        }
        if (scroll_) {
            ImGui::SetScrollHereY(1.0f);
            scroll_ = false;
        }
    }

    void answer(ScreenContext& ctx)
    {
        std::string letters;
        for (int i : chosen_) letters.push_back(static_cast<char>('A' + i));
        const std::string mode = mode_.rfind("chapter:", 0) == 0 ? "chapter" : mode_;
        const auto qid = ids_[index_];
        ctx.after_frame([this, letters, mode, qid] {
            try {
                auto& t = s_.trainee;
                feedback_ = s_.training->answer(t.candidate, qid, letters, mode);
                t.period = s_.training->keep_studying(t.candidate, t.period);
                scroll_ = true;
            } catch (const std::exception& e) {
                error_ = examinee_message(s_.strings, e);
            }
        });
    }

    Services& s_;
    std::string mode_;
    std::vector<std::int64_t> ids_;
    std::size_t index_ = 0;
    std::optional<content::Question> q_;
    std::set<int> chosen_;
    std::optional<exam::PracticeFeedback> feedback_;
    bool scroll_ = false;
    std::string error_;
};

// A mock exam: a paper drawn by the engine from the training-visible pool only, on the real exam's blueprint and
// clock (shortened, with a proportional pass mark and time, said on screen, when that pool is smaller than a
// paper); the answer sheet (a drawer: 答题卡) and 标记 as in the exam; no feedback until the end, then the engine's
// score with the chapters and the review of the questions not answered right, which the engine has put into the
// wrong-answer book (TrainingService::submit_mock). Answers are not stored (it is practice), but each keeps the study
// time going. At time-up it is submitted as it stands.
class TrainMockScreen final : public Screen {
public:
    explicit TrainMockScreen(Services& s) : s_(s) {}

    // A trainee may think longer than the idle timeout over a mock question, as in the real exam: the mock's own
    // clock bounds it. The result then stays kResultShownMs even when the last touch is long past (a time-up),
    // and the idle timeout returns the kiosk to its start after that.
    bool holds_idle() const override
    {
        return !questions_.empty() && (!score_ || now_ < result_at_ + kResultShownMs);
    }

    void enter(const std::string&, bool back) override
    {
        if (back) return;
        error_.clear();
        questions_.clear();
        responses_.clear();
        marks_.clear();
        mistakes_.clear();
        sheet_open_ = false;
        score_.reset();
        confirm_ = false;
        timed_out_ = false;
        traditional_ = false;
        index_ = 0;
        ends_ = 0;
        try {
            const auto cid = s_.trainee.candidate;
            mock_ = s_.training->mock_exam(cid, static_cast<std::uint64_t>(s_.clock.now_ms()));
            for (const auto& pq : mock_.paper.questions) {
                auto q = s_.content.question(pq.question_id);
                if (!q) throw std::runtime_error("question " + std::to_string(pq.question_id) + " is missing");
                Shown shown{pq, q->stem, {}};
                for (int o : pq.option_order) shown.options.push_back(q->options.at(static_cast<std::size_t>(o)));
                questions_.push_back(std::move(shown));
            }
            ends_ = s_.clock.now_ms() + mock_.duration_ms;
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const float e = ui::em();
        const std::int64_t now = ctx.now_ms();
        // In 繁體 the mock paper shows the stored zh-HK texts.
        if (ctx.language() == "zh-HK" && !traditional_) {
            for (auto& q : questions_) {
                q.stem = ctx.shown_text(q.stem);
                for (auto& o : q.options) o = ctx.shown_text(o);
            }
            traditional_ = true;
        }
        now_ = now;
        if (!score_ && !questions_.empty()) {
            if (now >= ends_) {
                timed_out_ = true;
                confirm_ = false;
                sheet_open_ = false;
                finish(ctx);
            }
            else ctx.wake_at(next_second_change(now, ends_));
        } else if (score_ && now < result_at_ + kResultShownMs) {
            ctx.wake_at(result_at_ + kResultShownMs);
        }
        ui::begin_screen_window("train-mock");
        exhibit_top_bar(ctx, tr(score_ ? Key::train_mock_result : Key::train_mock_title));
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float top = ImGui::GetCursorScreenPos().y;
        const float column = std::min(vp->Size.x - e * 3.0f, e * 44.0f);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        if (score_) result(ctx, x, top + e * 0.8f, column);
        else if (confirm_) confirmation(ctx);
        else if (sheet_open_) sheet_drawer(ctx, top + e * 0.6f);
        else if (!questions_.empty()) question(ctx, x, top + e * 0.6f, column);
        error_dialog(tr, error_);
        ImGui::End();
    }

private:
    struct Shown {
        exam::PaperQuestion q;
        std::string stem;
        std::vector<std::string> options;
    };

    void question(ScreenContext& ctx, float x, float y, float column)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const Shown& q = questions_[index_];
        // Number at the left, the clock at the right.
        ui::draw_text(dl, f.heading, f.heading->FontSize, {x, y}, ui::colour::text,
                      tr.format(Key::exam_q_number, {std::to_string(index_ + 1), std::to_string(questions_.size())}));
        const std::int64_t left = ends_ - ctx.now_ms();
        const std::string clock = tr.format(Key::exam_remaining, {format_duration(left)});
        const float cw = ui::measure(f.heading, f.heading->FontSize, clock).x;
        ui::draw_text(dl, f.heading, f.heading->FontSize, {x + column - cw, y},
                      left <= 5 * 60000 ? ui::colour::danger : ui::colour::accent, clock);
        // 朗读 and the volume controls after the number when they fit between the widest number and the widest
        // clock of the paper, otherwise (upright) right-aligned in a row of their own under it: decided for the
        // paper, not per question or second, so that nothing moves as the number and the time change.
        const std::string read_key = "mock:" + std::to_string(q.q.position);
        const auto read_texts = question_texts(q.stem, q.options);
        float body_top = y + f.heading->FontSize * 1.5f;
        if (read_aloud_available(ctx)) {
            const float rh = f.heading->FontSize * 1.3f;
            const std::string n = std::to_string(questions_.size());
            const float nw = ui::measure(f.heading, f.heading->FontSize, tr.format(Key::exam_q_number, {n, n})).x;
            const float widest_clock = std::max(
                cw, ui::measure(f.heading, f.heading->FontSize, tr.format(Key::exam_remaining, {"8:88:88"})).x);
            const float whole = read_aloud_button_width(ctx, rh);
            if (whole <= column - nw - e * 0.8f - widest_clock - e * 0.8f) {
                ImGui::SetCursorScreenPos({x + nw + e * 0.8f, y - (rh - f.heading->FontSize) / 2});
            } else {
                ImGui::SetCursorScreenPos({x + column - whole, body_top - e * 0.2f});
                body_top += rh + e * 0.2f;
            }
            read_aloud_button(ctx, read_key, read_texts, rh);
            mark_reading(ctx, read_key, read_texts);
        }
        const float nav_h = e * 3.0f;
        const float bottom = vp->Pos.y + vp->Size.y - e * 0.8f;
        ImGui::SetCursorScreenPos({x, body_top});
        ui::begin_scroll_area("mock-question", {column, bottom - nav_h - e * 0.6f - body_top});
        const float inner = column - ImGui::GetStyle().ScrollbarSize - e * 0.3f;
        if (mock_.shortened()) {
            ui::paragraph(shortened_text(tr), ui::colour::text_dim, nullptr, inner);
            ImGui::Dummy({0, e * 0.3f});
        }
        ui::paragraph(q.stem, ui::colour::text, f.heading, inner);
        ImGui::Dummy({0, e * 0.5f});
        std::string& response = responses_[q.q.position];
        for (std::size_t i = 0; i < q.options.size(); ++i) {
            const char letter = static_cast<char>('A' + i);
            const bool chosen = response.find(letter) != std::string::npos;
            if (ui::choice_button(("option-" + std::string(1, letter)).c_str(), std::string(1, letter), q.options[i],
                                  inner, chosen ? ui::ButtonKind::Selected : ui::ButtonKind::Secondary, !confirm_,
                                  {0.7f, q.q.type == QuestionType::Multiple})) {
                if (q.q.type == QuestionType::Multiple) {
                    std::set<char> set(response.begin(), response.end());
                    if (!set.erase(letter)) set.insert(letter);
                    response.assign(set.begin(), set.end());
                } else {
                    response = std::string(1, letter);
                }
                ctx.after_frame([this] {
                    auto& t = s_.trainee;
                    try {
                        t.period = s_.training->keep_studying(t.candidate, t.period);
                    } catch (const std::exception& ex) {
                        error_ = examinee_message(s_.strings, ex);
                    }
                });
            }
            ImGui::Dummy({0, e * 0.1f});
        }
        if (q.q.type == QuestionType::Multiple) ui::text(tr(Key::exam_multi_hint), ui::colour::text_dim);
        ui::end_scroll_area();
        // Previous, mark, the answer sheet, next, submit.
        const float gap = e * 0.4f;
        const float bw = (column - gap * 4) / 5;
        const float by = bottom - nav_h;
        const auto at = [&](int i) { ImGui::SetCursorScreenPos({x + static_cast<float>(i) * (bw + gap), by}); };
        at(0);
        if (ui::big_button(tr(Key::exam_prev).c_str(), {bw, nav_h}, ui::ButtonKind::Secondary, index_ > 0)) --index_;
        at(1);
        const bool is_marked = marks_.contains(q.q.position);
        if (ui::big_button(tr(is_marked ? Key::exam_unmark : Key::exam_mark).c_str(), {bw, nav_h},
                           is_marked ? ui::ButtonKind::Selected : ui::ButtonKind::Quiet)) {
            if (is_marked) marks_.erase(q.q.position);
            else marks_.insert(q.q.position);
        }
        at(2);
        if (ui::big_button((tr(Key::exam_sheet) + "##open-sheet").c_str(), {bw, nav_h}, ui::ButtonKind::Quiet))
            sheet_open_ = true;
        at(3);
        // 下一题 is the bright button, as on the exam: a hurried tap at the end of the row goes on, not to 交卷
        // (which is bright only at the last question).
        const bool last = index_ + 1 >= questions_.size();
        if (ui::big_button(tr(Key::exam_next_q).c_str(), {bw, nav_h}, ui::ButtonKind::Primary, !last)) ++index_;
        at(4);
        if (ui::big_button(tr(Key::exam_submit).c_str(), {bw, nav_h},
                           last ? ui::ButtonKind::Primary : ui::ButtonKind::Secondary))
            confirm_ = true;
    }

    // The answer sheet over the question (答题卡): a tap on a cell goes to that question; 返回本题 closes it.
    void sheet_drawer(ScreenContext& ctx, float top)
    {
        const Strings& tr = ctx.tr();
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const bool upright = vp->Size.y > vp->Size.x;
        const int cols = std::min(upright ? 10 : 20, std::max(1, static_cast<int>(questions_.size())));
        const int rows = (static_cast<int>(questions_.size()) + cols - 1) / cols;
        const float close_h = e * 3.0f;
        const float bottom = vp->Pos.y + vp->Size.y - e * 0.8f;
        const float title_h = ui::fonts().body->FontSize * 1.4f;
        const float legend_h = e * 1.6f;
        const float avail_h = bottom - top - close_h - e * 0.8f - title_h - legend_h;
        const float cell = std::min({vp->Size.x * 0.94f / (cols + 0.12f * (cols - 1)), vp->Size.x * 0.08f,
                                     avail_h / std::max(rows, 1) / 1.12f});
        const float gap = cell * 0.12f;
        const float grid_w = cell * cols + gap * (cols - 1);
        // The clock stays in view over the sheet, at the right of its title line.
        const auto& f = ui::fonts();
        const std::int64_t left = ends_ - ctx.now_ms();
        const std::string clock = tr.format(Key::exam_remaining, {format_duration(left)});
        const float grid_x = vp->Pos.x + (vp->Size.x - grid_w) / 2;
        const float cw = ui::measure(f.body, f.body->FontSize, clock).x;
        ui::draw_text(ImGui::GetWindowDrawList(), f.body, f.body->FontSize, {grid_x + grid_w - cw, top},
                      left <= 5 * 60000 ? ui::colour::danger : ui::colour::accent, clock);
        const int tapped = answer_sheet(
            tr, {grid_x, top}, cell, gap, cols, questions_.size(),
            [this](std::size_t i) {
                const auto it = responses_.find(questions_[i].q.position);
                return it != responses_.end() && !it->second.empty();
            },
            [this](std::size_t i) { return marks_.contains(questions_[i].q.position); }, static_cast<int>(index_),
            error_.empty());
        if (tapped >= 0) {
            index_ = static_cast<std::size_t>(tapped);
            sheet_open_ = false;
        }
        const float bw = std::min(vp->Size.x - e * 3.0f, e * 16);
        ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - bw) / 2, bottom - close_h});
        if (ui::big_button(tr(Key::exam_sheet_close).c_str(), {bw, close_h}, ui::ButtonKind::Primary)) sheet_open_ = false;
    }

    // The submit confirmation over the screen; the question is not drawn under it (its scroll area would take the
    // taps meant for the dialog's buttons).
    void confirmation(ScreenContext& ctx)
    {
        std::size_t answered = 0;
        for (const auto& [pos, r] : responses_) answered += r.empty() ? 0 : 1;
        switch (submit_dialog(ctx.tr(), answered, questions_.size())) {
        case SubmitChoice::Back: confirm_ = false; break;
        case SubmitChoice::Submit:
            confirm_ = false;
            finish(ctx);
            break;
        case SubmitChoice::None: break;
        }
    }

    void finish(ScreenContext& ctx)
    {
        if (score_ || finishing_) return;
        finishing_ = true;
        ctx.after_frame([this] {
            finishing_ = false;
            try {
                std::map<int, std::string> answered;
                for (const auto& [pos, r] : responses_)
                    if (!r.empty()) answered[pos] = r;
                auto r = s_.training->submit_mock(s_.trainee.candidate, mock_, answered);
                score_ = r.score;
                mistakes_ = std::move(r.mistakes);
                result_at_ = s_.clock.now_ms();
            } catch (const std::exception& ex) {
                error_ = examinee_message(s_.strings, ex);
            }
        });
    }

    void result(ScreenContext& ctx, float x, float y, float column)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetCursorScreenPos({x, y});
        ui::begin_scroll_area("mock-result", {column, vp->Pos.y + vp->Size.y - y - e * 0.8f});
        const float inner = column - ImGui::GetStyle().ScrollbarSize - e * 0.3f;
        const auto& sc = *score_;
        if (timed_out_) ui::text_centered(tr(Key::exam_timeup_submitted), ui::colour::accent, f.heading, inner);
        ui::text_centered(tr.format(Key::exam_result_score, {format_points(sc.points)}),
                          sc.passed ? ui::colour::ok : ui::colour::danger, f.display, inner);
        ui::text_centered(tr(sc.passed ? Key::exam_result_pass : Key::exam_result_fail),
                          sc.passed ? ui::colour::ok : ui::colour::danger, f.heading, inner);
        ImGui::Dummy({0, e * 0.3f});
        ui::text_centered(tr.format(Key::exam_result_line, {format_points(sc.max_points), format_points(mock_.pass_mark),
                                                            std::to_string(sc.correct), std::to_string(questions_.size())}),
                          ui::colour::text, f.body, inner);
        if (mock_.shortened()) ui::paragraph(shortened_text(tr), ui::colour::text_dim, nullptr, inner);
        ImGui::Dummy({0, e * 0.6f});
        for (const auto& c : sc.chapters)
            ui::paragraph(tr.format(Key::exam_result_chapter, {c.chapter, std::to_string(c.correct),
                                                                std::to_string(c.questions), format_points(c.points)}),
                          ui::colour::text_dim, nullptr, inner);
        ImGui::Dummy({0, e * 0.8f});
        const float half = (inner - e * 0.6f) / 2;
        if (ui::big_button(tr(Key::train_back_menu).c_str(), {half, e * 3.0f}, ui::ButtonKind::Primary)) ctx.go("back");
        ImGui::SameLine(0, e * 0.6f);
        if (ui::big_button(tr(Key::train_mock_again).c_str(), {half, e * 3.0f}, ui::ButtonKind::Secondary)) {
            enter({}, false);
            ui::end_scroll_area();
            return;
        }
        review(ctx, inner);
        ui::end_scroll_area();
    }

    // The review of wrong answers: each question not answered right with its options, the trainee's answer (a
    // cross), the right one (a tick) and the explanation; all of them are in the wrong-answer book now.
    void review(ScreenContext& ctx, float inner)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ImGui::Dummy({0, e * 1.0f});
        ui::text(tr(Key::train_mock_review), ui::colour::accent, f.heading);
        ui::paragraph(mistakes_.empty() ? tr(Key::train_mock_review_none)
                                        : tr.format(Key::train_mock_review_added, {std::to_string(mistakes_.size())}),
                      ui::colour::text_dim, nullptr, inner);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float mark = f.body->FontSize;
        const float line = std::max(2.0f, e * 0.1f);
        for (const auto& m : mistakes_) {
            const auto it = std::find_if(questions_.begin(), questions_.end(),
                                         [&](const Shown& s) { return s.q.position == m.position; });
            if (it == questions_.end()) continue;
            ImGui::Dummy({0, e * 0.6f});
            dl->AddRectFilled(ImGui::GetCursorScreenPos(), {ImGui::GetCursorScreenPos().x + inner,
                                                            ImGui::GetCursorScreenPos().y + line},
                              ui::colour::border);
            ImGui::Dummy({0, e * 0.4f});
            ui::text(tr.format(Key::exam_q_number, {std::to_string(m.position), std::to_string(questions_.size())}),
                     ui::colour::text_dim);
            ui::paragraph(it->stem, ui::colour::text, nullptr, inner);
            for (std::size_t i = 0; i < it->options.size(); ++i)
                ui::paragraph(std::string(1, static_cast<char>('A' + i)) + "、" + it->options[i], ui::colour::text_dim,
                              nullptr, inner);
            // The trainee's answer after a cross, the right one after a tick: shapes as well as red and green.
            ImVec2 p = ImGui::GetCursorScreenPos();
            const float inset = mark * 0.22f;
            dl->AddLine({p.x + inset, p.y + inset}, {p.x + mark - inset, p.y + mark - inset}, ui::colour::danger, line);
            dl->AddLine({p.x + mark - inset, p.y + inset}, {p.x + inset, p.y + mark - inset}, ui::colour::danger, line);
            ImGui::SetCursorScreenPos({p.x + mark * 1.4f, p.y});
            ui::text(m.response.empty() ? tr(Key::train_mock_unanswered)
                                        : tr.format(Key::train_mock_your_answer, {m.response}),
                     ui::colour::danger);
            p = {p.x, ImGui::GetCursorScreenPos().y};
            ui::tick_mark(dl, p, mark, ui::colour::ok);
            ImGui::SetCursorScreenPos({p.x + mark * 1.4f, p.y});
            ui::text(tr.format(Key::quiz_answer_is, {m.key}), ui::colour::ok);
            ImGui::SetCursorScreenPos({p.x, ImGui::GetCursorScreenPos().y});
            const auto q = s_.content.question(m.question_id);
            if (q && !q->explanation.empty())
                ui::paragraph(tr(Key::quiz_explanation) + ctx.shown_text(q->explanation), ui::colour::text, nullptr,
                              inner);
        }
    }

    // "The practice pool is smaller than a paper: 55 of the exam's 100 questions, pass at 44 of 55 (80 of 100)".
    std::string shortened_text(const Strings& tr) const
    {
        return tr.format(Key::train_mock_shortened,
                         {std::to_string(mock_.paper.questions.size()), std::to_string(mock_.full_questions),
                          format_points(mock_.pass_mark), format_points(mock_.max_points),
                          format_points(mock_.full_pass_mark), format_points(mock_.full_points)});
    }

    Services& s_;
    exam::MockExam mock_;
    std::vector<Shown> questions_;
    bool traditional_ = false; // questions_ holds the zh-HK texts
    std::map<int, std::string> responses_;
    std::set<int> marks_; // positions marked for review (标记)
    std::optional<exam::Score> score_;
    std::vector<exam::MockMistake> mistakes_; // the review of wrong answers, after submitting
    bool sheet_open_ = false;                 // the answer sheet (答题卡) is open over the question
    std::size_t index_ = 0;
    std::int64_t ends_ = 0;
    bool finishing_ = false;
    bool confirm_ = false;   // the submit confirmation is open
    bool timed_out_ = false; // the time ran out and the paper was scored by itself
    std::string error_;
    static constexpr std::int64_t kResultShownMs = 60000;
    std::int64_t now_ = 0;       // the time of the last frame
    std::int64_t result_at_ = 0; // when the score was shown
};

// Progress by chapter: how many practice questions of each chapter the trainee has answered, and how many of
// them right at the last try (the engine's figures), with a bar for each.
class TrainProgressScreen final : public Screen {
public:
    explicit TrainProgressScreen(Services& s) : s_(s) {}

    void enter(const std::string&, bool) override
    {
        error_.clear();
        try {
            progress_ = s_.training->progress(s_.trainee.candidate);
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ui::begin_screen_window("train-progress");
        exhibit_top_bar(ctx, tr(Key::train_progress_title));
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float top = ImGui::GetCursorScreenPos().y + e * 0.6f;
        const float column = std::min(vp->Size.x - e * 3.0f, e * 40.0f);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        ImGui::SetCursorScreenPos({x, top});
        ui::begin_scroll_area("progress", {column, vp->Pos.y + vp->Size.y - top - e * 0.8f});
        const float inner = column - ImGui::GetStyle().ScrollbarSize - e * 0.3f;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        for (const auto& p : progress_) {
            ui::text(p.chapter, ui::colour::text, f.heading);
            ui::text(tr.format(Key::train_progress_line,
                               {std::to_string(p.practised), std::to_string(p.questions), std::to_string(p.correct)}),
                     ui::colour::text_dim);
            // Two bars in one track: answered (outlined) and right (filled).
            const ImVec2 min = ImGui::GetCursorScreenPos();
            const float h = e * 0.6f;
            const float practised = p.questions > 0 ? static_cast<float>(p.practised) / p.questions : 0;
            const float correct = p.questions > 0 ? static_cast<float>(p.correct) / p.questions : 0;
            // The track is outlined in a light colour and the answered part filled light, so that neither is navy
            // on the navy background; the right answers are green over it.
            dl->AddRectFilled(min, {min.x + inner, min.y + h}, ui::colour::surface);
            dl->AddRectFilled(min, {min.x + inner * practised, min.y + h}, ui::colour::text_dim);
            dl->AddRectFilled(min, {min.x + inner * correct, min.y + h}, ui::colour::ok);
            dl->AddRect(min, {min.x + inner, min.y + h}, ui::colour::text_dim, 0, 0, std::max(1.0f, e * 0.06f));
            ImGui::Dummy({inner, h + e * 0.8f});
        }
        ui::end_scroll_area();
        error_dialog(tr, error_);
        ImGui::End();
    }

private:
    Services& s_;
    std::vector<exam::ChapterProgress> progress_;
    std::string error_;
};

} // namespace

std::unique_ptr<Screen> make_train_mock_screen(Services& s) { return std::make_unique<TrainMockScreen>(s); }
std::unique_ptr<Screen> make_train_progress_screen(Services& s) { return std::make_unique<TrainProgressScreen>(s); }
std::unique_ptr<Screen> make_train_signin_screen(Services& s) { return std::make_unique<TrainSignInScreen>(s); }
std::unique_ptr<Screen> make_train_menu_screen(Services& s) { return std::make_unique<TrainMenuScreen>(s); }
std::unique_ptr<Screen> make_train_practice_screen(Services& s) { return std::make_unique<TrainPracticeScreen>(s); }

} // namespace sk::kiosk
