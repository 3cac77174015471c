#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <cmath>

namespace sk::ui {

void apply_theme(ImGuiStyle& style, float font_px)
{
    style = ImGuiStyle();
    const float e = font_px;
    style.WindowPadding = {e * 1.2f, e * 0.8f};
    style.FramePadding = {e * 0.6f, e * 0.4f};
    style.ItemSpacing = {e * 0.6f, e * 0.5f};
    style.ItemInnerSpacing = {e * 0.4f, e * 0.3f};
    // Touch targets of at least 44 px (WCAG 2.2's advised size) at the kiosk's smallest text, 36 px on a 1080-pixel
    // side: the scrollbar and its grab too.
    style.ScrollbarSize = e * 1.25f;
    style.ScrollbarRounding = e * 0.25f;
    style.GrabMinSize = e * 1.5f;
    style.WindowRounding = 0;
    style.ChildRounding = e * 0.3f;
    style.FrameRounding = e * 0.3f;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.FrameBorderSize = 0;
    style.TouchExtraPadding = {e * 0.2f, e * 0.2f};
    style.AntiAliasedLines = true;
    style.AntiAliasedFill = true;

    ImVec4* c = style.Colors;
    const auto v = [](ImU32 u) { return ImGui::ColorConvertU32ToFloat4(u); };
    c[ImGuiCol_Text] = v(colour::text);
    c[ImGuiCol_TextDisabled] = v(colour::text_dim);
    c[ImGuiCol_WindowBg] = v(colour::background);
    c[ImGuiCol_ChildBg] = v(colour::rgb(0, 0, 0, 0));
    c[ImGuiCol_PopupBg] = v(colour::surface);
    c[ImGuiCol_Border] = v(colour::border);
    c[ImGuiCol_ScrollbarBg] = v(colour::rgb(0, 0, 0, 0));
    c[ImGuiCol_ScrollbarGrab] = v(colour::border);
    c[ImGuiCol_ScrollbarGrabHovered] = v(colour::border);
    c[ImGuiCol_ScrollbarGrabActive] = v(colour::text_dim);
    c[ImGuiCol_Button] = v(colour::surface);
    c[ImGuiCol_ButtonHovered] = v(colour::surface);
    c[ImGuiCol_ButtonActive] = v(colour::surface_pressed);
}

namespace {
bool g_high_contrast = false;
double channel(unsigned c)
{
    const double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}
double luminance(ImU32 c)
{
    return 0.2126 * channel(c & 0xFF) + 0.7152 * channel((c >> 8) & 0xFF) + 0.0722 * channel((c >> 16) & 0xFF);
}
} // namespace

const Palette& normal_palette()
{
    using colour::rgb;
    static const Palette p{rgb(0x0E, 0x1A, 0x2B), rgb(0x18, 0x2A, 0x43), rgb(0x22, 0x3A, 0x5B), rgb(0x2E, 0x4C, 0x75),
                           rgb(0x35, 0x50, 0x75), rgb(0xF3, 0xF5, 0xF8), rgb(0xA7, 0xB4, 0xC6), rgb(0xFF, 0xC4, 0x29),
                           rgb(0xD9, 0xA2, 0x10), rgb(0x16, 0x16, 0x16), rgb(0xE5, 0x48, 0x4D), rgb(0x4A, 0x1D, 0x24),
                           rgb(0x2E, 0xB8, 0x72), rgb(0x15, 0x42, 0x30), rgb(0x0E, 0x1A, 0x2B, 0xD8)};
    return p;
}

const Palette& high_contrast_palette()
{
    using colour::rgb;
    // Black surfaces told apart by light outlines (border), white text, a bright yellow, and a light red and green
    // that stay readable on black.
    static const Palette p{rgb(0x00, 0x00, 0x00), rgb(0x00, 0x00, 0x00), rgb(0x14, 0x14, 0x14), rgb(0x3A, 0x3A, 0x3A),
                           rgb(0xC8, 0xC8, 0xC8), rgb(0xFF, 0xFF, 0xFF), rgb(0xD9, 0xD9, 0xD9), rgb(0xFF, 0xD4, 0x00),
                           rgb(0xE6, 0xBE, 0x00), rgb(0x00, 0x00, 0x00), rgb(0xFF, 0x8A, 0x8A), rgb(0x2A, 0x00, 0x00),
                           rgb(0x4C, 0xFF, 0x88), rgb(0x00, 0x2A, 0x00), rgb(0x00, 0x00, 0x00, 0xE8)};
    return p;
}

void set_high_contrast(bool on)
{
    g_high_contrast = on;
    const Palette& p = on ? high_contrast_palette() : normal_palette();
    colour::background = p.background;
    colour::surface = p.surface;
    colour::surface_high = p.surface_high;
    colour::surface_pressed = p.surface_pressed;
    colour::border = p.border;
    colour::text = p.text;
    colour::text_dim = p.text_dim;
    colour::accent = p.accent;
    colour::accent_pressed = p.accent_pressed;
    colour::on_accent = p.on_accent;
    colour::danger = p.danger;
    colour::danger_dark = p.danger_dark;
    colour::ok = p.ok;
    colour::ok_dark = p.ok_dark;
    colour::scrim = p.scrim;
}

bool high_contrast() { return g_high_contrast; }

double contrast_ratio(ImU32 a, ImU32 b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::vector<ColourPair> text_pairs(const Palette& p)
{
    return {
        {"text on background", p.text, p.background},
        {"text on surface", p.text, p.surface},
        {"text on surface_high", p.text, p.surface_high},
        {"text on surface_pressed", p.text, p.surface_pressed},
        {"text_dim on background", p.text_dim, p.background},
        {"text_dim on surface", p.text_dim, p.surface},
        {"text_dim on surface_high", p.text_dim, p.surface_high},
        {"text_dim on surface_pressed", p.text_dim, p.surface_pressed},
        {"accent on background", p.accent, p.background},
        {"accent on surface", p.accent, p.surface},
        {"accent on surface_high", p.accent, p.surface_high},
        {"on_accent on accent", p.on_accent, p.accent},
        {"on_accent on accent_pressed", p.on_accent, p.accent_pressed},
        {"on_accent on danger", p.on_accent, p.danger},
        {"on_accent on ok", p.on_accent, p.ok},
        {"danger on background", p.danger, p.background},
        {"danger on surface", p.danger, p.surface},
        {"danger on surface_high", p.danger, p.surface_high},
        {"danger on danger_dark", p.danger, p.danger_dark},
        {"text on danger_dark", p.text, p.danger_dark},
        {"ok on background", p.ok, p.background},
        {"ok on surface", p.ok, p.surface},
        {"ok on surface_high", p.ok, p.surface_high},
        {"ok on ok_dark", p.ok, p.ok_dark},
        {"text on ok_dark", p.text, p.ok_dark},
    };
}

void begin_screen_window(const char* id)
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    // No padding: screens place their parts themselves, and the top bar reaches the screen's edges.
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::Begin(id, nullptr, kScreenWindowFlags);
    ImGui::PopStyleVar();
}

} // namespace sk::ui
