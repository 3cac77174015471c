#include "kiosk/screens/exam_common.hpp"

#include "content/storage/database.hpp"
#include "exam/centre/checkin.hpp"
#include "exam/idnumber.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <algorithm>
#include <chrono>
#include <variant>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace sk::kiosk {

namespace {

// An outline as four filled bars: axis-aligned quads are fast copies for the software renderer, while a stroked
// rectangle is triangles blended over their bounding boxes (ui/shapes.hpp).
void outline(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 colour, float t)
{
    dl->AddRectFilled(min, {max.x, min.y + t}, colour);
    dl->AddRectFilled({min.x, max.y - t}, max, colour);
    dl->AddRectFilled({min.x, min.y + t}, {min.x + t, max.y - t}, colour);
    dl->AddRectFilled({max.x - t, min.y + t}, {max.x, max.y - t}, colour);
}

// The answer sheet cell of one question: answered is a filled square, unanswered an empty one, a marked question
// has a filled triangle in its top-right corner; the current question has a thick outer ring. Shapes, not colour
// alone, tell the states apart.
void sheet_cell(ImDrawList* dl, ImVec2 min, float size, bool answered, bool marked, bool current, int number)
{
    const auto& f = ui::fonts();
    const float e = ui::em();
    const ImVec2 max{min.x + size, min.y + size};
    const float line = std::max(2.0f, e * 0.07f);
    if (answered) dl->AddRectFilled(min, max, ui::colour::text_dim);
    else dl->AddRectFilled(min, max, ui::colour::surface);
    outline(dl, min, max, answered ? ui::colour::text : ui::colour::border, line);
    if (marked) {
        const float t = size * 0.42f;
        dl->AddTriangleFilled({max.x - t, min.y}, {max.x, min.y}, {max.x, min.y + t}, ui::colour::accent);
    }
    if (current)
        outline(dl, {min.x - line * 2.5f, min.y - line * 2.5f}, {max.x + line * 2.5f, max.y + line * 2.5f},
                ui::colour::accent, line * 1.5f);
    const std::string n = std::to_string(number);
    const float fs = std::min(f.body->FontSize * 0.8f, size * 0.5f);
    const ImVec2 ts = ui::measure(f.body, fs, n);
    ui::draw_text(dl, f.body, fs, {min.x + (size - ts.x) / 2, min.y + (size - ts.y) / 2},
                  answered ? ui::colour::on_accent : ui::colour::text, n);
}
constexpr float kKeyGap = 0.35f; // em
float key_height(float width)
{
    const float e = ui::em();
    return std::clamp((width - 2 * kKeyGap * e) / 3 * 0.55f, e * 2.2f, e * 3.0f);
}
} // namespace

float id_keypad_height(float width)
{
    const float e = ui::em();
    return key_height(width) * 5 + kKeyGap * e * 4;
}

float id_keypad(const Strings& tr, std::string& value, std::size_t max_len, float width, bool enabled, bool with_x)
{
    const float e = ui::em();
    const float gap = kKeyGap * e;
    const float kw = (width - 2 * gap) / 3;
    const float kh = key_height(width);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const auto add = [&](char c) {
        if (value.size() < max_len) value.push_back(c);
    };
    if (enabled) {
        ImGuiIO& io = ImGui::GetIO();
        for (ImWchar c : io.InputQueueCharacters) {
            if (c >= '0' && c <= '9') add(static_cast<char>(c));
            if (with_x && (c == 'x' || c == 'X')) add('X');
        }
        if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Backspace]) && !value.empty()) value.pop_back();
    }
    static const char* const keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0"};
    const ImFont* font = ui::fonts().heading;
    for (int i = 0; i < 12; ++i) {
        const int row = i / 3, col = i % 3;
        ImGui::SetCursorScreenPos({origin.x + col * (kw + gap), origin.y + row * (kh + gap)});
        if (i == 9 && !with_x) continue;
        if (i < 11) {
            const std::string label = std::string(keys[i]) + "##key" + keys[i];
            if (ui::big_button(label.c_str(), {kw, kh}, ui::ButtonKind::Secondary, enabled, font)) add(keys[i][0]);
        } else {
            const std::string label = tr(Key::exam_key_back) + "##key-back";
            if (ui::big_button(label.c_str(), {kw, kh}, ui::ButtonKind::Secondary, enabled && !value.empty()) &&
                !value.empty())
                value.pop_back();
        }
    }
    ImGui::SetCursorScreenPos({origin.x, origin.y + 4 * (kh + gap)});
    const std::string clear = tr(Key::exam_key_clear) + "##key-clear";
    if (ui::big_button(clear.c_str(), {width, kh}, ui::ButtonKind::Quiet, enabled && !value.empty())) value.clear();
    ImGui::SetCursorScreenPos({origin.x, origin.y + 5 * kh + 4 * gap});
    return 5 * kh + 4 * gap;
}

