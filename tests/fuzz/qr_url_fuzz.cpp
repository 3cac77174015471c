// Fuzz target: the QR code's address (certs/verify_url.hpp, docs/qr-payload.md) as a phone scan or the server hands
// it over: payload_of_qr_text and url_decode_segment on any input, normalize_base_url on the input as a base URL.
// Properties: nothing crashes; an accepted base URL is short, has no query or fragment and is stable; and the SK1
// text of any input (that has no NUL byte) goes through an address and back unchanged.
// Corpus: tests/fuzz/corpus/qr_url/.
#include "certs/verify_url.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

[[noreturn]] void broken(const std::string& what)
{
    std::fprintf(stderr, "fuzz: property broken: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sk::certs;
    const std::string input(reinterpret_cast<const char*>(data), size);

    if (auto payload = payload_of_qr_text(input)) {
        if (payload->find('\0') != std::string::npos) broken("a payload with a NUL byte");
        if (payload->size() > input.size()) broken("a payload longer than its address");
    }
    if (auto decoded = url_decode_segment(input))
        if (decoded->size() > input.size()) broken("decoding made the text longer");

    std::string base;
    try {
        base = normalize_base_url(input);
    } catch (const std::invalid_argument& e) {
        if (std::string(e.what()).rfind("base URL '", 0) != 0) broken(std::string("unclear error: ") + e.what());
    }
    if (!base.empty()) {
        if (base.size() > kMaxBaseUrlLength) broken("a base URL over the limit: " + base);
        if (base.find_first_of("?#@ ") != std::string::npos) broken("a base URL with ? # @ or space: " + base);
        if (normalize_base_url(base) != base) broken("normalizing twice changed " + base);
    }

    const std::string payload = std::string("SK1:") + input;
    if (input.find('\0') == std::string::npos) {
        const std::string url = qr_text(payload, base.empty() ? "https://verify.example.gov.cn" : base);
        if (url.size() <= kMaxVerifyUrlLength && payload_of_qr_text(url) != payload)
            broken("the payload changed through its address: " + url);
        if (payload_of_qr_text(payload) != payload) broken("the SK1 text is not read as itself");
    }
    return 0;
}
