// Headless runs: SDL's dummy video driver, a software renderer on an SDL_Surface, a virtual clock, and the
// script's taps fed to the kiosk as the same SDL events a touch screen sends.
#include "kiosk/app/headless.hpp"

#include "kiosk/app/kiosk.hpp"
#include "kiosk/app/loops.hpp"
#include "exam/exam_service.hpp"

#include <SDL.h>
#include <stb_image_write.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

namespace sk::kiosk {

namespace {

// An expectation that failed; what() is "FILE:LINE: problem".
class Failed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The admission ticket of an examinee (by ID number) in a session open now; "" when there is none.
using TicketLookup = std::function<std::string(const std::string& id_number)>;

class Runner {
public:
    Runner(Kiosk& kiosk, VirtualClock& clock, SDL_Surface* surface, const Script& script,
           std::filesystem::path screenshots, TicketLookup tickets)
        : kiosk_(kiosk), clock_(clock), surface_(surface), script_(script), screenshots_(std::move(screenshots)),
          tickets_(std::move(tickets))
    {
    }

    void run()
    {
        settle();
        for (const auto& c : script_.commands) {
            line_ = c.line;
            if (kiosk_.quit_requested() && c.name != "expect-exit")
                fail("the kiosk has quit (the administrator left it); only expect-exit can follow");
            execute(c);
        }
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw Failed(script_.file.string() + ":" + std::to_string(line_) + ": " + what);
    }

    void check_frame(const std::string& screen)
    {
        if (!kiosk_.render_error().empty())
            fail("screen '" + screen + "' could not be drawn completely: " + kiosk_.render_error());
        const auto& missing = kiosk_.record().missing_glyphs;
        if (missing.empty()) return;
        char cp[16];
        std::snprintf(cp, sizeof cp, "U+%04X", missing.front().codepoint);
        fail("screen '" + screen + "' drew " + cp + " with no glyph in its font, in \"" + missing.front().text +
             "\"");
    }

    void draw()
    {
        const std::string screen = kiosk_.screen_name();
        kiosk_.frame();
        clock_.advance(16);
        check_frame(screen);
    }

    // Draws until the kiosk has nothing left to do: input applied, layout settled, images made, PIN checked.
    void settle()
    {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        int frames = 0;
        for (;;) {
            kiosk_.update();
            if (kiosk_.wants_frame()) {
                draw();
                if (++frames > 1000) fail("the kiosk keeps asking for frames (more than 1000 without a pause)");
            } else if (kiosk_.busy()) {
                // Background work (an Argon2id check) runs in real time.
                if (std::chrono::steady_clock::now() > give_up) fail("the kiosk stayed busy for 20 s");
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                kiosk_.handle_event(wake_event());
            } else {
                return;
            }
        }
    }

    static SDL_Event wake_event()
    {
        SDL_Event e{};
        e.type = SDL_USEREVENT;
        return e;
    }

    void advance_to(std::int64_t target)
    {
        for (;;) {
            const auto d = kiosk_.next_deadline();
            if (!d || *d > target) break;
            if (*d > clock_.now_ms()) clock_.set(*d);
            else clock_.advance(1);
            settle();
        }
        clock_.set(target);
        settle();
    }

    void send(SDL_Event e) { kiosk_.handle_event(e); }

    SDL_Event mouse(Uint32 type, float x, float y)
    {
        SDL_Event e{};
        e.type = type;
        if (type == SDL_MOUSEMOTION) {
            e.motion.which = SDL_TOUCH_MOUSEID;
            e.motion.x = static_cast<int>(x);
            e.motion.y = static_cast<int>(y);
            e.motion.state = SDL_BUTTON_LMASK;
        } else {
            e.button.which = SDL_TOUCH_MOUSEID;
            e.button.button = SDL_BUTTON_LEFT;
            e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
            e.button.clicks = 1;
            e.button.x = static_cast<int>(x);
            e.button.y = static_cast<int>(y);
        }
        return e;
    }

