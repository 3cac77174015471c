#include "kiosk/ui/widgets.hpp"

#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/frame_record.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace sk::ui {

namespace {
struct Colours {
    ImU32 bg, bg_pressed, fg, border;
};

Colours colours_for(ButtonKind kind)
{
    namespace c = colour;
    switch (kind) {
    case ButtonKind::Primary: return {c::accent, c::accent_pressed, c::on_accent, 0};
    case ButtonKind::Secondary: return {c::surface_high, c::surface_pressed, c::text, c::border};
    case ButtonKind::Quiet: return {c::surface, c::surface_pressed, c::text, c::border};
    case ButtonKind::Correct: return {c::ok, c::ok, c::on_accent, 0};
    case ButtonKind::Wrong: return {c::danger, c::danger, c::on_accent, 0};
    case ButtonKind::Selected: return {c::surface_pressed, c::surface_pressed, c::text, c::accent};
    case ButtonKind::Missed: return {c::surface_high, c::surface_high, c::text, c::ok};
    }
    return {c::surface_high, c::surface_pressed, c::text, c::border};
}

// `a` faded towards the screen background: an opaque colour (translucent fills show their seams, shapes.hpp).
ImU32 faded(ImU32 a, float keep)
{
    const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a);
    const ImVec4 b = ImGui::ColorConvertU32ToFloat4(colour::background);
    return ImGui::ColorConvertFloat4ToU32({b.x + (x.x - b.x) * keep, b.y + (x.y - b.y) * keep, b.z + (x.z - b.z) * keep, 1});
}

void draw_box(ImDrawList* dl, ImVec2 min, ImVec2 max, const Colours& c, bool held, bool enabled)
{
    const float r = em() * 0.35f;
    ImU32 bg = held ? c.bg_pressed : c.bg;
    if (!enabled) bg = faded(bg, 0.4f);
    fill_rounded(dl, min, max, bg, r);
    if (c.border) dl->AddRect(min, max, c.border, r, 0, std::max(1.0f, em() * 0.08f));
}
} // namespace

Press pressable(const char* id_label, ImVec2 size, bool enabled)
{
    Press p;
    p.min = ImGui::GetCursorScreenPos();
    p.max = {p.min.x + size.x, p.min.y + size.y};
    ImGui::BeginDisabled(!enabled);
    p.clicked = ImGui::InvisibleButton(id_label, size) && enabled;
    p.held = ImGui::IsItemActive() && enabled;
    ImGui::EndDisabled();
    record_clickable(id_label, p.min, p.max, enabled);
    return p;
}

float big_button_width(const char* label, const ImFont* font)
{
    if (!font) font = ImGui::GetFont();
    return measure(font, font->FontSize, visible_label(label)).x + em() * 2.0f;
}

bool big_button(const char* label, ImVec2 size, ButtonKind kind, bool enabled, const ImFont* font)
{
    if (!font) font = ImGui::GetFont();
    const std::string_view text = visible_label(label);
    if (size.y == 0) size.y = em() * 2.6f;
    if (size.x == 0) size.x = big_button_width(label, font);
    if (size.x < 0) size.x = ImGui::GetContentRegionAvail().x;
    const std::size_t recorded = frame_record().clickables.size();
    const Press p = pressable(label, size, enabled);
    if (kind == ButtonKind::Primary && frame_record().clickables.size() > recorded)
        frame_record().clickables.back().primary = true;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Colours c = colours_for(kind);
    draw_box(dl, p.min, p.max, c, p.held, enabled);
    const float fs = font->FontSize;
    const float inner = size.x - em();
    auto lines = wrap(font, fs, text, inner, 2);
    const float h = lines_height(font, static_cast<int>(lines.size()), 1.15f);
    float y = p.min.y + (size.y - h) / 2;
    check_glyphs(font, text);
    for (const auto& l : lines) {
        const float w = measure(font, fs, l).x;
        dl->AddText(font, fs, {p.min.x + (size.x - w) / 2, y}, enabled ? c.fg : colour::text_dim, l.c_str());
        y += fs * 1.15f;
    }
    record_text(text, p.min, p.max);
    return p.clicked;
}

