// Images are decoded before they are accepted (question and exhibit images, registration photos): a truncated or
// damaged PNG once passed the magic-number check, showed an empty box on the identity screen and stopped `cert pdf`
// (libpng CRC error).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sk::content::formats {

inline constexpr int kMaxImagePixels = 8192; // width and height, each

// "" when `bytes` is a PNG (decoded fully with libpng, CRCs checked) or a JPEG (decoded fully) of at most
// kMaxImagePixels × kMaxImagePixels; otherwise why not ("is a damaged or truncated PNG image (…)", "is 9000 × 20
// pixels; at most 8192 × 8192 are allowed", "is neither a PNG nor a JPEG image").
std::string image_problem(std::string_view bytes);

} // namespace sk::content::formats
