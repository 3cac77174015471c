// Soft line breaks for a multi-line text field. Dear ImGui 1.86's InputTextMultiline does not wrap: a long 题干 or
// 事故经过 ran off to the right. The field edits a display copy of the text with a '\n' put in wherever a line would
// pass the field's width; those breaks are the display's only and never reach the stored text. After each edit the
// text is worked out again from the display (soft breaks dropped), laid out again, and the cursor kept on the same
// character. Tested without a window (tests/admin_gui/soft_wrap_test.cpp).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sk::admin::gui {

class SoftWrap {
public:
    // The width in pixels of a piece of text (one line) in the field's font.
    using Measure = std::function<float(std::string_view)>;

    // Lays `text` out for lines of at most `width` pixels: a Latin word or number that would not fit goes to the
    // next line whole (after the line's last space), Chinese breaks before the character that would not fit, a
    // closing mark (，。）…) never starts a line (the character before it goes along) and an opening one (（《“)
    // never ends one, a space may hang past the
    // edge. A hard '\n' stays as it is. A single character wider than the line gets a line of its own.
    void layout(std::string_view text, float width, const Measure& measure);

    const std::string& display() const { return display_; }
    // The text without the soft breaks.
    std::string text() const;
    // The display position of the text position `at` (bytes), after any soft break there.
    int display_position(int at) const;
    // The text position of the display position `at`.
    int text_position(int at) const;

    // The field changed its buffer from display() to `edited`, the cursor now at `cursor` (bytes in `edited`).
    // Works out the text, lays it out again and returns the cursor in the new display(). Deleting only a soft
    // break (Backspace at the start of a wrapped line, Delete at the end of one) deletes the character before it
    // (`forward` false) or after it (`forward` true) instead, as the user meant.
    int edited(std::string_view edited, int cursor, bool forward, float width, const Measure& measure);

private:
    std::string display_;
    std::vector<bool> soft_; // per display byte: this '\n' is a soft break
};

} // namespace sk::admin::gui
