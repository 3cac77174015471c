// Running the desktop window: on a display (a resizable window, mouse and keyboard), or headless, rendering each
// main panel with SDL's software renderer into PNG screenshots.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sk::admin::gui {

struct GuiOptions {
    std::filesystem::path db;
    std::filesystem::path font = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    int width = 1600;
    int height = 900;
    bool english = false;
    // Headless: screenshots of the sign-in window and, signed in as `user` with `password`, of every panel the
    // user may open (or only `panels`), as DIR/NN-<panel>.png.
    bool headless = false;
    std::filesystem::path screenshots;
    std::string user;
    std::string password;
    std::vector<std::string> panels;
};

// Exit codes as the command line's: 0 done, 2 cannot start (no display, bad font), 3 storage, 4 sign-in refused.
int run_window(const GuiOptions& options);

struct HeadlessResult {
    int code = 0;
    std::string error;
    std::vector<std::filesystem::path> files;
};
HeadlessResult run_headless(const GuiOptions& options);

} // namespace sk::admin::gui
