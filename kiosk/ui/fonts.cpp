#include "kiosk/ui/fonts.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <initializer_list>
#include <memory>

namespace sk::ui {

namespace {
FontSet g_fonts;

// The glyph ranges must outlive the atlas build; one buffer per font, kept until the next build.
ImVector<ImWchar> g_body_ranges;
ImVector<ImWchar> g_large_ranges;
ImVector<ImWchar> g_display_ranges;

bool looks_like_truetype(const std::vector<unsigned char>& d)
{
    if (d.size() < 12) return false;
    static const unsigned char ttf[] = {0x00, 0x01, 0x00, 0x00};
    return std::memcmp(d.data(), ttf, 4) == 0 || std::memcmp(d.data(), "ttcf", 4) == 0 ||
           std::memcmp(d.data(), "OTTO", 4) == 0 || std::memcmp(d.data(), "true", 4) == 0;
}

void build_ranges(ImVector<ImWchar>& out, std::initializer_list<const std::vector<std::string>*> lists)
{
    ImFontGlyphRangesBuilder builder;
    builder.AddText(always_included_glyphs());
    for (const auto* list : lists)
        for (const auto& s : *list) builder.AddText(s.data(), s.data() + s.size());
    out.clear();
    builder.BuildRanges(&out);
}

ImFont* add(ImFontAtlas& atlas, const FontFile& file, float px, const ImVector<ImWchar>& ranges)
{
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.FontNo = 0;
    cfg.OversampleH = 1; // large sizes: no sub-pixel positioning needed, and a third of the atlas
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    std::snprintf(cfg.Name, sizeof cfg.Name, "%s %.0fpx", file.path.filename().string().c_str(), px);
    return atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(file.data.data()), static_cast<int>(file.data.size()),
                                      px, &cfg, ranges.Data);
}
} // namespace

const char* always_included_glyphs()
{
    return " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
           "…·—“”‘’×";
}

FontFile FontFile::load(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw FontError("font file " + path.string() +
                        " not found (install the Debian package fonts-wqy-microhei, or set \"font\" in the kiosk "
                        "configuration)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FontError("font file " + path.string() + " cannot be read");
    FontFile f;
    f.path = path;
    f.data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!looks_like_truetype(f.data))
        throw FontError("font file " + path.string() + " is not a TrueType or OpenType font");
    return f;
}

FontSet build_fonts(ImFontAtlas& atlas, const FontFile& file, float body_px, const GlyphText& text)
{
    atlas.Clear();
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    build_ranges(g_body_ranges, {&text.all, &text.large, &text.display});
    build_ranges(g_large_ranges, {&text.large, &text.display});
    build_ranges(g_display_ranges, {&text.display});
    FontSet set;
    set.body_px = body_px;
    set.body = add(atlas, file, body_px, g_body_ranges);
    set.heading = add(atlas, file, body_px * kHeadingScale, g_large_ranges);
    set.display = add(atlas, file, body_px * kDisplayScale, g_display_ranges);
    if (!set.body || !set.heading || !set.display || !atlas.Build())
        throw FontError("font file " + file.path.string() + " could not be rasterised at " +
                        std::to_string(static_cast<int>(body_px)) + " px");
    return set;
}

const FontSet& fonts() { return g_fonts; }
void set_fonts(const FontSet& f) { g_fonts = f; }

} // namespace sk::ui
