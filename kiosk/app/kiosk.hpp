// The kiosk runner: one ImGui context over an SDL software renderer, the screens of one role, the navigator and
// the timers. It does not own the loop: the window loop (window_loop.cpp) and the headless script runner
// (headless.cpp) feed it SDL events and ask it to draw, the first when events or timers say so, the second when
// a script says so.
//
// Frames are drawn only when needed: for a few frames after input, navigation or finished background work, and
// when a timer is due (the attract cycle, a countdown, the idle timeout). In between, the loop sleeps in
// SDL_WaitEventTimeout until next_deadline().
#pragma once

#include "kiosk/app/input.hpp"
#include "kiosk/app/navigator.hpp"
#include "kiosk/app/screen.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/frame_record.hpp"
#include "kiosk/ui/textures.hpp"

#include <SDL.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sk::kiosk {

class Kiosk final : private ScreenContext {
public:
    // `present` shows the rendered frame (updates the window surface; nothing for an offscreen surface).
    // Throws ui::FontError when the fonts cannot be built and std::invalid_argument when the role has no screens.
    Kiosk(Services& services, SDL_Renderer* renderer, ImVec2 size, const ui::FontFile& font,
          std::function<void()> present);
    ~Kiosk() override;
    Kiosk(const Kiosk&) = delete;
    Kiosk& operator=(const Kiosk&) = delete;

    // Input and window events. Quit requests, window close and Escape do nothing: leaving needs the PIN.
    void handle_event(const SDL_Event& e);
    // Checks the timers and background work; call after events and before deciding whether to draw.
    void update();
    bool wants_frame() const { return frames_left_ > 0; }
    // The next time a timer needs a frame (clock milliseconds), if any.
    std::optional<std::int64_t> next_deadline() const;
    // Draws one frame and then does what the screen asked for after it (writes, navigation, font rebuild).
    void frame();

    bool quit_requested() const { return quit_; }
    // Background work is running (a PIN check), input is queued, or images are waiting to be scaled.
    bool busy() const;
    const std::string& screen_name() const { return nav_->current(); }
    const ui::FrameRecord& record() const { return ui::frame_record(); }
    // SDL's error from drawing the last frame, empty when it drew everything.
    const std::string& render_error() const { return render_error_; }
    float font_px() const { return fonts_.body_px; }

    // The window surface changed: a new renderer (all textures are made again).
    void set_renderer(SDL_Renderer* renderer, ImVec2 size);

    // Every string the kiosk can show for `services` (UI strings and the role's content), for glyphs.
    static ui::GlyphText glyph_text(Services& services);

private:
    // ScreenContext
    const Strings& tr() const override { return services_.strings; }
    std::int64_t now_ms() const override;
    void go(const std::string& event, const std::string& arg) override;
    void wake_at(std::int64_t ms) override;
    void after_frame(std::function<void()> task) override;
    ui::TextureCache& textures() override { return *textures_; }
    bool large_text() const override { return large_text_; }
    void set_large_text(bool on) override;
    void quit() override { quit_ = true; }

    void build_fonts();
    void request_frames(int n);
    void check_admin_gesture(const SDL_Event& e);

    Services& services_;
    SDL_Renderer* renderer_;
    ImVec2 size_;
    const ui::FontFile& font_;
    std::function<void()> present_;
    ImGuiContext* imgui_ = nullptr;
    ui::FontSet fonts_;
    ui::GlyphText glyphs_;
    std::unique_ptr<ui::TextureCache> textures_;
    Input input_;
    std::vector<std::unique_ptr<Screen>> screen_objects_;
    std::unique_ptr<Navigator> nav_;

    int frames_left_ = 0;
    std::int64_t last_frame_ms_ = 0;
    std::int64_t last_input_ms_ = 0;
    std::optional<std::int64_t> wake_;      // the earliest wake-up asked for by the last frame
    std::optional<std::int64_t> next_wake_; // collected while a frame is drawn
    std::vector<std::function<void()>> tasks_;
    std::optional<std::pair<std::string, std::string>> pending_go_;
    bool large_text_ = false;
    bool fonts_dirty_ = false;
    bool quit_ = false;
    std::optional<std::int64_t> corner_down_ms_; // a finger held in the top-left corner (administrator)
    bool swallow_release_ = false;
    std::string render_error_;
    std::string last_logged_render_error_;
};

// Frames drawn after any input or change, so that layout settles (ImGui sizes some items a frame late).
inline constexpr int kSettleFrames = 3;
// Holding a finger this long in the top-left corner opens the administrator PIN screen.
inline constexpr std::int64_t kAdminHoldMs = 3000;

} // namespace sk::kiosk
