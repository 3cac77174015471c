// Text for a touch kiosk in Chinese: line breaking that suits CJK text, paragraphs, and single lines that are
// recorded in the frame record (for headless scripts) and checked for missing glyphs.
//
// ImGui 1.86 wraps only at spaces, so a Chinese sentence after a short Latin word leaves a short first line, and
// punctuation may start a line. wrap() breaks between any two CJK characters, keeps Latin words and numbers
// whole, never starts a line with closing punctuation (，。、；：？！）》” …) and never ends one with opening
// punctuation (（《“ …).
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace sk::ui {

// Lines of `text` that fit `width` pixels with `font` at `size`; '\n' starts a new line. With max_lines > 0 the
// text is cut to that many lines, the last ending in "…".
std::vector<std::string> wrap(const ImFont* font, float size, std::string_view text, float width, int max_lines = 0);

ImVec2 measure(const ImFont* font, float size, std::string_view text);

// Draws one line at `pos` (screen coordinates) into the current window's draw list, records it, checks glyphs.
void draw_text(ImDrawList* dl, const ImFont* font, float size, ImVec2 pos, ImU32 color, std::string_view text);

// Draws `text` wrapped to `width` at `pos`; returns the height used. Records the whole text once.
float draw_paragraph(ImDrawList* dl, const ImFont* font, float size, ImVec2 pos, float width, ImU32 color,
                     std::string_view text, float line_spacing = 1.25f, int max_lines = 0);

// Layout versions: draw at the cursor of the current window and advance it.
void text(std::string_view s, ImU32 color, const ImFont* font = nullptr);
// Wrapped to the rest of the content region (or `width` when > 0).
void paragraph(std::string_view s, ImU32 color, const ImFont* font = nullptr, float width = 0, int max_lines = 0);
// Centred on a line `width` wide (0: the rest of the content region).
void text_centered(std::string_view s, ImU32 color, const ImFont* font = nullptr, float width = 0);

// The characters of `text` (code points, each once, in order) that `font` has no glyph for.
std::vector<unsigned> missing_glyphs(const ImFont* font, std::string_view text);
// `text` without the characters `font` has no glyph for (shown for the one frame before the fonts gain them).
std::string known_glyphs_only(const ImFont* font, std::string_view text);
// One code point as UTF-8.
std::string utf8(unsigned codepoint);

// The character being read aloud (朗读). While set, draw_paragraph() and choice_button() draw bytes [begin, end)
// of the text stored at `text` (the same string object the screen draws, compared by address and size) on a
// yellow ground with a bar under it, in dark text; `letter`: the option letter of that text is being read (its
// marker gets a ring). The kiosk clears it before each frame; a screen sets it before drawing the texts.
struct ReadingMark {
    const char* text = nullptr;
    std::size_t size = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
    bool letter = false;
    bool on(std::string_view s) const { return text && s.data() == text && s.size() == size; }
};
void set_reading_mark(const ReadingMark& mark);
const ReadingMark& reading_mark();
// Where the character being read was drawn in this frame (screen coordinates, also when scrolled out of view):
// false when it was not drawn. set_reading_mark() clears it.
bool reading_rect(ImVec2& min, ImVec2& max);
// Scrolls the current scroll area (between its begin and end) so that the character being read is in view, a third
// of the way down, when it is drawn in it but not wholly in view: a long page follows the read-aloud. The scroll
// takes effect in the next frame, which the read-aloud's next character brings.
void follow_reading();
// Draws the marked part of `line`, which starts at byte `offset` of its text `whole`, at `pos` (over the line
// already drawn there). Nothing when the mark is not on `whole` or not on this line.
void draw_reading_mark(ImDrawList* dl, const ImFont* font, float size, ImVec2 pos, std::string_view whole,
                       std::string_view line, std::size_t offset);
// Where each of `lines` (from wrap()) starts in `text`, npos for a line that is not a part of it (the "…" of a cut).
std::vector<std::size_t> line_offsets(std::string_view text, const std::vector<std::string>& lines);

// Height of `lines` lines of `font` with the paragraph line spacing.
float lines_height(const ImFont* font, int lines, float line_spacing = 1.25f);

} // namespace sk::ui
