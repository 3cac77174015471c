// The proctor's panel on an exam kiosk (监考): reached through the administrator gate (hold the top-left corner,
// then 监考员登录), the proctor signs in with the engine's users (Argon2id password, the engine's growing wait
// after wrong passwords) and sees every seat of the room's open sessions: seat, examinee, state, time left and
// answered questions. A seat's actions are the engine's proctor operations, each with a reason for the incident
// record (考场记录) and the audit log: pause, resume, add time, end the attempt (its score is cancelled). The
// examinee's kiosk sees the change on its next once-a-second tick. 退出监考 returns to where the kiosk was.
#include "exam/centre/sync.hpp"
#include "exam/exam_service.hpp"
#include "exam/users.hpp"
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
#include <chrono>
#include <cstdlib>
#include <optional>
#include <set>

namespace sk::kiosk {

namespace {

using exam::AttemptState;

constexpr std::int64_t kRefreshMs = 2000;
// An exam centre's seat the centre has not heard from for this long while its exam goes on is shown offline.
constexpr std::int64_t kSilentMs = 30000;
constexpr std::size_t kMaxField = 64;
constexpr int kMinuteChoices[] = {5, 10, 15, 30};

// One row of the table: a seat of the room and the attempt on it, if any. On an exam centre's kiosk, another seat's
// row is what the centre holds from it (`centre`): this kiosk's journal does not follow other seats' exams.
struct Seat {
    std::string kiosk;
    std::optional<exam::AttemptView> view;
    std::optional<exam::centre::RoomSeat> centre;
};

Key state_key(AttemptState s)
{
    switch (s) {
    case AttemptState::Scheduled: return Key::proctor_state_scheduled;
    case AttemptState::CheckedIn:
    case AttemptState::IdentityConfirmed:
    case AttemptState::Instructions: return Key::proctor_state_checked_in;
    case AttemptState::InProgress: return Key::proctor_state_answering;
    case AttemptState::Paused: return Key::proctor_state_paused;
    case AttemptState::Submitted:
    case AttemptState::Scored: return Key::proctor_state_submitted;
    case AttemptState::Cancelled: return Key::proctor_state_ended;
    }
    return Key::proctor_state_scheduled;
}

void append_utf8(std::string& s, unsigned c)
{
    if (c < 0x80) {
        s.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        s.push_back(static_cast<char>(0xC0 | (c >> 6)));
        s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        s.push_back(static_cast<char>(0xE0 | (c >> 12)));
        s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

bool clock_shown(AttemptState s) { return s == AttemptState::InProgress || s == AttemptState::Paused; }

enum class Action { None, Pause, Resume, AddTime, End };

class ProctorScreen final : public Screen {
public:
    explicit ProctorScreen(Services& s) : s_(s) {}

    void enter(const std::string&, bool) override
    {
        actor_.reset();
        login_.clear();
        password_.clear();
        field_ = 0;
        busy_ = false;
        message_.clear();
        error_.clear();
        seats_.clear();
        selected_.clear();
        clear_action();
        next_refresh_ = 0;
    }

    void leave() override { watch_room(false); }

    void draw(ScreenContext& ctx) override
    {
        ui::begin_screen_window("proctor");
        if (!actor_) sign_in(ctx);
        else panel(ctx);
        error_dialog(ctx.tr(), error_);
        ImGui::End();
    }

private:
    // An exam centre's kiosk: while the panel is signed in, the sender also reads the room's seats from the centre
    // (off this thread; the table shows its last answer).
    void watch_room(bool on)
    {
        if (s_.centre) s_.centre->watch_room(on);
    }
    // Another seat of an exam centre's room: shown from the centre, acted on at its own kiosk.
    bool remote(const Seat& seat) const { return s_.centre && seat.kiosk != s_.config.kiosk_id; }

    // ------------------------------------------------------------------------------------------------ sign-in
    void sign_in(ScreenContext& ctx)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const std::int64_t now = ctx.now_ms();
        const bool locked = now < locked_until_;
        // Redraw when the seconds shown change, and when the wait is over.
        if (locked) ctx.wake_at(next_second_change(now, locked_until_));
        const bool enabled = !busy_ && !locked && error_.empty();
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float column = std::min(vp->Size.x - e * 3, e * 30);
        const float x = vp->Pos.x + (vp->Size.x - column) / 2;
        const float field_h = e * 2.6f;
        const float kb_h = text_keyboard_height(column);
        const float block = f.heading->FontSize * 1.3f + f.body->FontSize * 1.4f + e * 0.6f + 2 * (field_h + e * 0.5f) +
                            e * 0.5f + kb_h + e * 1.0f + e * 3.0f;
        float y = vp->Pos.y + std::max(e * 1.0f, (vp->Size.y - block) / 2);
        const auto centred = [&](const ImFont* font, ImU32 colour, const std::string& s) {
            const float w = ui::measure(font, font->FontSize, s).x;
            ui::draw_text(dl, font, font->FontSize, {vp->Pos.x + (vp->Size.x - w) / 2, y}, colour, s);
        };
        centred(f.heading, ui::colour::accent, tr(Key::proctor_signin_title));
        y += f.heading->FontSize * 1.3f;
        std::string status = message_;
        if (busy_) status = tr(Key::proctor_checking);
        else if (locked) status = tr.format(Key::proctor_wait, {std::to_string(seconds_left(now, locked_until_))});
        centred(f.body, busy_ ? ui::colour::text_dim : ui::colour::danger, status.empty() ? std::string(" ") : status);
        y += f.body->FontSize * 1.4f + e * 0.6f;

        // The two fields: tap one to type into it; the active one has a yellow frame.
        const float label_w = e * 5;
        for (int i = 0; i < 2; ++i) {
            const std::string label = tr(i == 0 ? Key::proctor_login : Key::proctor_password);
            const std::string& v = i == 0 ? login_ : password_;
            const std::string shown = i == 0 ? v : std::string(v.size(), '*');
            ImGui::SetCursorScreenPos({x, y});
            const std::string id = label + "##field" + std::to_string(i);
            if (ui::pressable(id.c_str(), {column, field_h}, enabled).clicked) field_ = i;
            ui::draw_text(dl, f.body, f.body->FontSize, {x, y + (field_h - f.body->FontSize) / 2}, ui::colour::text_dim,
                          label);
            const ImVec2 bmin{x + label_w, y}, bmax{x + column, y + field_h};
            ui::fill_rounded(dl, bmin, bmax, ui::colour::surface, e * 0.3f);
            dl->AddRect(bmin, bmax, field_ == i ? ui::colour::accent : ui::colour::border, e * 0.3f, 0,
                        std::max(2.0f, e * 0.08f));
            ui::draw_text(dl, f.heading, f.heading->FontSize,
                          {bmin.x + e * 0.5f, y + (field_h - f.heading->FontSize) / 2}, ui::colour::text, shown);
            if (field_ == i) {
                const float cx = bmin.x + e * 0.6f + ui::measure(f.heading, f.heading->FontSize, shown).x;
                dl->AddRectFilled({cx, y + field_h * 0.2f}, {cx + std::max(2.0f, e * 0.08f), y + field_h * 0.8f},
                                  ui::colour::accent);
            }
            y += field_h + e * 0.5f;
        }
        y += e * 0.5f;
        ImGuiIO& io = ImGui::GetIO();
        bool submit = false;
        if (enabled && (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Enter]) || ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_KeyPadEnter]))) {
            if (field_ == 0) field_ = 1;
            else submit = true;
        }
        ImGui::SetCursorScreenPos({x, y});
        y += text_keyboard(tr, field_ == 0 ? login_ : password_, kMaxField, column, enabled) + e * 1.0f;
        const float half = (column - e * 0.6f) / 2;
        ImGui::SetCursorScreenPos({x, y});
        if (ui::big_button(tr(Key::proctor_cancel).c_str(), {half, e * 3.0f}, ui::ButtonKind::Secondary, !busy_))
            ctx.go("signout");
        ImGui::SetCursorScreenPos({x + half + e * 0.6f, y});
        if (ui::big_button(tr(Key::proctor_signin).c_str(), {half, e * 3.0f}, ui::ButtonKind::Primary,
                           enabled && !login_.empty() && !password_.empty()))
            submit = true;
        if (submit && !login_.empty() && !password_.empty()) {
            busy_ = true;
            message_.clear();
            // Argon2id takes a tenth of a second: after the frame that shows 正在验证….
            ctx.after_frame([this, &ctx] {
                busy_ = false;
                try {
                    auto a = s_.users->sign_in(login_, password_);
                    if (!a.can(exam::Operation::ProctorAttempts)) {
                        message_ = ctx.tr()(Key::proctor_not_proctor);
                    } else {
                        actor_ = a;
                        refresh(ctx);
                    }
                } catch (const exam::SignInError& ex) {
                    message_ = ctx.tr()(Key::proctor_wrong);
                    locked_until_ = ctx.now_ms() + ex.retry_after_ms;
                } catch (const std::exception& ex) {
                    error_ = examinee_message(ctx.tr(), ex);
                }
                password_.clear();
                field_ = 1;
            });
        }
    }

    // ----------------------------------------------------------------------------------------------- the panel
    void refresh(ScreenContext& ctx)
    {
        try {
            std::int64_t wall = std::chrono::duration_cast<std::chrono::milliseconds>(s_.clock.wall().time_since_epoch())
                                    .count();
            // On an exam centre's kiosk the centre's clock says which sessions are open (as it does at check-in): a
            // kiosk whose own clock is wrong still lists its room's seats.
            if (s_.centre)
                if (const auto offset = s_.centre->status().clock_offset_ms) wall += *offset;
            std::vector<Seat> seats;
            std::set<std::string> kiosks;
            std::vector<exam::AttemptView> views;
            // The room's sessions open now: their seats, and every attempt on them.
            for (const auto& session : s_.exam->sessions(*actor_)) {
                if (session.room != s_.config.room || wall < session.starts_at_ms || wall > session.ends_at_ms) continue;
                for (const auto& k : session.kiosks) kiosks.insert(k);
                for (auto& v : s_.exam->seats(*actor_, session.id)) views.push_back(std::move(v));
            }
            for (const auto& v : views)
                if (!v.attempt.kiosk.empty()) kiosks.insert(v.attempt.kiosk);
            for (const auto& k : kiosks) {
                Seat seat{k, std::nullopt, std::nullopt};
                // A seat keeps the attempt that is still going before one that has finished.
                for (const auto& v : views)
                    if (v.attempt.kiosk == k && (!seat.view || exam::is_final(seat.view->attempt.state) ||
                                                 seat.view->attempt.state == AttemptState::Submitted))
                        seat.view = v;
                seats.push_back(std::move(seat));
            }
            for (const auto& v : views)
                if (v.attempt.kiosk.empty()) seats.push_back({"-", v, std::nullopt});
            if (s_.centre) {
                watch_room(true);
                // Every exam kiosk of the room as the centre knows it, with the attempt seated there now (a seat
                // change moves it at the centre, not in this journal's copy).
                for (auto& r : s_.centre->status().room) {
                    auto it = std::find_if(seats.begin(), seats.end(), [&](const Seat& s) { return s.kiosk == r.kiosk_id; });
                    if (it == seats.end()) it = seats.insert(seats.end(), Seat{r.kiosk_id, std::nullopt, std::nullopt});
                    // This kiosk's own seat keeps the journal's view (it knows of a seat change first), unless
                    // the journal's sessions did not list it.
                    if (r.attempt_id && (r.kiosk_id != s_.config.kiosk_id ? !it->view || it->view->attempt.id != *r.attempt_id
                                                                          : !it->view)) {
                        try {
                            it->view = s_.exam->view(*r.attempt_id);
                        } catch (const std::exception&) {
                            it->view.reset(); // not among this journal's registrations
                        }
                    }
                    it->centre = std::move(r);
                }
                std::sort(seats.begin(), seats.end(), [](const Seat& a, const Seat& b) { return a.kiosk < b.kiosk; });
            }
            seats_ = std::move(seats);
        } catch (const std::exception& e) {
            error_ = examinee_message(ctx.tr(), e);
        }
        next_refresh_ = ctx.now_ms() + kRefreshMs;
    }

    const Seat* selected() const
    {
        for (const auto& s : seats_)
            if (s.view && s.view->attempt.ticket == selected_) return &s;
        return nullptr;
    }

    void clear_action()
    {
        action_ = Action::None;
        reason_.clear();
        other_.clear();
        other_active_ = false;
        typing_ = false;
        minutes_ = 10;
    }

    void panel(ScreenContext& ctx)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const std::int64_t now = ctx.now_ms();
        if (now >= next_refresh_ && !busy_) {
            next_refresh_ = now + kRefreshMs;
            ctx.after_frame([this, &ctx] { refresh(ctx); });
        }
        ctx.wake_at(next_refresh_);
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        // The top bar: room and proctor, sign-out.
        const float bar = e * 3.2f;
        dl->AddRectFilled(vp->Pos, {vp->Pos.x + vp->Size.x, vp->Pos.y + bar}, ui::colour::surface);
        ui::draw_text(dl, f.heading, f.heading->FontSize, {vp->Pos.x + e, vp->Pos.y + (bar - f.heading->FontSize) / 2},
                      ui::colour::accent, tr.format(Key::proctor_title, {s_.config.room, actor_->login}));
        const std::string out = tr(Key::proctor_sign_out);
        const float ow = std::max(ui::big_button_width(out.c_str()), e * 5);
        ImGui::SetCursorScreenPos({vp->Pos.x + vp->Size.x - e - ow, vp->Pos.y + e * 0.3f});
        if (ui::big_button(out.c_str(), {ow, bar - e * 0.6f}, ui::ButtonKind::Secondary, !busy_)) {
            actor_.reset();
            watch_room(false);
            ctx.go("signout");
        }
        float top = vp->Pos.y + bar + e * 0.8f;
        const float left = vp->Pos.x + e, right = vp->Pos.x + vp->Size.x - e, bottom = vp->Pos.y + vp->Size.y - e * 0.8f;
        // An exam centre's kiosk whose clock is off the centre's: its events and audit entries carry its own times.
        if (const auto offset = s_.centre ? s_.centre->status().clock_offset_ms : std::nullopt;
            offset && std::llabs(*offset) >= exam::centre::kClockWarnMs) {
            const Key key = *offset > 0 ? Key::proctor_clock_behind : Key::proctor_clock_ahead;
            ImGui::SetCursorScreenPos({left, top});
            ui::paragraph(tr.format(key, {std::to_string(std::llabs(*offset) / 1000)}), ui::colour::danger, f.body,
                          right - left);
            top = ImGui::GetCursorScreenPos().y + e * 0.4f;
        }
        if (typing_) {
            // Another reason is typed on a page of its own: the field, common phrases and a full-size keyboard.
            other_reason(ctx, {left, top}, {right, bottom});
            return;
        }
        if (portrait()) {
            // Upright, the actions stand below the table: the table takes at most 35 % of the height and scrolls.
            const float table_h = table(ctx, {left, top}, right - left, (bottom - top) * 0.35f);
            actions(ctx, {left, top + table_h + e * 1.0f}, {right, bottom});
        } else {
            const float tw = (right - left) * 0.58f;
            table(ctx, {left, top}, tw, bottom - top);
            actions(ctx, {left + tw + e * 1.2f, top}, {right, bottom});
        }
    }

    // The seats, one big row each, in at most `max_h`: a room with more seats than fit scrolls by dragging.
    // Returns the height used.
    float table(ScreenContext& ctx, ImVec2 at, float width, float max_h)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        // An exam centre's kiosk has a sixth column: what of each seat's events the centre does not hold yet.
        static const float plain[] = {0.0f, 0.13f, 0.38f, 0.58f, 0.81f, 1.0f};
        static const float with_upload[] = {0.0f, 0.10f, 0.29f, 0.46f, 0.61f, 0.73f};
        const bool upload = s_.centre != nullptr;
        const float* cols = upload ? with_upload : plain;
        const Key heads[] = {Key::proctor_col_seat, Key::proctor_col_name, Key::proctor_col_state, Key::proctor_col_time,
                             Key::proctor_col_answered, Key::proctor_col_upload};
        const exam::centre::SenderStatus sending = upload ? s_.centre->status() : exam::centre::SenderStatus{};
        const std::int64_t wall_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(s_.clock.wall().time_since_epoch()).count();
        for (int c = 0; c < (upload ? 6 : 5); ++c)
            ui::draw_text(dl, f.body, f.body->FontSize, {at.x + e * 0.4f + cols[c] * width, at.y}, ui::colour::text_dim,
                          tr(heads[c]));
        float y = at.y + f.body->FontSize * 1.5f;
        if (seats_.empty()) {
            ui::draw_text(dl, f.body, f.body->FontSize, {at.x + e * 0.4f, y}, ui::colour::text, tr(Key::proctor_no_sessions));
            return y + f.body->FontSize * 1.5f - at.y;
        }
        // Upright, the actions stand below the table: lower rows (still well over 15 mm) leave them the room.
        const float row_h = e * (portrait() ? 1.8f : 2.2f), gap = e * (portrait() ? 0.15f : 0.2f);
        const float rows_h = static_cast<float>(seats_.size()) * (row_h + gap);
        const float room = std::max(at.y + max_h - y, row_h * 3);
        const bool scrolls = rows_h > room;
        const float list_top = y;
        if (scrolls) {
            ImGui::SetCursorScreenPos({at.x, y});
            ui::begin_scroll_area("##seats", {width, room});
            dl = ImGui::GetWindowDrawList();
            y = ImGui::GetCursorScreenPos().y;
        }
        const float rows_top = y;
        for (const auto& seat : seats_) {
            const bool chosen = seat.view && seat.view->attempt.ticket == selected_;
            ImGui::SetCursorScreenPos({at.x, y});
            const std::string id = seat.kiosk + "##seat-" + seat.kiosk + (seat.view ? seat.view->attempt.ticket : "");
            const auto press = ui::pressable(id.c_str(), {width, row_h}, seat.view.has_value() && !remote(seat) && !busy_);
            if (press.clicked && seat.view) {
                selected_ = seat.view->attempt.ticket;
                clear_action();
            }
            dl->AddRectFilled({at.x, y}, {at.x + width, y + row_h},
                              chosen ? ui::colour::surface_high : press.held ? ui::colour::surface_pressed : ui::colour::surface);
            if (chosen) dl->AddRectFilled({at.x, y}, {at.x + e * 0.25f, y + row_h}, ui::colour::accent);
            const float ty = y + (row_h - f.body->FontSize) / 2;
            const auto cell = [&](int c, ImU32 colour, const std::string& s) {
                ui::draw_text(dl, f.body, f.body->FontSize, {at.x + e * 0.4f + cols[c] * width, ty}, colour, s);
            };
            cell(0, ui::colour::text, seat.kiosk);
            if (remote(seat)) {
                remote_row(ctx, seat, cell);
            } else if (!seat.view) {
                cell(1, ui::colour::text_dim, tr(Key::proctor_empty_seat));
            } else {
                const auto& v = *seat.view;
                const auto st = v.attempt.state;
                cell(1, ui::colour::text, v.candidate.name);
                // The state as a word, with a marker shape for the two that need the proctor's eye.
                const ImU32 sc = st == AttemptState::Paused      ? ui::colour::accent
                                 : st == AttemptState::Cancelled ? ui::colour::danger
                                 : st == AttemptState::InProgress ? ui::colour::ok
                                                                  : ui::colour::text_dim;
                if (v.identity_disputed) {
                    // 不是本人 at the seat: a warning triangle and the words, for the proctor to check the identity.
                    const float s = f.body->FontSize * 0.8f;
                    const float x0 = at.x + e * 0.4f + cols[2] * width;
                    const float yc = y + row_h / 2;
                    dl->AddTriangleFilled({x0, yc + s * 0.45f}, {x0 + s, yc + s * 0.45f}, {x0 + s / 2, yc - s * 0.5f},
                                          ui::colour::danger);
                    ui::draw_text(dl, f.body, f.body->FontSize, {x0 + s + e * 0.3f, ty}, ui::colour::danger,
                                  tr(Key::proctor_state_disputed));
                } else {
                    cell(2, sc, tr(state_key(st)));
                }
                cell(3, ui::colour::text, clock_shown(st) ? format_duration(v.clock.remaining_ms) : std::string("—"));
                cell(4, ui::colour::text,
                     v.total > 0 ? std::to_string(v.answered) + " / " + std::to_string(v.total) : std::string("—"));
                if (upload) {
                    // This kiosk knows its own outbox only; another seat's upload is the staff view's
                    // (safekiosk-admin centre seats).
                    if (seat.kiosk != s_.config.kiosk_id || !sending.rounds) {
                        cell(5, ui::colour::text_dim, "—");
                    } else if (const auto it = sending.unsent_by_attempt.find(v.attempt.id);
                               it == sending.unsent_by_attempt.end()) {
                        cell(5, ui::colour::ok, tr(Key::proctor_upload_done));
                    } else if (sending.failures > 0) {
                        cell(5, ui::colour::danger, tr.format(Key::proctor_upload_offline, {std::to_string(it->second)}));
                    } else {
                        const auto oldest = sending.oldest_unsent_ms.find(v.attempt.id);
                        const std::int64_t lag =
                            oldest == sending.oldest_unsent_ms.end() ? 0 : std::max<std::int64_t>(0, wall_ms - oldest->second);
                        cell(5, ui::colour::accent,
                             tr.format(Key::proctor_upload_lag, {std::to_string(it->second), std::to_string(lag / 1000)}));
                    }
                }
            }
            y += row_h + gap;
        }
        if (scrolls) {
            ImGui::SetCursorScreenPos({at.x, rows_top});
            ImGui::Dummy({width, rows_h}); // the scrolled content's height
            ui::end_scroll_area();
            return list_top - at.y + room;
        }
        return y - at.y;
    }

    // Another seat of an exam centre's room, from the centre: who sits there, whether the centre holds the
    // submit or a cancellation and whether it has collected and graded the paper, the answers it holds, and when it last heard from the seat; offline (nothing heard
    // for 30 s during the exam) and events kept apart in red.
    template <typename Cell>
    void remote_row(ScreenContext& ctx, const Seat& seat, const Cell& cell)
    {
        const Strings& tr = ctx.tr();
        const auto* c = seat.centre ? &*seat.centre : nullptr;
        const bool seated = c && c->attempt_id;
        if (seated && !seat.view) {
            // Not among this journal's registrations (its copy is older than the registration): the ticket.
            cell(1, ui::colour::text, c->ticket);
            cell(2, ui::colour::text_dim, "—");
            cell(4, ui::colour::text, std::to_string(c->answered));
        } else if (seated) {
            cell(1, ui::colour::text, seat.view->candidate.name);
            const Key state = c->cancelled ? Key::proctor_state_ended
                              : c->collected ? Key::proctor_state_collected
                              : c->submitted ? Key::proctor_state_submitted
                              : c->events > 0 ? Key::proctor_state_answering
                                              : Key::proctor_state_checked_in;
            cell(2, c->cancelled ? ui::colour::danger : c->submitted ? ui::colour::text_dim : ui::colour::ok, tr(state));
            cell(4, ui::colour::text,
                 seat.view->total > 0 ? std::to_string(c->answered) + " / " + std::to_string(seat.view->total)
                                      : std::string("—"));
        } else {
            cell(1, ui::colour::text_dim, tr(Key::proctor_empty_seat));
            cell(4, ui::colour::text_dim, "—");
        }
        cell(3, ui::colour::text_dim, "—"); // its clock runs on its own kiosk
        if (!c) {
            cell(5, ui::colour::text_dim, "—"); // the centre has not answered yet
            return;
        }
        const auto silent = c->silent_ms();
        const bool going = seated && !c->submitted && !c->cancelled;
        if (c->conflicts > 0) {
            cell(5, ui::colour::danger, tr.format(Key::proctor_upload_conflicts, {std::to_string(c->conflicts)}));
        } else if (!silent) {
            cell(5, going ? ui::colour::danger : ui::colour::text_dim, tr(Key::proctor_upload_never));
        } else if (going && *silent > kSilentMs) {
            cell(5, ui::colour::danger, tr.format(Key::proctor_upload_silent, {std::to_string(*silent / 1000)}));
        } else {
            cell(5, ui::colour::text, tr.format(Key::proctor_upload_heard, {std::to_string(*silent / 1000)}));
        }
    }

    void actions(ScreenContext& ctx, ImVec2 min, ImVec2 max)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const float w = max.x - min.x;
        ImGui::SetCursorScreenPos(min);
        ImGui::BeginGroup();
        if (!message_.empty()) {
            ui::paragraph(message_, ui::colour::ok, f.body, w);
            ImGui::Dummy({0, e * 0.3f});
        }
        const Seat* seat = selected();
        if (!seat) {
            ui::paragraph(tr(Key::proctor_pick_seat), ui::colour::text_dim, f.heading, w);
            ImGui::EndGroup();
            return;
        }
        const auto& v = *seat->view;
        const auto st = v.attempt.state;
        ui::paragraph(tr.format(Key::proctor_seat_heading, {seat->kiosk, v.candidate.name}), ui::colour::text, f.heading, w);
        ui::paragraph(tr.format(Key::proctor_seat_detail, {v.attempt.ticket, tr(state_key(st))}), ui::colour::text_dim,
                      f.body, w);
        if (clock_shown(st))
            ui::paragraph(tr.format(Key::proctor_seat_time, {format_duration(v.clock.remaining_ms),
                                                             std::to_string(v.answered) + " / " + std::to_string(v.total)}),
                          ui::colour::text_dim, f.body, w);
        ImGui::Dummy({0, e * 0.5f});
        const bool enabled = !busy_ && error_.empty();
        const float bh = e * 2.6f;
        if (action_ == Action::None) {
            const auto button = [&](Key k, Action a, ui::ButtonKind kind) {
                if (ui::big_button(tr(k).c_str(), {w, bh}, kind, enabled)) {
                    clear_action();
                    action_ = a;
                    message_.clear();
                }
                ImGui::Dummy({0, e * 0.2f});
            };
            if (st == AttemptState::InProgress) button(Key::proctor_pause, Action::Pause, ui::ButtonKind::Primary);
            if (st == AttemptState::Paused) button(Key::proctor_resume, Action::Resume, ui::ButtonKind::Primary);
            if (clock_shown(st)) button(Key::proctor_add_time, Action::AddTime, ui::ButtonKind::Secondary);
            if (!exam::is_final(st) && st != AttemptState::Scheduled)
                button(Key::proctor_end, Action::End, ui::ButtonKind::Wrong);
            ImGui::EndGroup();
            return;
        }
        // One action: its title, minutes (add time), the reason, confirm.
        const Key title = action_ == Action::Pause    ? Key::proctor_pause
                          : action_ == Action::Resume ? Key::proctor_resume
                          : action_ == Action::AddTime ? Key::proctor_add_time
                                                       : Key::proctor_end;
        ui::text(tr(title), action_ == Action::End ? ui::colour::danger : ui::colour::accent, f.heading);
        if (action_ == Action::End) ui::paragraph(tr(Key::proctor_end_warning), ui::colour::danger, f.body, w);
        if (action_ == Action::AddTime) {
            const float mw = (w - e * 0.3f * 3) / 4;
            for (int i = 0; i < 4; ++i) {
                if (i) ImGui::SameLine(0, e * 0.3f);
                const std::string label = tr.format(Key::proctor_minutes, {std::to_string(kMinuteChoices[i])});
                if (ui::big_button(label.c_str(), {mw, bh * 0.9f},
                                   minutes_ == kMinuteChoices[i] ? ui::ButtonKind::Selected : ui::ButtonKind::Secondary,
                                   enabled))
                    minutes_ = kMinuteChoices[i];
            }
        }
        ImGui::Dummy({0, e * 0.2f});
        ui::text(tr(Key::proctor_reason_prompt), ui::colour::text_dim);
        const std::vector<Key> reasons =
            action_ == Action::End
                ? std::vector<Key>{Key::proctor_end_crib, Key::proctor_end_phone, Key::proctor_end_standin,
                                   Key::proctor_end_disobey}
                : std::vector<Key>{Key::proctor_reason_device, Key::proctor_reason_health, Key::proctor_reason_incident,
                                   Key::proctor_reason_identity};
        const float rw = (w - e * 0.3f) / 2;
        for (std::size_t i = 0; i < reasons.size(); ++i) {
            if (i % 2) ImGui::SameLine(0, e * 0.3f);
            const std::string& r = tr(reasons[i]);
            if (ui::big_button(r.c_str(), {rw, bh * 0.9f},
                               !other_active_ && reason_ == r ? ui::ButtonKind::Selected : ui::ButtonKind::Secondary,
                               enabled)) {
                reason_ = r;
                other_active_ = false;
            }
        }
        // Another reason: a page with a field, common phrases and an on-screen keyboard (a touch-only kiosk has
        // no other way to type); a keyboard's input method types there too. The button shows what was typed.
        const std::string other_label =
            other_.empty() ? tr(Key::proctor_reason_other)
                           : (ctx.ensure_glyphs(other_) ? other_ : ui::known_glyphs_only(f.body, other_));
        if (ui::big_button((other_label + "##other").c_str(), {w, bh * 0.9f},
                           other_active_ ? ui::ButtonKind::Selected : ui::ButtonKind::Quiet, enabled)) {
            other_active_ = true;
            typing_ = true;
        }
        const std::string reason = other_active_ ? other_ : reason_;
        ImGui::Dummy({0, e * 0.3f});
        const float half = (w - e * 0.6f) / 2;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (ui::big_button(tr(Key::proctor_cancel).c_str(), {half, e * 2.8f}, ui::ButtonKind::Secondary, enabled))
            clear_action();
        ImGui::SetCursorScreenPos({p.x + half + e * 0.6f, p.y});
        if (ui::big_button(tr(Key::proctor_confirm).c_str(), {half, e * 2.8f},
                           action_ == Action::End ? ui::ButtonKind::Wrong : ui::ButtonKind::Primary,
                           enabled && reason.find_first_not_of(' ') != std::string::npos))
            act(ctx, v.attempt.id, seat->kiosk, reason);
        ImGui::EndGroup();
    }

    // The typed reason on a page of its own, from `min` to `max`: the field, common phrases that add themselves to
    // it, the on-screen keyboard, and 取消 / 完成.
    void other_reason(ScreenContext& ctx, ImVec2 min, ImVec2 max)
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const float e = ui::em();
        const float w = max.x - min.x;
        const bool enabled = !busy_ && error_.empty();
        constexpr std::size_t kMaxReason = 200; // bytes
        if (enabled) {
            ImGuiIO& io = ImGui::GetIO();
            for (ImWchar c : io.InputQueueCharacters)
                if (c >= ' ' && other_.size() < kMaxReason) append_utf8(other_, c);
            if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Backspace])) pop_utf8(other_);
        }
        ImGui::SetCursorScreenPos(min);
        ImGui::BeginGroup();
        ui::text(tr(Key::proctor_reason_other), ui::colour::accent, f.heading);
        ImGui::Dummy({0, e * 0.3f});
        // The field: what is typed so far (characters new to the fonts are added before they are shown).
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 fmin = ImGui::GetCursorScreenPos();
        const float fh = e * 2.6f;
        ui::fill_rounded(dl, fmin, {fmin.x + w, fmin.y + fh}, ui::colour::surface, e * 0.3f);
        dl->AddRect(fmin, {fmin.x + w, fmin.y + fh}, ui::colour::accent, e * 0.3f, 0, std::max(2.0f, e * 0.08f));
        const bool known = ctx.ensure_glyphs(other_);
        std::string shown = known ? other_ : ui::known_glyphs_only(f.heading, other_);
        const bool hint = shown.empty();
        if (hint) shown = tr(Key::proctor_other_hint);
        const ImFont* font = hint ? f.body : f.heading;
        // The end of a long reason stays in view.
        while (!hint && ui::measure(font, font->FontSize, shown).x > w - e * 1.2f) {
            std::size_t n = 1;
            while (n < shown.size() && (static_cast<unsigned char>(shown[n]) & 0xC0) == 0x80) ++n;
            shown.erase(0, n);
        }
        const ImVec2 ts = ui::measure(font, font->FontSize, shown);
        ui::draw_text(dl, font, font->FontSize, {fmin.x + e * 0.5f, fmin.y + (fh - ts.y) / 2},
                      hint ? ui::colour::text_dim : ui::colour::text, shown);
        if (!hint) {
            const float cx = fmin.x + e * 0.5f + ts.x + e * 0.1f;
            dl->AddRectFilled({cx, fmin.y + fh * 0.2f}, {cx + std::max(2.0f, e * 0.08f), fmin.y + fh * 0.8f},
                              ui::colour::accent);
        }
        ImGui::Dummy({w, fh});
        ImGui::Dummy({0, e * 0.3f});
        // Common phrases, four to a row: each adds itself to the field.
        static constexpr Key kPhrases[] = {Key::proctor_phrase_power,   Key::proctor_phrase_network,
                                           Key::proctor_phrase_restart, Key::proctor_phrase_move,
                                           Key::proctor_phrase_toilet,  Key::proctor_phrase_verified,
                                           Key::proctor_phrase_makeup,  Key::proctor_phrase_seat};
        const float pw = (w - e * 0.3f * 3) / 4;
        for (std::size_t i = 0; i < std::size(kPhrases); ++i) {
            if (i % 4) ImGui::SameLine(0, e * 0.3f);
            const std::string& p = tr(kPhrases[i]);
            if (ui::big_button((p + "##phrase").c_str(), {pw, e * 2.2f}, ui::ButtonKind::Secondary, enabled) &&
                other_.size() + p.size() <= kMaxReason)
                other_ += p;
        }
        ImGui::Dummy({0, e * 0.3f});
        // Seat numbers, names in pinyin and the like on the on-screen keyboard, as wide as fits above the buttons.
        const float room = max.y - ImGui::GetCursorScreenPos().y - e * 3.6f;
        float kw = std::min(w, e * 30);
        while (kw > e * 14 && text_keyboard_height(kw) > room) kw -= e * 0.5f;
        const ImVec2 k = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos({k.x + (w - kw) / 2, k.y});
        const float kh = text_keyboard(tr, other_, kMaxReason, kw, enabled, false);
        // 取消 drops what was typed; 完成 takes it as the reason.
        const float half = std::min((w - e * 0.6f) / 2, e * 12);
        const float by = k.y + kh + e * 0.6f;
        ImGui::SetCursorScreenPos({k.x + w / 2 - half - e * 0.3f, by});
        if (ui::big_button((tr(Key::proctor_cancel) + "##other-cancel").c_str(), {half, e * 2.8f},
                           ui::ButtonKind::Secondary, enabled)) {
            other_.clear();
            other_active_ = false;
            typing_ = false;
        }
        ImGui::SetCursorScreenPos({k.x + w / 2 + e * 0.3f, by});
        if (ui::big_button(tr(Key::proctor_other_done).c_str(), {half, e * 2.8f}, ui::ButtonKind::Primary,
                           enabled && other_.find_first_not_of(' ') != std::string::npos)) {
            other_active_ = true;
            typing_ = false;
        }
        ImGui::EndGroup();
    }

    // The engine's proctor operation, after the frame; the engine checks the role and the state and audits it.
    void act(ScreenContext& ctx, std::int64_t attempt, const std::string& kiosk, const std::string& reason)
    {
        busy_ = true;
        const Action a = action_;
        const int minutes = minutes_;
        ctx.after_frame([this, &ctx, a, attempt, kiosk, reason, minutes] {
            busy_ = false;
            const Strings& tr = ctx.tr();
            try {
                switch (a) {
                case Action::Pause:
                    s_.exam->pause(*actor_, attempt, reason);
                    message_ = tr.format(Key::proctor_done_pause, {kiosk});
                    break;
                case Action::Resume:
                    s_.exam->resume(*actor_, attempt, reason);
                    message_ = tr.format(Key::proctor_done_resume, {kiosk});
                    break;
                case Action::AddTime:
                    s_.exam->add_time(*actor_, attempt, minutes, reason);
                    message_ = tr.format(Key::proctor_done_add, {kiosk, std::to_string(minutes)});
                    break;
                case Action::End:
                    s_.exam->cancel_for_cheating(*actor_, attempt, reason);
                    message_ = tr.format(Key::proctor_done_end, {kiosk});
                    break;
                case Action::None: break;
                }
                clear_action();
            } catch (const std::exception& ex) {
                error_ = examinee_message(ctx.tr(), ex);
            }
            refresh(ctx);
        });
    }

    Services& s_;
    std::optional<exam::Actor> actor_;
    std::string login_, password_;
    int field_ = 0;
    bool busy_ = false;
    std::int64_t locked_until_ = 0;
    std::string message_;
    std::string error_;
    std::vector<Seat> seats_;
    std::string selected_; // the ticket of the chosen seat's attempt
    Action action_ = Action::None;
    std::string reason_, other_;
    bool other_active_ = false;
    bool typing_ = false; // the page for typing another reason is open
    int minutes_ = 10;
    std::int64_t next_refresh_ = 0;
};

} // namespace

std::unique_ptr<Screen> make_proctor_screen(Services& s) { return std::make_unique<ProctorScreen>(s); }

} // namespace sk::kiosk
