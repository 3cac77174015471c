// Headless scripts (docs/headless-script.md): parsing (script.cpp, no SDL). Running is run_headless() in loops.hpp.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::kiosk {

// A script that cannot be run; what() is "FILE:LINE: problem".
class ScriptError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Limits of what a script may say: a position beyond any screen or a wait longer than a day is a mistake, and
// would overflow the event coordinates (int) or the virtual clock.
inline constexpr int kMaxScriptPixels = 100000;
inline constexpr long long kMaxScriptMs = 24LL * 60 * 60 * 1000;

struct Coord {
    float value = 0;
    bool percent = false;
    float resolve(float extent) const { return percent ? extent * value / 100.0f : value; }
};

struct ScriptCommand {
    int line = 0;
    std::string name;
    std::vector<Coord> coords; // tap, hold, drag, scroll
    long long ms = 0;          // wait, hold
    int count = 0;             // measure-frames; scroll: wheel notches (positive: further down)
    std::string text;          // tap-text, type, key, screenshot, expect-*
};

struct Script {
    std::filesystem::path file;
    std::vector<ScriptCommand> commands;
};

// Parses a whole script before anything runs. Throws ScriptError naming the file and line.
Script parse_script(const std::string& text, const std::filesystem::path& file);
Script load_script(const std::filesystem::path& file);

} // namespace sk::kiosk
