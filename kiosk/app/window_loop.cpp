// The kiosk on a display: a borderless full-screen window drawn by SDL's software renderer into the window
// surface (no GL, no llvmpipe), waking only for input and timers, and pushing only the rectangles a frame changed
// (SDL_UpdateWindowSurfaceRects).
#include "kiosk/app/kiosk.hpp"
#include "kiosk/app/launch_log.hpp"
#include "kiosk/app/loops.hpp"
#include "kiosk/app/service_notify.hpp"

#include <SDL.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <iostream>
#include <vector>

namespace sk::kiosk {

namespace {
constexpr std::int64_t kFramePeriodMs = 16;

struct Surface {
    SDL_Renderer* renderer = nullptr;
    ImVec2 size;
};

Surface make_surface(SDL_Window* window)
{
    SDL_Surface* s = SDL_GetWindowSurface(window);
    if (!s) return {};
    return {SDL_CreateSoftwareRenderer(s), ImVec2(float(s->w), float(s->h))};
}
} // namespace

int run_window(Services& services, const ui::FontFile& font, std::optional<Size> size)
{
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0"); // the window surface is plain memory: no GL context
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");       // SIGINT/SIGTERM from a service manager still stop it
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
    // SDL opens an X input method, for which Xlib reads the locale's whole Compose table character by character
    // (~20 ms of the launch). The kiosk's text comes from its on-screen keypads; a physical keyboard still types,
    // only dead-key and compose sequences are off. A value set in the environment is kept.
    setenv("XCOMPOSEFILE", "/dev/null", 0);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0) {
        std::cerr << "safekiosk: cannot open the display: " << SDL_GetError() << "\n";
        return 2;
    }
    log_launch_step("SDL started");
    int w = 1920, h = 1080;
    Uint32 flags = SDL_WINDOW_BORDERLESS | SDL_WINDOW_SHOWN;
    if (size) {
        w = size->width;
        h = size->height;
    } else {
        SDL_DisplayMode mode;
        if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
            w = mode.w;
            h = mode.h;
        }
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    SDL_Window* window = SDL_CreateWindow("SafeKiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!window) {
        std::cerr << "safekiosk: cannot create the window: " << SDL_GetError() << "\n";
        SDL_Quit();
        return 2;
    }
    log_launch_step("window created");
    SDL_ShowCursor(services.config.show_cursor ? SDL_ENABLE : SDL_DISABLE);
    Surface surface = make_surface(window);
    if (!surface.renderer) {
        std::cerr << "safekiosk: no software renderer for the window: " << SDL_GetError() << "\n";
        SDL_DestroyWindow(window);
        SDL_Quit();
        return 2;
    }
    {
        Kiosk kiosk(services, surface.renderer, surface.size, font, [window](const std::vector<SDL_Rect>& rects) {
            SDL_UpdateWindowSurfaceRects(window, rects.data(), static_cast<int>(rects.size()));
        });
        const Clock& clock = services.clock;
        std::int64_t last_frame = 0;
        // systemd: READY=1 after the first frame, WATCHDOG=1 from this loop (nothing outside systemd).
        ServiceNotifier service;
        const auto handle = [&](const SDL_Event& e) {
            if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                // The old surface is gone: draw into the new one with a new renderer.
                Surface next = make_surface(window);
                if (next.renderer) {
                    kiosk.set_renderer(next.renderer, next.size);
                    SDL_DestroyRenderer(surface.renderer);
                    surface = next;
                }
            }
            kiosk.handle_event(e);
        };
        while (!kiosk.quit_requested()) {
            const std::int64_t now = clock.now_ms();
            service.watchdog(now);
            int timeout = -1;
            if (kiosk.wants_frame()) {
                timeout = static_cast<int>(std::max<std::int64_t>(0, last_frame + kFramePeriodMs - now));
            } else if (auto d = kiosk.next_deadline()) {
                timeout = static_cast<int>(std::clamp<std::int64_t>(*d - now, 0, INT_MAX));
            }
            if (auto ping = service.next_deadline()) {
                const int until = static_cast<int>(std::clamp<std::int64_t>(*ping - now, 0, INT_MAX));
                timeout = timeout < 0 ? until : std::min(timeout, until);
            }
            SDL_Event e;
            const bool got = timeout < 0 ? SDL_WaitEvent(&e) == 1 : SDL_WaitEventTimeout(&e, timeout) == 1;
            if (got) {
                handle(e);
                while (SDL_PollEvent(&e)) handle(e);
            }
            kiosk.update();
            if (kiosk.wants_frame() && clock.now_ms() - last_frame >= kFramePeriodMs) {
                last_frame = clock.now_ms();
                kiosk.frame();
                service.ready();
            }
        }
    }
    SDL_DestroyRenderer(surface.renderer);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}

} // namespace sk::kiosk
