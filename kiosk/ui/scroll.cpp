#include "kiosk/ui/scroll.hpp"

#include <imgui_internal.h>

namespace sk::ui {

bool begin_scroll_area(const char* id, ImVec2 size)
{
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoNav);
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    const ImGuiIO& io = ImGui::GetIO();
    const ImRect r = w->Rect();
    const ImVec2 start = io.MouseClickedPos[0];
    const bool on_scrollbar = w->ScrollbarY && start.x >= r.Max.x - ImGui::GetStyle().ScrollbarSize;
    const bool started_inside = r.Contains(start) && !on_scrollbar;
    const float threshold = io.MouseDragThreshold;
    bool by_visitor = false;
    if (ImGui::IsMouseDown(0) && started_inside && io.MouseDragMaxDistanceSqr[0] > threshold * threshold &&
        ImGui::IsMousePosValid()) {
        ImGui::SetScrollY(w, ImClamp(w->Scroll.y - io.MouseDelta.y, 0.0f, w->ScrollMax.y));
        // The finger is scrolling: whatever it first touched must not click when it lifts.
        if (ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
        by_visitor = io.MouseDelta.y != 0;
    }
    // ImGui turned the wheel into a scroll of the window under the pointer before this frame's windows began.
    if (io.MouseWheel != 0 && ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows)) by_visitor = true;
    if (w->ScrollbarY && ImGui::GetActiveID() == ImGui::GetWindowScrollbarID(w, ImGuiAxis_Y)) by_visitor = true;
    return by_visitor;
}

void end_scroll_area() { ImGui::EndChild(); }

} // namespace sk::ui
