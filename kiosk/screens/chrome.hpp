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

// Portrait screens stack what landscape screens put side by side.
bool portrait();

} // namespace sk::kiosk
