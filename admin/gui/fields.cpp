#include "admin/gui/fields.hpp"

#include "admin/gui/app.hpp"
#include "admin/gui/question_form.hpp"
#include "admin/gui/soft_wrap.hpp"
#include "admin/gui/strings.hpp"
#include "content/calendar.hpp"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <unordered_map>
#include <utility>

namespace sk::admin::gui {

bool input_text(App& app, const char* label, std::string& value, float width, ImGuiInputTextFlags flags)
{
    if (width != 0) ImGui::SetNextItemWidth(width);
    const bool changed = ImGui::InputText(label, &value, flags);
    if (changed) app.note_text(value);
    return changed;
}

namespace {

// A multi-line field's soft-wrapped display, kept between frames by the field's ImGui id.
struct WrappedField {
    SoftWrap wrap;
    std::string buffer; // what ImGui edits: wrap.display()
    std::string text;   // the value it was laid out from
    float width = -1;
};

struct WrapEdit {
    WrappedField* field;
    float width;
    const SoftWrap::Measure* measure;
};

int rewrap_after_edit(ImGuiInputTextCallbackData* d)
{
    if (d->EventFlag != ImGuiInputTextFlags_CallbackEdit) return 0;
    auto* e = static_cast<WrapEdit*>(d->UserData);
    const bool forward = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete));
    const int cursor = e->field->wrap.edited(std::string_view(d->Buf, static_cast<std::size_t>(d->BufTextLen)),
                                             d->CursorPos, forward, e->width, *e->measure);
    const std::string& shown = e->field->wrap.display();
    if (shown != std::string_view(d->Buf, static_cast<std::size_t>(d->BufTextLen))) {
        d->DeleteChars(0, d->BufTextLen);
        d->InsertChars(0, shown.data(), shown.data() + shown.size());
    }
    d->CursorPos = d->SelectionStart = d->SelectionEnd = cursor;
    return 0;
}

} // namespace

bool input_multiline(App& app, const char* label, std::string& value, ImVec2 size)
{
    const bool changed = wrapped_multiline(label, value, size);
    if (changed) app.note_text(value);
    return changed;
}

