#include "tests/kiosk/glyph_check.hpp"

#include "kiosk/app/i18n.hpp"
#include "kiosk/screens/exhibit_library.hpp"
#include "tests/kiosk/demo_content.hpp"

#include <imgui_internal.h>

namespace sk::test {

ui::GlyphText all_exhibit_kiosk_text()
{
    ui::GlyphText g;
    kiosk::ExhibitLibrary lib(demo_exhibits());
    lib.collect_text(g.all, g.large);
    for (const auto& lang : kiosk::languages()) {
        const auto s = kiosk::Strings::load(lang);
        g.display.insert(g.display.end(), s.all().begin(), s.all().end());
    }
    return g;
}

std::vector<unsigned> missing_glyphs(const ImFont* font, const std::vector<std::string>& strings)
{
    std::vector<unsigned> out;
    for (const auto& s : strings) {
        const char* p = s.c_str();
        const char* end = p + s.size();
        while (p < end) {
            unsigned c = 0;
            p += ImTextCharFromUtf8(&c, p, end);
            if (c >= 0x20 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) out.push_back(c);
        }
    }
    return out;
}

} // namespace sk::test
