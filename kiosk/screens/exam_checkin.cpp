// The exam kiosk up to the first question: the attract screen of the room (and the resume of an attempt in
// progress on this kiosk after a crash or restart), the ID number and admission ticket on a keypad, the identity
// check against the registration photo, and the rules with a minimum reading time.
#include "content/storage/content_store.hpp"
#include "exam/centre/checkin.hpp"
#include "exam/centre/copy.hpp"
#include "exam/exam_service.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/screens/chrome.hpp"
#include "kiosk/screens/exam_common.hpp"
#include "kiosk/screens/screens.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/textures.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <iostream>
#include <optional>

namespace sk::kiosk {

namespace {

using exam::AttemptState;

// Centred line at `y` in the viewport; returns the height used.
float centred(const ImFont* font, float size, ImU32 colour, const std::string& s, float y)
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float w = ui::measure(font, size, s).x;
    ui::draw_text(ImGui::GetWindowDrawList(), font, size, {vp->Pos.x + (vp->Size.x - w) / 2, y}, colour, s);
    return size * 1.3f;
}

class ExamAttractScreen final : public Screen {
public:
    explicit ExamAttractScreen(Services& s) : s_(s) {}

    void enter(const std::string&, bool) override
    {
        resume_.reset();
        error_.clear();
        // An attempt in progress on this kiosk (the kiosk crashed or restarted): straight back to it.
        try {
            if (auto a = s_.exam->attempt_under_way(s_.config.kiosk_id)) {
                s_.exam->reconnect(*a, s_.config.kiosk_id);
                resume_ = *a;
            }
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
    }

    // Resuming goes before the attract screen is drawn: a restarted kiosk's first frame is the exam screen.
    void before_frame(ScreenContext& ctx) override
    {
        if (resume_) {
            ctx.go("resume", std::to_string(*resume_));
            resume_.reset();
        }
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ui::begin_screen_window("exam-attract");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float block = f.display->FontSize * 1.3f + e * 1.0f + f.heading->FontSize * 1.3f + e * 3.0f +
                            f.heading->FontSize * 1.3f + e * 2.0f + e * 3.4f + e * 1.6f + std::max(e * 2.4f, 44.0f);
        float y = vp->Pos.y + std::max(e * 2.0f, (vp->Size.y - block) / 2);
        const std::string& heading = s_.config.title.empty() ? tr(Key::exam_attract_heading) : s_.config.title;
        y += centred(f.display, f.display->FontSize, ui::colour::accent, heading, y) + e * 1.0f;
        y += centred(f.heading, f.heading->FontSize, ui::colour::text,
                     tr.format(Key::exam_attract_room, {s_.config.room, s_.config.kiosk_id}), y) +
             e * 3.0f;
        y += centred(f.heading, f.heading->FontSize, ui::colour::text_dim, tr(Key::exam_attract_prompt), y) + e * 2.0f;
        const std::string start = tr(Key::exam_attract_start);
        const float w = std::max(ui::big_button_width(start.c_str(), f.heading) + e * 4, e * 16);
        ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - w) / 2, y});
        if (error_.empty() && ui::big_button(start.c_str(), {w, e * 3.4f}, ui::ButtonKind::Primary, true, f.heading))
            ctx.go("start");
        // 简体 / 繁體 / English under it: the examinee reads the exam in the language picked here.
        const float lang_w = language_row_width(tr);
        ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - lang_w) / 2, y + e * 3.4f + e * 1.6f});
        language_row(ctx, std::max(e * 2.4f, 44.0f));
        // An ID-card reader that acts as a keyboard (or a keyboard) types the number here: the ID screen takes it.
        if (error_.empty()) {
            std::string typed;
            for (ImWchar c : ImGui::GetIO().InputQueueCharacters)
                if ((c >= '0' && c <= '9') || c == 'x' || c == 'X') typed.push_back(c == 'x' ? 'X' : static_cast<char>(c));
            if (!typed.empty()) ctx.go("start", typed);
        }
        error_dialog(tr, error_);
        ImGui::End();
    }

private:
    Services& s_;
    std::optional<std::int64_t> resume_;
    std::string error_;
};

// One keypad screen: the ID number first, then the admission ticket (which checks in).
class ExamEntryScreen final : public Screen {
public:
    ExamEntryScreen(Services& s, bool ticket) : s_(s), ticket_(ticket) {}