bool sign_button(const char* label, float size, bool plus, bool enabled)
{
    const Press p = pressable(label, {size, size}, enabled);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Colours c = colours_for(ButtonKind::Secondary);
    draw_box(dl, p.min, p.max, c, p.held, enabled);
    // Whole pixels, so that both bars of the plus are as sharp as the minus.
    const float cx = std::round((p.min.x + p.max.x) / 2), cy = std::round((p.min.y + p.max.y) / 2);
    const float half = std::round(size * 0.2f);
    const float t = std::max(2.0f, std::round(size * 0.07f));
    const ImU32 fg = enabled ? c.fg : colour::text_dim;
    dl->AddRectFilled({cx - half, cy - std::floor(t / 2)}, {cx + half, cy - std::floor(t / 2) + t}, fg);
    if (plus) dl->AddRectFilled({cx - std::floor(t / 2), cy - half}, {cx - std::floor(t / 2) + t, cy + half}, fg);
    record_text(visible_label(label), p.min, p.max);
    return p.clicked;
}

void right_wrong_mark(ImDrawList* dl, ImVec2 c, float r, bool right, ImU32 colour)
{
    const float t = std::max(2.0f, r * 0.18f);
    dl->AddCircle(c, r, colour, 32, t);
    if (right) {
        const ImVec2 pts[] = {{c.x - r * 0.5f, c.y}, {c.x - r * 0.12f, c.y + r * 0.4f}, {c.x + r * 0.52f, c.y - r * 0.4f}};
        dl->AddPolyline(pts, 3, colour, 0, t);
    } else {
        dl->AddLine({c.x - r * 0.42f, c.y - r * 0.42f}, {c.x + r * 0.42f, c.y + r * 0.42f}, colour, t);
        dl->AddLine({c.x + r * 0.42f, c.y - r * 0.42f}, {c.x - r * 0.42f, c.y + r * 0.42f}, colour, t);
    }
}

