// Touch widgets for the kiosk and for previews in the admin tool: big buttons, tiles, choice buttons, a PIN
// keypad, a top bar, badges and lists. They hold no application state and know no storage; every clickable one
// records its label and rectangle in the frame record (frame_record.hpp). All sizes are in em (font size).
//
// Labels follow ImGui: "确定##pin-ok" shows 确定 and uses the whole string as the ID.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace sk::ui {

enum class ButtonKind {
    Primary,   // safety yellow: the one action a visitor should take
    Secondary, // raised surface
    Quiet,     // outline only (top bar)
    Correct,   // green: a right answer in feedback
    Wrong,     // red: a wrong answer in feedback
    Selected,  // chosen, not yet confirmed
    Missed,    // a right answer the visitor did not choose (outlined green)
};

// A tappable area of `size` at the cursor. `clicked` is true when a tap ended on it.
struct Press {
    bool clicked = false;
    bool held = false;
    ImVec2 min, max;
};
Press pressable(const char* id_label, ImVec2 size, bool enabled = true);

// A button with centred text (wrapped to two lines when it does not fit). size.x == 0 fits the text; size.x < 0
// fills the rest of the line; size.y == 0 is 2.6 em.
bool big_button(const char* label, ImVec2 size = {0, 0}, ButtonKind kind = ButtonKind::Primary, bool enabled = true,
                const ImFont* font = nullptr);

// Width big_button() takes for `label` when size.x == 0.
float big_button_width(const char* label, const ImFont* font = nullptr);

// A large tile: a title in the heading font and a line below it (e.g. an industry and its case count).
bool tile(const char* title, std::string_view subtitle, ImVec2 size);

// How an answer option is drawn. `pad_em`: the space around the text (a compact list of options takes less);
// `checkbox`: a square marker for a multiple-choice option instead of a round one.
struct ChoiceLook {
    float pad_em = 0.7f;
    bool checkbox = false;
    float min_height = 0; // pixels: options side by side share their row's height
};
inline constexpr float kCompactChoicePad = 0.3f;

// An answer option: the letter in a marker and the wrapped option text, left aligned; the height grows with the
// text. Unchosen, the marker is an outline (a ring, or a square for multiple choice); chosen (ButtonKind::Selected)
// it is filled, the button has a thick yellow frame and a tick (✓, drawn as lines: no glyph needed) at its right
// end, so that the choice shows by shape and fill, not by colour alone.
bool choice_button(const char* id, std::string_view letter, std::string_view text, float width, ButtonKind kind,
                   bool enabled = true, const ChoiceLook& look = {});
// The height choice_button() takes for `text` at `width` in the current font.
float choice_button_height(std::string_view text, float width, const ChoiceLook& look = {});

// An on/off switch (大字): the label, and when on a tick at its left and a thick yellow frame, so that the on-state
// shows by shape, not by colour alone. `width` 0 fits the label and the tick.
bool toggle_button(const char* label, float width, float height, bool on);
float toggle_button_width(const char* label);

// The read-aloud button (朗读): a loudspeaker drawn at its left (a stop square while `speaking`, with the thick
// yellow frame of a button that is on) and the label.
bool speak_button(const char* label, float width, float height, bool speaking);
float speak_button_width(const char* label, float height);

// A square button (side `size`) with a plus or a minus sign drawn as bars of the same length and thickness, not
// as glyphs: the font's fullwidth ＋ is drawn smaller than its －. `label` names it for the frame record and the
// scripts, as a text and a tappable widget (e.g. "音量＋##volume-up" records 音量＋).
bool sign_button(const char* label, float size, bool plus, bool enabled = true);

// A tick (right) or a cross (wrong) in a ring of radius `r` centred at `c`, drawn with lines: right and wrong
// answers show by shape, not by red and green alone.
void right_wrong_mark(ImDrawList* dl, ImVec2 c, float r, bool right, ImU32 colour);

// A tick (✓) in the square at `min` of side `size`, drawn with two thick lines.
void tick_mark(ImDrawList* dl, ImVec2 min, float size, ImU32 colour);

// The PIN keypad: 1–9, back, 0, OK in a 3×4 grid of keys `key` em wide.
struct KeypadResult {
    enum Kind { None, Digit, Back, Ok } kind = None;
    char digit = 0;
};
KeypadResult keypad(float key_em, const char* back_label, const char* ok_label, bool enabled = true);
ImVec2 keypad_size(float key_em);

// The bar across the top of a screen: back at the left, the title in the middle, optional buttons at the right.
struct TopBar {
    const char* back = nullptr;      // label of the back button, none when null
    std::string_view title;
    const char* text_size = nullptr; // label of the text-size switch, none when null
    bool text_size_on = false;
    const char* contrast = nullptr;  // label of the high-contrast switch, none when null
    bool contrast_on = false;
    const char* home = nullptr;      // label of the home button, none when null
};
enum class TopBarAction { None, Back, TextSize, Contrast, Home };
TopBarAction top_bar(const TopBar& bar);
float top_bar_height();

// A small rounded label.
void badge(std::string_view text, ImU32 background, ImU32 foreground);
// Width of a badge, to lay several out on a line.
float badge_width(std::string_view text);

// A heading in the heading font with a yellow bar at its left.
void section_heading(std::string_view text);

// Items with a round marker; `numbered` shows 1, 2, 3 in the marker instead. width 0: the rest of the line.
void bullet_list(const std::vector<std::string>& items, ImU32 marker, bool numbered = false, float width = 0);

// Dots showing page `current` of `count`, centred on the line.
void page_dots(int count, int current);

} // namespace sk::ui
