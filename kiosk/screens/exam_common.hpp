// Pieces the exam and training screens share: the ID keypad, the dialog that shows an engine's refusal, and
// number formats. The kiosk holds no rules of its own: every refusal shown here is the engine's message.
#pragma once

#include "kiosk/app/screen.hpp"

#include <imgui.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <span>
#include <string>

namespace sk::kiosk {

// A large keypad of 1–9, X, 0, backspace and a clear key, `width` wide, at the cursor; a hardware keyboard types
// too (digits, X, Backspace). Edits `value` (at most `max_len` characters). Returns the height used.
// `with_x` false: no X key and a typed X is ignored (a PIN).
float id_keypad(const Strings& tr, std::string& value, std::size_t max_len, float width, bool enabled = true,
                bool with_x = true);
float id_keypad_height(float width);

// A small on-screen keyboard for user names and passwords: digits, a–z, '-', '.', '_' and backspace, `width` wide,
// at the cursor; a hardware keyboard types too (printable ASCII, Backspace). Returns the height used.
// `hardware` false: a hardware keyboard is left to the caller (which takes any text its input method types).
// Backspace removes one whole (UTF-8) character.
float text_keyboard(const Strings& tr, std::string& value, std::size_t max_len, float width, bool enabled = true,
                    bool hardware = true);
// Removes the last UTF-8 character of `s` (nothing when empty).
void pop_utf8(std::string& s);
float text_keyboard_height(float width);

// What the examinee is told when an engine call fails: the engine's refusal (exam::ExamError) worded by the language
// files (Strings::error), or for a storage failure (a full disk, a disk error) the kiosk's message in the examinee's language, never SQLite's English
// text. The technical message goes to standard error for the operator.
std::string examinee_message(const Strings& tr, const std::exception& e);
// Whether `e` is the engine's refusal of an attempt the centre has seated at another kiosk (a seat change): the
// screens then go to exam-moved instead of showing an error.
bool moved_away(const std::exception& e);

// Draws `message` in a dialog over the screen with one button; clears it when tapped. True when it was dismissed.
bool error_dialog(const Strings& tr, std::string& message);

// The submit confirmation as a dialog over the screen (the training kiosk's mock exam): 确认交卷, how many questions
// are answered, 继续答题 and 确认交卷. While questions are unanswered 继续答题 is the bright (primary) button.
enum class SubmitChoice { None, Back, Submit };
SubmitChoice submit_dialog(const Strings& tr, std::size_t answered, std::size_t total);

// The answer sheet (答题卡) of the exam and of the training kiosk's mock exam: 答题卡 above a grid of `count`
// numbered cells, `cols` to a row, at `min`, and a legend under it. An answered question is a filled square, an
// unanswered one an empty square, a marked one has a filled triangle in its top-right corner, the current one a
// thick outer ring: shapes, not colour alone. Each cell is a tappable widget labelled with its number. Returns
// the index of the tapped cell, or -1.
int answer_sheet(const Strings& tr, ImVec2 min, float cell, float gap, int cols, std::size_t count,
                 const std::function<bool(std::size_t)>& answered, const std::function<bool(std::size_t)>& marked,
                 int current, bool enabled);

// The value typed so far in large type, in a field `width` wide, with a space before each position in `groups`
// (e.g. {6, 14}: an ID number as 6 · 8 · 4); returns the height used.
float entry_field(const std::string& value, float width, std::span<const std::size_t> groups = {});

// Digit groups for entry_field: an ID number as region · birth date · sequence and check (6 · 8 · 4), an admission
// ticket as session date · session · number (8 · 3 · 3).
inline constexpr std::size_t kIdNumberGroups[] = {6, 14};
inline constexpr std::size_t kTicketGroups[] = {8, 11};

// An ID number as typed on a keypad, checked where it is typed (length, check character, birth date: the
// engine's exam::parse_id_number): the normalised number, or the message to show.
struct TypedIdNumber {
    std::string value;   // normalised (upper-case X) when valid
    std::string problem; // empty when valid: "身份证号有误：…" in the examinee's language
};
TypedIdNumber check_typed_id_number(const Strings& tr, const std::string& typed);

// 92, 92.5 (no trailing zeros).
std::string format_points(double points);

} // namespace sk::kiosk
