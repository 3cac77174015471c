// The platform side of ImGui for a touch kiosk: SDL events become ImGui input, in order, one button change per
// frame.
//
// - A tap shorter than a frame still clicks: down and up are queued and each is applied in its own frame.
// - After a finger lifts, the pointer moves off-screen in the next frame so no hover state stays behind.
// - Text input, and the few keys the kiosk uses (Backspace, Enter), are passed on; nothing else is.
// (ImGui 1.86's imgui_impl_sdl.cpp polls the global mouse state every frame instead, which loses such taps and
// cannot be driven by headless scripts; the headless runner feeds this same class with synthetic SDL events.)
#pragma once

#include <imgui.h>

#include <SDL.h>

#include <deque>
#include <string>

namespace sk::kiosk {

class Input {
public:
    // Configures io (key map, no ini file, touch-friendly thresholds).
    static void setup(ImGuiIO& io);

    // Queues what the event means for ImGui; returns true when it was input from the visitor (a touch, a click, a
    // key), which counts as activity for the idle timeout.
    bool handle(const SDL_Event& e);

    // Applies queued input to `io` for the next frame: everything up to and including the next button change.
    // Returns whether anything was applied.
    bool apply(ImGuiIO& io);
    bool pending() const { return !queue_.empty(); }

private:
    struct Item {
        enum Kind { Move, Down, Up, Leave, Wheel, Text, KeyDown, KeyUp } kind;
        float x = 0, y = 0;
        int key = 0;
        std::string text;
        Item(Kind k, float px = 0, float py = 0, int code = 0, std::string t = {})
            : kind(k), x(px), y(py), key(code), text(std::move(t))
        {
        }
    };
    std::deque<Item> queue_;
};

} // namespace sk::kiosk
