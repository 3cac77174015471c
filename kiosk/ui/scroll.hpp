// A region that scrolls by dragging a finger, as well as with the mouse wheel and its scroll bar.
//
// A tap on a button inside still clicks; once the finger has moved further than io.MouseDragThreshold the region
// scrolls with it and the tap is cancelled, so a visitor who scrolls does not open whatever was under the finger.
#pragma once

#include <imgui.h>

namespace sk::ui {

// Always pair with end_scroll_area(). `id` must be unique in the window. True when the visitor scrolls it in this
// frame: a finger dragging it, the mouse wheel over it, or its scroll bar held (a page that follows the read-aloud
// stops following then).
bool begin_scroll_area(const char* id, ImVec2 size);
void end_scroll_area();

} // namespace sk::ui
