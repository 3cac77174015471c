// The glyph atlas cache (kiosk/ui/atlas_cache.hpp): an atlas read from the cache is the atlas built from the font;
// changed characters, font or size build again; a damaged file is ignored and replaced; the kiosk uses it.
#include "kiosk/app/paths.hpp"
#include "kiosk/ui/fonts.hpp"
#include "tests/kiosk/demo_content.hpp"
#include "tests/kiosk/glyph_check.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>
#include <fstream>
#include <vector>

using namespace sk;

namespace {
const char* kFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// What a built atlas holds, copied out of ImGui for comparison.
struct Snapshot {
    int width = 0, height = 0;
    std::vector<unsigned char> pixels;
    struct Font {
        float size, ascent, descent;
        unsigned fallback, ellipsis;
        std::vector<ImFontGlyph> glyphs;
    };
    std::vector<Font> fonts;
};

// An ImGui context whose atlas is built by ui::build_fonts with `cache` (empty: none).
struct Built {
    ImGuiContext* ctx = ImGui::CreateContext();
    ui::FontSet set;
    ui::AtlasSource source = ui::AtlasSource::Built;
    Built(const ui::FontFile& file, const ui::GlyphText& text, const std::filesystem::path& cache, float px = 36)
    {
        ImGui::SetCurrentContext(ctx);
        set = ui::build_fonts(*ImGui::GetIO().Fonts, file, px, text, cache, &source);
    }
    ~Built() { ImGui::DestroyContext(ctx); }
    Snapshot snapshot() const
    {
        const ImFontAtlas& a = *ImGui::GetIO().Fonts;
        Snapshot s;
        s.width = a.TexWidth;
        s.height = a.TexHeight;
        REQUIRE(a.TexPixelsAlpha8 != nullptr);
        s.pixels.assign(a.TexPixelsAlpha8, a.TexPixelsAlpha8 + std::size_t(a.TexWidth) * a.TexHeight);
        for (const ImFont* f : {set.body, set.heading, set.display})
            s.fonts.push_back({f->FontSize, f->Ascent, f->Descent, f->FallbackChar, f->EllipsisChar,
                               std::vector<ImFontGlyph>(f->Glyphs.begin(), f->Glyphs.end())});
        return s;
    }
};

bool same_glyphs(const std::vector<ImFontGlyph>& a, const std::vector<ImFontGlyph>& b)
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto& x = a[i];
        const auto& y = b[i];
        if (x.Codepoint != y.Codepoint || x.Visible != y.Visible || x.Colored != y.Colored || x.AdvanceX != y.AdvanceX ||
            x.X0 != y.X0 || x.Y0 != y.Y0 || x.X1 != y.X1 || x.Y1 != y.Y1 || x.U0 != y.U0 || x.V0 != y.V0 ||
            x.U1 != y.U1 || x.V1 != y.V1)
            return false;
    }
    return true;
}

ui::GlyphText small_text() { return {{"检修人员进入受限空间前必须检测氧含量"}, {"安全第一"}, {"开始考试"}}; }

std::vector<unsigned char> bytes_of(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_bytes(const std::filesystem::path& p, const std::vector<unsigned char>& b)
{
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}
} // namespace

TEST_CASE("an atlas read from the glyph cache is the atlas built from the font, glyph for glyph and pixel for pixel")
{
    test::TempDir dir;
    const auto file = ui::FontFile::load(kFont);
    const auto text = test::all_exhibit_kiosk_text();
    const auto cache = dir / "glyphs.atlas";
    Snapshot built, plain, read;
    {
        Built b(file, text, cache);
        CHECK(b.source == ui::AtlasSource::Built);
        built = b.snapshot();
    }
    CHECK(std::filesystem::exists(cache));
    {
        Built b(file, text, {});
        plain = b.snapshot();
    }
    {
        Built b(file, text, cache);
        CHECK(b.source == ui::AtlasSource::Cache);
        read = b.snapshot();
        // The cached fonts show every content and UI string without the fallback glyph.
        CHECK(test::missing_glyphs(b.set.body, text.all).empty());
        CHECK(test::missing_glyphs(b.set.body, text.large).empty());
        CHECK(test::missing_glyphs(b.set.heading, text.large).empty());
        CHECK(test::missing_glyphs(b.set.heading, text.display).empty());
        CHECK(test::missing_glyphs(b.set.display, text.display).empty());
        CHECK(test::missing_glyphs(b.set.body, {ui::always_included_glyphs()}).empty());
        CHECK(b.set.body->FindGlyphNoFallback(static_cast<ImWchar>(0x9F98)) == nullptr); // 龘: no string uses it
        // Text measures the same as with the built fonts.
        CHECK(b.set.body->CalcTextSizeA(36, 1e9f, 0, "安全生产，人人有责。").x > 0);
    }
    for (const Snapshot* s : {&plain, &read}) {
        CHECK(s->width == built.width);
        CHECK(s->height == built.height);
        CHECK(s->pixels == built.pixels);
        REQUIRE(s->fonts.size() == 3);
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(s->fonts[i].size == built.fonts[i].size);
            CHECK(s->fonts[i].ascent == built.fonts[i].ascent);
            CHECK(s->fonts[i].descent == built.fonts[i].descent);
            CHECK(s->fonts[i].fallback == built.fonts[i].fallback);
            CHECK(s->fonts[i].ellipsis == built.fonts[i].ellipsis);
            CHECK(same_glyphs(s->fonts[i].glyphs, built.fonts[i].glyphs));
        }
    }
}

