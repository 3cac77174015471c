#include "certs/qr.hpp"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace sk::certs {

QrMatrix encode_qr(std::string_view text, int quiet_zone)
{
    const std::string s(text);
    QRcode* code = QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) throw std::runtime_error("QR code: cannot encode " + std::to_string(s.size()) + " bytes: " + std::strerror(errno));
    QrMatrix m;
    m.version = code->version;
    m.size = code->width + 2 * quiet_zone;
    m.dark.assign(static_cast<std::size_t>(m.size) * static_cast<std::size_t>(m.size), 0);
    for (int y = 0; y < code->width; ++y)
        for (int x = 0; x < code->width; ++x)
            m.dark[static_cast<std::size_t>((y + quiet_zone) * m.size + x + quiet_zone)] =
                code->data[y * code->width + x] & 1;
    QRcode_free(code);
    return m;
}

} // namespace sk::certs
