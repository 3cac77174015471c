// A small display list for printed documents and its renderer to PDF with libharu.
//
// Layout code describes pages as operations in points with the origin at the TOP-left corner and y growing
// downwards (a text's y is its baseline). render() gathers every character of every page, subsets the font once
// (font.hpp), loads the subset into libharu once per document, and draws the pages: a batch of 500 certificates
// stores the font a single time.
#pragma once

#include "certs/pdf/font.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sk::certs::pdf {

constexpr double mm(double v) { return v * 72.0 / 25.4; }

struct Color {
    double r = 0, g = 0, b = 0;
};
inline constexpr Color kBlack{0, 0, 0};
inline constexpr Color kWhite{1, 1, 1};
inline constexpr Color kSealRed{0.84, 0.07, 0.09};

enum class Align { Left, Center, Right };

struct Text {
    double x = 0, y = 0; // anchor (left, centre or right end by `align`) on the baseline
    double size = 10;
    std::string text;    // UTF-8, one line
    Align align = Align::Left;
    Color color = kBlack;
    bool bold = false;   // the font has no bold face: filled and stroked (not for translucent layers, where the
                         // stroke would show over the fill)
    double spacing = 0;  // extra points after each character
    double angle = 0;    // degrees, counter-clockwise, about the anchor
    bool outline = false; // glyph outlines only (a watermark over other content)
};

struct Line {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double width = 0.5;
    Color color = kBlack;
};

struct Rect {
    double x = 0, y = 0, w = 0, h = 0; // top-left corner and size
    std::optional<Color> fill;
    std::optional<Color> stroke;
    double width = 0.5;
};

struct Circle {
    double cx = 0, cy = 0, r = 0;
    std::optional<Color> fill;
    std::optional<Color> stroke;
    double width = 0.5;
};

struct Polygon {
    std::vector<std::pair<double, double>> points;
    std::optional<Color> fill;
    std::optional<Color> stroke;
    double width = 0.5;
};

// A JPEG or PNG, scaled to cover the box (cropped to it, centred), keeping its proportions.
struct Image {
    std::shared_ptr<const std::vector<unsigned char>> data;
    double x = 0, y = 0, w = 0, h = 0;
};

// A square of dark and light modules (a QR code), drawn as a 1-bit image without smoothing.
struct Modules {
    int size = 0;                        // modules per side, quiet zone included
    std::vector<std::uint8_t> dark;      // size × size, row by row from the top, 1 = dark
    double x = 0, y = 0, side = 0;
};

// Operations between Begin and End are drawn with a blend mode and opacity. Transparency makes CUPS's PostScript
// filters turn the whole page into an image (text lost, files large): the certificate layouts do without it.
struct BeginLayer {
    bool multiply = false;
    double opacity = 1.0;
};
struct EndLayer {};

using Op = std::variant<Text, Line, Rect, Circle, Polygon, Image, Modules, BeginLayer, EndLayer>;

struct Page {
    double width = 0, height = 0;
    std::vector<Op> ops;
    template <class T>
    T& add(T op)
    {
        ops.emplace_back(std::move(op));
        return std::get<T>(ops.back());
    }
};

struct Document {
    std::string title; // PDF metadata, ASCII
    std::vector<Page> pages;
};

// Renders to PDF bytes. Throws RenderError naming a character the font lacks (and the text it is in), an image
// that is neither JPEG nor PNG, or libharu's error code.
std::vector<unsigned char> render(const Document& doc, const FontFace& font = FontFace::standard());

// Renders straight to a file (through a temporary file, then renamed), freeing each page's operations once drawn:
// for large batches, where neither the display list nor a second copy of the PDF should stay in memory.
void render_to_file(Document&& doc, const std::filesystem::path& file, const FontFace& font = FontFace::standard());

// Writes bytes to a file atomically (a temporary file in the same folder, then renamed).
void write_file(const std::filesystem::path& file, const std::vector<unsigned char>& bytes);

} // namespace sk::certs::pdf