TEST_CASE("the glyph cache is built again when the characters, the font or the size change")
{
    test::TempDir dir;
    const auto file = ui::FontFile::load(kFont);
    const auto cache = dir / "glyphs.atlas";
    auto text = small_text();
    CHECK(Built(file, text, cache).source == ui::AtlasSource::Built);
    CHECK(Built(file, text, cache).source == ui::AtlasSource::Cache);

    // A new question with a character no string had: built again, and the character is there.
    text.large.push_back("龘");
    {
        Built b(file, text, cache);
        CHECK(b.source == ui::AtlasSource::Built);
        CHECK(b.set.heading->FindGlyphNoFallback(static_cast<ImWchar>(0x9F98)) != nullptr);
    }
    CHECK(Built(file, text, cache).source == ui::AtlasSource::Cache);
    // The same characters shown at another size (the large-text switch).
    CHECK(Built(file, text, cache, 45).source == ui::AtlasSource::Built);
    CHECK(Built(file, text, cache, 45).source == ui::AtlasSource::Cache);

    // Another font file (here the same font with bytes appended: another hash and size).
    auto bytes = bytes_of(kFont);
    bytes.insert(bytes.end(), 64, 0);
    write_bytes(dir / "other.ttc", bytes);
    const auto other = ui::FontFile::load(dir / "other.ttc");
    CHECK(Built(other, text, cache, 45).source == ui::AtlasSource::Built);
    CHECK(Built(other, text, cache, 45).source == ui::AtlasSource::Cache);
    CHECK(Built(file, text, cache, 45).source == ui::AtlasSource::Built);
}

TEST_CASE("a truncated, damaged or foreign glyph cache file is ignored and replaced, and an unwritable one only means building")
{
    test::TempDir dir;
    const auto file = ui::FontFile::load(kFont);
    const auto text = small_text();
    const auto cache = dir / "glyphs.atlas";
    Snapshot good;
    {
        Built b(file, text, cache);
        good = b.snapshot();
    }
    const auto intact = bytes_of(cache);
    REQUIRE(intact.size() > 1000);

    std::vector<std::pair<std::string, std::vector<unsigned char>>> damaged;
    damaged.push_back({"empty", {}});
    damaged.push_back({"truncated to half", {intact.begin(), intact.begin() + std::ptrdiff_t(intact.size() / 2)}});
    damaged.push_back({"last byte missing", {intact.begin(), intact.end() - 1}});
    auto flipped = intact;
    flipped[flipped.size() / 2] ^= 0x5A; // a pixel
    damaged.push_back({"a pixel byte changed", flipped});
    auto glyph = intact;
    glyph[200] ^= 0xFF; // in the font and glyph tables
    damaged.push_back({"a glyph byte changed", glyph});
    const std::string text_file = "这不是字形缓存，只是一些文字。";
    damaged.push_back({"a text file", {text_file.begin(), text_file.end()}});
    auto longer = intact;
    longer.insert(longer.end(), 100, 0);
    damaged.push_back({"bytes appended", longer});

    for (const auto& d : damaged) {
        const std::string& what = d.first;
        CAPTURE(what);
        write_bytes(cache, d.second);
        {
            Built b(file, text, cache);
            CHECK(b.source == ui::AtlasSource::Built);
            const Snapshot s = b.snapshot();
            CHECK(s.pixels == good.pixels);
            CHECK(test::missing_glyphs(b.set.heading, text.large).empty());
        }
        // Replaced by an intact file, which the next start reads.
        CHECK(bytes_of(cache) == intact);
        CHECK(Built(file, text, cache).source == ui::AtlasSource::Cache);
    }

    // A cache folder that cannot be made (a file is in the way): the fonts are built all the same.
    test::write_file(dir / "blocked", "a file, not a folder");
    Built b(file, text, dir / "blocked" / "glyphs.atlas");
    CHECK(b.source == ui::AtlasSource::Built);
    CHECK(test::missing_glyphs(b.set.heading, text.large).empty());
    CHECK(!std::filesystem::exists(dir / "blocked" / "glyphs.atlas"));
}

