// The CJK font of printed documents: metrics for layout and a HarfBuzz subset with only the characters a document
// uses, so libharu embeds a few kilobytes instead of the ~300 KB it keeps of the full font.
//
// Default font: WenQuanYi Micro Hei, face 0 of /usr/share/fonts/truetype/wqy/wqy-microhei.ttc (Debian
// fonts-wqy-microhei). The subset keeps the glyph outlines, metrics, 'name', 'OS/2', 'post' and a Unicode 'cmap'
// (libharu reads the cmap to map characters to glyphs); hinting and layout tables are dropped.
#pragma once

#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct hb_blob_t;
struct hb_face_t;
struct hb_font_t;

namespace sk::certs::pdf {

class RenderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char* kDefaultFontFile = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// The code points of UTF-8 text (decoded by HarfBuzz; invalid bytes become U+FFFD).
std::vector<char32_t> codepoints(std::string_view utf8);
// The characters of UTF-8 text, each as its own UTF-8 string.
std::vector<std::string> characters(std::string_view utf8);

class FontFace {
public:
    // Opens face `index` of a TrueType file or collection. Throws RenderError naming the file.
    FontFace(const std::filesystem::path& file, unsigned index);
    ~FontFace();
    FontFace(const FontFace&) = delete;
    FontFace& operator=(const FontFace&) = delete;

    // The default font, opened once per process.
    static const FontFace& standard();

    const std::filesystem::path& file() const { return file_; }
    bool has(char32_t cp) const;
    // Advance width of a character in em (1.0 = the font size); 0 for a character the font lacks.
    double advance(char32_t cp) const;
    // Width of a line of text at `size` points, with `spacing` points added after every character but the last.
    double width(std::string_view utf8, double size, double spacing = 0) const;
    double ascender() const { return ascender_; }   // em
    double descender() const { return descender_; } // em, negative

    // A TrueType font with only these characters (and .notdef), as bytes.
    std::vector<unsigned char> subset(const std::set<char32_t>& cps) const;

private:
    std::filesystem::path file_;
    hb_blob_t* blob_ = nullptr;
    hb_face_t* face_ = nullptr;
    hb_font_t* font_ = nullptr;
    double upem_ = 1000;
    double ascender_ = 0.8;
    double descender_ = -0.2;
};

} // namespace sk::certs::pdf
