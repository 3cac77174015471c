// Colours and the ImGui style of the kiosk: dark navy with safety yellow, high contrast for a public hall.
// Every size is a multiple of the font size (em), never a pixel count, so one layout serves 1920×1080, 1080×1920
// and a 4K panel alike.
#pragma once

#include <imgui.h>

namespace sk::ui {

namespace colour {
inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255)
{
    return (a << 24) | (b << 16) | (g << 8) | r;
}
inline constexpr ImU32 background = rgb(0x0E, 0x1A, 0x2B);
inline constexpr ImU32 surface = rgb(0x18, 0x2A, 0x43);
inline constexpr ImU32 surface_high = rgb(0x22, 0x3A, 0x5B);
inline constexpr ImU32 surface_pressed = rgb(0x2E, 0x4C, 0x75);
inline constexpr ImU32 border = rgb(0x35, 0x50, 0x75);
inline constexpr ImU32 text = rgb(0xF3, 0xF5, 0xF8);
inline constexpr ImU32 text_dim = rgb(0xA7, 0xB4, 0xC6);
inline constexpr ImU32 accent = rgb(0xFF, 0xC4, 0x29);         // safety yellow
inline constexpr ImU32 accent_pressed = rgb(0xD9, 0xA2, 0x10);
inline constexpr ImU32 on_accent = rgb(0x16, 0x16, 0x16);
inline constexpr ImU32 danger = rgb(0xE5, 0x48, 0x4D);
inline constexpr ImU32 danger_dark = rgb(0x4A, 0x1D, 0x24);
inline constexpr ImU32 ok = rgb(0x2E, 0xB8, 0x72);
inline constexpr ImU32 ok_dark = rgb(0x15, 0x42, 0x30);
inline constexpr ImU32 scrim = rgb(0x0E, 0x1A, 0x2B, 0xD8);
} // namespace colour

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
