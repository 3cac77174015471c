// The one table of screens, the flow between them, and where each role starts.
#pragma once

#include "kiosk/app/screen.hpp"

#include <string>
#include <vector>

namespace sk::kiosk {

const std::vector<ScreenEntry>& screen_table();
const std::vector<FlowEdge>& flow_table();
const std::vector<RoleStart>& role_starts();

// Whether `entry` is a screen of `role` (an entry without roles belongs to every role).
bool has_screen(const ScreenEntry& entry, Role role);
// The screens of `role`, in table order.
std::vector<const ScreenEntry*> role_screens(Role role);
// The flow edges of `role`: those that neither start nor end on a screen of another role.
std::vector<FlowEdge> role_flow(Role role);

// The start screen of `role`, "" when this build has no screens for it.
std::string start_screen(Role role);

// The role's content strings, for the font glyphs (`large`: also shown in big type).
void collect_role_text(Services& services, std::vector<std::string>& all, std::vector<std::string>& large);

} // namespace sk::kiosk
