// QR codes (libqrencode): the module matrix of a text, with its quiet zone.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sk::certs {

struct QrMatrix {
    int size = 0;                   // modules per side, quiet zone included
    std::vector<std::uint8_t> dark; // size × size, row by row from the top; 1 = dark
    int version = 0;                // QR version (1–40)
};

// Error correction M (15 %), case kept, the encoder picks numeric, alphanumeric and byte segments (UTF-8 text is
// carried as bytes, which phone scanners show as text). Throws std::runtime_error when the text does not fit.
QrMatrix encode_qr(std::string_view text, int quiet_zone = 4);

} // namespace sk::certs
