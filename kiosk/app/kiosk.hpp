// The kiosk runner: one ImGui context over an SDL software renderer, the screens of one role, the navigator and
// the timers. It does not own the loop: the window loop (window_loop.cpp) and the headless script runner
// (headless.cpp) feed it SDL events and ask it to draw, the first when events or timers say so, the second when
// a script says so.
//
// Frames are drawn only when needed: for a few frames after input, navigation or finished background work, and
// when a timer is due (the attract cycle, a countdown, the idle timeout). In between, the loop sleeps in
// SDL_WaitEventTimeout until next_deadline(). A frame renders and presents only the rectangles that changed since
// the last one (ui/damage.hpp): a countdown's tick redraws the few tiles under its text, a frame that changes
// nothing renders nothing.
//
// SAFEKIOSK_FRAME_LOG=first in the environment prints a line to standard error on the first frame of each screen
// ("safekiosk: frame: first of screen 'exam-paper' at monotonic 12345.678 ms"); =all prints one line per frame
// with its damaged share of the screen and its CPU time (the benchmarks read these).
#pragma once

#include "kiosk/app/input.hpp"
#include "kiosk/app/navigator.hpp"
#include "kiosk/app/screen.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/ui/damage.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/frame_record.hpp"
#include "kiosk/ui/textures.hpp"

#include <SDL.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <vector>

namespace sk::kiosk {

class Kiosk final : private ScreenContext {
public:
    // `present` shows the rendered frame's changed rectangles (updates them on the window surface; nothing for an
    // offscreen surface). It is not called for a frame that changed nothing.
    // Throws ui::FontError when the fonts cannot be built and std::invalid_argument when the role has no screens.
    Kiosk(Services& services, SDL_Renderer* renderer, ImVec2 size, const ui::FontFile& font,
          std::function<void(const std::vector<SDL_Rect>&)> present);
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
    // The next frame renders the whole screen, not only what changed (the window was exposed, a measurement).
    void redraw_all() { damage_.invalidate(); }
    // The rectangles the last frame rendered and presented (empty: it changed nothing).
    const std::vector<SDL_Rect>& last_damage() const { return last_damage_; }
    // The processor time the last frame spent building its draw lists (ImGui::NewFrame to ImGui::Render: the
    // screen's layout and text, no pixels), in milliseconds.
    double last_build_cpu_ms() const { return last_build_cpu_ms_; }

    bool quit_requested() const { return quit_; }
    // Background work is running (a PIN check), input is queued, or images are waiting to be scaled.
    bool busy() const;
    const std::string& screen_name() const { return nav_->current(); }
    const ui::FrameRecord& record() const { return ui::frame_record(); }
    // SDL's error from drawing the last frame, empty when it drew everything.
    const std::string& render_error() const { return render_error_; }
    float font_px() const { return fonts_.body_px; }
    // Where the fonts of the last build came from (the glyph atlas cache or rasterising).
    ui::AtlasSource atlas_source() const { return atlas_source_; }

    // The window surface changed: a new renderer (all textures are made again).
    void set_renderer(SDL_Renderer* renderer, ImVec2 size);

    // Every string the kiosk can show for `services` (UI strings and the role's content), for glyphs.
    static ui::GlyphText glyph_text(Services& services);

private:
    // ScreenContext
    const Strings& tr() const override
    {
        return language_ == default_language_ ? services_.strings : languages_[language_];
    }
    const std::string& language() const override { return language_names_[language_]; }
    void set_language(const std::string& language) override;
    const content::Question& shown(const content::Question& q) override;
    const content::Exhibit& shown(const content::Exhibit& e) override;
    std::string shown_text(const std::string& simplified) override;
    bool traditional() const { return language_names_[language_] == "zh-HK"; }
    std::int64_t now_ms() const override;
    void go(const std::string& event, const std::string& arg) override;
    void wake_at(std::int64_t ms) override;
    void after_frame(std::function<void()> task) override;
    ui::TextureCache& textures() override { return *textures_; }
    bool large_text() const override { return large_text_; }
    void set_large_text(bool on) override;
    bool high_contrast() const override { return high_contrast_; }
    void set_high_contrast(bool on) override;
    // The read-aloud volume back to the configured one (the next visitor's default, like 大字).
    void reset_volume();
    void quit() override { quit_ = true; }
    bool ensure_glyphs(const std::string& text) override;
    Speaker* speaker() override { return services_.speaker; }

    // The idle timeout applies now (not at the start screen as the kiosk started, not while a screen holds it).
    bool idle_applies() const;
    // When the idle warning shows (WCAG 2.2.1: kIdleWarningMs before the timeout) and when the timeout falls.
    std::int64_t idle_warning_at() const;
    std::int64_t idle_timeout_at() const;
    bool idle_warning_shown(std::int64_t now) const;
    void draw_idle_warning(std::int64_t now);
    void build_fonts();
    void make_font_texture();
    void destroy_font_texture();
    void request_frames(int n);
    void check_admin_gesture(const SDL_Event& e);
    void log_frame(double cpu_ms);

    Services& services_;
    SDL_Renderer* renderer_;
    ImVec2 size_;
    const ui::FontFile& font_;
    std::function<void(const std::vector<SDL_Rect>&)> present_;
    ui::DamageTracker damage_;
    std::vector<SDL_Rect> last_damage_;
    double last_build_cpu_ms_ = 0;
    std::uint64_t textures_dropped_ = 0; // TextureCache::dropped() when last seen
    enum class FrameLog { Off, First, All } frame_log_ = FrameLog::Off;
    std::string last_logged_screen_;
    ImGuiContext* imgui_ = nullptr;
    ui::FontSet fonts_;
    SDL_Texture* font_texture_ = nullptr;
    ui::AtlasSource atlas_source_ = ui::AtlasSource::Built;
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
    bool high_contrast_ = false;
    // The languages a visitor may pick (languages()), the configured one first shown.
    std::vector<Strings> languages_;
    std::vector<std::string> language_names_;
    std::size_t language_ = 0;
    std::size_t default_language_ = 0;
    // Content in zh-HK, made when first shown in it and kept until the language changes.
    std::map<std::pair<std::string, int>, content::Question> hk_questions_;
    std::map<std::string, content::Exhibit> hk_exhibits_;
    std::map<std::string, std::string> hk_texts_;
    bool fonts_dirty_ = false;
    std::set<unsigned> requested_glyphs_; // characters added on demand (ensure_glyphs), each asked for once
    bool quit_ = false;
    std::optional<std::int64_t> corner_down_ms_; // a finger held in the top-left corner (administrator)
    bool swallow_release_ = false;
    bool warning_tap_ = false;
    int warning_seconds_ = -1; // the idle warning's countdown as last drawn (-1: not shown) // a finger went down on the idle warning: its release keeps the session
    std::string render_error_;
    std::string last_logged_render_error_;
};

// Frames drawn after any input or change, so that layout settles (ImGui sizes some items a frame late).
inline constexpr int kSettleFrames = 3;
// The idle warning (继续) shows this long before the idle timeout returns the kiosk to its start screen.
inline constexpr std::int64_t kIdleWarningMs = 20000;
// Holding a finger this long in the top-left corner opens the administrator PIN screen.
inline constexpr std::int64_t kAdminHoldMs = 3000;

} // namespace sk::kiosk
