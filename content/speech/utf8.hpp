// Internal to the speech library: UTF-8 decoding and encoding.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sk::speech::detail {

// The code point starting at byte `i` of `s` and its length in bytes; length 0 for an invalid or truncated
// sequence, an overlong form, a surrogate or a value above U+10FFFF (the caller skips one byte).
struct Decoded {
    char32_t c = 0;
    std::size_t len = 0;
};

inline Decoded decode(std::string_view s, std::size_t i)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c0 = b(i);
    if (c0 < 0x80) return {c0, 1};
    std::size_t n = 0;
    char32_t c = 0;
    char32_t min = 0;
    if ((c0 & 0xE0) == 0xC0) n = 2, c = c0 & 0x1F, min = 0x80;
    else if ((c0 & 0xF0) == 0xE0) n = 3, c = c0 & 0x0F, min = 0x800;
    else if ((c0 & 0xF8) == 0xF0) n = 4, c = c0 & 0x07, min = 0x10000;
    else return {};
    if (i + n > s.size()) return {};
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return {};
        c = (c << 6) | (b(i + k) & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return {};
    return {c, n};
}

inline void append(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// CJK unified ideographs (with extension A, the compatibility block and the supplementary planes' ideographs).
inline bool is_cjk(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

} // namespace sk::speech::detail
