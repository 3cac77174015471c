#include "kiosk/ui/theme.hpp"

namespace sk::ui {

void apply_theme(ImGuiStyle& style, float font_px)
{
    style = ImGuiStyle();
    const float e = font_px;
    style.WindowPadding = {e * 1.2f, e * 0.8f};
    style.FramePadding = {e * 0.6f, e * 0.4f};
    style.ItemSpacing = {e * 0.6f, e * 0.5f};
    style.ItemInnerSpacing = {e * 0.4f, e * 0.3f};
    style.ScrollbarSize = e * 0.5f;
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
