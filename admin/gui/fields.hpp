// Small helpers the panels share: text fields over std::string that tell the app which characters to add to the
// font, validation messages beside a field (in Chinese), section headings, dates.
#pragma once

#include "content/model.hpp"

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sk::admin::gui {

class App;
struct QuestionForm;

bool input_text(App& app, const char* label, std::string& value, float width = 0, ImGuiInputTextFlags flags = 0);
bool input_multiline(App& app, const char* label, std::string& value, ImVec2 size);
// The multi-line field itself: ImGui's, wrapped at its width (SoftWrap; the breaks never reach `value`). True when
// `value` changed.
bool wrapped_multiline(const char* label, std::string& value, ImVec2 size);
// A combo over `items`; `index` -1 shows `none` (when given) and may be chosen.
bool combo(const char* label, int& index, const std::vector<std::string>& items, const char* none = nullptr,
           float width = 0);

// The options of a question with a tick per option (the key; one tick unless 多选题), × to remove an option and
// "+ option" to add one (2–8 options; a true/false question's two are fixed). Returns true when something changed.
bool options_editor(App& app, QuestionForm& form, float width);

// The catalogue's items in a combo ("电工作业 / 低压电工作业"): the panels that pick an item share it.
class ItemPicker {
public:
    void load(const content::Catalogue& catalogue);
    // A combo over the items; `index` -1 shows `none` (and may be chosen when given).
    bool draw(const char* label, int& index, const char* none, float width) const;
    // The item id at `index`; nullopt for -1 or out of range.
    std::optional<std::int64_t> id_at(int index) const;

private:
    std::vector<std::string> labels_;
    std::vector<std::int64_t> ids_;
};

// A list table as every panel draws one (row stripes, inner lines, fixed-fit columns, scrolling with the header row
// frozen); EndTable when it returns true.
bool begin_list_table(const char* id, int columns, ImVec2 size = {0, 0});

// The library's validation message in Chinese ("is empty" → "不能为空"); unknown ones are shown as written.
std::string problem_text(const std::string& message);
// The problems of `field` (and of "field[…]…") in red under the field; true when there was one.
bool field_problems(const std::vector<content::FieldProblem>& problems, std::string_view field);

// A heading in the heading font (set by the app whenever it builds its fonts).
void heading(const char* text);
void set_heading_font(ImFont* font);
// A label in the dimmed text colour.
void dim_text(std::string_view text);
// A warning in the warning colour, wrapped at the window's edge (e.g. "changed elsewhere").
void warning_text(std::string_view text);
// Text cut to the width left in the cell or line with "…" at the end; the whole text in a tooltip on hover when it
// was cut. Returns true when it was cut.
bool ellipsis_text(std::string_view text, float width = 0);
// The longest prefix of `text` (whole UTF-8 characters) that, followed by "…", fits `width`; `text` itself when it
// fits whole.
std::string fit_text(std::string_view text, float width);
// A coloured word (a state) in a small rounded frame.
void pill(std::string_view text, ImU32 colour);
// A button drawn as the primary action (safety yellow).
bool primary_button(const char* label, ImVec2 size = {0, 0}, bool enabled = true);
bool button(const char* label, ImVec2 size = {0, 0}, bool enabled = true);

std::string local_date(std::int64_t ms);     // "2026-11-28", China Standard Time
std::string local_time(std::int64_t ms);     // "2026-11-28 09:00", China Standard Time
std::string number(double v, int decimals = 1); // 85, 85.5
std::string percent(double fraction);        // "87.5%"

// Colours of the admin style.
namespace tone {
inline constexpr ImU32 error = IM_COL32(0xF0, 0x6A, 0x6E, 255);
inline constexpr ImU32 ok = IM_COL32(0x3D, 0xC7, 0x82, 255);
inline constexpr ImU32 warn = IM_COL32(0xFF, 0xC4, 0x29, 255);
inline constexpr ImU32 dim = IM_COL32(0xA7, 0xB4, 0xC6, 255);
inline constexpr ImU32 info = IM_COL32(0x6C, 0xA8, 0xF0, 255);
} // namespace tone

} // namespace sk::admin::gui
