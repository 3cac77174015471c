// The administrator PIN pad: the only way out of the kiosk. Reached by holding a finger for 3 s in the top-left
// corner of any screen. The PIN is checked against an Argon2id hash off the frame (app/admin_gate.hpp); each
// wrong PIN doubles the wait before the next try. On an exam kiosk the same gate leads the proctor to their own
// sign-in (监考员登录), with the engine's users and passwords instead of the administrator PIN.
#include "kiosk/app/services.hpp"
#include "kiosk/screens/screens.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <algorithm>

namespace sk::kiosk {

namespace {

constexpr std::size_t kMaxPinLength = 12;

class AdminPinScreen final : public Screen {
public:
    explicit AdminPinScreen(Services& s) : gate_(s.admin), proctor_(s.config.role == Role::Exam && s.users) {}

    void enter(const std::string&, bool) override
    {
        pin_.clear();
        wrong_ = false;
    }

    void draw(ScreenContext& ctx) override
    {
        const Strings& tr = ctx.tr();
        const auto& f = ui::fonts();
        const std::int64_t now = ctx.now_ms();

        if (auto result = gate_.poll()) {
            if (*result) {
                ctx.go("ok");
            } else {
                wrong_ = true;
                pin_.clear();
            }
        }
        const bool checking = gate_.checking();
        const bool locked = now < gate_.locked_until();
        if (checking) ctx.wake_at(now + 100);
        // Drawn again the moment the seconds shown change, and when the wait is over.
        if (locked) ctx.wake_at(next_second_change(now, gate_.locked_until()));
        const bool enabled = !checking && !locked;

        // A keyboard works too: digits, Backspace, Enter.
        ImGuiIO& io = ImGui::GetIO();
        if (enabled) {
            for (ImWchar c : io.InputQueueCharacters)
                if (c >= '0' && c <= '9' && pin_.size() < kMaxPinLength) pin_.push_back(static_cast<char>(c));
            if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Backspace]) && !pin_.empty()) pin_.pop_back();
        }
        bool submit = enabled && (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Enter]) ||
                                  ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_KeyPadEnter]));

        ui::begin_screen_window("admin-pin");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float e = ui::em();
        const float r = e * 0.35f;
        // Everything but the keypad, then keys as large as the rest of the height allows (up to 4.2 em wide).
        const float fixed = f.heading->FontSize * 1.3f + f.body->FontSize * 1.3f + e * 0.4f + r * 2 + e * 0.6f +
                            f.body->FontSize * 1.3f + e * 0.6f + e * 1.2f + e * 2.6f +
                            (gate_.demo() ? e * 0.2f + f.body->FontSize * 0.8f * 1.3f : 0);
        const float room = vp->Size.y - fixed - e * 2.0f;
        const float key = std::clamp((room - e * 1.5f) / 3.2f / e, 2.0f, 4.2f);
        const ImVec2 pad_size = ui::keypad_size(key);
        float y = vp->Pos.y + std::max(e * 1.0f, (vp->Size.y - fixed - pad_size.y) / 2);
        ImDrawList* dl = ImGui::GetWindowDrawList();

        const auto centred = [&](const ImFont* font, float size, ImU32 colour, const std::string& s) {
            const float w = ui::measure(font, size, s).x;
            ui::draw_text(dl, font, size, {vp->Pos.x + (vp->Size.x - w) / 2, y}, colour, s);
            y += size * 1.3f;
        };
        centred(f.heading, f.heading->FontSize, ui::colour::text, tr(Key::admin_pin_title));
        centred(f.body, f.body->FontSize, ui::colour::text_dim, tr(Key::admin_pin_prompt));

        // One dot per digit typed.
        y += e * 0.4f;
        const float gap = e * 1.1f;
        const int n = static_cast<int>(std::max<std::size_t>(pin_.size(), 4));
        const float dots_w = (n - 1) * gap;
        for (int i = 0; i < n; ++i)
            dl->AddCircleFilled({vp->Pos.x + vp->Size.x / 2 - dots_w / 2 + i * gap, y + r},
                                i < static_cast<int>(pin_.size()) ? r : r * 0.45f,
                                i < static_cast<int>(pin_.size()) ? ui::colour::accent : ui::colour::border, 20);
        y += r * 2 + e * 0.6f;

        std::string status;
        ImU32 status_colour = ui::colour::danger;
        if (checking) {
            status = tr(Key::admin_pin_checking);
            status_colour = ui::colour::text_dim;
        } else if (locked) {
            const auto secs = seconds_left(now, gate_.locked_until());
            status = tr(Key::admin_pin_wrong) + "  " + tr.format(Key::admin_pin_wait, {std::to_string(secs)});
        } else if (wrong_) {
            status = tr(Key::admin_pin_wrong);
        }
        if (!status.empty()) centred(f.body, f.body->FontSize, status_colour, status);
        else y += f.body->FontSize * 1.3f;
        y += e * 0.6f;

        ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - pad_size.x) / 2, y});
        const ui::KeypadResult k = ui::keypad(key, tr(Key::admin_delete).c_str(), tr(Key::admin_ok).c_str(), enabled);
        if (k.kind == ui::KeypadResult::Digit && pin_.size() < kMaxPinLength) pin_.push_back(k.digit);
        if (k.kind == ui::KeypadResult::Back && !pin_.empty()) pin_.pop_back();
        if (k.kind == ui::KeypadResult::Ok) submit = enabled;
        if (k.kind != ui::KeypadResult::None) wrong_ = false;
        y += pad_size.y + e * 1.2f;

        ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - pad_size.x) / 2, y});
        if (proctor_) {
            // Cancel and the proctor's way in, side by side.
            const float half = (pad_size.x - e * 0.5f) / 2;
            if (ui::big_button(tr(Key::admin_cancel).c_str(), {half, 0}, ui::ButtonKind::Secondary)) ctx.go("back");
            ImGui::SetCursorScreenPos({vp->Pos.x + (vp->Size.x - pad_size.x) / 2 + half + e * 0.5f, y});
            if (ui::big_button(tr(Key::admin_proctor).c_str(), {half, 0}, ui::ButtonKind::Secondary)) ctx.go("proctor");
        } else if (ui::big_button(tr(Key::admin_cancel).c_str(), {pad_size.x, 0}, ui::ButtonKind::Secondary)) {
            ctx.go("back");
        }
        y += e * 3.2f;
        if (gate_.demo()) {
            y += e * 0.2f;
            centred(f.body, f.body->FontSize * 0.8f, ui::colour::text_dim, tr(Key::admin_pin_demo));
        }
        ImGui::End();

        if (submit && !pin_.empty() && gate_.submit(pin_)) {
            pin_.clear();
            wrong_ = false;
        }
    }

private:
    AdminGate& gate_;
    bool proctor_;
    std::string pin_;
    bool wrong_ = false;
};

} // namespace

std::unique_ptr<Screen> make_admin_pin_screen(Services& s) { return std::make_unique<AdminPinScreen>(s); }

} // namespace sk::kiosk
