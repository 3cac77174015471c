// The kiosk configuration file, the command line and the default paths.
#include "kiosk/app/config.hpp"
#include "kiosk/app/options.hpp"
#include "kiosk/app/paths.hpp"
#include "content/installation.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace sk;

namespace {
std::string error_of(const std::string& text)
{
    try {
        kiosk::parse_config(text, "kiosk.json");
    } catch (const kiosk::ConfigError& e) {
        return e.what();
    }
    return {};
}
} // namespace

TEST_CASE("a configuration sets what it names and keeps the defaults for the rest")
{
    auto c = kiosk::parse_config(R"({"role": "training", "idle_timeout_s": 120, "title": "某市安全生产警示教育基地"})",
                                 "kiosk.json");
    CHECK(c.role == kiosk::Role::Training);
    CHECK(c.idle_timeout_s == 120);
    CHECK(c.title == "某市安全生产警示教育基地");
    CHECK(c.language == "zh-CN");
    CHECK(c.attract_interval_s == 8);
    CHECK(c.admin_pin_hash.empty());
    const auto d = kiosk::parse_config("{}", "kiosk.json");
    CHECK(d.role == kiosk::Role::Exhibit);
    CHECK(d.idle_timeout_s == 90);
    CHECK(d.font == "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
}

TEST_CASE("configuration errors name the file and line and what is wrong")
{
    CHECK(error_of("{\n  \"role\": \"exhibit\",\n  \"idle_timeout\": 30\n}") ==
          "kiosk.json:3: \"idle_timeout\" is not a configuration key (known: role, language, admin_pin_hash, "
          "idle_timeout_s, attract_interval_s, font, title, show_cursor, kiosk_id, room, database, speech_volume, "
          "speech_rate, pronunciations, centre)");
    CHECK(error_of("{\"pronunciations\": \"\"}").find("\"pronunciations\" must name a pronunciation list file") !=
          std::string::npos);
    CHECK(error_of("{\"speech_volume\": 150}").find("\"speech_volume\" must be a whole number of percent from 0") !=
          std::string::npos);
    CHECK(error_of("{\"speech_rate\": \"fast\"}").find("\"speech_rate\" must be a whole number of words per minute") !=
          std::string::npos);
    CHECK(kiosk::parse_config("{\"speech_volume\": 0, \"speech_rate\": 120}", "k.json").speech_volume == 0);
    CHECK(error_of("{\"kiosk_id\": \"\"}").find("\"kiosk_id\" must be 1 to 16 letters, digits") != std::string::npos);
    CHECK(error_of("{\"kiosk_id\": \"A 01\"}").find("\"kiosk_id\" must be 1 to 16 letters, digits") != std::string::npos);
    CHECK(error_of("{\"room\": \" \"}").find("\"room\" must name the exam room") != std::string::npos);
    CHECK(kiosk::parse_config("{\"role\": \"exam\", \"kiosk_id\": \"B07\", \"room\": \"第二考场\"}", "k.json").kiosk_id == "B07");
    CHECK(error_of("{\n\"role\": \"museum\"}").find("kiosk.json:2: \"role\" must be \"exam\", \"training\" or "
                                                    "\"exhibit\"") == 0);
    CHECK(error_of("{\"idle_timeout_s\": 5}").find("from 10 to 3600") != std::string::npos);
    CHECK(error_of("{\"idle_timeout_s\": \"90\"}").find("whole number of seconds") != std::string::npos);
    CHECK(error_of("{\"admin_pin_hash\": \"1234\"}").find("Argon2id") != std::string::npos);
    CHECK(error_of("{\"show_cursor\": 1}").find("true or false") != std::string::npos);
    CHECK(error_of("{\"language\": \"de\"}").find("zh-CN") != std::string::npos);
    const auto bad = error_of("{\n  \"role\": \"exhibit\"\n  \"title\": \"x\"\n}");
    CHECK(bad.find("kiosk.json:3:") == 0);
    CHECK(bad.find("not valid JSON") != std::string::npos);
    CHECK(error_of("[1, 2]").find("must be a JSON object") != std::string::npos);
    // Found by the kiosk_config fuzz target: a number beyond a double escaped as nlohmann's out_of_range and
    // stopped the kiosk with an uncaught exception.
    CHECK(error_of("{\"idle_timeout_s\": 2e2222}") == "kiosk.json: not valid JSON: number overflow parsing '2e2222'");
}

TEST_CASE("a configuration file that cannot be read is named")
{
    test::TempDir dir;
    try {
        kiosk::load_config(dir / "missing.json");
        FAIL("read a missing file");
    } catch (const kiosk::ConfigError& e) {
        CHECK(std::string(e.what()).find((dir / "missing.json").string()) != std::string::npos);
    }
}

TEST_CASE("the database defaults to XDG_DATA_HOME and else to ~/.local/share and the configuration sits next to it")
{
    const char* old_xdg = std::getenv("XDG_DATA_HOME");
    const std::string saved = old_xdg ? old_xdg : "";
    setenv("XDG_DATA_HOME", "/srv/data", 1);
    CHECK(content::default_database_path() == "/srv/data/safekiosk/safekiosk.db");
    unsetenv("XDG_DATA_HOME");
    const std::string home = std::getenv("HOME") ? std::getenv("HOME") : ".";
    CHECK(content::default_database_path() == std::filesystem::path(home) / ".local/share/safekiosk/safekiosk.db");
    if (old_xdg) setenv("XDG_DATA_HOME", saved.c_str(), 1);
    CHECK(kiosk::default_config_path("/srv/data/safekiosk/safekiosk.db") == "/srv/data/safekiosk/kiosk.json");
}

TEST_CASE("window sizes are read as WIDTHxHEIGHT within limits")
{
    auto s = kiosk::parse_size("1080x1920");
    REQUIRE(s);
    CHECK(s->width == 1080);
    CHECK(s->height == 1920);
    CHECK(!kiosk::parse_size("1920*1080"));
    CHECK(!kiosk::parse_size("1920x"));
    CHECK(!kiosk::parse_size("100x100"));
    CHECK(!kiosk::parse_size("1920x1080px"));
    CHECK(kiosk::parse_role("exam") == kiosk::Role::Exam);
    CHECK(!kiosk::parse_role("Exhibit"));
}

TEST_CASE("a configuration key given twice is refused, naming the key")
{
    // "role" exam then exhibit: the last one was taken silently.
    CHECK(error_of("{\"role\": \"exam\", \"role\": \"exhibit\"}") ==
          "kiosk.json: \"role\": the key \"role\" appears twice in one object (which one is meant?)");
}

TEST_CASE("a centre kiosk's configuration: a postgresql:// URI with no password in it and a password file of mode 0600")
{
    test::TempDir dir;
    const auto pass = dir / "A01.pgpass";
    test::write_file(pass, "db.centre.local:5432:safekiosk:safekiosk_kiosk_a01:secret\n");
    std::filesystem::permissions(pass, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    const std::string uri = "postgresql://safekiosk_kiosk_a01@db.centre.local:5432/safekiosk?passfile=" + pass.string();
    const auto c = kiosk::parse_config(
        "{\"role\": \"exam\", \"centre\": \"" + uri + "\", \"kiosk_id\": \"A01\", \"room\": \"第一考场\"}", "k.json");
    CHECK(c.centre == uri);
    CHECK(c.kiosk_id == "A01");
    CHECK(kiosk::parse_config("{}", "k.json").centre.empty()); // a single-machine kiosk

    // A password in the URI: refused, and never repeated in the message.
    const auto with_password = error_of("{\n\"centre\": \"postgresql://safekiosk_kiosk_a01:hunter2@db/safekiosk\"}");
    CHECK(with_password.find("kiosk.json:2: \"centre\" cannot be used: safekiosk_kiosk_a01@db/safekiosk: a password in "
                             "the centre's URI is refused") == 0);
    CHECK(with_password.find("hunter2") == std::string::npos);
    // A password file others may read: named, with its mode.
    std::filesystem::permissions(pass, std::filesystem::perms::group_read | std::filesystem::perms::others_read,
                                 std::filesystem::perm_options::add);
    const auto readable = error_of("{\"centre\": \"" + uri + "\"}");
    CHECK(readable.find(pass.string() + ": the centre's password file may be read by others (mode 0644)") !=
          std::string::npos);
    CHECK(readable.find("chmod 600") != std::string::npos);
    // A password file that is not there.
    const auto missing = error_of("{\"centre\": \"postgresql://k@db/safekiosk?passfile=" + (dir / "none").string() + "\"}");
    CHECK(missing.find((dir / "none").string() + ": the centre's password file (for k@db/safekiosk) is missing") !=
          std::string::npos);
    CHECK(error_of("{\"centre\": \"/var/lib/safekiosk/centre.db\"}").find("is not a postgresql:// URI") !=
          std::string::npos);
    CHECK(error_of("{\"centre\": \"postgresql://k@db/safekiosk?nosuchkeyword=1\"}").find("\"centre\" cannot be used") !=
          std::string::npos);
    CHECK(error_of("{\"centre\": \"postgresql://k@db\"}").find("names no database") != std::string::npos);
}
