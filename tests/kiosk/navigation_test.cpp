// The screen table and the flow between screens.
#include "kiosk/app/navigator.hpp"
#include "kiosk/screens/registry.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace sk;
using kiosk::Role;

namespace {
// A screen that remembers how it was entered.
struct Probe final : kiosk::Screen {
    std::vector<std::pair<std::string, bool>> entries;
    void enter(const std::string& arg, bool back) override { entries.emplace_back(arg, back); }
    void draw(kiosk::ScreenContext&) override {}
};
} // namespace

TEST_CASE("every flow edge of every role leads to a screen of that role and every screen name is unique")
{
    std::set<std::string> names;
    for (const auto& e : kiosk::screen_table()) CHECK_MESSAGE(names.insert(e.name).second, "duplicate " << e.name);
    for (Role role : {Role::Exam, Role::Training, Role::Exhibit}) {
        const std::string start = kiosk::start_screen(role);
        if (start.empty()) continue; // no screens for this role yet
        std::map<std::string, kiosk::Screen*> screens;
        Probe probe;
        for (const auto* e : kiosk::role_screens(role)) screens[e->name] = &probe;
        CHECK_NOTHROW(kiosk::Navigator(screens, kiosk::role_flow(role), start));
    }
    CHECK(kiosk::start_screen(Role::Exhibit) == "attract");
}

TEST_CASE("the proctor's panel is a screen of the exam kiosk only: the administrator gate leads there on no other")
{
    for (Role role : {Role::Exam, Role::Training, Role::Exhibit}) {
        CAPTURE(kiosk::to_string(role));
        bool has_proctor = false, has_gate = false;
        std::map<std::string, kiosk::Screen*> screens;
        Probe probe;
        for (const auto* e : kiosk::role_screens(role)) {
            has_proctor = has_proctor || e->name == "proctor";
            has_gate = has_gate || e->name == "admin-pin";
            screens[e->name] = &probe;
        }
        CHECK(has_gate); // every role has the administrator gate
        CHECK(has_proctor == (role == Role::Exam));
        const kiosk::Navigator nav(screens, kiosk::role_flow(role), kiosk::start_screen(role));
        CHECK(nav.target("admin-pin", "proctor") == (role == Role::Exam ? "proctor" : ""));
        CHECK(nav.target("admin-pin", "ok") == "admin");
    }
}

TEST_CASE("the navigator follows events and goes back with the argument it had and unwinds instead of looping")
{
    Probe a, b, c;
    std::vector<kiosk::FlowEdge> flow{{"a", "next", "b"}, {"b", "next", "c"}, {"c", "back", "<back>"},
                                      {"b", "back", "<back>"}, {"c", "again", "b"}, {"*", "home", "<start>"}};
    kiosk::Navigator nav({{"a", &a}, {"b", &b}, {"c", &c}}, flow, "a");
    nav.reset();
    CHECK(nav.at_start());
    nav.follow("next", "fire");
    nav.follow("next", "fire-01");
    CHECK(nav.current() == "c");
    nav.follow("back", "");
    CHECK(nav.current() == "b");
    REQUIRE(b.entries.size() == 2);
    CHECK(b.entries[1] == std::pair<std::string, bool>{"fire", true});
    nav.follow("next", "fire-02");
    nav.follow("again", "construction");
    CHECK(nav.current() == "b");
    nav.follow("back", "");
    CHECK(nav.current() == "a"); // "again" unwound to b instead of stacking c on top
    nav.follow("next", "x");
    nav.follow("home", "");
    CHECK(nav.at_start());
    try {
        nav.follow("missing", "");
        FAIL("followed an edge that does not exist");
    } catch (const std::logic_error& e) {
        CHECK(std::string(e.what()) == "screen 'a' raised 'missing', which leads nowhere");
    }
    CHECK_THROWS_AS(kiosk::Navigator({{"a", &a}}, {{"a", "next", "nowhere"}}, "a"), std::invalid_argument);
}

TEST_CASE("every role starts on its own start screen")
{
    test::TempDir dir;
    test::write_file(dir / "none.txt", "expect-screen train-signin\n");
    auto r = test::run_kiosk({"--db", (dir / "k.db").string(), "--role", "training", "--headless", "--script",
                              (dir / "none.txt").string()});
    INFO(r.err);
    CHECK(r.code == 0);
    test::write_file(dir / "exam.txt", "expect-screen exam-attract\n");
    r = test::run_kiosk({"--db", (dir / "k.db").string(), "--role", "exam", "--headless", "--script",
                         (dir / "exam.txt").string()});
    INFO(r.err);
    CHECK(r.code == 0);
}