    void tap(float x, float y)
    {
        send(mouse(SDL_MOUSEBUTTONDOWN, x, y));
        send(mouse(SDL_MOUSEBUTTONUP, x, y));
        settle();
    }

    void key(SDL_Scancode sc, Uint16 mod = KMOD_NONE)
    {
        SDL_Event e{};
        e.type = SDL_KEYDOWN;
        e.key.state = SDL_PRESSED;
        e.key.keysym.scancode = sc;
        e.key.keysym.sym = SDL_GetKeyFromScancode(sc);
        e.key.keysym.mod = mod;
        send(e);
        e.type = SDL_KEYUP;
        e.key.state = SDL_RELEASED;
        send(e);
    }

    void close_request()
    {
        SDL_Event e{};
        e.type = SDL_WINDOWEVENT;
        e.window.event = SDL_WINDOWEVENT_CLOSE;
        send(e);
        SDL_Event q{};
        q.type = SDL_QUIT;
        send(q);
    }

    void execute(const ScriptCommand& c)
    {
        const float w = static_cast<float>(surface_->w);
        const float h = static_cast<float>(surface_->h);
        if (c.name == "tap") {
            tap(c.coords[0].resolve(w), c.coords[1].resolve(h));
        } else if (c.name == "tap-text") {
            const ui::Clickable* target = kiosk_.record().find_clickable(c.text);
            if (!target) {
                std::string visible;
                for (const auto& k : kiosk_.record().clickables)
                    if (k.enabled) visible += (visible.empty() ? "" : ", ") + k.label;
                fail("tap-text: nothing labelled '" + c.text + "' can be tapped on screen '" + kiosk_.screen_name() +
                     "' (tappable: " + (visible.empty() ? "none" : visible) + ")");
            }
            const ImVec2 p = target->center();
            tap(p.x, p.y);
        } else if (c.name == "hold") {
            const float x = c.coords[0].resolve(w), y = c.coords[1].resolve(h);
            send(mouse(SDL_MOUSEBUTTONDOWN, x, y));
            settle();
            advance_to(clock_.now_ms() + c.ms);
            send(mouse(SDL_MOUSEBUTTONUP, x, y));
            settle();
        } else if (c.name == "drag") {
            const float x1 = c.coords[0].resolve(w), y1 = c.coords[1].resolve(h);
            const float x2 = c.coords[2].resolve(w), y2 = c.coords[3].resolve(h);
            send(mouse(SDL_MOUSEBUTTONDOWN, x1, y1));
            settle();
            constexpr int steps = 8;
            for (int i = 1; i <= steps; ++i) {
                const float t = static_cast<float>(i) / steps;
                send(mouse(SDL_MOUSEMOTION, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t));
                kiosk_.update();
                draw();
            }
            send(mouse(SDL_MOUSEBUTTONUP, x2, y2));
            settle();
        } else if (c.name == "scroll") {
            // The pointer rests over X, Y (no button), then the wheel turns; SDL counts notches away from the user
            // (up the page) as positive.
            send(mouse(SDL_MOUSEMOTION, c.coords[0].resolve(w), c.coords[1].resolve(h)));
            settle();
            SDL_Event e{};
            e.type = SDL_MOUSEWHEEL;
            e.wheel.y = -c.count;
            e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
            send(e);
            settle();
        } else if (c.name == "type" || c.name == "type-ticket") {
            std::string text = c.text;
            if (c.name == "type-ticket") {
                text = tickets_ ? tickets_(c.text) : std::string();
                if (text.empty())
                    fail("type-ticket: the database has no admission ticket for ID number " + c.text +
                         " in an exam session open now");
            }
            const char* s = text.c_str();
            while (*s) {
                // One UTF-8 character per text event, as an on-screen or hardware keyboard sends them.
                int n = 1;
                const auto b = static_cast<unsigned char>(*s);
                if (b >= 0xF0) n = 4;
                else if (b >= 0xE0) n = 3;
                else if (b >= 0xC0) n = 2;
                SDL_Event e{};
                e.type = SDL_TEXTINPUT;
                std::snprintf(e.text.text, sizeof e.text.text, "%.*s", n, s);
                send(e);
                s += n;
                settle();
            }
        } else if (c.name == "key") {
            if (c.text == "Enter") key(SDL_SCANCODE_RETURN);
            else if (c.text == "Backspace") key(SDL_SCANCODE_BACKSPACE);
            else if (c.text == "Escape") key(SDL_SCANCODE_ESCAPE);
            else {
                key(SDL_SCANCODE_F4, KMOD_LALT);
                close_request(); // what a window manager sends for Alt+F4
            }
            settle();
        } else if (c.name == "close") {
            close_request();
            settle();
        } else if (c.name == "wait") {
            advance_to(clock_.now_ms() + c.ms);
        } else if (c.name == "wall-clock") {
            // The wall clock jumps; the monotonic count does not. The kiosk notices at its next tick.
            clock_.shift_wall(c.ms);
            kiosk_.handle_event(wake_event());
            settle();
        } else if (c.name == "screenshot") {
            if (screenshots_.empty()) fail("screenshot needs --screenshots DIR on the command line");
            write_png(screenshots_ / (c.text + ".png"));
        } else if (c.name == "expect-screen") {
            if (kiosk_.screen_name() != c.text)
                fail("expected screen '" + c.text + "' but the kiosk shows '" + kiosk_.screen_name() + "'");
        } else if (c.name == "expect-text") {
            if (!kiosk_.record().shows_text(c.text))
                fail("expected the text '" + c.text + "' on screen '" + kiosk_.screen_name() + "', it is not shown");
        } else if (c.name == "await-text") {
            // Work off the UI thread (the centre's upload) in real time: up to 20 s, the virtual clock kept in step.
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (!kiosk_.record().shows_text(c.text)) {
                if (std::chrono::steady_clock::now() > give_up)
                    fail("waited 20 s for the text '" + c.text + "' on screen '" + kiosk_.screen_name() +
                         "', it is not shown");
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                advance_to(clock_.now_ms() + 100);
                kiosk_.handle_event(wake_event());
                settle();
            }
        } else if (c.name == "expect-visible") {
            if (!kiosk_.record().shows_whole_text(c.text)) {
                const bool partly = kiosk_.record().shows_text(c.text);
                fail("expected the text '" + c.text + "' wholly visible on screen '" + kiosk_.screen_name() + "', " +
                     (partly ? "it is cut off (by the edge of the screen or of its scroll area)" : "it is not shown"));
            }
        } else if (c.name == "expect-targets") {
            const float px = std::stof(c.text);
            std::string small;
            for (const auto& w : kiosk_.record().clickables) {
                const float ww = w.max.x - w.min.x, wh = w.max.y - w.min.y;
                if (w.enabled && (ww < px || wh < px))
                    small += (small.empty() ? "" : ", ") + std::string("'") + w.label + "' " +
                             std::to_string(static_cast<int>(ww)) + "x" + std::to_string(static_cast<int>(wh));
            }
            if (!small.empty())
                fail("expected every widget that can be tapped on screen '" + kiosk_.screen_name() + "' to be at least " +
                     c.text + " px each way; smaller: " + small);
        } else if (c.name == "expect-primary") {
            const ui::Clickable* w = kiosk_.record().find_clickable(c.text);
            if (!w) fail("expect-primary: nothing labelled '" + c.text + "' can be tapped on screen '" + kiosk_.screen_name() + "'");
            if (!w->primary)
                fail("expected '" + c.text + "' to be the primary (bright) button on screen '" + kiosk_.screen_name() +
                     "', it is drawn as a secondary one");
        } else if (c.name == "expect-no-text") {
            if (kiosk_.record().shows_text(c.text))
                fail("the text '" + c.text + "' is shown on screen '" + kiosk_.screen_name() + "'");
        } else if (c.name == "expect-reading") {
            const std::string& r = kiosk_.record().reading;
            if (r.empty()) fail("expected a part of '" + c.text + "' to be highlighted as read aloud; nothing is");
            if (c.text.find(r) == std::string::npos)
                fail("expected a part of '" + c.text + "' to be highlighted as read aloud; '" + r + "' is");
        } else if (c.name == "print-reading") {
            std::cout << "reading: " << kiosk_.record().reading << "\n";
        } else if (c.name == "expect-no-reading") {
            if (!kiosk_.record().reading.empty())
                fail("expected nothing highlighted as read aloud; '" + kiosk_.record().reading + "' is");
        } else if (c.name == "expect-exit") {
            if (!kiosk_.quit_requested()) fail("expected the kiosk to have quit; it shows '" + kiosk_.screen_name() + "'");
        } else if (c.name == "measure-frames") {
            if (c.text == "tick") measure_ticks(c.count);
            else measure(c.count, c.text == "full");
        } else if (c.name == "check-redraw") {
            check_redraw();
        } else if (c.name == "log") {
            // Flushed at once: a test that kills the kiosk knows every line it printed was reached.
            std::cout << "log: " << c.text << std::endl;
        } else if (c.name == "print-widget") {
            for (const auto& w : kiosk_.record().clickables)
                if (w.label == c.text)
                    std::cout << "widget: " << w.label << " " << w.min.x << " " << w.min.y << " " << (w.max.x - w.min.x)
                              << " " << (w.max.y - w.min.y) << "\n";
            std::cout.flush();
        } else if (c.name == "print-text") {
            for (const auto& t : kiosk_.record().texts)
                if (t.text.find(c.text) != std::string::npos) std::cout << "text: " << t.text << "\n";
            std::cout.flush();
        }
    }