bool tile(const char* title, std::string_view subtitle, ImVec2 size)
{
    const Press p = pressable(title, size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float r = em() * 0.4f;
    fill_rounded(dl, p.min, p.max, p.held ? colour::surface_pressed : colour::surface_high, r);
    fill_rounded(dl, p.min, {p.min.x + em() * 0.35f, p.max.y}, colour::accent, std::min(r, em() * 0.175f),
                 ImDrawFlags_RoundCornersLeft);
    const ImFont* big = fonts().heading ? fonts().heading : ImGui::GetFont();
    const ImFont* small = fonts().body ? fonts().body : ImGui::GetFont();
    const float pad = em() * 1.0f;
    const float title_h = big->FontSize;
    const float sub_h = subtitle.empty() ? 0 : small->FontSize;
    const float gap = subtitle.empty() ? 0 : em() * 0.4f;
    float y = p.min.y + (size.y - title_h - gap - sub_h) / 2;
    const float width = size.x - pad * 1.5f;
    const auto lines = wrap(big, big->FontSize, title, width, 1);
    draw_text(dl, big, big->FontSize, {p.min.x + pad, y}, colour::text, lines.front());
    if (!subtitle.empty())
        draw_text(dl, small, small->FontSize, {p.min.x + pad, y + title_h + gap}, colour::accent, subtitle);
    return p.clicked;
}

namespace {
struct ChoiceMetrics {
    float disc, pad, text_x, tick;
};
ChoiceMetrics choice_metrics(const ChoiceLook& look)
{
    const float disc = em() * (look.pad_em < 0.5f ? 1.5f : 1.8f);
    const float pad = em() * look.pad_em;
    return {disc, pad, em() * 0.7f + disc + em() * 0.7f, em() * 1.6f};
}
} // namespace

void tick_mark(ImDrawList* dl, ImVec2 min, float size, ImU32 colour)
{
    const float t = std::max(2.0f, size * 0.16f);
    const ImVec2 a{min.x + size * 0.12f, min.y + size * 0.52f};
    const ImVec2 b{min.x + size * 0.40f, min.y + size * 0.80f};
    const ImVec2 c{min.x + size * 0.90f, min.y + size * 0.20f};
    dl->AddLine(a, b, colour, t);
    dl->AddLine(b, c, colour, t);
    // Round the joint so the two strokes meet without a notch.
    dl->AddCircleFilled(b, t * 0.5f, colour, 8);
}

float toggle_button_width(const char* label) { return big_button_width(label) + em() * 1.4f; }

bool toggle_button(const char* label, float width, float height, bool on)
{
    if (width <= 0) width = toggle_button_width(label);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    // The button is wider than the label by the tick's place, so the centred label clears the tick or its box.
    const float tick = em() * 0.9f;
    const bool clicked = big_button(label, {width, height}, on ? ButtonKind::Selected : ButtonKind::Quiet);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (on) {
        dl->AddRect(at, {at.x + width, at.y + height}, colour::accent, em() * 0.35f, 0, std::max(3.0f, em() * 0.12f));
        tick_mark(dl, {at.x + em() * 0.5f, at.y + (height - tick) / 2}, tick, colour::accent);
    } else {
        // Off: an empty box where the tick goes.
        const float b = tick * 0.8f;
        const ImVec2 m{at.x + em() * 0.5f + (tick - b) / 2, at.y + (height - b) / 2};
        dl->AddRect(m, {m.x + b, m.y + b}, colour::text_dim, em() * 0.1f, 0, std::max(1.5f, em() * 0.06f));
    }
    return clicked;
}

float choice_button_height(std::string_view text, float width, const ChoiceLook& look)
{
    const ImFont* font = ImGui::GetFont();
    const ChoiceMetrics m = choice_metrics(look);
    const auto lines = wrap(font, font->FontSize, text, width - m.text_x - m.tick - m.pad);
    return std::max(m.disc, lines_height(font, static_cast<int>(lines.size()))) + m.pad * 2;
}

bool choice_button(const char* id, std::string_view letter, std::string_view text, float width, ButtonKind kind,
                   bool enabled, const ChoiceLook& look)
{
    const ImFont* font = ImGui::GetFont();
    const float fs = font->FontSize;
    const ChoiceMetrics m = choice_metrics(look);
    const float disc = m.disc;
    const float pad = m.pad;
    const float text_x = m.text_x;
    const auto lines = wrap(font, fs, text, width - text_x - m.tick - pad);
    const float text_h = lines_height(font, static_cast<int>(lines.size()));
    const float height = std::max(std::max(disc, text_h) + pad * 2, look.min_height);
    std::string label = std::string(text) + "##" + id;
    const Press p = pressable(label.c_str(), {width, height}, enabled);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    Colours c = colours_for(kind);
    if (kind == ButtonKind::Primary) c = colours_for(ButtonKind::Secondary);
    const bool chosen = kind == ButtonKind::Selected;
    draw_box(dl, p.min, p.max, c, p.held, true);
    if (chosen) {
        // A thick frame: the chosen option stands out by its outline as well.
        const float t = std::max(3.0f, em() * 0.14f);
        dl->AddRect(p.min, p.max, colour::accent, em() * 0.35f, 0, t);
    }
    const ImVec2 centre{p.min.x + em() * 0.7f + disc / 2, p.min.y + height / 2};
    const bool marked = kind == ButtonKind::Correct || kind == ButtonKind::Wrong;
    const float line = std::max(2.0f, em() * 0.09f);
    const float r = disc / 2;
    ImU32 letter_colour = colour::text;
    if (marked || kind == ButtonKind::Missed) {
        // Feedback: a filled disc (white for the visitor's answer, green for a right one they missed).
        dl->AddCircleFilled(centre, r, marked ? colour::text : colour::ok, 32);
        letter_colour = kind == ButtonKind::Correct ? colour::ok : kind == ButtonKind::Wrong ? colour::danger : colour::on_accent;
    } else if (look.checkbox) {
        const ImVec2 a{centre.x - r * 0.9f, centre.y - r * 0.9f}, b{centre.x + r * 0.9f, centre.y + r * 0.9f};
        if (chosen) {
            dl->AddRectFilled(a, b, colour::accent, em() * 0.12f);
            letter_colour = colour::on_accent;
        } else {
            dl->AddRect(a, b, colour::text_dim, em() * 0.12f, 0, line);
        }
    } else if (chosen) {
        dl->AddCircleFilled(centre, r, colour::accent, 32);
        letter_colour = colour::on_accent;
    } else {
        dl->AddCircle(centre, r - line / 2, colour::text_dim, 32, line);
    }
    const ImVec2 lsz = measure(font, fs, letter);
    draw_text(dl, font, fs, {centre.x - lsz.x / 2, centre.y - lsz.y / 2}, letter_colour, letter);
    const bool reading_letter = reading_mark().on(text) && reading_mark().letter;
    if (reading_letter) {
        // The letter is being read aloud: a thick yellow ring around its marker.
        dl->AddCircle(centre, r + em() * 0.22f, colour::accent, 32, std::max(3.0f, em() * 0.16f));
        frame_record().reading += letter;
    }
    // The tick takes three quarters of the room kept for it at the right end: the text stops well short of it.
    if (chosen) tick_mark(dl, {p.max.x - pad - m.tick * 0.75f, p.min.y + (height - m.tick * 0.75f) / 2}, m.tick * 0.75f,
                          colour::accent);
    float y = p.min.y + (height - text_h) / 2;
    check_glyphs(font, text);
    const bool reading = reading_mark().on(text) && !reading_letter;
    const auto offsets = reading ? line_offsets(text, lines) : std::vector<std::size_t>{};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        dl->AddText(font, fs, {p.min.x + text_x, y}, c.fg, lines[i].c_str());
        if (reading) draw_reading_mark(dl, font, fs, {p.min.x + text_x, y}, text, lines[i], offsets[i]);
        y += fs * 1.25f;
    }
    record_text(text, p.min, p.max);
    return p.clicked;
}