    void enter(const std::string& arg, bool back) override
    {
        if (back) return;
        if (ticket_) id_number_ = arg;
        value_.clear();
        // A reader acting as a keyboard (or a keyboard) typed on the attract screen: its first characters.
        if (!ticket_) value_ = arg.substr(0, 18);
        error_.clear();
        checking_ = false;
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        if (centre_call_.valid()) take_centre_answer(ctx);
        ui::begin_screen_window(ticket_ ? "exam-ticket" : "exam-id");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const bool dialog = !error_.empty();
        const float column = std::min(vp->Size.x - e * 3, e * 20);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        // Title, hint, field, keypad, then cancel and next side by side.
        const float field_h = f.display->FontSize * 1.5f;
        const float fixed = f.heading->FontSize * 1.3f + f.body->FontSize * 1.3f + e * 0.8f + field_h + e * 1.0f +
                            e * 1.0f + e * 3.0f;
        const float pad_w = std::min(column, (vp->Size.y - fixed - e * 3.0f) / 5 / 0.55f * 3);
        const float block = fixed + id_keypad_height(pad_w);
        float y = vp->Pos.y + std::max(e * 1.0f, (vp->Size.y - block) / 2);
        y += centred(f.heading, f.heading->FontSize, ui::colour::text,
                     tr(ticket_ ? Key::exam_ticket_title : Key::exam_id_title), y);
        if (centre_call_.valid())
            y += centred(f.body, f.body->FontSize, ui::colour::accent, tr(Key::exam_centre_connecting), y);
        else
            y += centred(f.body, f.body->FontSize, ui::colour::text_dim,
                         checking_ ? tr(Key::exam_checking) : tr(ticket_ ? Key::exam_ticket_hint : Key::exam_id_hint), y);
        y += e * 0.8f;
        ImGui::SetCursorScreenPos({x, y});
        y += entry_field(value_, column, ticket_ ? std::span<const std::size_t>(kTicketGroups) : std::span<const std::size_t>(kIdNumberGroups)) + e * 1.0f;
        if (dialog) {
            // Nothing to tap under the dialog: its button is the only one.
            error_dialog(tr, error_);
            ImGui::End();
            return;
        }
        ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - pad_w) / 2, y});
        // Only an ID number has an X (its check character); a ticket is digits.
        y += id_keypad(tr, value_, ticket_ ? 24 : 18, pad_w, !dialog && !checking_, !ticket_) + e * 1.0f;
        const float half = (column - e * 0.6f) / 2;
        ImGui::SetCursorScreenPos({x, y});
        if (ui::big_button(tr(Key::exam_cancel).c_str(), {half, e * 3.0f}, ui::ButtonKind::Secondary, !dialog && !checking_))
            ctx.go("back");
        ImGui::SetCursorScreenPos({x + half + e * 0.6f, y});
        ImGuiIO& io = ImGui::GetIO();
        const bool ready = !value_.empty() && !dialog && !checking_;
        bool next = ui::big_button(tr(Key::exam_next).c_str(), {half, e * 3.0f}, ui::ButtonKind::Primary, ready);
        next = next || (ready && (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Enter]) ||
                                  ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_KeyPadEnter])));
        if (next) {
            if (!ticket_) {
                // The check character and the birth date are checked here, where the number is typed, not blamed
                // on the ticket later.
                const auto id = check_typed_id_number(tr, value_);
                if (!id.problem.empty()) error_ = id.problem;
                else ctx.go("next", id.value);
            } else if (!s_.config.centre.empty()) {
                // An exam centre's kiosk: the centre checks in and hands out the attempt and its paper. The call runs
                // off the frame (libpq's timeouts end it within about 10 s); the screen says 正在连接考点… meanwhile.
                checking_ = true;
                // The centre's copy first (what the room's sessions need: a late registration, a paper drawn since
                // the kiosk started), then the check-in.
                centre_call_ = std::async(std::launch::async, [uri = s_.config.centre, kiosk = s_.config.kiosk_id,
                                                               ticket = value_, id = id_number_] {
                    exam::centre::require_kiosk_login(uri, kiosk);
                    CentreAnswer a;
                    try {
                        a.copy = exam::centre::ask_centre_copy(uri);
                    } catch (const exam::centre::CentreUnreachable&) {
                        throw;
                    } catch (const std::exception& e) {
                        a.copy_error = e.what();
                    }
                    a.check_in = exam::centre::ask_centre_check_in(uri, ticket, id);
                    return a;
                });
                ctx.wake_at(ctx.now_ms() + 100);
            } else {
                checking_ = true;
                ctx.after_frame([this, &ctx] {
                    checking_ = false;
                    try {
                        const auto id = s_.exam->check_in(id_number_, value_, s_.config.kiosk_id, s_.config.room);
                        ctx.go("ok", std::to_string(id));
                    } catch (const std::exception& e) {
                        error_ = examinee_message(s_.strings, e);
                    }
                });
            }
        }
        error_dialog(tr, error_);
        ImGui::End();
    }