    static double cpu_ms()
    {
        timespec t{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
    }

    std::vector<unsigned char> pixels()
    {
        SDL_LockSurface(surface_);
        const auto* p = static_cast<const unsigned char*>(surface_->pixels);
        std::vector<unsigned char> out(p, p + static_cast<std::size_t>(surface_->pitch) * surface_->h);
        SDL_UnlockSurface(surface_);
        return out;
    }

    // The surface as the frames so far left it (each drawing only what changed) against one frame drawn whole
    // in the same state: they must be the same to the pixel.
    void check_redraw()
    {
        const auto incremental = pixels();
        kiosk_.redraw_all();
        kiosk_.frame();
        check_frame(kiosk_.screen_name());
        const auto whole = pixels();
        int differ = 0, x0 = surface_->w, y0 = surface_->h, x1 = -1, y1 = -1;
        for (int y = 0; y < surface_->h; ++y)
            for (int x = 0; x < surface_->w; ++x) {
                const std::size_t at = static_cast<std::size_t>(y) * surface_->pitch + static_cast<std::size_t>(x) * 4;
                if (std::memcmp(&incremental[at], &whole[at], 4) == 0) continue;
                ++differ;
                x0 = std::min(x0, x);
                y0 = std::min(y0, y);
                x1 = std::max(x1, x);
                y1 = std::max(y1, y);
            }
        if (differ > 0)
            fail("check-redraw: " + std::to_string(differ) + " pixels of screen '" + kiosk_.screen_name() +
                 "' differ from a whole redraw, within x " + std::to_string(x0) + "–" + std::to_string(x1) + ", y " +
                 std::to_string(y0) + "–" + std::to_string(y1));
        settle();
    }

    // COUNT ticks of the screen's timer: the clock is set to the next deadline the kiosk asked for (at most a
    // second on) and every frame the kiosk then wants is drawn.
    void measure_ticks(int count)
    {
        const double start = cpu_ms();
        int frames = 0;
        double redrawn = 0;
        for (int i = 0; i < count; ++i) {
            const std::int64_t now = clock_.now_ms();
            const auto d = kiosk_.next_deadline();
            clock_.set(d && *d > now && *d <= now + 1000 ? *d : now + 1000);
            for (kiosk_.update(); kiosk_.wants_frame() && frames < count * 100; kiosk_.update()) {
                kiosk_.frame();
                ++frames;
                double px = 0;
                for (const auto& r : kiosk_.last_damage()) px += double(r.w) * r.h;
                redrawn += px / (double(surface_->w) * surface_->h);
                clock_.advance(1);
            }
        }
        const double ms = cpu_ms() - start;
        std::cout << "measure-frames: screen " << kiosk_.screen_name() << " at " << surface_->w << "x" << surface_->h
                  << ": " << count << " ticks, " << double(frames) / count << " frames per tick, " << ms / count
                  << " ms CPU per tick, " << redrawn / count << " of the screen redrawn per tick\n";
        settle();
    }

    // COUNT frames of the current screen 16 ms apart; `full` draws each whole, as if everything had changed.
    void measure(int count, bool full)
    {
        const double start = cpu_ms();
        const auto wall0 = std::chrono::steady_clock::now();
        double build = 0;
        for (int i = 0; i < count; ++i) {
            if (full) kiosk_.redraw_all();
            kiosk_.frame();
            build += kiosk_.last_build_cpu_ms();
            clock_.advance(16);
        }
        const double ms = cpu_ms() - start;
        const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0).count();
        std::cout << "measure-frames: screen " << kiosk_.screen_name() << " at " << surface_->w << "x" << surface_->h
                  << ": " << count << (full ? " whole" : "") << " frames, " << ms / count << " ms CPU per frame, " << wall / count
                  << " ms wall per frame, " << build / count << " ms CPU per frame building it (NewFrame to Render)\n";
        settle();
    }

