// Fuzz target: the kiosk's headless scripts (docs/headless-script.md), parsed as `safekiosk --headless --script`
// reads them before anything runs. Any input either parses or is refused with a ScriptError naming the file and a
// line; an accepted command carries only what the runner can act on (positions on a screen, durations the virtual
// clock can add, frame counts from 1 to 99999, wheel notches from -100 to 100 but not 0). Corpus:
// tests/fuzz/corpus/headless_script/.
#include "kiosk/app/headless.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void broken(const std::string& what)
{
    std::fprintf(stderr, "fuzz: property broken: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

int lines_in(const std::string& s)
{
    int n = 1;
    for (char c : s) n += c == '\n';
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sk::kiosk;
    const std::string text(reinterpret_cast<const char*>(data), size);
    Script script;
    try {
        script = parse_script(text, "fuzz.txt");
    } catch (const ScriptError& e) {
        const std::string what = e.what();
        if (what.rfind("fuzz.txt:", 0) != 0) broken("an error without the file: " + what);
        const int line = std::atoi(what.c_str() + 9);
        if (line < 1 || line > lines_in(text)) broken("an error without a line of the script: " + what);
        return 0;
    }
    int last = 0;
    for (const auto& c : script.commands) {
        if (c.line <= last || c.line > lines_in(text)) broken("command line numbers out of order");
        last = c.line;
        if (c.name.empty() || c.name[0] == '#') broken("an empty command or a comment was accepted");
        for (const auto& k : c.coords) {
            if (!std::isfinite(k.value) || k.value < 0) broken("a position that is no number: " + c.name);
            if (k.percent ? k.value > 100 : k.value > kMaxScriptPixels) broken("a position off any screen");
            // What the runner does with it: a pixel of a 1920×1080 screen, as SDL's int coordinates.
            const float px = k.resolve(1920);
            if (!(px >= 0 && px <= kMaxScriptPixels)) broken("a position that resolves off any screen");
        }
        const bool positional = c.name == "tap" || c.name == "hold" || c.name == "drag" || c.name == "scroll";
        if (positional != !c.coords.empty()) broken("positions on a command that takes none: " + c.name);
        if (c.ms < 0 || c.ms > kMaxScriptMs) broken("a duration beyond a day: " + std::to_string(c.ms));
        // The count: frames of measure-frames, wheel notches of scroll (either way, never 0), nothing else.
        if (c.name == "measure-frames" ? (c.count < 1 || c.count > 99999)
            : c.name == "scroll"       ? (c.count == 0 || c.count < -100 || c.count > 100)
                                       : c.count != 0)
            broken("a count out of range for " + c.name);
        if ((c.name == "tap-text" || c.name == "type" || c.name == "expect-text" || c.name == "expect-no-text" ||
             c.name == "screenshot" || c.name == "key" || c.name == "expect-screen") &&
            c.text.empty())
            broken("an empty text accepted for " + c.name);
    }
    return 0;
}
