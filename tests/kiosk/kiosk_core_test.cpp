// The kiosk runner driven directly: the text-size switch and when frames are drawn.
#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "kiosk/app/kiosk.hpp"
#include "kiosk/screens/exhibit_library.hpp"
#include "tests/kiosk/demo_content.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

using namespace sk;

namespace {
struct Harness {
    test::TempDir dir;
    storage::Database db;
    content::ContentStore content;
    content::VisitStore visits;
    kiosk::KioskConfig config;
    kiosk::Strings strings = kiosk::Strings::load("zh-CN");
    kiosk::VirtualClock clock;
    kiosk::AdminGate gate{"", clock};
    kiosk::ExhibitLibrary library;
    kiosk::Services services;
    ui::FontFile font = ui::FontFile::load("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    std::unique_ptr<kiosk::Kiosk> kiosk;

    static storage::Database open(const std::filesystem::path& p)
    {
        test::build_demo_database(p);
        return storage::open(p, {&content::schema(), &content::visits_schema()});
    }
    Harness()
        : db(open(dir / "k.db")), content(db), visits(db), library(content.exhibits()),
          services{config, strings, dir / "k.db", content, visits, gate, clock, &library}
    {
        kiosk = std::make_unique<kiosk::Kiosk>(services, renderer, ImVec2(1920, 1080), font, nullptr);
    }
    ~Harness()
    {
        kiosk.reset();
        SDL_DestroyRenderer(renderer);
        SDL_FreeSurface(surface);
    }
    // Draws until the kiosk wants no more frames; returns how many it drew.
    int settle()
    {
        int n = 0;
        for (kiosk->update(); kiosk->wants_frame() && n < 100; kiosk->update()) {
            kiosk->frame();
            clock.advance(16);
            ++n;
        }
        return n;
    }
    void tap(const std::string& label)
    {
        const ui::Clickable* c = kiosk->record().find_clickable(label);
        REQUIRE_MESSAGE(c, "no " << label);
        const ImVec2 p = c->center();
        SDL_Event e{};
        e.type = SDL_MOUSEBUTTONDOWN;
        e.button = {SDL_MOUSEBUTTONDOWN, 0, 0, SDL_TOUCH_MOUSEID, SDL_BUTTON_LEFT, SDL_PRESSED, 1, 0, int(p.x), int(p.y)};
        kiosk->handle_event(e);
        e.type = SDL_MOUSEBUTTONUP;
        e.button.type = SDL_MOUSEBUTTONUP;
        e.button.state = SDL_RELEASED;
        kiosk->handle_event(e);
        settle();
    }
};
} // namespace

TEST_CASE("the body text is a thirtieth of the short side and the text-size switch makes it a quarter larger until the attract screen")
{
    Harness h;
    h.settle();
    CHECK(h.kiosk->font_px() == 36);
    h.tap("触摸屏幕开始");
    REQUIRE(h.kiosk->screen_name() == "browse");
    const float before = h.kiosk->record().find_clickable("全部案例")->max.y - h.kiosk->record().find_clickable("全部案例")->min.y;
    h.tap("大字");
    CHECK(h.kiosk->font_px() == 45);
    const float after = h.kiosk->record().find_clickable("全部案例")->max.y - h.kiosk->record().find_clickable("全部案例")->min.y;
    CHECK(after == doctest::Approx(before * 1.25f).epsilon(0.02));
    h.clock.advance(90 * 1000);
    h.settle();
    CHECK(h.kiosk->screen_name() == "attract");
    CHECK(h.kiosk->font_px() == 36);
    // The home button also gives the next visitor the normal size.
    h.tap("触摸屏幕开始");
    h.tap("大字");
    CHECK(h.kiosk->font_px() == 45);
    h.tap("首页");
    CHECK(h.kiosk->screen_name() == "attract");
    CHECK(h.kiosk->font_px() == 36);
}

TEST_CASE("an idle attract screen draws nothing until its timer and then only a few frames")
{
    Harness h;
    h.settle();
    REQUIRE(h.kiosk->screen_name() == "attract");
    CHECK(!h.kiosk->wants_frame());
    const auto next = h.kiosk->next_deadline();
    REQUIRE(next);
    // The next slide is due 8 s after the first frame; until then no frame is needed.
    CHECK(*next - h.clock.now_ms() > 7000);
    CHECK(*next - h.clock.now_ms() <= 8000);
    h.clock.set(*next - 1);
    h.kiosk->update();
    CHECK(!h.kiosk->wants_frame());
    h.clock.set(*next);
    const int frames = h.settle();
    CHECK(frames >= 1);
    CHECK(frames <= 4);
}

TEST_CASE("after wrong PINs the PIN pad's wait counts down second by second, each number shown the moment it is due")
{
    Harness h;
    h.settle();
    // Draws and waits for the PIN check (Argon2id, real time on a worker thread) until the kiosk is idle.
    const auto settle_checks = [&] {
        for (int i = 0; i < 5000; ++i) {
            h.settle();
            if (!h.kiosk->busy()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            SDL_Event wake{};
            wake.type = SDL_USEREVENT;
            h.kiosk->handle_event(wake);
        }
        FAIL("the PIN check did not finish");
    };
    // The administrator's corner: a finger held 3 s in the top-left corner.
    SDL_Event down{};
    down.type = SDL_MOUSEBUTTONDOWN;
    down.button = {SDL_MOUSEBUTTONDOWN, 0, 0, SDL_TOUCH_MOUSEID, SDL_BUTTON_LEFT, SDL_PRESSED, 1, 0, 5, 5};
    h.kiosk->handle_event(down);
    h.settle();
    h.clock.advance(kiosk::kAdminHoldMs);
    h.settle();
    SDL_Event up = down;
    up.type = up.button.type = SDL_MOUSEBUTTONUP;
    up.button.state = SDL_RELEASED;
    h.kiosk->handle_event(up);
    h.settle();
    REQUIRE(h.kiosk->screen_name() == "admin-pin");
    // Three wrong PINs, the last two after their waits: the third makes the wait 4 s.
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (h.gate.locked_until() > h.clock.now_ms()) h.clock.set(h.gate.locked_until());
        // An odd moment within the second, so that the seconds shown do not change on whole seconds of the clock.
        h.clock.advance(337);
        h.settle();
        for (const char* key : {"1", "1", "1", "1", "确定"}) h.tap(key);
        settle_checks();
        REQUIRE(h.gate.failures() == attempt + 1);
    }
    const std::int64_t until = h.gate.locked_until();
    REQUIRE(until - h.clock.now_ms() > 3000);
    REQUIRE(until - h.clock.now_ms() <= 4000);
    // The loop sleeps until the kiosk's next deadline; at every one the text must be what the clock says, and no
    // deadline may be later than the moment the number changes.
    const auto shown = [&] {
        for (const auto& t : h.kiosk->record().texts)
            if (t.text.find("请等待") != std::string::npos) return t.text;
        return std::string("(no wait shown)");
    };
    std::vector<std::string> seen;
    while (h.clock.now_ms() < until) {
        const std::int64_t now = h.clock.now_ms();
        const auto next = h.kiosk->next_deadline();
        REQUIRE(next);
        const std::int64_t left = until - now;
        const std::int64_t due = now + (left % 1000 == 0 ? 1000 : left % 1000); // when the number changes
        CHECK(*next <= due);
        h.clock.set(*next);
        h.settle();
        const std::int64_t secs = (until - h.clock.now_ms() + 999) / 1000;
        if (secs > 0) {
            const std::string want = "请等待 " + std::to_string(secs) + " 秒后重试";
            CHECK(shown().find(want) != std::string::npos);
            if (seen.empty() || seen.back() != want) seen.push_back(want);
        }
    }
    // 3, 2, 1 (4 was shown when the wait began), then the keypad takes digits again.
    CHECK(seen.size() >= 3);
    CHECK(shown() == "(no wait shown)");
    CHECK(h.kiosk->record().find_clickable("1") != nullptr);
}
