// The glyph atlas cache: a built font atlas (its 8-bit texture, every glyph of every font, the fonts' metrics)
// saved to a file, so that the next launch with the same input reads it instead of rasterising every character of
// the role's content again (~100 ms of CPU for the exam role on the demo content, ~5 ms to read).
//
// The file holds the key it was built for: a 128-bit XXH3 hash of the font file's bytes and size, the face number,
// every size with its rasterising settings and exact list of characters, the atlas flags, the ImGui version and
// the layout of ImFontGlyph. Any change of content characters, UI strings, font or size gives another key, and
// the atlas is built and the file replaced. The file ends with an XXH3 checksum of everything before it; a
// truncated, damaged or mismatched file is ignored (and replaced), never trusted. It is written to a temporary
// file in the same folder and renamed over the old one, so a reader sees either the old or the new file whole.
//
// Format (native byte order; the key covers the machine's layout): "SKATLAS1", key (16 bytes), texture width and
// height (u32), white-pixel UV (2 floats), the baked-line UVs (IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1 float4), font
// count (u32), per font: size, ascent, descent, scale (floats), metrics surface (i32), fallback, ellipsis and dot
// characters (u32), glyph count (u32) and per glyph its code point (u32), coloured and visible flags (u8) and nine
// floats (advance, X0 Y0 X1 Y1, U0 V0 U1 V1); then width × height alpha bytes; then the checksum (u64).
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

namespace sk::ui {

using AtlasKey = std::array<unsigned char, 16>;

// Saves the fonts and 8-bit texture of a built `atlas` (before ClearTexData) under `key`. Returns an empty string,
// or what went wrong (the file is then unchanged).
std::string save_atlas(const std::filesystem::path& file, const AtlasKey& key, const ImFontAtlas& atlas);

// Clears `atlas` and fills it from `file` when the file holds an intact atlas of `fonts` fonts for `key`: the
// fonts (in the order saved), their glyph tables and the 8-bit texture, ready as if built. Returns an empty
// string, or why the file was not used ("missing", "built for other input" or what is damaged); the atlas is then
// left cleared.
std::string load_atlas(const std::filesystem::path& file, const AtlasKey& key, int fonts, ImFontAtlas& atlas);

} // namespace sk::ui