private:
    // The centre's answer, once it is there: the attempt and its paper go into the journal in one transaction, and
    // the identity screen follows. A refusal or an unreachable centre leaves the journal as it was.
    void take_centre_answer(ScreenContext& ctx)
    {
        if (centre_call_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            ctx.wake_at(ctx.now_ms() + 100);
            return;
        }
        checking_ = false;
        try {
            const auto answer = centre_call_.get();
            const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(s_.clock.wall().time_since_epoch()).count();
            // The copy goes into the journal first (one transaction); one the journal cannot take leaves it as it is,
            // and the check-in below says what the journal lacks, if anything.
            try {
                if (answer.copy) {
                    const auto r = exam::centre::store_centre_copy(s_.content.db(), *answer.copy, s_.config.kiosk_id, now);
                    if (r.changed()) std::cerr << "safekiosk: " << exam::centre::describe(r) << "\n";
                } else if (!answer.copy_error.empty()) {
                    std::cerr << "safekiosk: the centre's copy was not given (" << answer.copy_error << ")\n";
                }
            } catch (const std::exception& e) {
                std::cerr << "safekiosk: the centre's copy was not taken (" << e.what() << ")\n";
            }
            const auto id =
                exam::centre::record_check_in(s_.content.db(), answer.check_in, value_, id_number_, s_.config.kiosk_id,
                                              s_.exam->reading());
            ctx.go("ok", std::to_string(id));
        } catch (const exam::centre::CentreUnreachable& e) {
            // Checked in here by the centre before this kiosk restarted: the attempt goes on without the centre.
            try {
                if (exam::centre::checked_in_here(s_.content.db(), value_, id_number_, s_.config.kiosk_id)) {
                    const auto id = s_.exam->check_in(id_number_, value_, s_.config.kiosk_id, s_.config.room);
                    ctx.go("ok", std::to_string(id));
                    return;
                }
                error_ = examinee_message(s_.strings, e);
            } catch (const std::exception& local) {
                error_ = examinee_message(s_.strings, local);
            }
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
    }

    Services& s_;
    bool ticket_;
    std::string id_number_;
    std::string value_;
    std::string error_;
    bool checking_ = false;
    // What the call off the frame brings back: the centre's copy (or why not) and its check-in.
    struct CentreAnswer {
        std::optional<exam::centre::CentreCopy> copy;
        std::string copy_error;
        exam::centre::CentreCheckIn check_in;
    };
    std::future<CentreAnswer> centre_call_;
};

class ExamIdentityScreen final : public Screen {
public:
    explicit ExamIdentityScreen(Services& s) : s_(s) {}