float speak_button_width(const char* label, float height)
{
    return height * 0.9f + big_button_width(label) - em() * 0.4f;
}

bool speak_button(const char* label, float width, float height, bool speaking)
{
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float icon = height * 0.5f;
    // The label is centred in the part right of the icon: the button is drawn with an empty label and the text
    // put in after, so the frame record still names the button by its label.
    const bool clicked = big_button(label, {width, height}, speaking ? ButtonKind::Selected : ButtonKind::Secondary);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (speaking) dl->AddRect(at, {at.x + width, at.y + height}, colour::accent, em() * 0.35f, 0, std::max(3.0f, em() * 0.12f));
    const ImU32 ink = speaking ? colour::accent : colour::text;
    const float x = at.x + em() * 0.45f;
    const float y = at.y + (height - icon) / 2;
    if (speaking) {
        // Stop: a filled square.
        dl->AddRectFilled({x + icon * 0.1f, y + icon * 0.1f}, {x + icon * 0.9f, y + icon * 0.9f}, ink, icon * 0.08f);
    } else {
        // A loudspeaker: its box, its cone and two sound waves.
        dl->AddRectFilled({x, y + icon * 0.32f}, {x + icon * 0.28f, y + icon * 0.68f}, ink);
        dl->AddTriangleFilled({x + icon * 0.26f, y + icon * 0.32f}, {x + icon * 0.62f, y}, {x + icon * 0.62f, y + icon}, ink);
        dl->AddTriangleFilled({x + icon * 0.26f, y + icon * 0.32f}, {x + icon * 0.62f, y + icon}, {x + icon * 0.26f, y + icon * 0.68f}, ink);
        const ImVec2 c{x + icon * 0.62f, y + icon * 0.5f};
        const float t = std::max(2.0f, icon * 0.09f);
        dl->PathArcTo(c, icon * 0.3f, -0.9f, 0.9f, 10);
        dl->PathStroke(ink, 0, t);
        dl->PathArcTo(c, icon * 0.55f, -0.9f, 0.9f, 12);
        dl->PathStroke(ink, 0, t);
    }
    return clicked;
}

ImVec2 keypad_size(float key_em)
{
    const float k = em() * key_em;
    const float gap = em() * 0.5f;
    return {k * 3 + gap * 2, k * 0.8f * 4 + gap * 3};
}

