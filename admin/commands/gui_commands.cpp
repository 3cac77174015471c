#include "admin/commands/gui_commands.hpp"

#include "admin/gui/run.hpp"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <regex>

namespace sk::admin {

namespace {
struct GuiArgs {
    bool headless = false;
    std::string screenshots;
    std::string size = "1600x900";
    std::string font;
    std::string lang = "zh";
    std::vector<std::string> panels;
};

int do_gui(const Context& ctx, const GuiArgs& a)
{
    gui::GuiOptions o;
    o.db = database_path(ctx);
    std::smatch m;
    static const std::regex size_re(R"((\d{3,5})x(\d{3,5}))");
    if (!std::regex_match(a.size, m, size_re))
        throw std::invalid_argument("--size is WIDTHxHEIGHT, e.g. 1600x900, not '" + a.size + "'");
    o.width = std::stoi(m[1]);
    o.height = std::stoi(m[2]);
    if (!a.font.empty()) o.font = a.font;
    if (a.lang != "zh" && a.lang != "en") throw std::invalid_argument("--lang is zh or en, not '" + a.lang + "'");
    o.english = a.lang == "en";
    if (!a.headless) return gui::run_window(o);
    if (a.screenshots.empty()) throw std::invalid_argument("--headless needs --screenshots DIR");
    o.headless = true;
    o.screenshots = a.screenshots;
    o.panels = a.panels;
    if (!ctx.user.empty()) {
        const char* pw = std::getenv(kPasswordVariable);
        if (!pw) throw std::invalid_argument(std::string("--headless with --user reads the password from $") + kPasswordVariable);
        o.user = ctx.user;
        o.password = pw;
    }
    const auto r = gui::run_headless(o);
    for (const auto& f : r.files) std::cout << f.string() << "\n";
    if (r.code != 0) std::cerr << "error: " << r.error << "\n";
    return r.code;
}
} // namespace

void register_gui_commands(CLI::App& app, Context& ctx)
{
    auto args = std::make_shared<GuiArgs>();
    CLI::App* gui = app.add_subcommand(
        "gui", "the desktop window: questions, exhibits, blueprints, candidates, certificates, reports, centre seats");
    gui->add_flag("--headless", args->headless,
                  "no display: render the sign-in window and, with --user, every panel the user may open to PNG");
    gui->add_option("--screenshots", args->screenshots, "folder for the headless PNGs (NN-<panel>.png)");
    gui->add_option("--size", args->size, "window size WIDTHxHEIGHT (default 1600x900)");
    gui->add_option("--font", args->font, "TrueType font (default: WenQuanYi Micro Hei, as the kiosk)");
    gui->add_option("--lang", args->lang, "zh (default) or en");
    gui->add_option("--panel", args->panels, "headless: only these panels (questions, exhibits, blueprints, "
                                             "candidates, certificates, reports, centre, …)");
    gui->callback([&ctx, args] { ctx.action = [&ctx, args] { return do_gui(ctx, *args); }; });
}

} // namespace sk::admin
