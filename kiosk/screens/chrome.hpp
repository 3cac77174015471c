// Pieces the exhibit screens share: their top bar and the casualty line of a case.
#pragma once

#include "content/model.hpp"
#include "kiosk/app/screen.hpp"

#include <string>
#include <string_view>

namespace sk::kiosk {

// The top bar with back, the title, the text-size switch and home; raises "back" and "home" itself.
void exhibit_top_bar(ScreenContext& ctx, std::string_view title, bool with_back = true);

// "死亡 3 人  受伤 2 人", or "无人员伤亡".
std::string casualties(const Strings& tr, const content::Exhibit& e);

// The language switch: 简体 / 繁體 / English side by side at the cursor, each `height` tall, the visitor's language
// on (a tick and a thick frame, not colour alone); a tap switches the kiosk's language (ScreenContext::set_language).
void language_row(ScreenContext& ctx, float height);
float language_row_width(const Strings& tr);

// Portrait screens stack what landscape screens put side by side.
bool portrait();

} // namespace sk::kiosk
