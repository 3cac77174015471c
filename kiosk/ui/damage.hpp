// Damage tracking for the software renderer: only what changed since the last frame is drawn and pushed.
//
// The screen is cut into 32 × 32 pixel tiles. For every tile, DamageTracker hashes (xxHash XXH3) the ordered
// sequence of triangles that may touch it: vertices, texture and clip rectangle of each triangle whose clipped
// bounding box (one pixel wider on each side) overlaps the tile, and the background colour. A pixel's colour is
// decided by exactly that sequence, so a tile whose hash is the same as in the last frame shows the same pixels,
// and the tiles whose hash changed are the damage: when only the exam countdown ticks, the few tiles under its
// text. A texture's pixels are not hashed, only its identity: whoever changes or frees textures calls
// invalidate(), which makes the next frame a full one (as do a new size and the first frame).
//
// render_damaged() then draws the frame only inside the damage rectangles: each rectangle is filled with the
// background and the draw data is rendered through the SDL_Renderer backend with every command's clip rectangle
// narrowed to it (in the same whole pixels the backend would use), and triangles that cannot reach the rectangle
// left out. SDL's software renderer draws two triangles forming a textured rectangle (a glyph, a picture) as a
// surface copy, which picks other texels when clipped: so a damage rectangle grows until it holds every such
// rectangle it touches. The result is pixel for pixel what a full redraw gives (tests/kiosk/damage_test.cpp).
#pragma once

#include <SDL.h>
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace sk::ui {

class DamageTracker {
public:
    static constexpr int kTile = 32;

    // Compares `draw` with the previous frame. Returns the changed rectangles (empty: nothing changed), which are
    // the whole screen after invalidate(), for the first frame and when the size changed.
    const std::vector<SDL_Rect>& update(const ImDrawData& draw, int width, int height, ImU32 background);
    // The next update() returns the whole screen.
    void invalidate() { full_ = true; }
    // Fraction of the screen's pixels in the last update()'s rectangles (0 to 1).
    double damaged_fraction() const;

private:
    int width_ = 0, height_ = 0, cols_ = 0, rows_ = 0;
    bool full_ = true;
    std::vector<std::uint64_t> previous_, current_;
    std::vector<SDL_Rect> rects_;
};

// Draws `draw` into `renderer` inside `rects` only, over `background`: pixel for pixel what SDL_RenderClear and
// ImGui_ImplSDLRenderer_RenderDrawData give for the whole target. The draw data is changed while it renders
// and restored before it returns.
void render_damaged(SDL_Renderer* renderer, ImDrawData* draw, const std::vector<SDL_Rect>& rects, ImU32 background);

} // namespace sk::ui
