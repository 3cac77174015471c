#include "kiosk/ui/shapes.hpp"

#include <algorithm>
#include <cmath>

namespace sk::ui {

void fill_rounded(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour, float r, ImDrawFlags corners)
{
    // Whole pixels: the pieces below meet at b.x - r and a.x + r, and the software renderer fills a rectangle that
    // ends at a fraction of a pixel and the one that starts there so that a 1 px column between them stays unpainted.
    a = {std::round(a.x), std::round(a.y)};
    b = {std::round(b.x), std::round(b.y)};
    r = std::floor(std::min({r, (b.x - a.x) / 2, (b.y - a.y) / 2}));
    if (r < 1.0f || (corners & ImDrawFlags_RoundCornersAll) == 0) {
        dl->AddRectFilled(a, b, colour);
        return;
    }
    dl->AddRectFilled({a.x + r, a.y}, {b.x - r, b.y}, colour);
    dl->AddRectFilled({a.x, a.y + r}, {a.x + r, b.y - r}, colour);
    dl->AddRectFilled({b.x - r, a.y + r}, {b.x, b.y - r}, colour);
    // Each corner is a quarter disc whose two straight sides reach 1 px into the rectangles: ImGui's
    // anti-aliasing softens every edge of a filled shape, and a soft edge on a seam shows as a dark line.
    struct Corner {
        ImDrawFlags flag;
        ImVec2 centre;
        float from;     // start angle in quarter turns
        ImVec2 inward;  // towards the inside of the rectangle
    };
    const Corner cs[] = {
        {ImDrawFlags_RoundCornersTopLeft, {a.x + r, a.y + r}, 2, {1, 1}},
        {ImDrawFlags_RoundCornersTopRight, {b.x - r, a.y + r}, 3, {-1, 1}},
        {ImDrawFlags_RoundCornersBottomRight, {b.x - r, b.y - r}, 0, {-1, -1}},
        {ImDrawFlags_RoundCornersBottomLeft, {a.x + r, b.y - r}, 1, {1, -1}},
    };
    const float quarter = 3.14159265f / 2;
    const int segments = std::clamp(static_cast<int>(r / 3), 4, 16);
    for (const auto& c : cs) {
        if (!(corners & c.flag)) {
            const ImVec2 o{c.inward.x > 0 ? a.x : b.x - r, c.inward.y > 0 ? a.y : b.y - r};
            dl->AddRectFilled(o, {o.x + r, o.y + r}, colour);
            continue;
        }
        dl->PathLineTo({c.centre.x + c.inward.x, c.centre.y + c.inward.y});
        for (int i = 0; i <= segments; ++i) {
            const float t = (c.from + static_cast<float>(i) / segments) * quarter;
            ImVec2 p{c.centre.x + std::cos(t) * r, c.centre.y + std::sin(t) * r};
            // The arc's two ends move 1 px along the rectangle's edge, into the neighbouring rectangle.
            if (i == 0 || i == segments) {
                if (std::abs(p.x - c.centre.x) < 0.5f) p.x += c.inward.x;
                else p.y += c.inward.y;
            }
            dl->PathLineTo(p);
        }
        dl->PathFillConvex(colour);
    }
}

} // namespace sk::ui
