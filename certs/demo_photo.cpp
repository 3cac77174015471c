#include "certs/demo_photo.hpp"

#include <stb_image_write.h>

#include <array>
#include <cmath>

namespace sk::certs {

namespace {

struct Rgb {
    double r, g, b;
};

bool in_ellipse(double x, double y, double cx, double cy, double rx, double ry)
{
    const double dx = (x - cx) / rx, dy = (y - cy) / ry;
    return dx * dx + dy * dy <= 1.0;
}

void append(void* context, void* data, int size)
{
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    auto* p = static_cast<unsigned char*>(data);
    out->insert(out->end(), p, p + size);
}

} // namespace

std::vector<unsigned char> demo_photo_jpeg(unsigned variant, int width, int height, int quality)
{
    const std::array<Rgb, 4> backgrounds{{{67, 142, 219}, {60, 130, 205}, {78, 150, 225}, {238, 240, 242}}};
    const std::array<Rgb, 3> hair{{{28, 24, 22}, {45, 35, 30}, {60, 58, 56}}};
    const std::array<Rgb, 3> suit{{{32, 40, 62}, {40, 40, 44}, {58, 66, 84}}};
    const Rgb bg = backgrounds[variant % backgrounds.size()];
    const Rgb hr = hair[(variant / 4) % hair.size()];
    const Rgb st = suit[(variant / 12) % suit.size()];
    const Rgb skin{236, 200, 172}, shirt{250, 250, 250}, feature{60, 40, 35}, lip{196, 112, 110};
    const double w = width, h = height;

    auto colour = [&](double x, double y) -> Rgb {
        const double cx = w / 2;
        // shoulders and suit
        if (in_ellipse(x, y, cx, h * 1.10, w * 0.56, h * 0.36)) {
            const double collar = std::abs(x - cx);
            if (y < h * 0.74 + collar * 1.6 && collar < w * 0.13) return shirt; // the shirt's V
            return st;
        }
        // neck
        if (std::abs(x - cx) < w * 0.085 && y > h * 0.52 && y < h * 0.80) return skin;
        // hair behind the head
        const bool head = in_ellipse(x, y, cx, h * 0.43, w * 0.19, h * 0.185);
        const bool hair_cap = in_ellipse(x, y, cx, h * 0.39, w * 0.21, h * 0.19) && y < h * 0.40;
        if (head && !(hair_cap && y < h * 0.33)) {
            // eyes, brows, mouth
            for (double side : {-1.0, 1.0}) {
                if (in_ellipse(x, y, cx + side * w * 0.075, h * 0.425, w * 0.022, h * 0.012)) return feature;
                if (in_ellipse(x, y, cx + side * w * 0.075, h * 0.395, w * 0.035, h * 0.006)) return hr;
            }
            if (in_ellipse(x, y, cx, h * 0.525, w * 0.045, h * 0.009)) return lip;
            if (std::abs(x - cx) < w * 0.008 && y > h * 0.44 && y < h * 0.49) return {214, 176, 150}; // nose shade
            return skin;
        }
        if (hair_cap) return hr;
        // ears
        for (double side : {-1.0, 1.0})
            if (in_ellipse(x, y, cx + side * w * 0.19, h * 0.45, w * 0.025, h * 0.04)) return skin;
        // soft background gradient
        const double k = 1.0 - 0.10 * (y / h);
        return {bg.r * k, bg.g * k, bg.b * k};
    };

    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    constexpr int kSamples = 3; // 3 × 3 supersampling for smooth edges
    for (int py = 0; py < height; ++py)
        for (int px = 0; px < width; ++px) {
            Rgb sum{0, 0, 0};
            for (int sy = 0; sy < kSamples; ++sy)
                for (int sx = 0; sx < kSamples; ++sx) {
                    Rgb c = colour(px + (sx + 0.5) / kSamples, py + (sy + 0.5) / kSamples);
                    sum.r += c.r;
                    sum.g += c.g;
                    sum.b += c.b;
                }
            auto* p = &pixels[(static_cast<std::size_t>(py) * static_cast<std::size_t>(width) + static_cast<std::size_t>(px)) * 3];
            p[0] = static_cast<unsigned char>(sum.r / (kSamples * kSamples));
            p[1] = static_cast<unsigned char>(sum.g / (kSamples * kSamples));
            p[2] = static_cast<unsigned char>(sum.b / (kSamples * kSamples));
        }
    std::vector<unsigned char> jpeg;
    stbi_write_jpg_to_func(append, &jpeg, width, height, 3, pixels.data(), quality);
    return jpeg;
}

} // namespace sk::certs
