// The configuration of one kiosk installation (a JSON file, documented in docs/kiosk-config.md).
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sk::kiosk {

// What an installation is for; each role has its own screens (kiosk/screens/registry.cpp).
enum class Role { Exam, Training, Exhibit };

std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

struct KioskConfig {
    Role role = Role::Exhibit;
    std::string language = "zh-CN";
    std::string admin_pin_hash;     // Argon2id (libsodium crypto_pwhash_str); empty: the demo PIN applies
    int idle_timeout_s = 90;        // back to the start screen after this long without a touch
    int attract_interval_s = 8;     // seconds per case on the attract screen
    std::filesystem::path font = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    std::string title;              // heading of the attract screen; empty: the UI default
    bool show_cursor = false;       // a touch kiosk hides the mouse pointer
    std::string kiosk_id = "A01";   // exam role: this kiosk's seat (机位号), as in the session's kiosk list
    std::string room = "第一考场";  // exam role: the exam room this kiosk stands in
    // Exam role in an exam centre (docs/exam-centre.md): the centre's PostgreSQL as this kiosk's login, a
    // postgresql:// URI whose password comes from a 0600 password file (passfile=). Empty: a single-machine kiosk.
    // With it, the kiosk's database is its journal and a thread sends every answer and clock event to the centre.
    std::string centre;
    // The installation database when --db does not name one: a file path or a postgresql:// URI (docs/storage.md).
    std::string database;
    // The read-aloud (朗读): the loudness of the speech, 1-100 % of full scale (0: no 朗读 button, e.g. a kiosk
    // without speakers or headsets), and espeak-ng's speaking rate in words per minute.
    int speech_volume = 80;
    int speech_rate = 150;
    // Words the read-aloud should say otherwise, added to the built-in pronunciation list (content/speech/
    // pronunciation.hpp); empty: the built-in list only.
    std::filesystem::path pronunciations;
};

// A configuration file that cannot be used. what() names the file, the line when known, and the problem.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads a configuration file. Keys not given keep their defaults; an unknown key, a wrong type or an
// out-of-range value is an error.
KioskConfig load_config(const std::filesystem::path& path);
KioskConfig parse_config(std::string_view json_text, const std::string& source);

} // namespace sk::kiosk
