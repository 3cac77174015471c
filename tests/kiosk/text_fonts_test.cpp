// Fonts built from the strings shown, and CJK line breaking.
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/text.hpp"
#include "tests/kiosk/glyph_check.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

using namespace sk;

namespace {
const char* kFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// An ImGui context with the kiosk's fonts for `text` at 36 px.
struct Fonts {
    ImGuiContext* ctx = ImGui::CreateContext();
    ui::FontFile file = ui::FontFile::load(kFont);
    ui::FontSet set;
    explicit Fonts(const ui::GlyphText& text)
    {
        ImGui::SetCurrentContext(ctx);
        set = ui::build_fonts(*ImGui::GetIO().Fonts, file, 36, text);
    }
    ~Fonts() { ImGui::DestroyContext(ctx); }
};

} // namespace

TEST_CASE("every content string and UI string renders without the fallback glyph in every font that shows it")
{
    const auto text = test::all_exhibit_kiosk_text();
    Fonts f(text);
    CHECK(test::missing_glyphs(f.set.body, text.all).empty());
    CHECK(test::missing_glyphs(f.set.body, text.large).empty());
    CHECK(test::missing_glyphs(f.set.body, text.display).empty());
    CHECK(test::missing_glyphs(f.set.heading, text.large).empty());
    CHECK(test::missing_glyphs(f.set.heading, text.display).empty());
    CHECK(test::missing_glyphs(f.set.display, text.display).empty());
    CHECK(test::missing_glyphs(f.set.body, {ui::always_included_glyphs()}).empty());
    // Only the characters used: a small atlas (the full Chinese range at these sizes is 4096×16384).
    const auto& atlas = *ImGui::GetIO().Fonts;
    CHECK(static_cast<long>(atlas.TexWidth) * atlas.TexHeight <= 4096L * 4096L);
    // A character no string uses is not in the font.
    CHECK(f.set.body->FindGlyphNoFallback(static_cast<ImWchar>(0x9F98)) == nullptr); // 龘
}

TEST_CASE("a missing font file or a file that is not a font is a clear error")
{
    test::TempDir dir;
    try {
        ui::FontFile::load(dir / "wqy-microhei.ttc");
        FAIL("loaded a missing font");
    } catch (const ui::FontError& e) {
        const std::string m = e.what();
        CHECK(m.find((dir / "wqy-microhei.ttc").string()) != std::string::npos);
        CHECK(m.find("fonts-wqy-microhei") != std::string::npos);
    }
    test::write_file(dir / "notes.ttf", "这不是字体文件，只是一些文字。");
    try {
        ui::FontFile::load(dir / "notes.ttf");
        FAIL("loaded a text file as a font");
    } catch (const ui::FontError& e) {
        CHECK(std::string(e.what()).find("is not a TrueType or OpenType font") != std::string::npos);
    }
}

TEST_CASE("Chinese text wraps between characters and never starts a line with closing punctuation")
{
    const std::string s = "检修人员在未清洗置换、未检测可燃气体的情况下，切割一台停用甲苯储罐的进料管线，罐内残留的可燃蒸气遇明火发生爆炸。";
    Fonts f({{s}, {}, {}});
    const ImFont* font = f.set.body;
    for (float width : {200.0f, 333.0f, 470.0f, 610.0f}) {
        INFO(width);
        const auto lines = ui::wrap(font, 36, s, width);
        REQUIRE(lines.size() > 1);
        std::string joined;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            joined += lines[i];
            // Hanging punctuation may exceed the width by one character, nothing else may.
            CHECK(ui::measure(font, 36, lines[i]).x <= width + 36);
            CHECK(lines[i].rfind("，", 0) != 0);
            CHECK(lines[i].rfind("。", 0) != 0);
            CHECK(lines[i].rfind("、", 0) != 0);
        }
        CHECK(joined == s);
        // No lone character on the last line.
        unsigned c = 0;
        const auto& last = lines.back();
        CHECK(ImTextCharFromUtf8(&c, last.c_str(), last.c_str() + last.size()) < static_cast<int>(last.size()));
    }
}

TEST_CASE("Latin words and numbers stay whole and line breaks are kept and a cut text ends in an ellipsis")
{
    const std::string s = "执行 GB 11643-1999 标准的身份证号码 11010519491231002X 必须校验\n第二段";
    Fonts f({{s}, {}, {}});
    const ImFont* font = f.set.body;
    const auto lines = ui::wrap(font, 36, s, 420);
    bool saw_number = false;
    for (const auto& l : lines) {
        if (l.find("11010519491231002X") != std::string::npos) saw_number = true;
        const bool whole = l.find("1164") == std::string::npos || l.find("11643-1999") != std::string::npos;
        CHECK(whole);
    }
    CHECK(saw_number);
    CHECK(lines.back() == "第二段");
    const auto cut = ui::wrap(font, 36, s, 300, 2);
    REQUIRE(cut.size() == 2);
    CHECK(cut.back().size() >= 3);
    CHECK(cut.back().substr(cut.back().size() - 3) == "…");
    CHECK(ui::measure(font, 36, cut.back()).x <= 300);
}
