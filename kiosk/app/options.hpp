// The command line of safekiosk.
#pragma once

#include "kiosk/app/config.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace sk::kiosk {

struct Size {
    int width = 0;
    int height = 0;
};

// "1920x1080" → {1920, 1080}; nullopt unless both are 200–8192.
std::optional<Size> parse_size(const std::string& s);

struct Options {
    std::optional<std::filesystem::path> db;
    std::optional<std::filesystem::path> config;
    std::optional<Role> role;
    std::optional<Size> size;
    bool headless = false;
    std::filesystem::path script;
    std::filesystem::path screenshots;
    bool hash_pin = false;
    std::optional<std::filesystem::path> font_cache; // --font-cache DIR
    bool no_font_cache = false;
    std::filesystem::path audio_out; // --audio-out FILE.wav: everything read aloud, also written here
};

// Parses argv. Returns the exit code to end with when the program should stop now (--help, an error, which
// has been printed), nullopt to run.
std::optional<int> parse_options(int argc, char** argv, Options& out);

} // namespace sk::kiosk
