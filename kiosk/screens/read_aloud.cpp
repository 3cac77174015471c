#include "kiosk/screens/read_aloud.hpp"

#include "kiosk/app/speaker.hpp"
#include "kiosk/ui/text.hpp"
#include "kiosk/ui/widgets.hpp"

#include <algorithm>

namespace sk::kiosk {

namespace {
std::string label(ScreenContext& ctx, bool speaking)
{
    return ctx.tr()(speaking ? Key::read_aloud_stop : Key::read_aloud) + "##read-aloud";
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

float read_aloud_button_width(ScreenContext& ctx, float height)
{
    return std::max(ui::speak_button_width(label(ctx, false).c_str(), height),
                    ui::speak_button_width(label(ctx, true).c_str(), height));
}

void read_aloud_button(ScreenContext& ctx, const std::string& key, const std::vector<ReadAloudText>& texts,
                       float height)
{
    Speaker* s = ctx.speaker();
    if (!s) return;
    s->seen(key);
    const bool speaking = s->active(key);
    if (ui::speak_button(label(ctx, speaking).c_str(), read_aloud_button_width(ctx, height), height, speaking)) {
        std::vector<speech::Segment> segments;
        for (const auto& t : texts)
            if (t.text) segments.push_back({t.letter, *t.text});
        s->toggle(key, std::move(segments));
    }
}

} // namespace sk::kiosk