bool wrapped_multiline(const char* label, std::string& value, ImVec2 size)
{
    // ImGui 1.86 does not wrap a multi-line field: it edits a copy with soft breaks at the field's width
    // (SoftWrap), which never reach `value`.
    static std::unordered_map<ImGuiID, WrappedField> fields;
    const ImGuiID id = ImGui::GetID(label);
    WrappedField& f = fields[id];
    ImFont* font = ImGui::GetFont();
    const float px = ImGui::GetFontSize();
    const SoftWrap::Measure measure = [font, px](std::string_view s) {
        return font->CalcTextSizeA(px, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
    };
    const ImGuiStyle& style = ImGui::GetStyle();
    const float outer = ImGui::CalcItemSize(size, ImGui::CalcItemWidth(), 0).x;
    const float width = std::max(px, outer - style.FramePadding.x * 2 - style.ScrollbarSize - 2);
    if (ImGui::GetActiveID() != id && (f.text != value || f.width != width)) {
        f.wrap.layout(value, width, measure);
        f.buffer = f.wrap.display();
        f.text = value;
        f.width = width;
    }
    WrapEdit edit{&f, f.width, &measure};
    ImGui::InputTextMultiline(label, &f.buffer, size,
                              ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_NoHorizontalScroll,
                              rewrap_after_edit, &edit);
    std::string now = f.wrap.text();
    if (now == value) return false;
    value = std::move(now);
    f.text = value;
    return true;
}

bool combo(const char* label, int& index, const std::vector<std::string>& items, const char* none, float width)
{
    if (width != 0) ImGui::SetNextItemWidth(width);
    const char* preview = index >= 0 && index < static_cast<int>(items.size()) ? items[index].c_str()
                          : none                                              ? none
                                                                              : "";
    bool changed = false;
    if (ImGui::BeginCombo(label, preview)) {
        if (none && ImGui::Selectable(none, index < 0)) {
            changed = index != -1;
            index = -1;
        }
        for (int i = 0; i < static_cast<int>(items.size()); ++i) {
            ImGui::PushID(i);
            if (ImGui::Selectable(items[i].c_str(), i == index)) {
                changed = index != i;
                index = i;
            }
            if (i == index) ImGui::SetItemDefaultFocus();
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    return changed;
}

bool begin_list_table(const char* id, int columns, ImVec2 size)
{
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable(id, columns, flags, size)) return false;
    ImGui::TableSetupScrollFreeze(0, 1);
    return true;
}

void ItemPicker::load(const content::Catalogue& catalogue)
{
    labels_.clear();
    ids_.clear();
    for (const auto& i : catalogue.items) {
        labels_.push_back(i.category + " / " + i.name);
        ids_.push_back(i.id);
    }
}

bool ItemPicker::draw(const char* label, int& index, const char* none, float width) const
{
    return combo(label, index, labels_, none, width);
}

std::optional<std::int64_t> ItemPicker::id_at(int index) const
{
    if (index < 0 || index >= static_cast<int>(ids_.size())) return std::nullopt;
    return ids_[static_cast<std::size_t>(index)];
}

bool options_editor(App& app, QuestionForm& f, float w)
{
    const float e = ImGui::GetFontSize();
    content::Question& q = f.question;
    bool changed = false;
    ImGui::BeginGroup();
    for (std::size_t i = 0; i < q.options.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        bool tick = f.correct[i];
        const std::string letter(1, static_cast<char>('A' + i));
        if (ImGui::Checkbox(letter.c_str(), &tick)) {
            if (q.type != content::QuestionType::Multiple) std::fill(f.correct.begin(), f.correct.end(), false);
            f.correct[i] = tick;
            changed = true;
        }
        ImGui::SameLine();
        const bool fixed = q.type == content::QuestionType::TrueFalse;
        if (fixed) ImGui::BeginDisabled();
        changed |= input_text(app, "##option", q.options[i], w - e * (fixed ? 3.0f : 5.4f));
        if (fixed) ImGui::EndDisabled();
        if (!fixed) {
            ImGui::SameLine();
            if (button("×", {e * 1.8f, 0}, q.options.size() > 2)) {
                f.remove_option(i);
                ImGui::PopID();
                changed = true;
                break;
            }
        }
        ImGui::PopID();
    }
    if (q.type != content::QuestionType::TrueFalse && button(tr("q.add_option"), {0, 0}, q.options.size() < 8)) {
        f.add_option();
        changed = true;
    }
    ImGui::EndGroup();
    return changed;
}

std::string problem_text(const std::string& message)
{
    if (language() == Language::English) return message;
    static const std::vector<std::pair<std::string, std::string>> exact{
        {"is empty", "不能为空"},
        {"must be 1 or more", "至少为 1"},
        {"must be 0 or more", "不能为负数"},
        {"needs at least one image", "至少需要一张图片"},
        {"a true/false question has the options 正确, 错误", "判断题的选项固定为 正确、错误"},
        {"must be 1–64 letters, digits, '-', '_' or '.'", "须为 1–64 个字母、数字或 - _ ."},
    };
    for (const auto& [en, zh] : exact)
        if (message == en) return zh;
    static const std::vector<std::pair<std::string, std::string>> prefix{
        {"must be 1 to 5, got ", "须为 1 到 5，现为 "},
        {"needs 2 to 8 options, got ", "需要 2 到 8 个选项，现有 "},
        {"letters must be in order without repeats, got ", "字母须按顺序且不重复，现为 "},
        {"a 多选题 needs at least two correct options, got ", "多选题至少有两个正确选项，现为 "},
        {"needs 1 to 5 questions, got ", "需要 1 到 5 道题，现有 "},
    };
    for (const auto& [en, zh] : prefix)
        if (message.rfind(en, 0) == 0) return zh + message.substr(en.size());
    // "option C is empty", "'E' names no option", "a 单选题 has exactly one answer, got AB"
    if (message.rfind("option ", 0) == 0 && message.size() > 9 && message.substr(8) == " is empty")
        return "选项 " + message.substr(7, 1) + " 不能为空";
    if (message.size() > 15 && message.find("' names no option") != std::string::npos)
        return "答案 " + message.substr(0, message.find(" names")) + " 不是任何选项";
    if (const auto p = message.find(" has exactly one answer, got "); p != std::string::npos && message.rfind("a ", 0) == 0)
        return message.substr(2, p - 2) + "只能有一个答案，现为 " + message.substr(p + 29);
    return message;
}

bool field_problems(const std::vector<content::FieldProblem>& problems, std::string_view field)
{
    bool any = false;
    for (const auto& p : problems) {
        const std::string_view f = p.field;
        if (f == field || (f.size() > field.size() && f.substr(0, field.size()) == field &&
                           (f[field.size()] == '[' || f[field.size()] == '.'))) {
            ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
            ImGui::TextWrapped("▲ %s", problem_text(p.message).c_str());
            ImGui::PopStyleColor();
            any = true;
        }
    }
    return any;
}

namespace {
ImFont* g_heading_font = nullptr;
}

void set_heading_font(ImFont* font) { g_heading_font = font; }

void heading(const char* text)
{
    if (g_heading_font) ImGui::PushFont(g_heading_font);
    ImGui::TextUnformatted(text);
    if (g_heading_font) ImGui::PopFont();
}

void dim_text(std::string_view text)
{
    ImGui::PushStyleColor(ImGuiCol_Text, tone::dim);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopStyleColor();
}

void warning_text(std::string_view text)
{
    ImGui::PushStyleColor(ImGuiCol_Text, tone::warn);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

std::string fit_text(std::string_view text, float width)
{
    if (ImGui::CalcTextSize(text.data(), text.data() + text.size()).x <= width) return std::string(text);
    const float dots = ImGui::CalcTextSize("…").x;
    std::size_t end = 0, fits = 0;
    while (end < text.size()) {
        std::size_t next = end + 1;
        while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
        if (ImGui::CalcTextSize(text.data(), text.data() + next).x + dots > width) break;
        fits = end = next;
    }
    return std::string(text.substr(0, fits)) + "…";
}

bool ellipsis_text(std::string_view text, float width)
{
    if (width <= 0) width = ImGui::GetContentRegionAvail().x;
    const std::string shown = fit_text(text, width);
    ImGui::TextUnformatted(shown.c_str());
    const bool cut = shown.size() != text.size();
    if (cut && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(text.data(), text.data() + text.size());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    return cut;
}

void pill(std::string_view text, ImU32 colour)
{
    const ImVec2 pad{ImGui::GetFontSize() * 0.4f, ImGui::GetFontSize() * 0.05f};
    const ImVec2 ts = ImGui::CalcTextSize(text.data(), text.data() + text.size());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 bg = (colour & 0x00FFFFFF) | (0x40u << 24);
    dl->AddRectFilled(pos, {pos.x + ts.x + pad.x * 2, pos.y + ts.y + pad.y * 2}, bg, ImGui::GetFontSize() * 0.3f);
    dl->AddText({pos.x + pad.x, pos.y + pad.y}, colour, text.data(), text.data() + text.size());
    ImGui::Dummy({ts.x + pad.x * 2, ts.y + pad.y * 2});
}

bool primary_button(const char* label, ImVec2 size, bool enabled)
{
    ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0xFF, 0xC4, 0x29, 255));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(0xFF, 0xD4, 0x5E, 255));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(0xD9, 0xA2, 0x10, 255));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0x16, 0x16, 0x16, 255));
    const bool clicked = button(label, size, enabled);
    ImGui::PopStyleColor(4);
    return clicked;
}

bool button(const char* label, ImVec2 size, bool enabled)
{
    if (!enabled) ImGui::BeginDisabled();
    const bool clicked = ImGui::Button(label, size);
    if (!enabled) ImGui::EndDisabled();
    return clicked && enabled;
}

// Dates and times as the exam centre reads them: China Standard Time (content/calendar.hpp), whatever the machine's
// time zone, as the command line shows them.
std::string local_date(std::int64_t ms) { return calendar::date_text(calendar::date_of_ms(ms)); }

std::string local_time(std::int64_t ms) { return calendar::datetime_text(ms); }

std::string number(double v, int decimals)
{
    if (std::abs(v - std::round(v)) < 1e-9) return std::to_string(static_cast<long long>(std::llround(v)));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string percent(double fraction) { return number(fraction * 100, 1) + "%"; }

} // namespace sk::admin::gui
