#include "kiosk/ui/fonts.hpp"

#include "kiosk/ui/atlas_cache.hpp"

#include "content/formats/files.hpp"

#include <xxhash.h>

#include <cstdio>
#include <cstring>
#include <fstream>
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

// The characters of one list of strings, one bit per code point.
void add_list(ImFontGlyphRangesBuilder& builder, const std::vector<std::string>& list)
{
    for (const auto& s : list) builder.AddText(s.data(), s.data() + s.size());
}

// Ranges of the characters in `sets` (bitwise OR) plus the ones always included.
void build_ranges(ImVector<ImWchar>& out, std::initializer_list<const ImFontGlyphRangesBuilder*> sets)
{
    ImFontGlyphRangesBuilder builder;
    builder.AddText(always_included_glyphs());
    for (const auto* set : sets)
        for (int i = 0; i < builder.UsedChars.Size; ++i) builder.UsedChars[i] |= set->UsedChars[i];
    out.clear();
    builder.BuildRanges(&out);
}

ImFontConfig config_for(const FontFile& file, float px)
{
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.FontNo = 0;
    cfg.OversampleH = 1; // large sizes: no sub-pixel positioning needed, and a third of the atlas
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    std::snprintf(cfg.Name, sizeof cfg.Name, "%s %.0fpx", file.path.filename().string().c_str(), px);
    return cfg;
}

ImFont* add(ImFontAtlas& atlas, const FontFile& file, float px, const ImVector<ImWchar>& ranges)
{
    ImFontConfig cfg = config_for(file, px);
    return atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(file.data.data()), static_cast<int>(file.data.size()),
                                      px, &cfg, ranges.Data);
}
// The atlas cache key: everything the built atlas depends on (atlas_cache.hpp).
AtlasKey key_of(const ImFontAtlas& atlas, const FontFile& file,
                std::initializer_list<std::pair<float, const ImVector<ImWchar>*>> fonts)
{
    XXH3_state_t* st = XXH3_createState();
    XXH3_128bits_reset(st);
    const auto add_bytes = [st](const void* p, std::size_t n) { XXH3_128bits_update(st, p, n); };
    const auto add_value = [&](const auto& v) { add_bytes(&v, sizeof v); };
    static const char tag[] = "safekiosk glyph atlas 1";
    add_bytes(tag, sizeof tag);
    add_value(IMGUI_VERSION_NUM);
    add_value(sizeof(ImFontGlyph));
    add_value(sizeof(ImWchar));
    add_value(file.hash);
    add_value(file.data.size());
    add_value(atlas.Flags);
    add_value(atlas.TexDesiredWidth);
    add_value(atlas.TexGlyphPadding);
    for (const auto& [px, ranges] : fonts) {
        const ImFontConfig cfg = config_for(file, px);
        add_value(cfg.FontNo);
        add_value(px);
        add_value(cfg.OversampleH);
        add_value(cfg.OversampleV);
        add_value(cfg.PixelSnapH);
        add_value(cfg.GlyphExtraSpacing);
        add_value(cfg.GlyphOffset);
        add_value(cfg.GlyphMinAdvanceX);
        add_value(cfg.GlyphMaxAdvanceX);
        add_value(cfg.RasterizerMultiply);
        add_value(cfg.FontBuilderFlags);
        add_value(cfg.EllipsisChar);
        add_value(ranges->Size);
        add_bytes(ranges->Data, static_cast<std::size_t>(ranges->Size) * sizeof(ImWchar));
    }
    const XXH128_hash_t h = XXH3_128bits_digest(st);
    XXH3_freeState(st);
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    AtlasKey key;
    std::memcpy(key.data(), c.digest, key.size());
    return key;
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
    if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec)))
        throw FontError("font file " + path.string() +
                        " not found (install the Debian package fonts-wqy-microhei, or set \"font\" in the kiosk "
                        "configuration)");
    FontFile f;
    f.path = path;
    // One read of the whole file (a 5 MiB font read through stream iterators took 15 ms); a regular file only,
    // within the font limit (docs/limits.md).
    try {
        const std::string bytes = content::formats::read_input_file(path, content::formats::FileKind::Font);
        f.data.assign(bytes.begin(), bytes.end());
    } catch (const content::formats::FileError& e) {
        throw FontError(std::string("font file ") + e.what());
    }
    if (!looks_like_truetype(f.data))
        throw FontError("font file " + path.string() + " is not a TrueType or OpenType font");
    f.hash = XXH3_64bits(f.data.data(), f.data.size());
    return f;
}

FontSet build_fonts(ImFontAtlas& atlas, const FontFile& file, float body_px, const GlyphText& text,
                    const std::filesystem::path& cache_file, AtlasSource* source)
{
    atlas.Clear();
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    // Each string is decoded once (the exam role's lists hold every question of the pool).
    ImFontGlyphRangesBuilder all, large, display;
    add_list(all, text.all);
    add_list(large, text.large);
    add_list(display, text.display);
    build_ranges(g_body_ranges, {&all, &large, &display});
    build_ranges(g_large_ranges, {&large, &display});
    build_ranges(g_display_ranges, {&display});
    FontSet set;
    set.body_px = body_px;
    const float heading_px = body_px * kHeadingScale;
    const float display_px = body_px * kDisplayScale;
    AtlasKey key{};
    if (!cache_file.empty()) {
        key = key_of(atlas, file,
                     {{body_px, &g_body_ranges}, {heading_px, &g_large_ranges}, {display_px, &g_display_ranges}});
        const std::string why = load_atlas(cache_file, key, 3, atlas);
        if (why.empty()) {
            atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
            set.body = atlas.Fonts[0];
            set.heading = atlas.Fonts[1];
            set.display = atlas.Fonts[2];
            if (source) *source = AtlasSource::Cache;
            return set;
        }
        if (why.rfind("damaged", 0) == 0 || why.rfind("not ", 0) == 0 || why.rfind("cannot", 0) == 0)
            std::fprintf(stderr, "safekiosk: glyph atlas cache %s %s: building the atlas again\n",
                         cache_file.string().c_str(), why.c_str());
        atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    }
    set.body = add(atlas, file, body_px, g_body_ranges);
    set.heading = add(atlas, file, heading_px, g_large_ranges);
    set.display = add(atlas, file, display_px, g_display_ranges);
    if (!set.body || !set.heading || !set.display || !atlas.Build())
        throw FontError("font file " + file.path.string() + " could not be rasterised at " +
                        std::to_string(static_cast<int>(body_px)) + " px");
    if (source) *source = AtlasSource::Built;
    if (!cache_file.empty()) {
        if (const std::string err = save_atlas(cache_file, key, atlas); !err.empty())
            std::fprintf(stderr, "safekiosk: glyph atlas cache: %s\n", err.c_str());
    }
    return set;
}

const FontSet& fonts() { return g_fonts; }
void set_fonts(const FontSet& f) { g_fonts = f; }

} // namespace sk::ui
