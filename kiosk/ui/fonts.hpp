// The kiosk's fonts: one TrueType file (WenQuanYi Micro Hei by default) at three sizes, each holding only the
// glyphs of the strings it will show.
//
// The full Chinese range at kiosk sizes makes a 4096×16384 atlas that takes ~0.4 s to build at one size; the
// characters actually used (content strings from the database plus the UI strings) make a small atlas (demo
// content, three sizes from 36 px: 1024×1740, ~25 ms of CPU), so the fonts can be rebuilt when the visitor
// switches the text size. The exam role's atlas (every question of the pool) takes ~100 ms, so a built atlas is
// kept in a cache file (atlas_cache.hpp) and the next launch with the same font, sizes and characters reads it.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::ui {

class FontError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The bytes of a font file. load() throws FontError naming the file when it is missing, unreadable or not a
// TrueType/OpenType font (collection).
struct FontFile {
    std::filesystem::path path;
    std::vector<unsigned char> data;
    std::uint64_t hash = 0; // XXH3-64 of data (the atlas cache's key)
    static FontFile load(const std::filesystem::path& path);
};

// The strings to build glyphs for: `all` are shown at body size; `large` also at heading size (titles, questions,
// UI strings); `display` also at display size (UI strings: scores, the call to action). ASCII and a few
// typographic marks (… · — “ ”) are always included in every font.
struct GlyphText {
    std::vector<std::string> all;
    std::vector<std::string> large;
    std::vector<std::string> display;
};

struct FontSet {
    ImFont* body = nullptr;
    ImFont* heading = nullptr; // 1.5 × body
    ImFont* display = nullptr; // 2.2 × body
    float body_px = 0;
};

inline constexpr float kHeadingScale = 1.5f;
inline constexpr float kDisplayScale = 2.2f;

// Where an atlas came from.
enum class AtlasSource {
    Built,  // rasterised from the font file (and, with a cache file, written to it)
    Cache,  // read from the cache file
};

// Clears `atlas` and builds the three fonts at `body_px`. The file must outlive the atlas (it is not copied).
// With `cache_file`, an atlas saved there for the same font bytes, sizes, characters and ImGui version is used
// instead of rasterising, and a newly built atlas is saved there (atlas_cache.hpp); a cache file that is missing,
// for other input, damaged or unwritable only means building. Throws FontError when the atlas cannot be built.
FontSet build_fonts(ImFontAtlas& atlas, const FontFile& file, float body_px, const GlyphText& text,
                    const std::filesystem::path& cache_file = {}, AtlasSource* source = nullptr);

// The fonts the widgets use; set by the program after build_fonts().
const FontSet& fonts();
void set_fonts(const FontSet& f);

// Characters always in every font.
const char* always_included_glyphs();

} // namespace sk::ui
