#include "kiosk/ui/scroll.hpp"

#include <imgui_internal.h>

namespace sk::ui {

void begin_scroll_area(const char* id, ImVec2 size)
{
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoNav);
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    const ImGuiIO& io = ImGui::GetIO();
    const ImRect r = w->Rect();
    const ImVec2 start = io.MouseClickedPos[0];
    const bool on_scrollbar = w->ScrollbarY && start.x >= r.Max.x - ImGui::GetStyle().ScrollbarSize;
    const bool started_inside = r.Contains(start) && !on_scrollbar;
    const float threshold = io.MouseDragThreshold;
    if (ImGui::IsMouseDown(0) && started_inside && io.MouseDragMaxDistanceSqr[0] > threshold * threshold &&
        ImGui::IsMousePosValid()) {
        ImGui::SetScrollY(w, ImClamp(w->Scroll.y - io.MouseDelta.y, 0.0f, w->ScrollMax.y));
        // The finger is scrolling: whatever it first touched must not click when it lifts.
        if (ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
    }
}

void end_scroll_area() { ImGui::EndChild(); }

} // namespace sk::ui
