// Colours and the ImGui style of the kiosk: dark navy with safety yellow, high contrast for a public hall.
// Every size is a multiple of the font size (em), never a pixel count, so one layout serves 1920×1080, 1080×1920
// and a 4K panel alike.
#pragma once

#include <imgui.h>

#include <vector>

namespace sk::ui {

namespace colour {
inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255)
{
    return (a << 24) | (b << 16) | (g << 8) | r;
}
// The current palette (set_high_contrast switches it): the normal one below, or the high-contrast one.
inline ImU32 background = rgb(0x0E, 0x1A, 0x2B);
inline ImU32 surface = rgb(0x18, 0x2A, 0x43);
inline ImU32 surface_high = rgb(0x22, 0x3A, 0x5B);
inline ImU32 surface_pressed = rgb(0x2E, 0x4C, 0x75);
inline ImU32 border = rgb(0x35, 0x50, 0x75);
inline ImU32 text = rgb(0xF3, 0xF5, 0xF8);
inline ImU32 text_dim = rgb(0xA7, 0xB4, 0xC6);
inline ImU32 accent = rgb(0xFF, 0xC4, 0x29);         // safety yellow
inline ImU32 accent_pressed = rgb(0xD9, 0xA2, 0x10);
inline ImU32 on_accent = rgb(0x16, 0x16, 0x16);
inline ImU32 danger = rgb(0xE5, 0x48, 0x4D);
inline ImU32 danger_dark = rgb(0x4A, 0x1D, 0x24);
inline ImU32 ok = rgb(0x2E, 0xB8, 0x72);
inline ImU32 ok_dark = rgb(0x15, 0x42, 0x30);
inline ImU32 scrim = rgb(0x0E, 0x1A, 0x2B, 0xD8);
} // namespace colour

// A whole palette: the normal one (navy and safety yellow) and the high-contrast one (black, white and a bright
// yellow; every text at least 7:1 against what it is drawn on, WCAG 2.2's AAA level).
struct Palette {
    ImU32 background, surface, surface_high, surface_pressed, border, text, text_dim, accent, accent_pressed,
        on_accent, danger, danger_dark, ok, ok_dark, scrim;
};
const Palette& normal_palette();
const Palette& high_contrast_palette();
// Makes `on` the current palette (colour::…); apply_theme then gives ImGui its colours.
void set_high_contrast(bool on);
bool high_contrast();

// WCAG 2.2 contrast ratio of two opaque colours (1 to 21).
double contrast_ratio(ImU32 a, ImU32 b);
// The text/background pairs the screens draw with a palette (text colour on the colour under it), named for a
// test's message, e.g. "text_dim on surface_high".
struct ColourPair {
    const char* name;
    ImU32 fg, bg;
};
std::vector<ColourPair> text_pairs(const Palette& p);

// The font size of the current font, the unit of every layout size.
inline float em() { return ImGui::GetFontSize(); }

// Applies the kiosk style for a body font of `font_px` pixels.
void apply_theme(ImGuiStyle& style, float font_px);

// Flags of the one full-screen window each screen draws into.
inline constexpr ImGuiWindowFlags kScreenWindowFlags =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
    ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoScrollWithMouse |
    ImGuiWindowFlags_NoBackground; // the renderer clears to the background colour already

// Begins the full-screen window of a screen (always pair with ImGui::End()).
void begin_screen_window(const char* id);

} // namespace sk::ui
