#include "kiosk/screens/read_aloud.hpp"

#include "kiosk/app/speaker.hpp"
#include "kiosk/ui/frame_record.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <algorithm>

namespace sk::kiosk {

namespace {
std::string label(ScreenContext& ctx, bool speaking)
{
    return ctx.tr()(speaking ? Key::read_aloud_stop : Key::read_aloud) + "##read-aloud";
}

// The volume buttons are square, each with a sign drawn as bars (－ / ＋ of the same size: the header rows have no
// room for words); they are named 音量－ / 音量＋ (read.volume_down / read.volume_up) for the frame record and scripts.
bool volume_button(ScreenContext& ctx, bool up, float height, bool enabled)
{
    const std::string label = ctx.tr()(up ? Key::read_volume_up : Key::read_volume_down) +
                              (up ? "##volume-up" : "##volume-down");
    return ui::sign_button(label.c_str(), height, up, enabled);
}

// The level between 音量－ and 音量＋: kVolumeLevels bars rising left to right, those up to the level filled,
// the others outlined (the level is read from the shape, not from a colour).
float level_width(float height) { return height * 0.9f; }

void draw_level(ImVec2 at, float height, int level)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int n = Speaker::kVolumeLevels;
    const float w = level_width(height);
    const float gap = w * 0.06f;
    const float bar = (w - gap * float(n - 1)) / float(n);
    const float bottom = at.y + height * 0.8f;
    const float thick = std::max(2.0f, height * 0.04f);
    for (int i = 0; i < n; ++i) {
        const float h = height * 0.6f * float(i + 1) / float(n);
        const ImVec2 a{at.x + float(i) * (bar + gap), bottom - h};
        const ImVec2 b{a.x + bar, bottom};
        if (i < level) dl->AddRectFilled(a, b, ui::colour::text);
        else dl->AddRect(a, b, ui::colour::text_dim, 0, 0, thick);
    }
}
} // namespace

bool read_aloud_available(ScreenContext& ctx) { return ctx.speaker() != nullptr; }

void mark_reading(ScreenContext& ctx, const std::string& key, const std::vector<ReadAloudText>& texts)
{
    Speaker* s = ctx.speaker();
    if (!s) return;
    s->seen(key);
    const auto h = s->highlight(key);
    if (!h || h->segment >= texts.size() || !texts[h->segment].text) return;
    const std::string& t = *texts[h->segment].text;
    ui::set_reading_mark({t.data(), t.size(), h->begin, h->end, h->prefix});
}

namespace {
float speak_width(ScreenContext& ctx, float height)
{
    return std::max(ui::speak_button_width(label(ctx, false).c_str(), height),
                    ui::speak_button_width(label(ctx, true).c_str(), height));
}
float gap() { return ui::em() * 0.4f; }
} // namespace

float read_aloud_button_width(ScreenContext& ctx, float height, float room)
{
    const float whole = speak_width(ctx, height) + gap() + height + gap() + level_width(height) + gap() + height;
    return whole <= room ? whole : speak_width(ctx, height);
}

bool read_aloud_button(ScreenContext& ctx, const std::string& key, const std::vector<ReadAloudText>& texts,
                       float height, float room)
{
    Speaker* s = ctx.speaker();
    if (!s) return false;
    s->seen(key);
    const bool speaking = s->active(key);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float speak = speak_width(ctx, height);
    bool started = false;
    if (ui::speak_button(label(ctx, speaking).c_str(), speak, height, speaking)) {
        std::vector<speech::Segment> segments;
        for (const auto& t : texts)
            if (t.text) segments.push_back({t.letter, *t.text});
        s->toggle(key, std::move(segments));
        started = !speaking;
    }
    if (read_aloud_button_width(ctx, height, room) <= speak) return started;
    // 音量－ [level] 音量＋ after it: the visitor's volume, within the kiosk's (Speaker::set_volume_level).
    const int level = s->volume_level();
    float x = at.x + speak + gap();
    ImGui::SetCursorScreenPos({x, at.y});
    if (volume_button(ctx, false, height, level > 1)) s->set_volume_level(level - 1);
    x += height + gap();
    draw_level({x, at.y}, height, s->volume_level());
    x += level_width(height) + gap();
    ImGui::SetCursorScreenPos({x, at.y});
    if (volume_button(ctx, true, height, level < Speaker::kVolumeLevels)) s->set_volume_level(level + 1);
    return started;
}

float read_aloud_row(ScreenContext& ctx, const std::string& key, const std::vector<ReadAloudText>& texts, ImVec2 line,
                     float column, float used, float used_bottom, float height)
{
    if (!read_aloud_available(ctx)) return used_bottom;
    const float e = ui::em();
    const float whole = read_aloud_button_width(ctx, height);
    const bool beside = used + e * 0.8f + whole <= line.x + column;
    const float y = beside ? line.y : used_bottom + e * 0.3f;
    ImGui::SetCursorScreenPos({line.x + column - whole, y});
    read_aloud_button(ctx, key, texts, height);
    return y + height;
}

} // namespace sk::kiosk
