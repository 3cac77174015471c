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
#include <fstream>
#include <functional>
#include <iostream>
#include <regex>
#include <sstream>
#include <thread>

namespace sk::kiosk {

namespace {

std::string trim(const std::string& s)
{
    const auto a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return {};
    const auto b = s.find_last_not_of(" \t\r");
    std::string t = s.substr(a, b - a + 1);
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
    return t;
}

std::vector<std::string> words(const std::string& s)
{
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

} // namespace

Script parse_script(const std::string& text, const std::filesystem::path& file)
{
    Script script{file, {}};
    std::istringstream in(text);
    std::string raw;
    int line_no = 0;
    while (std::getline(in, raw)) {
        ++line_no;
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        const auto sp = line.find_first_of(" \t");
        ScriptCommand c;
        c.line = line_no;
        c.name = line.substr(0, sp);
        const std::string rest = sp == std::string::npos ? std::string() : trim(line.substr(sp + 1));
        const auto fail = [&](const std::string& what) {
            throw ScriptError(file.string() + ":" + std::to_string(line_no) + ": " + what);
        };
        const auto coord = [&](const std::string& w) {
            static const std::regex re(R"(^(\d+(\.\d+)?)(%?)$)");
            std::smatch m;
            if (!std::regex_match(w, m, re))
                fail(c.name + ": '" + w + "' is not a position (pixels like 960, or percent like 50%)");
            Coord k{std::stof(m[1]), m[3] == "%"};
            if (k.percent && k.value > 100) fail(c.name + ": '" + w + "' is more than 100%");
            return k;
        };
        const auto duration = [&](const std::string& w) {
            static const std::regex re(R"(^(\d+)(ms|s)?$)");
            std::smatch m;
            if (!std::regex_match(w, m, re))
                fail(c.name + ": '" + w + "' is not a duration (milliseconds like 500, or 500ms, or 90s)");
            long long v = std::stoll(m[1]);
            return m[2] == "s" ? v * 1000 : v;
        };
        const auto need_text = [&] {
            if (rest.empty()) fail(c.name + " needs a text after it");
            c.text = rest;
        };
        const auto args = words(rest);
        const auto count = [&](std::size_t n, const char* usage) {
            if (args.size() != n) fail(std::string("expected ") + usage);
        };
        if (c.name == "tap") {
            count(2, "tap X Y");
            c.coords = {coord(args[0]), coord(args[1])};
        } else if (c.name == "hold") {
            count(3, "hold X Y DURATION");
            c.coords = {coord(args[0]), coord(args[1])};
            c.ms = duration(args[2]);
        } else if (c.name == "drag") {
            count(4, "drag X1 Y1 X2 Y2");
            c.coords = {coord(args[0]), coord(args[1]), coord(args[2]), coord(args[3])};
        } else if (c.name == "wait") {
            count(1, "wait DURATION");
            c.ms = duration(args[0]);
        } else if (c.name == "key") {
            count(1, "key Enter|Backspace|Escape|Alt+F4");
            static const char* const keys[] = {"Enter", "Backspace", "Escape", "Alt+F4"};
            if (std::find(std::begin(keys), std::end(keys), args[0]) == std::end(keys))
                fail("key: '" + args[0] + "' is not one of Enter, Backspace, Escape, Alt+F4");
            c.text = args[0];
        } else if (c.name == "measure-frames") {
            count(1, "measure-frames COUNT");
            if (!std::regex_match(args[0], std::regex(R"(^[1-9]\d{0,4}$)")))
                fail("measure-frames: '" + args[0] + "' is not a count from 1 to 99999");
            c.count = std::stoi(args[0]);
        } else if (c.name == "screenshot") {
            count(1, "screenshot NAME");
            if (!std::regex_match(args[0], std::regex(R"(^[A-Za-z0-9._-]+$)")))
                fail("screenshot: '" + args[0] + "' must be letters, digits, '.', '_' or '-'");
            c.text = args[0];
        } else if (c.name == "expect-screen") {
            count(1, "expect-screen NAME");
            c.text = args[0];
        } else if (c.name == "type-ticket") {
            count(1, "type-ticket ID_NUMBER");
            c.text = args[0];
        } else if (c.name == "tap-text" || c.name == "type" || c.name == "expect-text" || c.name == "expect-no-text") {
            need_text();
        } else if (c.name == "close" || c.name == "expect-exit") {
            count(0, c.name.c_str());
        } else {
            fail("unknown command '" + c.name +
                 "' (known: tap, tap-text, hold, drag, type, type-ticket, key, close, wait, screenshot, expect-screen, "
                 "expect-text, expect-no-text, expect-exit, measure-frames)");
        }
        script.commands.push_back(std::move(c));
    }
    return script;
}

Script load_script(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ScriptError(file.string() + ": cannot be read");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_script(ss.str(), file);
}

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
        } else if (c.name == "screenshot") {
            if (screenshots_.empty()) fail("screenshot needs --screenshots DIR on the command line");
            write_png(screenshots_ / (c.text + ".png"));
        } else if (c.name == "expect-screen") {
            if (kiosk_.screen_name() != c.text)
                fail("expected screen '" + c.text + "' but the kiosk shows '" + kiosk_.screen_name() + "'");
        } else if (c.name == "expect-text") {
            if (!kiosk_.record().shows_text(c.text))
                fail("expected the text '" + c.text + "' on screen '" + kiosk_.screen_name() + "', it is not shown");
        } else if (c.name == "expect-no-text") {
            if (kiosk_.record().shows_text(c.text))
                fail("the text '" + c.text + "' is shown on screen '" + kiosk_.screen_name() + "'");
        } else if (c.name == "expect-exit") {
            if (!kiosk_.quit_requested()) fail("expected the kiosk to have quit; it shows '" + kiosk_.screen_name() + "'");
        } else if (c.name == "measure-frames") {
            measure(c.count);
        }
    }

    void measure(int count)
    {
        const auto cpu = [] {
            timespec t{};
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
            return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
        };
        const double start = cpu();
        const auto wall0 = std::chrono::steady_clock::now();
        for (int i = 0; i < count; ++i) {
            kiosk_.frame();
            clock_.advance(16);
        }
        const double ms = cpu() - start;
        const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0).count();
        std::cout << "measure-frames: screen " << kiosk_.screen_name() << " at " << surface_->w << "x" << surface_->h
                  << ": " << count << " frames, " << ms / count << " ms CPU per frame, " << wall / count
                  << " ms wall per frame\n";
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
                auto& store = services.exam->store();
                const auto c = store.candidate_by_id_number(id_number);
                if (!c) return {};
                const std::int64_t now =
                    std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
                for (const auto& a : store.attempts_of_candidate(c->id)) {
                    const auto s = store.session(a.session_id);
                    if (s && s->starts_at_ms <= now && now <= s->ends_at_ms) return a.ticket;
                }
                return {};
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
