#include "certs/verify_url.hpp"

#include "certs/signing.hpp"

#include <stdexcept>

namespace sk::certs {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s)
{
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
}

// Kept as they are in the path segment: the QR code's alphanumeric set minus what a URL path would misread.
bool kept(unsigned char c) { return (c >= 'A' && c <= 'Z') || is_digit(static_cast<char>(c)) || c == '*' || c == ':'; }

int hex_value(char c)
{
    if (is_digit(c)) return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::string shown(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
        static const char* digits = "0123456789ABCDEF";
        return std::string("byte 0x") + digits[u >> 4] + digits[u & 15];
    }
    return std::string("'") + c + "'";
}

} // namespace

std::string normalize_base_url(std::string_view url)
{
    auto bad = [&](const std::string& why) {
        throw std::invalid_argument("base URL '" + std::string(url.substr(0, kMaxBaseUrlLength)) + "': " + why);
    };
    if (url.empty()) bad("is empty");
    if (url.size() > kMaxBaseUrlLength)
        bad("is " + std::to_string(url.size()) + " characters long; at most " + std::to_string(kMaxBaseUrlLength));
    const std::string low = lowered(url);
    std::size_t at = 0;
    if (low.rfind("https://", 0) == 0) at = 8;
    else if (low.rfind("http://", 0) == 0) at = 7;
    else bad("must start with https:// or http://");
    const std::size_t slash = url.find('/', at);
    const std::string_view authority = url.substr(at, slash == std::string_view::npos ? std::string_view::npos : slash - at);
    const std::string_view path = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
    const std::size_t colon = authority.find(':');
    const std::string_view host = authority.substr(0, colon);
    if (host.empty()) bad("has no host name");
    for (std::size_t i = 0; i < authority.size(); ++i) {
        const char c = authority[i];
        if (c == '@') bad("must not carry a user name ('@')");
        if (c == '?') bad("must not have a query ('?')");
        if (c == '#') bad("must not have a fragment ('#')");
        if (i < host.size() && !is_alpha(c) && !is_digit(c) && c != '.' && c != '-')
            bad("the host name has " + shown(c) + " at position " + std::to_string(at + i + 1) +
                " (letters, digits, '.' and '-' only)");
    }
    if (host.front() == '.' || host.front() == '-' || host.back() == '.' || host.back() == '-')
        bad("the host name must not start or end with '.' or '-'");
    if (colon != std::string_view::npos) {
        const std::string_view port = authority.substr(colon + 1);
        int value = 0;
        bool ok = !port.empty() && port.size() <= 5;
        for (char c : port) {
            if (!is_digit(c)) ok = false;
            else if (value <= 65535) value = value * 10 + (c - '0'); // more digits stay over the limit
        }
        if (!ok || value < 1 || value > 65535) bad("the port '" + std::string(port) + "' must be 1 to 65535");
    }
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '?') bad("must not have a query ('?')");
        if (c == '#') bad("must not have a fragment ('#')");
        if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.' && c != '_' && c != '~' && c != '/')
            bad("the path has " + shown(c) + " at position " + std::to_string(slash + i + 1) +
                " (letters, digits and - . _ ~ / only)");
    }
    std::string out = low.substr(0, at) + lowered(authority) + std::string(path);
    while (!out.empty() && out.back() == '/') out.pop_back();
    return out;
}

std::string url_encode_payload(std::string_view payload)
{
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    out.reserve(payload.size() * 2);
    for (char ch : payload) {
        const auto c = static_cast<unsigned char>(ch);
        if (kept(c)) {
            out += ch;
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

std::optional<std::string> url_decode_segment(std::string_view segment)
{
    if (segment.size() > kMaxVerifyUrlLength) return std::nullopt;
    std::string out;
    out.reserve(segment.size());
    for (std::size_t i = 0; i < segment.size(); ++i) {
        char c = segment[i];
        if (c == '%') {
            if (i + 2 >= segment.size()) return std::nullopt;
            const int hi = hex_value(segment[i + 1]);
            const int lo = hex_value(segment[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') return std::nullopt;
        out += c;
    }
    return out;
}

std::string qr_text(std::string_view payload, std::string_view base_url)
{
    if (base_url.empty()) return std::string(payload);
    return std::string(base_url) + std::string(kVerifyPath) + url_encode_payload(payload);
}

std::optional<std::string> payload_of_qr_text(std::string_view text)
{
    // A NUL byte is in no payload SafeKiosk signs: such text (typed, or %00 in an address) is read as nothing.
    if (text.find('\0') != std::string_view::npos) return std::nullopt;
    if (text.rfind(kPayloadPrefix, 0) == 0) return std::string(text);
    if (text.size() > kMaxVerifyUrlLength) return std::nullopt;
    const std::string low = lowered(text.substr(0, 8));
    std::size_t at = 0;
    if (low.rfind("https://", 0) == 0) at = 8;
    else if (low.rfind("http://", 0) == 0) at = 7;
    else return std::nullopt;
    std::string_view rest = text.substr(at);
    rest = rest.substr(0, rest.find_first_of("?#"));
    // The last "/v/" after the host name: a base URL's own path may hold "/v/" too.
    const std::size_t v = rest.rfind(kVerifyPath);
    if (v == std::string_view::npos) return std::nullopt;
    std::string_view segment = rest.substr(v + kVerifyPath.size());
    while (!segment.empty() && segment.back() == '/') segment.remove_suffix(1);
    if (segment.empty() || segment.find('/') != std::string_view::npos) return std::nullopt;
    auto payload = url_decode_segment(segment);
    if (payload && payload->find('\0') != std::string::npos) return std::nullopt;
    return payload;
}

} // namespace sk::certs
