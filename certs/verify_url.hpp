// The QR code as a web address: `<base URL>/v/<payload in URL form>` opens the issuer's verification page
// (docs/qr-payload.md, "The QR text"). The signed `SK1:` payload travels unchanged inside the address: every byte
// outside A–Z, 0–9, `*` and `:` is written as %XX (upper-case hex), so the address stays in the QR code's
// alphanumeric set apart from the base URL. Without a configured base URL the QR code holds the `SK1:` text itself.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sk::certs {

// The installation setting (table `setting`) that holds the base URL of the verification page.
inline constexpr const char* kVerifyBaseUrlSetting = "cert.verify_base_url";
inline constexpr std::size_t kMaxBaseUrlLength = 100;
// The longest verification address a reader accepts (base URL, "/v/" and the encoded payload of two 120-byte
// texts, all escaped); the server answers longer request targets with 414.
inline constexpr std::size_t kMaxVerifyUrlLength = 2048;
// The path below the base URL that carries the payload.
inline constexpr std::string_view kVerifyPath = "/v/";

// Checks a base URL: http:// or https://, a host name (letters, digits, '.', '-'), an optional port, an optional
// path of letters, digits and "-._~/", no query, fragment, user name or space, at most kMaxBaseUrlLength
// characters. Returns it without trailing '/' and with scheme and host in lower case; throws std::invalid_argument
// naming what is wrong.
std::string normalize_base_url(std::string_view url);

// The payload as one path segment: bytes outside A–Z, 0–9, '*' and ':' become %XX.
std::string url_encode_payload(std::string_view payload);
// Undoes any percent-encoding (lower- or upper-case hex); nullopt on a broken escape, a NUL byte, or a segment
// longer than kMaxVerifyUrlLength.
std::optional<std::string> url_decode_segment(std::string_view segment);

// The text of the QR code: the payload itself when `base_url` is empty, else `<base_url>/v/<encoded payload>`.
std::string qr_text(std::string_view payload, std::string_view base_url);

// The `SK1:` payload a scanned text carries: the text itself when it starts with "SK1:", or the decoded last
// "/v/" segment of an http:// or https:// address (a query or fragment after it is ignored, as WeChat appends
// one when an address is shared). nullopt when the text is neither; the payload itself is not checked here
// (parse_payload / verify_payload do).
std::optional<std::string> payload_of_qr_text(std::string_view text);

} // namespace sk::certs
