#include "kiosk/screens/chrome.hpp"

#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets.hpp"

#include <imgui.h>

namespace sk::kiosk {

void exhibit_top_bar(ScreenContext& ctx, std::string_view title, bool with_back)
{
    const Strings& tr = ctx.tr();
    ui::TopBar bar;
    bar.back = with_back ? tr(Key::nav_back).c_str() : nullptr;
    bar.title = title;
    bar.text_size = tr(Key::nav_text_size).c_str();
    bar.text_size_on = ctx.large_text();
    bar.contrast = tr(Key::nav_contrast).c_str();
    bar.contrast_on = ctx.high_contrast();
    bar.home = tr(Key::nav_home).c_str();
    switch (ui::top_bar(bar)) {
    case ui::TopBarAction::Back: ctx.go("back"); break;
    case ui::TopBarAction::Home: ctx.go("home"); break;
    case ui::TopBarAction::TextSize: ctx.set_large_text(!ctx.large_text()); break;
    case ui::TopBarAction::Contrast: ctx.set_high_contrast(!ctx.high_contrast()); break;
    case ui::TopBarAction::None: break;
    }
}

std::string casualties(const Strings& tr, const content::Exhibit& e)
{
    if (e.deaths == 0 && e.injuries == 0) return tr(Key::case_no_casualties);
    std::string s;
    if (e.deaths > 0) s = tr.format(Key::case_deaths, {std::to_string(e.deaths)});
    if (e.injuries > 0) s += (s.empty() ? "" : "  ") + tr.format(Key::case_injuries, {std::to_string(e.injuries)});
    return s;
}

namespace {
struct LanguageButton {
    const char* language;
    Key label;
};
constexpr LanguageButton kLanguageButtons[] = {
    {"zh-CN", Key::lang_simplified}, {"zh-HK", Key::lang_traditional}, {"en", Key::lang_english}};
} // namespace

float language_row_width(const Strings& tr)
{
    // The labels are the same in every language (each names itself), so the row keeps its width on a switch.
    float w = 0;
    for (const auto& b : kLanguageButtons) w += ui::toggle_button_width(tr(b.label).c_str());
    return w + ui::em() * 0.5f * 2;
}

void language_row(ScreenContext& ctx, float height)
{
    const Strings& tr = ctx.tr();
    bool first = true;
    for (const auto& b : kLanguageButtons) {
        if (!first) ImGui::SameLine(0, ui::em() * 0.5f);
        first = false;
        const std::string id = tr(b.label) + "##language";
        if (ui::toggle_button(id.c_str(), ui::toggle_button_width(tr(b.label).c_str()), height,
                              ctx.language() == b.language))
            ctx.set_language(b.language);
    }
}

bool portrait()
{
    const ImVec2 size = ImGui::GetMainViewport()->Size;
    return size.y > size.x;
}

} // namespace sk::kiosk
