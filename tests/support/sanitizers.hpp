// Whether this test program runs under AddressSanitizer (build-san, scripts/test's stage 2), for the few fault tests
// that hold a latency to a figure: the sanitizers run the same code 2-3 times slower, so such a figure is scaled.
#pragma once

namespace sk::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool under_sanitizers = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool under_sanitizers = true;
#else
inline constexpr bool under_sanitizers = false;
#endif
#else
inline constexpr bool under_sanitizers = false;
#endif

// The factor by which a latency figure held in a test is multiplied.
inline constexpr double sanitizer_slowdown = under_sanitizers ? 3.0 : 1.0;

} // namespace sk::test