KeypadResult keypad(float key_em, const char* back_label, const char* ok_label, bool enabled)
{
    KeypadResult result;
    const float k = em() * key_em;
    const float kh = k * 0.8f;
    const float gap = em() * 0.5f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    static const char* const digits[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    const ImFont* big = fonts().heading ? fonts().heading : ImGui::GetFont();
    for (int i = 0; i < 12; ++i) {
        const int row = i / 3;
        const int col = i % 3;
        ImGui::SetCursorScreenPos({origin.x + col * (k + gap), origin.y + row * (kh + gap)});
        ImGui::PushID(i);
        if (i < 9) {
            if (big_button(digits[i], {k, kh}, ButtonKind::Secondary, enabled, big))
                result = {KeypadResult::Digit, static_cast<char>('1' + i)};
        } else if (i == 9) {
            if (big_button(back_label, {k, kh}, ButtonKind::Quiet, enabled)) result = {KeypadResult::Back, 0};
        } else if (i == 10) {
            if (big_button("0", {k, kh}, ButtonKind::Secondary, enabled, big)) result = {KeypadResult::Digit, '0'};
        } else {
            if (big_button(ok_label, {k, kh}, ButtonKind::Primary, enabled)) result = {KeypadResult::Ok, 0};
        }
        ImGui::PopID();
    }
    const ImVec2 size = keypad_size(key_em);
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(size);
    return result;
}

float top_bar_height() { return em() * 3.2f; }

TopBarAction top_bar(const TopBar& bar)
{
    TopBarAction action = TopBarAction::None;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float h = top_bar_height();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 min = vp->Pos;
    const ImVec2 max{vp->Pos.x + vp->Size.x, vp->Pos.y + h};
    dl->AddRectFilled(min, max, colour::surface);
    dl->AddLine({min.x, max.y}, {max.x, max.y}, colour::accent, std::max(1.0f, em() * 0.1f));
    const float pad = em() * 0.6f;
    const float bh = h - pad * 1.4f;
    const float by = min.y + (h - bh) / 2;
    float left = min.x + pad;
    float right = max.x - pad;
    if (bar.back) {
        // A chevron drawn with lines (no font has to carry an arrow glyph) and the label.
        const ImFont* font = ImGui::GetFont();
        const std::string_view label = visible_label(bar.back);
        const float chevron = em() * 0.9f;
        const float w = measure(font, font->FontSize, label).x + chevron + em() * 1.6f;
        ImGui::SetCursorScreenPos({left, by});
        const std::string id = std::string(label) + "##top-back";
        const Press p = pressable(id.c_str(), {w, bh});
        draw_box(dl, p.min, p.max, colours_for(ButtonKind::Quiet), p.held, true);
        const float cy = (p.min.y + p.max.y) / 2;
        const float cx = p.min.x + em() * 0.8f;
        const float arm = em() * 0.32f;
        dl->AddPolyline(std::array<ImVec2, 3>{ImVec2{cx + arm, cy - arm * 1.4f}, ImVec2{cx, cy},
                                              ImVec2{cx + arm, cy + arm * 1.4f}}
                            .data(),
                        3, colour::text, 0, std::max(2.0f, em() * 0.1f));
        draw_text(dl, font, font->FontSize, {cx + chevron, cy - font->FontSize / 2}, colour::text, label);
        if (p.clicked) action = TopBarAction::Back;
        left += w + pad;
    }
    if (bar.home) {
        const float w = big_button_width(bar.home);
        right -= w;
        ImGui::SetCursorScreenPos({right, by});
        if (big_button(bar.home, {w, bh}, ButtonKind::Quiet)) action = TopBarAction::Home;
        right -= pad;
    }
    if (bar.text_size) {
        const float w = toggle_button_width(bar.text_size);
        right -= w;
        ImGui::SetCursorScreenPos({right, by});
        if (toggle_button(bar.text_size, w, bh, bar.text_size_on)) action = TopBarAction::TextSize;
        right -= pad;
    }
    if (bar.contrast) {
        const float w = toggle_button_width(bar.contrast);
        right -= w;
        ImGui::SetCursorScreenPos({right, by});
        if (toggle_button(bar.contrast, w, bh, bar.contrast_on)) action = TopBarAction::Contrast;
        right -= pad;
    }
    if (!bar.title.empty()) {
        const ImFont* font = fonts().heading ? fonts().heading : ImGui::GetFont();
        // The title is centred on the screen when it fits between the buttons, else placed between them, cut
        // with "…"; when not a character of it fits (upright with large text), in the body font, and when not
        // even then, not at all: a lone "…" says nothing.
        const float space = right - left - pad;
        auto line = wrap(font, font->FontSize, bar.title, space, 1).front();
        if (line == "…" && fonts().body) {
            font = fonts().body;
            line = wrap(font, font->FontSize, bar.title, space, 1).front();
        }
        const float fs = font->FontSize;
        const float w = measure(font, fs, line).x;
        float x = min.x + (vp->Size.x - w) / 2;
        x = std::clamp(x, left, std::max(left, right - pad - w));
        if (line != "…") draw_text(dl, font, fs, {x, min.y + (h - fs) / 2}, colour::text, line);
    }
    ImGui::SetCursorScreenPos({min.x, max.y});
    return action;
}

float badge_width(std::string_view text)
{
    const ImFont* font = ImGui::GetFont();
    return measure(font, font->FontSize * 0.85f, text).x + em() * 0.9f;
}

void badge(std::string_view text, ImU32 background, ImU32 foreground)
{
    const ImFont* font = ImGui::GetFont();
    const float fs = font->FontSize * 0.85f;
    const ImVec2 sz = measure(font, fs, text);
    const ImVec2 pad{em() * 0.45f, em() * 0.2f};
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max{min.x + sz.x + pad.x * 2, min.y + sz.y + pad.y * 2};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    fill_rounded(dl, min, max, background, em() * 0.3f);
    draw_text(dl, font, fs, {min.x + pad.x, min.y + pad.y}, foreground, text);
    ImGui::Dummy({max.x - min.x, max.y - min.y});
}

void section_heading(std::string_view text)
{
    const ImFont* font = fonts().heading ? fonts().heading : ImGui::GetFont();
    ImGui::Dummy({0, em() * 0.6f});
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float bar = em() * 0.3f;
    dl->AddRectFilled({pos.x, pos.y + font->FontSize * 0.12f}, {pos.x + bar, pos.y + font->FontSize * 0.95f},
                      colour::accent, bar / 2);
    draw_text(dl, font, font->FontSize, {pos.x + bar * 2.5f, pos.y}, colour::text, text);
    ImGui::Dummy({measure(font, font->FontSize, text).x + bar * 2.5f, font->FontSize});
    ImGui::Dummy({0, em() * 0.2f});
}

void bullet_list(const std::vector<std::string>& items, ImU32 marker, bool numbered, float total_width)
{
    const ImFont* font = ImGui::GetFont();
    const float fs = font->FontSize;
    const float indent = numbered ? em() * 1.8f : em() * 1.2f;
    const float width = (total_width > 0 ? total_width : ImGui::GetContentRegionAvail().x) - indent;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        if (numbered) {
            const float r = em() * 0.62f;
            const ImVec2 c{pos.x + r, pos.y + fs / 2};
            dl->AddCircleFilled(c, r, marker, 24);
            const std::string n = std::to_string(i + 1);
            const ImVec2 nsz = measure(font, fs * 0.8f, n);
            draw_text(dl, font, fs * 0.8f, {c.x - nsz.x / 2, c.y - nsz.y / 2}, colour::on_accent, n);
        } else {
            dl->AddCircleFilled({pos.x + em() * 0.35f, pos.y + fs * 0.55f}, em() * 0.18f, marker, 16);
        }
        const float h = draw_paragraph(dl, font, fs, {pos.x + indent, pos.y}, width, colour::text, items[i]);
        ImGui::Dummy({width + indent, h});
        ImGui::Dummy({0, em() * 0.15f});
    }
}

void page_dots(int count, int current)
{
    if (count <= 1) return;
    const float r = em() * 0.22f;
    const float gap = em() * 0.7f;
    const float w = (count - 1) * gap + r * 2;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float x0 = pos.x + (ImGui::GetContentRegionAvail().x - w) / 2 + r;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < count; ++i)
        dl->AddCircleFilled({x0 + i * gap, pos.y + r}, i == current ? r * 1.3f : r,
                            i == current ? colour::accent : colour::border, 16);
    ImGui::Dummy({0, r * 2.6f});
}

} // namespace sk::ui
