// Filled shapes drawn so that SDL's software renderer stays fast.
//
// The software renderer draws each triangle over its whole bounding box, blending pixel by pixel, while it copies
// an axis-aligned quad as a rectangle. ImGui fills a rounded rectangle as a fan of triangles that all span the
// rectangle, so a 600×180 rounded tile costs ~40 passes over its area (a 1080p frame of tiles took ~30 ms).
// fill_rounded() draws the same shape as three rectangles and four small corner fans instead (~1 pass).
#pragma once

#include <imgui.h>

namespace sk::ui {

// A filled rectangle with rounded corners (`corners`: ImDrawFlags_RoundCorners*, default all).
void fill_rounded(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 colour, float radius,
                  ImDrawFlags corners = ImDrawFlags_RoundCornersAll);

} // namespace sk::ui
