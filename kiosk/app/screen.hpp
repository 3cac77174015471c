// The screen system: a screen is a small type with one draw function; every screen is registered in one table
// (kiosk/screens/registry.cpp) with the roles it serves, and navigation is data: a flow table of edges
// (screen, event) → screen. A screen never names the screen that follows it; it raises an event ("pick",
// "back", "quiz") with an argument (an exhibit uid, an industry) and the flow table decides.
//
// Nothing slow runs in draw(): a screen loads what it shows in enter(), which runs between frames, and hands
// writes and other slow work to ScreenContext::after_frame().
#pragma once

#include "content/model.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/i18n.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sk::ui {
class TextureCache;
}

namespace sk::kiosk {

class Speaker;

// What a screen may ask of the loop while it draws. Everything it asks for happens after the frame.
class ScreenContext {
public:
    virtual ~ScreenContext() = default;
    virtual const Strings& tr() const = 0;
    virtual std::int64_t now_ms() const = 0;
    // Follow the edge `event` of the flow table from this screen, passing `arg` to the next screen's enter().
    virtual void go(const std::string& event, const std::string& arg = {}) = 0;
    // Draw again at `ms` (a timer: the attract cycle, a countdown) even when nothing is touched.
    virtual void wake_at(std::int64_t ms) = 0;
    // Run `task` after this frame has been drawn (writes, slow work), then draw again.
    virtual void after_frame(std::function<void()> task) = 0;
    virtual ui::TextureCache& textures() = 0;
    // The visitor's text-size switch; reset when the kiosk returns to its start screen.
    virtual bool large_text() const = 0;
    virtual void set_large_text(bool on) = 0;
    // The high-contrast switch (black, white and bright yellow, text at least 7:1); reset with the text size.
    virtual bool high_contrast() const = 0;
    virtual void set_high_contrast(bool on) = 0;
    // Leave the program (only the administrator screens do this).
    virtual void quit() = 0;
    // Text that was not known when the fonts were built (typed with a keyboard's input method, read from the
    // audit log): true when the body and heading fonts have every character of it. Otherwise the missing
    // characters are added and the fonts are rebuilt between frames (not while drawing); until then draw the text
    // through ui::known_glyphs_only(), so no frame shows "?".
    virtual bool ensure_glyphs(const std::string& text) = 0;
    // The read-aloud (kiosk/app/speaker.hpp), null when the kiosk reads nothing aloud.
    virtual Speaker* speaker() { return nullptr; }
    // The visitor's language, one of languages() (简体 zh-CN, 繁體 zh-HK, English en): tr() gives its strings, and
    // the read-aloud reads zh-HK in Cantonese. Back to the configured language when the kiosk returns to its start
    // screen (the idle timeout, the next visitor).
    virtual const std::string& language() const { return tr().language(); }
    virtual void set_language(const std::string& language) { (void)language; }
    // Content as the visitor's language shows it: in zh-HK every text is its stored zh-HK text
    // (content/zh_hk/texts.hpp); in zh-CN and en the content itself (it is written in Simplified Chinese). The
    // reference stays valid until the language changes.
    virtual const content::Question& shown(const content::Question& q) { return q; }
    virtual const content::Exhibit& shown(const content::Exhibit& e) { return e; }
    virtual std::string shown_text(const std::string& simplified) { return simplified; }
};

class Screen {
public:
    virtual ~Screen() = default;
    // Called between frames when the screen is shown, with the argument of the navigation event; `back` is true
    // when the visitor returns to it (a back event), so it may keep its place and not count a second visit.
    virtual void enter(const std::string& arg, bool back)
    {
        (void)arg;
        (void)back;
    }
    // Called between frames when another screen is shown in its place (before that screen's enter()): the exam
    // screen stops the examinee's clock while the proctor's panel covers the question.
    virtual void leave() {}
    // Called between frames, right before draw(): the place for a timer's slow work (reading the engine), so
    // that the one frame a tick draws already shows its result.
    virtual void before_frame(ScreenContext& ctx) { (void)ctx; }
    // Draws one frame: one full-screen window (ui::begin_screen_window … ImGui::End).
    virtual void draw(ScreenContext& ctx) = 0;
    // True while the idle timeout must not return the kiosk to its start screen (an exam in progress: the
    // examinee may think for minutes without a touch).
    virtual bool holds_idle() const { return false; }
};

struct Services; // what screens are made from (kiosk/app/services.hpp)

struct ScreenEntry {
    std::string name;        // e.g. "attract"; used by the flow table and by headless `expect-screen`
    std::vector<Role> roles; // roles that have this screen; empty: every role (administrator screens)
    std::function<std::unique_ptr<Screen>(Services&)> make;
};

struct FlowEdge {
    std::string from;  // a screen, or "*" for every screen
    std::string event; // raised by the screen with ScreenContext::go()
    std::string to;    // a screen, "<back>" for the screen shown before, "<start>", or "<before:NAME>" for the
                       // screen shown before the last visit of screen NAME (the screens after it are skipped)
};

struct RoleStart {
    Role role;
    std::string screen; // where the kiosk starts and returns to after the idle timeout
};

} // namespace sk::kiosk
