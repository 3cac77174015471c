#include "kiosk/ui/frame_record.hpp"

#include <imgui_internal.h>

#include <algorithm>

namespace sk::ui {

namespace {
FrameRecord g_record;

// Clips to the clip rectangle of the window drawing (a scroll area's child window clips to its inner rectangle,
// within its parent's) and to the screen; `whole` tells whether nothing was cut (half a pixel of rounding allowed).
bool clip(ImVec2& min, ImVec2& max, bool* whole = nullptr)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 cmin = dl->GetClipRectMin();
    ImVec2 cmax = dl->GetClipRectMax();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    cmin = {std::max(cmin.x, vp->Pos.x), std::max(cmin.y, vp->Pos.y)};
    cmax = {std::min(cmax.x, vp->Pos.x + vp->Size.x), std::min(cmax.y, vp->Pos.y + vp->Size.y)};
    if (whole) {
        constexpr float slack = 0.5f;
        *whole = min.x >= cmin.x - slack && min.y >= cmin.y - slack && max.x <= cmax.x + slack && max.y <= cmax.y + slack;
    }
    min = {std::max(min.x, cmin.x), std::max(min.y, cmin.y)};
    max = {std::min(max.x, cmax.x), std::min(max.y, cmax.y)};
    return max.x > min.x && max.y > min.y;
}
} // namespace

FrameRecord& frame_record() { return g_record; }

void begin_frame_record()
{
    g_record.clickables.clear();
    g_record.texts.clear();
    g_record.missing_glyphs.clear();
    g_record.reading.clear();
}

const Clickable* FrameRecord::find_clickable(std::string_view label) const
{
    for (const auto& c : clickables)
        if (c.enabled && c.label == label) return &c;
    return nullptr;
}

bool FrameRecord::shows_text(std::string_view needle) const
{
    return std::any_of(texts.begin(), texts.end(),
                       [&](const DrawnText& t) { return t.text.find(needle) != std::string::npos; });
}

bool FrameRecord::shows_whole_text(std::string_view needle) const
{
    return std::any_of(texts.begin(), texts.end(), [&](const DrawnText& t) {
        return t.whole && t.text.find(needle) != std::string::npos;
    });
}

std::string_view visible_label(std::string_view label)
{
    auto hash = label.find("##");
    return hash == std::string_view::npos ? label : label.substr(0, hash);
}

void record_clickable(std::string_view label, ImVec2 min, ImVec2 max, bool enabled)
{
    if (!clip(min, max)) return;
    g_record.clickables.push_back({std::string(visible_label(label)), min, max, enabled});
}

void record_text(std::string_view text, ImVec2 min, ImVec2 max)
{
    bool whole = false;
    if (text.empty() || !clip(min, max, &whole)) return;
    g_record.texts.push_back({std::string(text), min, max, whole});
}

void check_glyphs(const ImFont* font, std::string_view text)
{
    const char* s = text.data();
    const char* end = s + text.size();
    while (s < end) {
        unsigned int c = 0;
        int n = ImTextCharFromUtf8(&c, s, end);
        if (n <= 0) break;
        s += n;
        if (c < 0x20) continue; // line breaks and tabs are layout, not glyphs
        if (c > 0xFFFF || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
            const bool known = std::any_of(g_record.missing_glyphs.begin(), g_record.missing_glyphs.end(),
                                           [&](const MissingGlyph& m) { return m.codepoint == c; });
            if (!known) g_record.missing_glyphs.push_back({c, std::string(text)});
        }
    }
}

} // namespace sk::ui
