#include "content/formats/images.hpp"

#include <png.h>

// stb_image for JPEG, with its functions private to this file (other libraries of the project include it too).
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <stb_image.h>
#pragma GCC diagnostic pop

#include <memory>
#include <vector>

namespace sk::content::formats {

namespace {

std::string too_large(long w, long h)
{
    return "is " + std::to_string(w) + " × " + std::to_string(h) + " pixels; at most " + std::to_string(kMaxImagePixels) +
           " × " + std::to_string(kMaxImagePixels) + " are allowed";
}

std::string png_problem(std::string_view bytes)
{
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
        return std::string("is a damaged or truncated PNG image (") + image.message + ")";
    if (image.width > static_cast<png_uint_32>(kMaxImagePixels) || image.height > static_cast<png_uint_32>(kMaxImagePixels)) {
        png_image_free(&image);
        return too_large(image.width, image.height);
    }
    image.format = PNG_FORMAT_RGBA;
    std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
        const std::string why = image.message;
        png_image_free(&image);
        return "is a damaged or truncated PNG image (" + why + ")";
    }
    // libpng stops after the last image data: a file cut off before its IEND chunk is still damaged.
    if (bytes.size() < 12 || bytes.substr(bytes.size() - 8, 4) != "IEND")
        return "is a damaged or truncated PNG image (no IEND chunk at its end)";
    return {};
}

std::string jpeg_problem(std::string_view bytes)
{
    int w = 0, h = 0, n = 0;
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int len = static_cast<int>(bytes.size());
    if (!stbi_info_from_memory(data, len, &w, &h, &n)) return "is a damaged or truncated JPEG image";
    if (w > kMaxImagePixels || h > kMaxImagePixels) return too_large(w, h);
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(data, len, &w, &h, &n, 0), stbi_image_free);
    if (!pixels) return std::string("is a damaged or truncated JPEG image (") + stbi_failure_reason() + ")";
    // A JPEG ends with the EOI marker; stb_image fills a cut-off file with grey instead of failing.
    if (bytes.size() < 4 || static_cast<unsigned char>(bytes[bytes.size() - 2]) != 0xFF ||
        static_cast<unsigned char>(bytes[bytes.size() - 1]) != 0xD9)
        return "is a damaged or truncated JPEG image (no end marker)";
    return {};
}

} // namespace

std::string image_problem(std::string_view bytes)
{
    if (bytes.size() > 0x7fffffff) return "is too large";
    if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return png_problem(bytes);
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xFF\xD8\xFF") return jpeg_problem(bytes);
    return "is neither a PNG nor a JPEG image";
}

} // namespace sk::content::formats
