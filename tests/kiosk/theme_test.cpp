// Touch targets and the high-contrast theme: the style the kiosk sets up, the contrast of every text/background
// pair of the palettes, the switch on screen, and every widget's size on the main screens.
#include "kiosk/ui/theme.hpp"
#include "tests/kiosk/demo_content.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <stb_image.h>

#include <string>

using namespace sk;

TEST_CASE("the kiosk's style gives scrollbars and sliders touch targets of at least 44 px")
{
    // The kiosk's body font is a 30th of the screen's shorter side: 36 px on 1920x1080 and 1080x1920, 45 px with
    // 大字 (kiosk/app/kiosk.cpp build_fonts), and the style is set up for it by apply_theme.
    for (const float px : {36.0f, 45.0f}) {
        INFO(px);
        ImGuiStyle style;
        ui::apply_theme(style, px);
        CHECK(style.ScrollbarSize >= 44.0f);
        CHECK(style.GrabMinSize >= 44.0f);
    }
}

TEST_CASE("every text of the high-contrast theme is at least 7:1 against what it is drawn on")
{
    for (const auto& pair : ui::text_pairs(ui::high_contrast_palette())) {
        INFO(pair.name, " ", ui::contrast_ratio(pair.fg, pair.bg));
        CHECK(ui::contrast_ratio(pair.fg, pair.bg) >= 7.0);
    }
    // The ratio is WCAG's: white on black 21:1, a colour on itself 1:1, and #767676 on white 4.54:1.
    CHECK(ui::contrast_ratio(ui::colour::rgb(255, 255, 255), ui::colour::rgb(0, 0, 0)) == doctest::Approx(21.0));
    CHECK(ui::contrast_ratio(ui::colour::rgb(0x76, 0x76, 0x76), ui::colour::rgb(255, 255, 255)) ==
          doctest::Approx(4.54).epsilon(0.01));
    // The normal theme's body text is AAA too.
    const auto& n = ui::normal_palette();
    CHECK(ui::contrast_ratio(n.text, n.background) >= 7.0);
}

namespace {
// The colour of the screenshot's pixel at x, y.
std::uint32_t pixel(const std::filesystem::path& png, int x, int y)
{
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(png.string().c_str(), &w, &h, &n, 3);
    REQUIRE(px != nullptr);
    const unsigned char* p = px + (static_cast<std::size_t>(y) * w + x) * 3;
    const std::uint32_t c = (p[0] << 16) | (p[1] << 8) | p[2];
    stbi_image_free(px);
    return c;
}
} // namespace

TEST_CASE("高对比 in the top bar switches the whole screen to black and white, shown by a tick, until the idle timeout")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    for (const char* size : {"1920x1080", "1080x1920"}) {
        INFO(size);
        auto r = test::run_script(dir.path(), db, R"(tap 50% 90%
expect-screen browse
expect-targets 44
screenshot browse-normal
tap-text 高对比
expect-visible 高对比
expect-targets 44
screenshot browse-contrast
tap-text 建筑施工
expect-screen case-list
tap-text 某住宅项目外脚手架坍塌事故
expect-screen case
expect-text 事故经过
expect-targets 44
screenshot case-contrast
wait 91s
expect-screen attract
tap 50% 90%
expect-screen browse
screenshot browse-after-idle
)",
                                  size);
        INFO(r.out, r.err);
        REQUIRE(r.code == 0);
        const auto shots = dir.path() / "shots";
        // The background under the top bar's left edge: navy, then black with 高对比, navy again after the idle
        // timeout.
        const int y = std::string(size) == "1920x1080" ? 1070 : 1910;
        CHECK(pixel(shots / "browse-normal.png", 4, y) == 0x0E1A2B);
        CHECK(pixel(shots / "browse-contrast.png", 4, y) == 0x000000);
        CHECK(pixel(shots / "browse-after-idle.png", 4, y) == 0x0E1A2B);
        test::keep_shots(dir.path(), std::string(size) + "-theme-");
    }
}

TEST_CASE("every widget of the exam and training kiosks' first screens and the exam paper is at least 44 px")
{
    test::TempDir dir;
    const std::filesystem::path db = dir.database("kiosk.db");
    const auto e = test::build_exam_db(db);
    std::string script = "expect-screen exam-attract\nexpect-targets 44\ntap-text 输入身份证号\nexpect-screen exam-id\n"
                         "expect-targets 44\n";
    for (char c : e.id_number) script += "tap-text " + std::string(1, c) + "\n";
    script += "tap-text 下一步\nexpect-screen exam-ticket\nexpect-targets 44\n";
    for (char c : e.ticket) script += "tap-text " + std::string(1, c) + "\n";
    script += R"(tap-text 下一步
expect-screen exam-identity
expect-targets 44
tap-text 确认是本人
expect-screen exam-rules
wait 20s
expect-targets 44
tap-text 我已阅读，开始考试
expect-screen exam-paper
expect-targets 44
tap-text 高对比
expect-visible 高对比
expect-targets 44
screenshot exam-contrast
)";
    auto r = test::run_script(dir.path(), db, script, "1080x1920", "script.txt", {"--role", "exam"});
    INFO(r.out, r.err);
    CHECK(r.code == 0);
    test::keep_shots(dir.path(), "1080x1920-theme-");
}