    void enter(const std::string& arg, bool) override
    {
        error_.clear();
        not_me_ = false;
        try {
            attempt_ = std::stoll(arg);
            view_ = s_.exam->view(attempt_);
            const auto* item = s_.content.catalogue().find(view_.candidate.item_id);
            item_ = item ? item->name : view_.blueprint.name;
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ui::begin_screen_window("exam-identity");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const bool tall = portrait();
        const float m = e * 2.0f;
        float y = vp->Pos.y + m;
        y += centred(f.heading, f.heading->FontSize, ui::colour::text, tr(Key::exam_identity_title), y) + e * 1.0f;
        // The photo at ID-photo proportions (3:4) and the particulars beside (landscape) or below it (portrait).
        const float photo_h = tall ? std::min(vp->Size.y * 0.36f, e * 16) : std::min(vp->Size.y * 0.5f, e * 14);
        const float photo_w = photo_h * 0.75f;
        const float text_w = tall ? vp->Size.x - m * 2 : std::min(vp->Size.x - photo_w - m * 3, e * 22);
        const float group_w = tall ? text_w : photo_w + e * 2 + text_w;
        const float gx = vp->Pos.x + (vp->Size.x - group_w) / 2;
        const ImVec2 photo_min{tall ? vp->Pos.x + (vp->Size.x - photo_w) / 2 : gx, y};
        ImDrawList* dl = ImGui::GetWindowDrawList();
        if (!view_.candidate.photo.empty()) {
            ui::fill_rounded(dl, photo_min, {photo_min.x + photo_w, photo_min.y + photo_h}, ui::colour::surface, 0);
            ui::draw_image(ctx.textures(), "candidate:" + std::to_string(view_.candidate.id), photo_min,
                           {photo_w, photo_h}, ui::Fit::Contain);
        } else {
            ui::fill_rounded(dl, photo_min, {photo_min.x + photo_w, photo_min.y + photo_h}, ui::colour::surface,
                             e * 0.3f);
            const std::string none = tr(Key::exam_identity_no_photo);
            const ImVec2 ts = ui::measure(f.body, f.body->FontSize, none);
            ui::draw_text(dl, f.body, f.body->FontSize,
                          {photo_min.x + (photo_w - ts.x) / 2, photo_min.y + (photo_h - ts.y) / 2},
                          ui::colour::text_dim, none);
        }
        float tx = tall ? gx : gx + photo_w + e * 2;
        float ty = tall ? y + photo_h + e * 1.2f : y + e * 0.5f;
        const auto line = [&](const std::string& s, const ImFont* font) {
            ty += ui::draw_paragraph(dl, font, font->FontSize, {tx, ty}, text_w, ui::colour::text, s) + e * 0.6f;
        };
        line(tr.format(Key::exam_identity_name, {view_.candidate.name}), f.heading);
        line(tr.format(Key::exam_identity_sex, {view_.candidate.sex}), f.heading);
        line(tr.format(Key::exam_identity_id, {view_.candidate.id_number}), f.heading);
        line(tr.format(Key::exam_identity_item, {item_}), f.heading);
        y = std::max(ty, y + photo_h) + e * 1.5f;
        const float column = std::min(vp->Size.x - m * 2, e * 30);
        const float half = (column - e * 1.0f) / 2;
        const float bx = vp->Pos.x + (vp->Size.x - column) / 2;
        const bool enabled = error_.empty() && !busy_;
        ImGui::SetCursorScreenPos({bx, y});
        if (ui::big_button(tr(Key::exam_identity_no).c_str(), {half, e * 3.2f}, ui::ButtonKind::Secondary, enabled,
                           f.heading)) {
            // The proctor's panel flags the seat and the audit log records it (the engine's call, after the frame).
            busy_ = true;
            ctx.after_frame([this, &ctx] {
                busy_ = false;
                try {
                    s_.exam->dispute_identity(attempt_, s_.config.kiosk_id);
                    error_ = ctx.tr()(Key::exam_identity_not_me);
                    not_me_ = true;
                } catch (const std::exception& ex) {
                    error_ = examinee_message(s_.strings, ex);
                }
            });
        }
        ImGui::SetCursorScreenPos({bx + half + e * 1.0f, y});
        if (ui::big_button(tr(Key::exam_identity_yes).c_str(), {half, e * 3.2f}, ui::ButtonKind::Primary, enabled,
                           f.heading)) {
            busy_ = true;
            ctx.after_frame([this, &ctx] {
                busy_ = false;
                try {
                    // A kiosk restarted during check-in resumes at this screen: only the steps not yet taken.
                    auto state = s_.exam->view(attempt_).attempt.state;
                    if (state == AttemptState::CheckedIn) s_.exam->confirm_identity(attempt_);
                    state = s_.exam->view(attempt_).attempt.state;
                    if (state == AttemptState::IdentityConfirmed) s_.exam->show_instructions(attempt_);
                    ctx.go("ok", std::to_string(attempt_));
                } catch (const std::exception& ex) {
                    if (moved_away(ex)) return ctx.go("moved", std::to_string(attempt_));
                    error_ = examinee_message(s_.strings, ex);
                }
            });
        }
        if (error_dialog(tr, error_) && not_me_) ctx.go("home");
        ImGui::End();
    }

private:
    Services& s_;
    std::int64_t attempt_ = 0;
    exam::AttemptView view_;
    std::string item_;
    std::string error_;
    bool not_me_ = false;
    bool busy_ = false;
};

constexpr std::int64_t kRulesReadingMs = 20000;

class ExamRulesScreen final : public Screen {
public:
    explicit ExamRulesScreen(Services& s) : s_(s) {}

