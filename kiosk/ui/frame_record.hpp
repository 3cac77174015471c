// What the last frame showed: the clickable widgets with their labels and on-screen rectangles, the texts drawn,
// and any character drawn with a font that has no glyph for it.
//
// The widgets of this library fill the record while a frame is built; headless scripts and tests read it between
// frames to tap a widget by its label (`tap-text 返回`), to check a text is on screen, and to catch a missing glyph,
// so that no script needs pixel coordinates.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace sk::ui {

struct Clickable {
    std::string label; // the visible label (the part before "##")
    ImVec2 min, max;   // clipped to what is visible on screen
    bool enabled = true;
    bool primary = false; // drawn as the primary (bright yellow) button
    ImVec2 center() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
};

struct DrawnText {
    std::string text;
    ImVec2 min, max;    // clipped to what is visible
    bool whole = false; // wholly on screen: not cut by the clip rectangle (a scroll area) nor the screen's edge
};

struct MissingGlyph {
    unsigned codepoint = 0;
    std::string text; // the text it was part of
};

struct FrameRecord {
    std::vector<Clickable> clickables;
    std::vector<DrawnText> texts;
    std::vector<MissingGlyph> missing_glyphs;
    // The part highlighted as being read aloud (朗读): the characters of a text, or an option's letter; empty when
    // nothing is.
    std::string reading;

    // The first enabled widget whose label is exactly `label`, nullptr when none is visible.
    const Clickable* find_clickable(std::string_view label) const;
    // True when a visible text contains `needle`.
    bool shows_text(std::string_view needle) const;
    // True when a text containing `needle` is shown whole (see DrawnText::whole).
    bool shows_whole_text(std::string_view needle) const;
};

// The record of the frame being built (cleared by begin_frame_record(), called by the loop before NewFrame).
FrameRecord& frame_record();
void begin_frame_record();

// The visible part of a label: "确定##ok" → "确定".
std::string_view visible_label(std::string_view label);

// Registers an item in the current window, clipped to the window's clip rectangle; nothing when fully hidden.
void record_clickable(std::string_view label, ImVec2 min, ImVec2 max, bool enabled = true);
void record_text(std::string_view text, ImVec2 min, ImVec2 max);
// Checks every character of `text` against `font`, recording those drawn with the fallback glyph.
void check_glyphs(const ImFont* font, std::string_view text);

} // namespace sk::ui