namespace {
const char* const kKeyboardRows[] = {"1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm._"};
float keyboard_key(float width) { return std::min((width - 9 * kKeyGap * ui::em()) / 10, ui::em() * 2.6f); }
} // namespace

float text_keyboard_height(float width)
{
    return 4 * (keyboard_key(width) + kKeyGap * ui::em()) - kKeyGap * ui::em();
}

void pop_utf8(std::string& s)
{
    if (s.empty()) return;
    std::size_t n = s.size() - 1;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s.resize(n);
}

float text_keyboard(const Strings& tr, std::string& value, std::size_t max_len, float width, bool enabled,
                    bool hardware)
{
    const float gap = kKeyGap * ui::em();
    const float k = keyboard_key(width);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    if (enabled && hardware) {
        ImGuiIO& io = ImGui::GetIO();
        for (ImWchar c : io.InputQueueCharacters)
            if (c > ' ' && c < 0x7F && value.size() < max_len) value.push_back(static_cast<char>(c));
        if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Backspace]) && !value.empty()) pop_utf8(value);
    }
    const float row_w = 10 * k + 9 * gap;
    for (int r = 0; r < 4; ++r) {
        const std::string row = kKeyboardRows[r];
        for (std::size_t i = 0; i < row.size(); ++i) {
            ImGui::SetCursorScreenPos({origin.x + (width - row_w) / 2 + i * (k + gap), origin.y + r * (k + gap)});
            const std::string label = std::string(1, row[i]) + "##kb-" + std::string(1, row[i]);
            if (ui::big_button(label.c_str(), {k, k}, ui::ButtonKind::Secondary, enabled) && value.size() < max_len)
                value.push_back(row[i]);
        }
    }
    // Backspace takes the last row's free place, with a label as short as the keys' (退格 would wrap).
    ImGui::SetCursorScreenPos({origin.x + (width - row_w) / 2 + 9 * (k + gap), origin.y + 3 * (k + gap)});
    const std::string back = tr(Key::keyboard_back) + "##kb-back";
    if (ui::big_button(back.c_str(), {k, k}, ui::ButtonKind::Quiet, enabled && !value.empty()) && !value.empty())
        pop_utf8(value);
    const float h = text_keyboard_height(width);
    ImGui::SetCursorScreenPos({origin.x, origin.y + h});
    return h;
}

TypedIdNumber check_typed_id_number(const Strings& tr, const std::string& typed)
{
    const auto today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    const auto parsed = exam::parse_id_number(typed, today);
    if (const auto* bad = std::get_if<exam::IdNumberError>(&parsed)) return {"", tr.format(Key::exam_id_invalid, {tr.error(exam::ExamError(bad->code, bad->args))})};
    return {std::get<exam::IdNumber>(parsed).value, ""};
}

float entry_field(const std::string& value, float width, std::span<const std::size_t> groups)
{
    const auto& f = ui::fonts();
    const float e = ui::em();
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const float h = f.display->FontSize * 1.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ui::fill_rounded(dl, min, {min.x + width, min.y + h}, ui::colour::surface, e * 0.4f);
    dl->AddRect(min, {min.x + width, min.y + h}, ui::colour::accent, e * 0.4f, 0, std::max(2.0f, e * 0.08f));
    // Digits in groups (6 · 8 · 4 for an ID number) are easier to check against a card.
    std::string shown;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (std::find(groups.begin(), groups.end(), i) != groups.end()) shown.push_back(' ');
        shown.push_back(value[i]);
    }
    const ImFont* font = f.display;
    float size = font->FontSize;
    const float w = ui::measure(font, size, shown).x;
    if (w > width - e * 1.5f) size *= (width - e * 1.5f) / w;
    const ImVec2 tw = ui::measure(font, size, shown);
    ui::draw_text(dl, font, size, {min.x + (width - tw.x) / 2, min.y + (h - tw.y) / 2}, ui::colour::text, shown);
    // A caret after the text.
    const float cx = min.x + (width + tw.x) / 2 + e * 0.2f;
    dl->AddRectFilled({cx, min.y + h * 0.2f}, {cx + std::max(2.0f, e * 0.1f), min.y + h * 0.8f}, ui::colour::accent);
    ImGui::Dummy({width, h});
    return h;
}

