// Headless scripts (docs/headless-script.md): parsing only, no SDL, so the parser is fuzzed on its own
// (tests/fuzz/headless_script_fuzz.cpp). Running a script is headless.cpp.
#include "kiosk/app/headless.hpp"

#include "content/formats/files.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>

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

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
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
        // Pixels like 960 or 960.5, or percent like 50%: digits, an optional fraction, an optional '%'.
        const auto coord = [&](const std::string& w) {
            std::string_view s = w;
            Coord k;
            k.percent = !s.empty() && s.back() == '%';
            if (k.percent) s.remove_suffix(1);
            const auto dot = s.find('.');
            const bool shape = dot == std::string_view::npos
                                   ? all_digits(s)
                                   : all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1));
            if (!shape) fail(c.name + ": '" + w + "' is not a position (pixels like 960, or percent like 50%)");
            const auto r = std::from_chars(s.data(), s.data() + s.size(), k.value);
            if (r.ec != std::errc() || !std::isfinite(k.value) || (k.percent && k.value > 100.0f))
                fail(c.name + ": '" + w + "' is " + (k.percent ? "more than 100%" : "off any screen"));
            if (!k.percent && k.value > kMaxScriptPixels)
                fail(c.name + ": '" + w + "' is off any screen (at most " + std::to_string(kMaxScriptPixels) +
                     " pixels)");
            return k;
        };
        const auto duration = [&](const std::string& w) {
            std::string_view s = w;
            long long unit = 1;
            if (s.size() > 2 && s.substr(s.size() - 2) == "ms") {
                s.remove_suffix(2);
            } else if (s.size() > 1 && s.back() == 's') {
                s.remove_suffix(1);
                unit = 1000;
            }
            long long v = 0;
            if (!all_digits(s))
                fail(c.name + ": '" + w + "' is not a duration (milliseconds like 500, or 500ms, or 90s)");
            const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
            if (r.ec != std::errc() || v > kMaxScriptMs / unit)
                fail(c.name + ": '" + w + "' is longer than a day (" + std::to_string(kMaxScriptMs / 1000) + "s)");
            return v * unit;
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
        } else if (c.name == "scroll") {
            count(3, "scroll X Y NOTCHES");
            c.coords = {coord(args[0]), coord(args[1])};
            // Whole notches of the wheel, 1 to 100 either way: positive shows what is further down.
            std::string_view n = args[2];
            const bool up = !n.empty() && n.front() == '-';
            if (up) n.remove_prefix(1);
            int v = 0;
            if (n.empty() || n.size() > 3 || !all_digits(n) ||
                std::from_chars(n.data(), n.data() + n.size(), v).ec != std::errc() || v < 1 || v > 100)
                fail("scroll: '" + args[2] + "' is not a number of wheel notches from -100 to 100 (not 0)");
            c.count = up ? -v : v;
        } else if (c.name == "wait") {
            count(1, "wait DURATION");
            c.ms = duration(args[0]);
        } else if (c.name == "wall-clock") {
            count(1, "wall-clock +DURATION or -DURATION (e.g. +2h, -90s)");
            // A signed shift of the wall clock: hours like 2h, or a duration as `wait` takes it.
            const std::string& w = args[0];
            if (w.size() < 2 || (w[0] != '+' && w[0] != '-'))
                fail("wall-clock: '" + w + "' is not a signed shift (like +2h, -2h, +90s or -500ms)");
            const std::string magnitude = w.substr(1);
            long long v = 0;
            if (magnitude.size() > 1 && magnitude.back() == 'h') {
                const std::string_view digits(magnitude.data(), magnitude.size() - 1);
                if (!all_digits(digits) || std::from_chars(digits.data(), digits.data() + digits.size(), v).ec !=
                                               std::errc() || v > kMaxScriptMs / 3600000)
                    fail("wall-clock: '" + w + "' is not a shift of at most a day (like +2h, -2h, +90s or -500ms)");
                v *= 3600000;
            } else {
                v = duration(magnitude);
            }
            c.ms = w[0] == '-' ? -v : v;
        } else if (c.name == "key") {
            count(1, "key Enter|Backspace|Escape|Alt+F4");
            static const char* const keys[] = {"Enter", "Backspace", "Escape", "Alt+F4"};
            if (std::find(std::begin(keys), std::end(keys), args[0]) == std::end(keys))
                fail("key: '" + args[0] + "' is not one of Enter, Backspace, Escape, Alt+F4");
            c.text = args[0];
        } else if (c.name == "measure-frames") {
            if (args.size() != 1 && args.size() != 2) fail("expected measure-frames COUNT [full|tick]");
            const std::string& w = args[0];
            if (!all_digits(w) || w.size() > 5 || w[0] == '0')
                fail("measure-frames: '" + w + "' is not a count from 1 to 99999");
            std::from_chars(w.data(), w.data() + w.size(), c.count);
            if (args.size() == 2) {
                if (args[1] != "full" && args[1] != "tick")
                    fail("measure-frames: '" + args[1] + "' is not full or tick");
                c.text = args[1];
            }
        } else if (c.name == "check-redraw") {
            count(0, "check-redraw");
        } else if (c.name == "screenshot") {
            count(1, "screenshot NAME");
            const std::string& w = args[0];
            const auto name_char = [](char ch) {
                return is_digit(ch) || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '.' ||
                       ch == '_' || ch == '-';
            };
            if (!std::all_of(w.begin(), w.end(), name_char))
                fail("screenshot: '" + w + "' must be letters, digits, '.', '_' or '-'");
            c.text = w;
        } else if (c.name == "expect-screen") {
            count(1, "expect-screen NAME");
            c.text = args[0];
        } else if (c.name == "expect-targets") {
            count(1, "expect-targets PIXELS");
            if (args[0].empty() || !std::all_of(args[0].begin(), args[0].end(), is_digit) || args[0].size() > 4)
                fail("expect-targets: '" + args[0] + "' must be a whole number of pixels");
            c.text = args[0];
        } else if (c.name == "type-ticket") {
            count(1, "type-ticket ID_NUMBER");
            c.text = args[0];
        } else if (c.name == "tap-text" || c.name == "type" || c.name == "expect-text" || c.name == "expect-no-text" ||
                   c.name == "await-text" ||
                   c.name == "expect-visible" || c.name == "expect-primary" || c.name == "print-widget" ||
                   c.name == "log" || c.name == "print-text" || c.name == "expect-reading") {
            need_text();
        } else if (c.name == "close" || c.name == "expect-exit" || c.name == "expect-no-reading" ||
                   c.name == "print-reading") {
            count(0, c.name.c_str());
        } else {
            fail("unknown command '" + c.name +
                 "' (known: tap, tap-text, hold, drag, scroll, type, type-ticket, key, close, wait, wall-clock, screenshot, "
                 "expect-screen, "
                 "expect-text, await-text, expect-no-text, expect-visible, expect-primary, expect-targets, "
                 "expect-reading, expect-no-reading, "
                 "expect-exit, measure-frames, check-redraw, log, print-text, print-widget, print-reading)");
        }
        script.commands.push_back(std::move(c));
    }
    return script;
}

Script load_script(const std::filesystem::path& file)
{
    std::string text;
    try {
        text = content::formats::read_input_file(file, content::formats::FileKind::Config);
    } catch (const content::formats::FileError& e) {
        throw ScriptError(e.what());
    }
    return parse_script(text, file);
}

} // namespace sk::kiosk
