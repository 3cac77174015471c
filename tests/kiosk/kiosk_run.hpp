// Runs safekiosk in this process (kiosk::run is the program's main) and captures what it prints.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sk::test {

struct KioskRun {
    int code = 0;
    std::string out;
    std::string err;
};

KioskRun run_kiosk(const std::vector<std::string>& args);

// Writes `script` to `dir`/name and runs it headless against `db` at `size`, screenshots into `dir`/shots.
KioskRun run_script(const std::filesystem::path& dir, const std::filesystem::path& db, const std::string& script,
                    const std::string& size = "1920x1080", const std::string& name = "script.txt",
                    const std::vector<std::string>& extra = {});

} // namespace sk::test