TEST_CASE("the kiosk keeps its glyph atlas in the cache folder and reads it at the next start")
{
    test::TempDir dir;
    const auto db = dir / "kiosk.db";
    test::build_demo_database(db);
    const auto cache = dir / "cache";
    const std::string script = "expect-screen attract\nscreenshot attract\n";
    const std::vector<std::string> with_cache{"--role", "exhibit", "--font-cache", cache.string()};
    const auto first = test::run_script(dir.path(), db, script, "1920x1080", "script.txt", with_cache);
    REQUIRE(first.code == 0);
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(cache)) files.push_back(e.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].filename().string().rfind("glyphs-", 0) == 0);
    CHECK(files[0].extension() == ".atlas");
    const auto shot = bytes_of(dir / "shots" / "attract.png");
    const auto written = std::filesystem::last_write_time(files[0]);
    const auto cached = bytes_of(files[0]);

    // The next start reads the file (it is not written again) and draws the same pixels.
    const auto second = test::run_script(dir.path(), db, script, "1920x1080", "script.txt", with_cache);
    REQUIRE(second.code == 0);
    CHECK(std::filesystem::last_write_time(files[0]) == written);
    CHECK(bytes_of(files[0]) == cached);
    CHECK(bytes_of(dir / "shots" / "attract.png") == shot);

    // A damaged file: the kiosk says so, builds the atlas, draws the same pixels and replaces the file.
    auto broken = cached;
    broken.resize(broken.size() / 3);
    write_bytes(files[0], broken);
    const auto third = test::run_script(dir.path(), db, script, "1920x1080", "script.txt", with_cache);
    REQUIRE(third.code == 0);
    CHECK(bytes_of(dir / "shots" / "attract.png") == shot);
    CHECK(bytes_of(files[0]) == cached);

    // Headless runs without --font-cache write no cache; --no-font-cache and --font-cache together are refused.
    const auto plain = test::run_script(dir.path(), db, script, "1920x1080", "script.txt", {"--role", "exhibit"});
    CHECK(plain.code == 0);
    CHECK(std::distance(std::filesystem::directory_iterator(cache), std::filesystem::directory_iterator()) == 1);
    const auto both = test::run_kiosk({"--db", db.string(), "--no-font-cache", "--font-cache", cache.string()});
    CHECK(both.code == 2);
}

TEST_CASE("the cache folder follows XDG_CACHE_HOME and each database, role and text size has its own file")
{
    const char* old_xdg = std::getenv("XDG_CACHE_HOME");
    const std::string saved = old_xdg ? old_xdg : "";
    setenv("XDG_CACHE_HOME", "/var/cache/kiosk-test", 1);
    CHECK(kiosk::default_cache_dir() == std::filesystem::path("/var/cache/kiosk-test/safekiosk"));
    setenv("XDG_CACHE_HOME", "relative/cache", 1); // invalid by the specification: ignored
    const char* home = std::getenv("HOME");
    if (home && *home) CHECK(kiosk::default_cache_dir() == std::filesystem::path(home) / ".cache" / "safekiosk");
    if (old_xdg) setenv("XDG_CACHE_HOME", saved.c_str(), 1);
    else unsetenv("XDG_CACHE_HOME");

    const std::filesystem::path d = "/tmp/c";
    const auto a = kiosk::font_cache_file(d, "/srv/a.db", "exam", 36);
    CHECK(a.parent_path() == d);
    CHECK(a == kiosk::font_cache_file(d, "/srv/a.db", "exam", 36));
    CHECK(a != kiosk::font_cache_file(d, "/srv/b.db", "exam", 36));
    CHECK(a != kiosk::font_cache_file(d, "/srv/a.db", "training", 36));
    CHECK(a != kiosk::font_cache_file(d, "/srv/a.db", "exam", 45));
}
