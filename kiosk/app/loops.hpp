// The two ways the kiosk runs: in a window on a display, or headless from a script.
#pragma once

#include "kiosk/app/options.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/ui/fonts.hpp"

#include <filesystem>
#include <optional>

namespace sk::kiosk {

class SystemClock;
class VirtualClock;

// Full screen (or a window of `size`), borderless, software rendered into the window surface. Returns when the
// administrator quits from the admin screen.
int run_window(Services& services, const ui::FontFile& font, std::optional<Size> size);

// Runs a headless script (docs/headless-script.md) at `size` (default 1920×1080) with the virtual clock of
// `services`, writing screenshots into `screenshots`.
int run_headless(Services& services, VirtualClock& clock, const ui::FontFile& font, Size size,
                 const std::filesystem::path& script, const std::filesystem::path& screenshots);

} // namespace sk::kiosk
