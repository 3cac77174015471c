#include "admin/gui/question_preview.hpp"

#include "kiosk/app/i18n.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <set>
#include <string>

namespace sk::admin::gui {

namespace {
using kiosk::Key;

const kiosk::Strings& kiosk_strings()
{
    static const kiosk::Strings s = kiosk::Strings::load("zh-CN"); // what the examinee reads
    return s;
}
} // namespace

void question_preview(const content::Question& q, const ui::FontSet& fonts, ui::TextureCache& textures, ImVec2 size,
                      const PreviewOptions& o)
{
    const kiosk::Strings& tr = kiosk_strings();
    const ui::FontSet saved = ui::fonts();
    ui::set_fonts(fonts);
    ImGui::PushFont(fonts.body);
    const float e = ui::em();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {e * 0.6f, e * 0.5f});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::colour::background);
    ImGui::BeginChild("kiosk-preview", size, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float m = e * 1.0f;

    // The exam paper's top bar: the clock in the middle, 大字 and 交卷 at the right.
    const float bar_h = e * 3.2f;
    dl->AddRectFilled(origin, {origin.x + size.x, origin.y + bar_h}, ui::colour::surface);
    // Formatted as the kiosk formats its countdown (1:59:58 two seconds into a two-hour exam).
    const std::string clock = tr.format(Key::exam_remaining, {kiosk::format_duration((2 * 3600 - 2) * 1000)});
    const ImVec2 cs = ui::measure(fonts.heading, fonts.heading->FontSize, clock);
    ui::draw_text(dl, fonts.heading, fonts.heading->FontSize, {origin.x + (size.x - cs.x) / 2, origin.y + (bar_h - cs.y) / 2},
                  ui::colour::text, clock);
    if (!o.feedback) {
        const std::string submit = tr(Key::exam_submit);
        const float sw = std::max(ui::big_button_width(submit.c_str()), e * 5);
        ImGui::SetCursorScreenPos({origin.x + size.x - m - sw, origin.y + e * 0.3f});
        ui::big_button((submit + "##preview-submit").c_str(), {sw, bar_h - e * 0.6f}, ui::ButtonKind::Primary, false);
    }

    // The question column.
    const float w = size.x - 2 * m;
    const float top = origin.y + bar_h + e * 0.8f;
    ImGui::SetCursorScreenPos({origin.x + m, top});
    if (o.feedback) {
        ui::text(tr.format(Key::quiz_progress, {std::to_string(o.number), std::to_string(o.total)}), ui::colour::text_dim);
    } else {
        ui::text(tr.format(Key::exam_q_number, {std::to_string(o.number), std::to_string(o.total)}), ui::colour::text,
                 fonts.heading);
        ImGui::SameLine(0, e * 0.8f);
        const Key type = q.type == content::QuestionType::TrueFalse ? Key::quiz_type_tf
                         : q.type == content::QuestionType::Single  ? Key::quiz_type_single
                                                                    : Key::quiz_type_multi;
        ImGui::SetCursorScreenPos({ImGui::GetCursorScreenPos().x, top + (fonts.heading->FontSize - fonts.body->FontSize * 1.3f) / 2});
        ui::badge(tr(type), ui::colour::surface_high, ui::colour::accent);
        ImGui::SetCursorScreenPos({origin.x + m, top + fonts.heading->FontSize * 1.3f + e * 0.6f});
    }
    ui::paragraph(q.stem.empty() ? std::string("（题干）") : q.stem, ui::colour::text, fonts.heading, w);
    if (!q.image.empty()) {
        ImGui::SetCursorScreenPos({origin.x + m, ImGui::GetCursorScreenPos().y});
        ui::image(textures, q.image, {w * 0.6f, w * 0.6f * 9 / 16});
    }
    ImGui::Dummy({0, e * 0.5f});
    std::set<int> key;
    try {
        for (int i : content::answer_indices(q.answer)) key.insert(i);
    } catch (const std::invalid_argument&) {
    }
    for (std::size_t i = 0; i < q.options.size(); ++i) {
        const int idx = static_cast<int>(i);
        ImGui::SetCursorScreenPos({origin.x + m, ImGui::GetCursorScreenPos().y});
        ui::ButtonKind kind = ui::ButtonKind::Secondary;
        if (o.feedback && key.count(idx)) kind = ui::ButtonKind::Missed;
        const std::string letter(1, static_cast<char>('A' + idx));
        ui::choice_button(("preview-option-" + letter).c_str(), letter, q.options[i].empty() ? "…" : q.options[i], w, kind,
                          !o.feedback);
        ImGui::Dummy({0, e * 0.1f});
    }
    ImGui::SetCursorScreenPos({origin.x + m, ImGui::GetCursorScreenPos().y});
    if (o.feedback) {
        std::string shown = content::answer_letters({key.begin(), key.end()});
        if (q.type == content::QuestionType::TrueFalse && key.size() == 1 && *key.begin() < static_cast<int>(q.options.size()))
            shown = q.options[static_cast<std::size_t>(*key.begin())];
        ui::paragraph(tr.format(Key::quiz_answer_is, {shown}), ui::colour::text, nullptr, w);
        if (!q.explanation.empty()) {
            ImGui::SetCursorScreenPos({origin.x + m, ImGui::GetCursorScreenPos().y});
            ui::paragraph(tr(Key::quiz_explanation) + q.explanation, ui::colour::text, nullptr, w);
        }
    } else if (q.type == content::QuestionType::Multiple) {
        ui::text(tr(Key::quiz_multi_hint), ui::colour::text_dim);
    }

    // Previous, mark, next along the bottom, as on the exam paper.
    if (!o.feedback) {
        const float nav_h = e * 3.0f;
        const float bw = (w - e * 1.2f) / 3;
        const float y = origin.y + size.y - e * 0.8f - nav_h;
        if (ImGui::GetCursorScreenPos().y < y) {
            ImGui::SetCursorScreenPos({origin.x + m, y});
            ui::big_button((tr(Key::exam_prev) + "##pv").c_str(), {bw, nav_h}, ui::ButtonKind::Secondary, o.number > 1);
            ImGui::SetCursorScreenPos({origin.x + m + bw + e * 0.6f, y});
            ui::big_button((tr(Key::exam_mark) + "##pv").c_str(), {bw, nav_h}, ui::ButtonKind::Quiet);
            ImGui::SetCursorScreenPos({origin.x + m + 2 * (bw + e * 0.6f), y});
            ui::big_button((tr(Key::exam_next_q) + "##pv").c_str(), {bw, nav_h}, ui::ButtonKind::Primary, o.number < o.total);
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    ImGui::PopFont();
    ui::set_fonts(saved);
}

} // namespace sk::admin::gui
