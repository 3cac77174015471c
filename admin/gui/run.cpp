#include "admin/gui/run.hpp"

#include "admin/gui/app.hpp"
#include "admin/gui/strings.hpp"
#include "content/storage/database.hpp"

#include <imgui_impl_sdl.h>

#include <SDL.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <vector>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace sk::admin::gui {

namespace {
Uint32 g_wake_event = 0;

void push_wake()
{
    if (g_wake_event == 0 || g_wake_event == static_cast<Uint32>(-1)) return;
    SDL_Event e{};
    e.type = g_wake_event;
    SDL_PushEvent(&e);
}

bool write_png(SDL_Surface* s, const std::filesystem::path& path)
{
    std::vector<unsigned char> rgb(static_cast<std::size_t>(s->w) * s->h * 3);
    SDL_LockSurface(s);
    for (int y = 0; y < s->h; ++y) {
        const auto* row = static_cast<const unsigned char*>(s->pixels) + static_cast<std::size_t>(y) * s->pitch;
        for (int x = 0; x < s->w; ++x)
            for (int k = 0; k < 3; ++k) rgb[(static_cast<std::size_t>(y) * s->w + x) * 3 + k] = row[x * 4 + k];
    }
    SDL_UnlockSurface(s);
    return stbi_write_png(path.string().c_str(), s->w, s->h, 3, rgb.data(), s->w * 3) != 0;
}
} // namespace

int run_window(const GuiOptions& o)
{
    set_language(o.english ? Language::English : Language::Chinese);
    ui::FontFile font;
    try {
        font = ui::FontFile::load(o.font);
    } catch (const ui::FontError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0) {
        std::cerr << "error: cannot open the display: " << SDL_GetError()
                  << " (headless: safekiosk-admin gui --headless --screenshots DIR)\n";
        return 2;
    }
    g_wake_event = SDL_RegisterEvents(1);
    SDL_Window* window = SDL_CreateWindow(tr("app.title"), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o.width,
                                          o.height, SDL_WINDOW_RESIZABLE | SDL_WINDOW_SHOWN);
    SDL_Renderer* renderer = window ? SDL_CreateRenderer(window, -1, SDL_RENDERER_PRESENTVSYNC) : nullptr;
    if (window && !renderer) renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer) {
        std::cerr << "error: cannot create the window: " << SDL_GetError() << "\n";
        if (window) SDL_DestroyWindow(window);
        SDL_Quit();
        return 2;
    }
    int code = 0;
    try {
        Services services(o.db);
        int w = o.width, h = o.height;
        SDL_GetRendererOutputSize(renderer, &w, &h);
        App app(services, renderer, font, ImVec2(float(w), float(h)), push_wake);
        ImGui_ImplSDL2_InitForSDLRenderer(window); // maps the keys: Tab moves between fields
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        bool quit = false;
        int frames = 3;
        auto last = std::chrono::steady_clock::now();
        while (!quit) {
            SDL_Event e;
            const int timeout = frames > 0 || app.busy() ? (app.jobs().running() ? 100 : 0) : 1000;
            if (SDL_WaitEventTimeout(&e, timeout)) {
                // ImGui 1.86 reads key state once per frame: a key pressed and released between two frames would be
                // lost (a quick Enter), so its release waits for the next frame.
                std::vector<SDL_Scancode> pressed;
                do {
                    if (e.type == SDL_KEYDOWN) pressed.push_back(e.key.keysym.scancode);
                    if (e.type == SDL_KEYUP &&
                        std::find(pressed.begin(), pressed.end(), e.key.keysym.scancode) != pressed.end()) {
                        SDL_PushEvent(&e);
                        frames = 3;
                        break;
                    }
                    ImGui_ImplSDL2_ProcessEvent(&e);
                    if (e.type == SDL_QUIT) quit = true;
                    if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                        SDL_GetRendererOutputSize(renderer, &w, &h);
                        app.resize(ImVec2(float(w), float(h)));
                    }
                    frames = 3; // hover, popups and text input settle over a few frames
                } while (SDL_PollEvent(&e));
            }
            const auto now = std::chrono::steady_clock::now();
            const float dt = std::chrono::duration<float>(now - last).count();
            last = now;
            ImGui_ImplSDL2_NewFrame();
            app.frame(dt);
            SDL_RenderPresent(renderer);
            if (frames > 0) --frames;
        }
        ImGui_ImplSDL2_Shutdown();
    } catch (const storage::StorageError& e) {
        std::cerr << "error: " << e.what() << "\n";
        code = 3;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        code = 2;
    }
    SDL_DestroyRenderer(renderer);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return code;
}

HeadlessResult run_headless(const GuiOptions& o)
{
    HeadlessResult r;
    set_language(o.english ? Language::English : Language::Chinese);
    ui::FontFile font;
    try {
        font = ui::FontFile::load(o.font);
    } catch (const ui::FontError& e) {
        return {2, e.what(), {}};
    }
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return {2, std::string("SDL (dummy video driver) cannot start: ") + SDL_GetError(), {}};
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, o.width, o.height, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer* renderer = surface ? SDL_CreateSoftwareRenderer(surface) : nullptr;
    if (!renderer) {
        r = {2, std::string("no software renderer: ") + SDL_GetError(), {}};
        if (surface) SDL_FreeSurface(surface);
        SDL_Quit();
        return r;
    }
    try {
        std::filesystem::create_directories(o.screenshots);
        Services services(o.db);
        App app(services, renderer, font, ImVec2(float(o.width), float(o.height)), {});
        int n = 0;
        const auto shot = [&](const std::string& name) {
            // Frames until layout, textures and fonts have settled.
            for (int i = 0; i < 40 && (i < 3 || app.busy()); ++i) {
                if (app.jobs().running()) app.jobs().wait();
                app.frame(1.0f / 60);
            }
            app.frame(1.0f / 60);
            char prefix[16];
            std::snprintf(prefix, sizeof prefix, "%02d-", ++n);
            const auto path = o.screenshots / (prefix + name + ".png");
            if (!write_png(surface, path)) throw std::runtime_error("cannot write " + path.string());
            r.files.push_back(path);
        };
        shot("signin");
        if (!o.user.empty()) {
            // The form while the password is checked on the job thread, then the result.
            app.begin_sign_in(o.user, o.password);
            for (int i = 0; i < 3; ++i) app.frame(1.0f / 60);
            char prefix[16];
            std::snprintf(prefix, sizeof prefix, "%02d-", ++n);
            const auto busy = o.screenshots / (std::string(prefix) + "signing-in.png");
            if (!write_png(surface, busy)) throw std::runtime_error("cannot write " + busy.string());
            r.files.push_back(busy);
            app.jobs().wait();
            if (!app.actor()) {
                r.code = 4;
                r.error = "sign-in refused for " + o.user;
            } else {
                for (const auto& id : app.panel_ids()) {
                    if (!o.panels.empty() && std::find(o.panels.begin(), o.panels.end(), id) == o.panels.end()) continue;
                    app.show_panel(id);
                    app.frame(1.0f / 60);
                    app.current_panel()->show_example(app);
                    shot(id);
                    for (std::string more; !(more = app.current_panel()->next_example(app)).empty();) shot(id + "-" + more);
                }
            }
        }
    } catch (const storage::StorageError& e) {
        r.code = 3;
        r.error = e.what();
    } catch (const std::exception& e) {
        r.code = 2;
        r.error = e.what();
    }
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    SDL_Quit();
    return r;
}

} // namespace sk::admin::gui
