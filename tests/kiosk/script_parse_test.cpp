// Headless scripts are parsed whole before anything runs (kiosk/app/script.cpp). The inputs here are the ones the
// headless_script fuzz target turned up or was seeded with for the limits (tests/fuzz/corpus/headless_script/).
#include "kiosk/app/headless.hpp"

#include <doctest/doctest.h>

using namespace sk;

namespace {
std::string error_of(const std::string& text)
{
    try {
        kiosk::parse_script(text, "s.txt");
    } catch (const kiosk::ScriptError& e) {
        return e.what();
    }
    return {};
}
} // namespace

TEST_CASE("script positions, durations and counts are read within what a screen and the clock can take")
{
    const auto s = kiosk::parse_script("tap 960 540.5\nhold 0.3% 0.3% 3s\n\n# note\nwait 500ms\nwait 90s\nwait 250\n"
                                       "measure-frames 99999\n",
                                       "s.txt");
    REQUIRE(s.commands.size() == 6);
    CHECK(s.commands[0].coords[1].value == doctest::Approx(540.5));
    CHECK(s.commands[1].coords[0].percent);
    CHECK(s.commands[1].ms == 3000);
    CHECK(s.commands[2].line == 5);
    CHECK(s.commands[2].ms == 500);
    CHECK(s.commands[3].ms == 90000);
    CHECK(s.commands[4].ms == 250);
    CHECK(s.commands[5].count == 99999);
    CHECK(kiosk::parse_script("wait 86400s\n", "s.txt").commands[0].ms == kiosk::kMaxScriptMs);
}

TEST_CASE("a script with a position off any screen or a wait beyond a day is refused naming the line")
{
    // Once these escaped as std::out_of_range (std::stof, std::stoll) or overflowed the clock (seconds × 1000).
    CHECK(error_of("tap 1 1\ntap 99999999999999999999999999999999999999999 1\n") ==
          "s.txt:2: tap: '99999999999999999999999999999999999999999' is off any screen");
    CHECK(error_of("tap 100001 1") == "s.txt:1: tap: '100001' is off any screen (at most 100000 pixels)");
    CHECK(error_of("wait 9223372036854775807s") == "s.txt:1: wait: '9223372036854775807s' is longer than a day (86400s)");
    CHECK(error_of("hold 1 1 99999999999999999999").find("s.txt:1: hold: '99999999999999999999' is longer than a day") == 0);
    CHECK(error_of("wait 86401s").find("longer than a day") != std::string::npos);
    CHECK(error_of("tap 100.5% 1") == "s.txt:1: tap: '100.5%' is more than 100%");
    CHECK(error_of("tap 1e3 1").find("is not a position") != std::string::npos);
    CHECK(error_of("tap .5 1").find("is not a position") != std::string::npos);
    CHECK(error_of("tap 5. 1").find("is not a position") != std::string::npos);
    CHECK(error_of("wait ms").find("is not a duration") != std::string::npos);
    CHECK(error_of("wait -5").find("is not a duration") != std::string::npos);
    CHECK(error_of("measure-frames 0").find("from 1 to 99999") != std::string::npos);
    CHECK(error_of("measure-frames 100000").find("from 1 to 99999") != std::string::npos);
    CHECK(error_of("screenshot ../x").find("must be letters") != std::string::npos);
    // A long argument is a plain error, not a deep recursion (std::regex recursed once per character).
    CHECK(error_of("screenshot " + std::string(200000, 'a') + "/").find("must be letters") != std::string::npos);
}

TEST_CASE("scroll takes a position and whole wheel notches either way, and refuses 0, fractions and more than 100")
{
    const auto s = kiosk::parse_script("scroll 50% 540 -60\nscroll 10 10 3\n", "s.txt");
    REQUIRE(s.commands.size() == 2);
    CHECK(s.commands[0].coords[0].percent);
    CHECK(s.commands[0].count == -60);
    CHECK(s.commands[1].count == 3);
    CHECK(error_of("scroll 1 1 0") ==
          "s.txt:1: scroll: '0' is not a number of wheel notches from -100 to 100 (not 0)");
    CHECK(error_of("scroll 1 1 101").find("from -100 to 100") != std::string::npos);
    CHECK(error_of("scroll 1 1 -1.5").find("from -100 to 100") != std::string::npos);
    CHECK(error_of("scroll 1 1 --2").find("from -100 to 100") != std::string::npos);
    CHECK(error_of("scroll 1 1 -").find("from -100 to 100") != std::string::npos);
    CHECK(error_of("scroll 1 1") == "s.txt:1: expected scroll X Y NOTCHES");
    CHECK(error_of("scroll -1 1 2").find("is not a position") != std::string::npos);
}

TEST_CASE("wall-clock takes a signed shift of hours or a duration, at most a day")
{
    const auto s = kiosk::parse_script("wall-clock +2h\nwall-clock -2h\nwall-clock +90s\nwall-clock -500ms\nwall-clock +24h\n",
                                       "s.txt");
    REQUIRE(s.commands.size() == 5);
    CHECK(s.commands[0].ms == 2 * 3600 * 1000);
    CHECK(s.commands[1].ms == -2 * 3600 * 1000);
    CHECK(s.commands[2].ms == 90000);
    CHECK(s.commands[3].ms == -500);
    CHECK(s.commands[4].ms == kiosk::kMaxScriptMs);
    CHECK(error_of("wall-clock 2h") ==
          "s.txt:1: wall-clock: '2h' is not a signed shift (like +2h, -2h, +90s or -500ms)");
    CHECK(error_of("wall-clock +25h").find("at most a day") != std::string::npos);
    CHECK(error_of("wall-clock -99999999999999999999h").find("at most a day") != std::string::npos);
    CHECK(error_of("wall-clock +h").find("is not a duration") != std::string::npos);
    CHECK(error_of("wall-clock -1.5h").find("at most a day") != std::string::npos);
    CHECK(error_of("wall-clock +86401s").find("longer than a day") != std::string::npos);
    CHECK(error_of("wall-clock") == "s.txt:1: expected wall-clock +DURATION or -DURATION (e.g. +2h, -90s)");
}
