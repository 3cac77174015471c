// What the font tests check: every string the exhibit kiosk shows, and which of a string's characters a font
// would draw with its fallback glyph.
#pragma once

#include "kiosk/ui/fonts.hpp"

#include <imgui.h>

#include <string>
#include <vector>

namespace sk::test {

// Every string the exhibit kiosk shows: the demo cases (demo_content.hpp) and the UI strings of every language.
ui::GlyphText all_exhibit_kiosk_text();

// The code points of `strings` (control characters aside) that `font` has no glyph for.
std::vector<unsigned> missing_glyphs(const ImFont* font, const std::vector<std::string>& strings);

} // namespace sk::test