bool moved_away(const std::exception& e)
{
    const auto* refused = dynamic_cast<const exam::ExamError*>(&e);
    return refused && refused->code() == exam::ExamErrc::moved_away;
}

std::string examinee_message(const Strings& tr, const std::exception& e)
{
    if (const auto* refused = dynamic_cast<const exam::ExamError*>(&e)) return tr.error(*refused);
    // Central check-in (exam/centre/checkin.hpp): what the examinee can do is the same each time, ask the proctor;
    // the log gets the details for the proctor and the technician.
    if (dynamic_cast<const exam::centre::CentreError*>(&e)) {
        std::cerr << "safekiosk: " << e.what() << "\n";
        if (dynamic_cast<const exam::centre::CentreUnreachable*>(&e)) return tr(Key::exam_centre_unreachable);
        if (dynamic_cast<const exam::centre::PaperNotDrawn*>(&e)) return tr(Key::exam_centre_no_paper);
        return tr(Key::exam_centre_refused);
    }
    const auto* storage = dynamic_cast<const storage::StorageError*>(&e);
    if (!storage) return e.what();
    std::cerr << "safekiosk: " << e.what() << "\n";
    return tr(storage->disk_full() ? Key::exam_storage_full : Key::exam_storage_error);
}

bool error_dialog(const Strings& tr, std::string& message)
{
    if (message.empty()) return false;
    const auto& f = ui::fonts();
    const float e = ui::em();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(vp->Pos, {vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y}, ui::colour::scrim);
    const float w = std::min(vp->Size.x - e * 3, e * 28);
    const float pad = e * 1.5f;
    const float text_h =
        ui::lines_height(f.heading, static_cast<int>(ui::wrap(f.heading, f.heading->FontSize, message, w - pad * 2).size()));
    const float h = pad * 2 + f.body->FontSize * 1.4f + text_h + e * 1.5f + e * 2.8f;
    const ImVec2 min{vp->Pos.x + (vp->Size.x - w) / 2, vp->Pos.y + (vp->Size.y - h) / 2};
    ui::fill_rounded(dl, min, {min.x + w, min.y + h}, ui::colour::surface_high, e * 0.6f);
    ui::fill_rounded(dl, min, {min.x + w, min.y + e * 0.35f}, ui::colour::accent, e * 0.6f, ImDrawFlags_RoundCornersTop);
    float y = min.y + pad;
    ui::draw_text(dl, f.body, f.body->FontSize, {min.x + pad, y}, ui::colour::accent, tr(Key::exam_error_title));
    y += f.body->FontSize * 1.4f;
    y += ui::draw_paragraph(dl, f.heading, f.heading->FontSize, {min.x + pad, y}, w - pad * 2, ui::colour::text,
                            message);
    ImGui::SetCursorScreenPos({min.x + pad, y + e * 1.5f});
    const std::string ok = tr(Key::exam_error_ok) + "##dialog-ok";
    if (ui::big_button(ok.c_str(), {w - pad * 2, e * 2.8f}, ui::ButtonKind::Primary)) {
        message.clear();
        return true;
    }
    return false;
}

