// The one table of screens, the flow between them, and where each role starts.
#pragma once

#include "kiosk/app/screen.hpp"

#include <string>
#include <vector>

namespace sk::kiosk {

const std::vector<ScreenEntry>& screen_table();
const std::vector<FlowEdge>& flow_table();
const std::vector<RoleStart>& role_starts();

// The start screen of `role`, "" when this build has no screens for it.
std::string start_screen(Role role);

// The role's content strings, for the font glyphs (`large`: also shown in big type).
void collect_role_text(Services& services, std::vector<std::string>& all, std::vector<std::string>& large);

} // namespace sk::kiosk
