#include "kiosk/app/options.hpp"

#include <CLI/CLI.hpp>

namespace sk::kiosk {

std::optional<Size> parse_size(const std::string& s)
{
    const auto x = s.find('x');
    if (x == std::string::npos) return std::nullopt;
    try {
        std::size_t a = 0, b = 0;
        const int w = std::stoi(s.substr(0, x), &a);
        const int h = std::stoi(s.substr(x + 1), &b);
        if (a != x || b != s.size() - x - 1) return std::nullopt;
        if (w < 200 || h < 200 || w > 8192 || h > 8192) return std::nullopt;
        return Size{w, h};
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<int> parse_options(int argc, char** argv, Options& out)
{
    CLI::App app{"safekiosk: the SafeKiosk touch kiosk (exam, training or warning-education exhibit)"};
    std::string db, config, role, size, script, screenshots;
    app.add_option("--db", db, "SQLite database (default: $XDG_DATA_HOME/safekiosk/safekiosk.db)");
    app.add_option("--config", config, "kiosk configuration, JSON (default: kiosk.json next to the database)");
    app.add_option("--role", role, "run as this role, whatever the configuration says")
        ->check(CLI::IsMember({"exam", "training", "exhibit"}));
    app.add_option("--size", size, "a window of WIDTHxHEIGHT pixels instead of full screen (e.g. 1080x1920)");
    auto* headless = app.add_flag("--headless", out.headless, "run a script without a display (docs/headless-script.md)");
    app.add_option("--script", script, "headless script to run")->needs(headless);
    app.add_option("--screenshots", screenshots, "folder for the script's screenshots")->needs(headless);
    std::string font_cache;
    auto* cache_opt = app.add_option("--font-cache", font_cache,
                                     "folder of the glyph atlas cache (default: $XDG_CACHE_HOME/safekiosk; headless "
                                     "runs use none unless given)");
    app.add_flag("--no-font-cache", out.no_font_cache, "build the glyph atlas at start, neither reading nor writing a cache")
        ->excludes(cache_opt);
    std::string audio_out;
    app.add_option("--audio-out", audio_out,
                   "write everything the kiosk reads aloud (朗读) to this WAV file as well (22,050 Hz, 16-bit mono)");
    app.add_flag("--hash-pin", out.hash_pin,
                 "read an administrator PIN from standard input and print its hash for \"admin_pin_hash\"");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (!db.empty()) out.db = db;
    if (!font_cache.empty()) out.font_cache = font_cache;
    if (!config.empty()) out.config = config;
    if (!role.empty()) out.role = parse_role(role);
    if (!size.empty()) {
        out.size = parse_size(size);
        if (!out.size) {
            std::cerr << "safekiosk: --size " << size << ": expected WIDTHxHEIGHT, e.g. 1920x1080 (200 to 8192 each)\n";
            return 2;
        }
    }
    if (out.headless && script.empty()) {
        std::cerr << "safekiosk: --headless needs --script FILE\n";
        return 2;
    }
    out.script = script;
    out.audio_out = audio_out;
    out.screenshots = screenshots;
    return std::nullopt;
}

} // namespace sk::kiosk