SubmitChoice submit_dialog(const Strings& tr, std::size_t answered, std::size_t total)
{
    const auto& f = ui::fonts();
    const float e = ui::em();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(vp->Pos, {vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y}, ui::colour::scrim);
    const float w = std::min(vp->Size.x - e * 3, e * 30);
    const float pad = e * 1.5f;
    const float button_h = e * 3.2f;
    const float h = pad * 2 + f.heading->FontSize * 1.5f + f.body->FontSize * 1.6f + e * 1.2f + button_h;
    const ImVec2 min{vp->Pos.x + (vp->Size.x - w) / 2, vp->Pos.y + (vp->Size.y - h) / 2};
    ui::fill_rounded(dl, min, {min.x + w, min.y + h}, ui::colour::surface_high, e * 0.6f);
    ui::fill_rounded(dl, min, {min.x + w, min.y + e * 0.35f}, ui::colour::accent, e * 0.6f, ImDrawFlags_RoundCornersTop);
    float y = min.y + pad;
    ui::draw_text(dl, f.heading, f.heading->FontSize, {min.x + pad, y}, ui::colour::accent, tr(Key::exam_confirm_title));
    y += f.heading->FontSize * 1.5f;
    ui::draw_text(dl, f.body, f.body->FontSize, {min.x + pad, y}, ui::colour::text,
                  tr.format(Key::exam_confirm_answered, {std::to_string(answered), std::to_string(total)}));
    y += f.body->FontSize * 1.6f + e * 1.2f;
    const bool unfinished = answered < total;
    const float half = (w - pad * 2 - e * 1.0f) / 2;
    SubmitChoice choice = SubmitChoice::None;
    ImGui::SetCursorScreenPos({min.x + pad, y});
    if (ui::big_button((tr(Key::exam_confirm_back) + "##submit-dialog-back").c_str(), {half, button_h},
                       unfinished ? ui::ButtonKind::Primary : ui::ButtonKind::Secondary))
        choice = SubmitChoice::Back;
    ImGui::SetCursorScreenPos({min.x + pad + half + e * 1.0f, y});
    if (ui::big_button((tr(Key::exam_confirm_submit) + "##submit-dialog-submit").c_str(), {half, button_h},
                       unfinished ? ui::ButtonKind::Secondary : ui::ButtonKind::Primary))
        choice = SubmitChoice::Submit;
    return choice;
}

std::string format_points(double points)
{
    char buf[32];
    if (std::fabs(points - std::round(points)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", points);
    else std::snprintf(buf, sizeof buf, "%.1f", points);
    return buf;
}

int answer_sheet(const Strings& tr, ImVec2 min, float cell, float gap, int cols, std::size_t count,
                 const std::function<bool(std::size_t)>& answered, const std::function<bool(std::size_t)>& marked,
                 int current, bool enabled)
{
    int tapped = -1;
    const auto& f = ui::fonts();
    const float e = ui::em();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ui::draw_text(dl, f.body, f.body->FontSize, min, ui::colour::text_dim, tr(Key::exam_sheet));
    const float top = min.y + f.body->FontSize * 1.4f;
    for (std::size_t i = 0; i < count; ++i) {
        const int r = static_cast<int>(i) / cols, c = static_cast<int>(i) % cols;
        const ImVec2 p{min.x + c * (cell + gap), top + r * (cell + gap)};
        ImGui::SetCursorScreenPos(p);
        const std::string label = std::to_string(i + 1) + "##cell";
        ImGui::PushID(static_cast<int>(i));
        if (ui::pressable(label.c_str(), {cell, cell}, enabled).clicked) tapped = static_cast<int>(i);
        ImGui::PopID();
        sheet_cell(dl, p, cell, answered(i), marked(i), static_cast<int>(i) == current, static_cast<int>(i) + 1);
    }
    // Legend, with the same shapes.
    const int rows = (static_cast<int>(count) + cols - 1) / cols;
    float x = min.x;
    const float y = top + rows * (cell + gap) + e * 0.3f;
    const float s = f.body->FontSize * 0.9f;
    const auto item = [&](bool ans, bool mk, Key k) {
        const ImVec2 p{x, y};
        const ImVec2 q{x + s, y + s};
        dl->AddRectFilled(p, q, ans ? ui::colour::text_dim : ui::colour::surface);
        outline(dl, p, q, ans ? ui::colour::text : ui::colour::border, std::max(2.0f, e * 0.07f));
        if (mk) dl->AddTriangleFilled({q.x - s * 0.5f, p.y}, {q.x, p.y}, {q.x, p.y + s * 0.5f}, ui::colour::accent);
        x += s + e * 0.3f;
        const std::string& t = tr(k);
        ui::draw_text(dl, f.body, f.body->FontSize * 0.8f, {x, y + (s - f.body->FontSize * 0.8f) / 2}, ui::colour::text_dim, t);
        x += ui::measure(f.body, f.body->FontSize * 0.8f, t).x + e * 0.9f;
    };
    item(true, false, Key::exam_legend_answered);
    item(false, false, Key::exam_legend_unanswered);
    item(false, true, Key::exam_legend_marked);
    return tapped;
}

} // namespace sk::kiosk