    void enter(const std::string& arg, bool) override
    {
        attempt_ = std::stoll(arg);
        ready_at_ = 0;
        error_.clear();
        summary_.clear();
        managers_ = false;
        try {
            const auto v = s_.exam->view(attempt_);
            const auto* item = s_.content.catalogue().find(v.candidate.item_id);
            managers_ = item && item->track == content::Track::Manager;
            const auto& bp = v.blueprint;
            summary_ = s_.strings.format(Key::exam_rules_summary,
                                         {std::to_string(bp.question_count()), format_points(bp.total_points()),
                                          format_points(bp.pass_mark), std::to_string(bp.duration_minutes)});
        } catch (const std::exception& e) {
            error_ = examinee_message(s_.strings, e);
        }
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const std::int64_t now = ctx.now_ms();
        if (ready_at_ == 0) ready_at_ = now + kRulesReadingMs;
        const std::int64_t left = ready_at_ - now;
        if (left > 0) ctx.wake_at(next_second_change(now, ready_at_));
        ui::begin_screen_window("exam-rules");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float column = std::min(vp->Size.x - e * 3, e * 40);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        float y = vp->Pos.y + e * 1.5f;
        // The exam's name follows its type (special operators or managers), then the paper's figures.
        y += centred(f.heading, f.heading->FontSize, ui::colour::text,
                     tr(managers_ ? Key::exam_title_managers : Key::exam_title_special), y) + e * 0.3f;
        y += centred(f.heading, f.heading->FontSize, ui::colour::accent, tr(Key::exam_rules_title), y) + e * 0.5f;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        if (!summary_.empty())
            y += ui::draw_paragraph(dl, f.heading, f.heading->FontSize, {x, y}, column, ui::colour::accent, summary_) +
                 e * 0.6f;
        y += ui::draw_paragraph(dl, f.body, f.body->FontSize * (ctx.large_text() ? 1.0f : 1.1f), {x, y}, column,
                                ui::colour::text, tr(Key::exam_rules_text), 1.5f) +
             e * 1.5f;
        const bool ready = left <= 0;
        const std::string label =
            ready ? tr(Key::exam_rules_start)
                  : tr.format(Key::exam_rules_wait, {std::to_string(seconds_left(now, ready_at_))}) + "##rules-start";
        ImGui::SetCursorScreenPos({x, std::min(y, vp->Pos.y + vp->Size.y - e * 4.5f)});
        if (ui::big_button(label.c_str(), {column, e * 3.2f}, ui::ButtonKind::Primary, ready && error_.empty() && !busy_,
                           f.heading)) {
            busy_ = true;
            ctx.after_frame([this, &ctx] {
                busy_ = false;
                try {
                    if (s_.exam->view(attempt_).attempt.state == AttemptState::Instructions) s_.exam->start(attempt_);
                    ctx.go("ok", std::to_string(attempt_));
                } catch (const std::exception& ex) {
                    if (moved_away(ex)) return ctx.go("moved", std::to_string(attempt_));
                    error_ = examinee_message(s_.strings, ex);
                }
            });
        }
        error_dialog(tr, error_);
        ImGui::End();
    }

private:
    Services& s_;
    std::int64_t attempt_ = 0;
    std::int64_t ready_at_ = 0;
    std::string summary_; // question count, points, pass mark and time of the paper
    bool managers_ = false; // the managers' exam (主要负责人/安全生产管理人员)
    std::string error_;
    bool busy_ = false;
};

} // namespace

std::unique_ptr<Screen> make_exam_attract_screen(Services& s) { return std::make_unique<ExamAttractScreen>(s); }
std::unique_ptr<Screen> make_exam_id_screen(Services& s) { return std::make_unique<ExamEntryScreen>(s, false); }
std::unique_ptr<Screen> make_exam_ticket_screen(Services& s) { return std::make_unique<ExamEntryScreen>(s, true); }
std::unique_ptr<Screen> make_exam_identity_screen(Services& s) { return std::make_unique<ExamIdentityScreen>(s); }
std::unique_ptr<Screen> make_exam_rules_screen(Services& s) { return std::make_unique<ExamRulesScreen>(s); }

} // namespace sk::kiosk
