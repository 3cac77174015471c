// Renders every exhibit screen in landscape (1920×1080) and portrait (1080×1920) and keeps the PNGs under
// build/test-artifacts/kiosk/ for a person to look at (docs/screenshots/ holds a chosen few).
#include "tests/kiosk/demo_content.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <stb_image.h>

using namespace sk;

namespace {
const char* kTour = R"(screenshot 01-attract
tap 50% 50%
screenshot 02-browse
tap-text 危险化学品
screenshot 03-case-list
tap-text 某化工公司储罐区动火作业爆炸事故
screenshot 04-case
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
screenshot 05-case-scrolled
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
drag 50% 85% 50% 25%
screenshot 06-case-end
tap-text 开始答题
screenshot 07-quiz
tap-text 正确
screenshot 08-quiz-wrong
tap-text 下一题
tap-text 清洗置换并加盲板隔离，检测合格后作业
screenshot 09-quiz-right
tap-text 下一题
tap-text 未办理动火作业许可证
tap-text 监护人离开作业现场
screenshot 10-quiz-multi
tap-text 确认答案
screenshot 11-quiz-multi-feedback
tap-text 查看结果
screenshot 12-quiz-result
tap-text 浏览其他案例
tap-text 全部案例
screenshot 13-case-list-all
tap-text 大字
screenshot 14-case-list-large
hold 0.3% 0.3% 3s
type 13
screenshot 15-admin-pin
type 5790
key Enter
screenshot 16-admin
)";

void check_png(const std::filesystem::path& p, int w, int h)
{
    INFO(p.string());
    int pw = 0, ph = 0, n = 0;
    REQUIRE(stbi_info(p.string().c_str(), &pw, &ph, &n) == 1);
    CHECK(pw == w);
    CHECK(ph == h);
}
} // namespace

void tour(const char* size, int w, int h)
{
    const auto out = test::binary_path("test-artifacts/kiosk");
    const auto dir = out / size;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto db = dir / "demo.db";
    test::build_demo_database(db);
    auto r = test::run_script(dir, db, kTour, size);
    INFO(r.err);
    REQUIRE(r.code == 0);
    for (const char* name : {"01-attract", "04-case", "07-quiz", "12-quiz-result", "15-admin-pin", "16-admin"})
        check_png(dir / "shots" / (std::string(name) + ".png"), w, h);
}

TEST_CASE("every exhibit screen renders in landscape 1920x1080 with every glyph to PNG screenshots")
{
    tour("1920x1080", 1920, 1080);
}

TEST_CASE("every exhibit screen renders in portrait 1080x1920 with every glyph to PNG screenshots")
{
    tour("1080x1920", 1080, 1920);
}