    void write_png(const std::filesystem::path& path)
    {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        const int w = surface_->w, h = surface_->h;
        std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
        SDL_LockSurface(surface_);
        for (int y = 0; y < h; ++y) {
            const auto* row = static_cast<const unsigned char*>(surface_->pixels) + static_cast<std::size_t>(y) * surface_->pitch;
            for (int x = 0; x < w; ++x)
                for (int k = 0; k < 3; ++k) rgb[(static_cast<std::size_t>(y) * w + x) * 3 + k] = row[x * 4 + k];
        }
        SDL_UnlockSurface(surface_);
        if (!stbi_write_png(path.string().c_str(), w, h, 3, rgb.data(), w * 3))
            fail("screenshot: cannot write " + path.string());
    }

    Kiosk& kiosk_;
    VirtualClock& clock_;
    SDL_Surface* surface_;
    const Script& script_;
    std::filesystem::path screenshots_;
    TicketLookup tickets_;
    int line_ = 0;
};

} // namespace

int run_headless(Services& services, VirtualClock& clock, const ui::FontFile& font, Size size,
                 const std::filesystem::path& script_path, const std::filesystem::path& screenshots)
{
    Script script;
    try {
        script = load_script(script_path);
    } catch (const ScriptError& e) {
        std::cerr << "safekiosk: " << e.what() << "\n";
        return 2;
    }
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        std::cerr << "safekiosk: SDL (dummy video driver) cannot start: " << SDL_GetError() << "\n";
        return 2;
    }
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, size.width, size.height, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer* renderer = surface ? SDL_CreateSoftwareRenderer(surface) : nullptr;
    if (!renderer) {
        std::cerr << "safekiosk: no software renderer: " << SDL_GetError() << "\n";
        if (surface) SDL_FreeSurface(surface);
        SDL_Quit();
        return 2;
    }
    int code = 0;
    try {
        Kiosk kiosk(services, renderer, ImVec2(float(size.width), float(size.height)), font, {});
        TicketLookup tickets;
        if (services.exam)
            tickets = [&services, &clock](const std::string& id_number) -> std::string {
                const std::int64_t now =
                    std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
                return services.exam->open_ticket(id_number, now);
            };
        Runner runner(kiosk, clock, surface, script, screenshots, tickets);
        try {
            runner.run();
            std::cout << "safekiosk: " << script_path.string() << ": " << script.commands.size()
                      << " commands passed, ends on screen '" << kiosk.screen_name() << "'\n";
        } catch (const Failed& e) {
            std::cerr << "safekiosk: " << e.what() << "\n";
            code = 1;
        }
    } catch (const std::exception& e) {
        std::cerr << "safekiosk: " << e.what() << "\n";
        code = 2;
    }
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    SDL_Quit();
    return code;
}

} // namespace sk::kiosk
