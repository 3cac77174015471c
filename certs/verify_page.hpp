// The public verification page that a certificate's QR code opens (`safekiosk-admin serve`): what each request
// target is answered with, as data, so that the page, its wording and its status codes are tested without a network.
// The program only wires an HTTP server (admin/commands/serve_commands.cpp) to VerifySite::answer.
//
// One page per certificate: the verdict in words with a colour-independent sign (有效 / 需复审 / 已过期 / 已暂停 /
// 已吊销 / 已补发 / 伪造或无效), the holder's name, item and dates, the ID number masked (110105********0318), nothing
// else personal. The page carries the signed message, the signature and the issuer's public key so that its script
// (verify.js, served by the site itself) checks the Ed25519 signature again with WebCrypto.
//
// Routes below the base URL's path (the reverse proxy may keep or strip that prefix):
//   /v/<payload>        the page (200; 400 for an unreadable payload, 404 for a forged or unregistered one)
//   /static/verify.css  /static/verify.js   the page's style and script (no external resources)
//   /key                the issuer's public key, SK1PUB text (docs/qr-payload.md)
//   /                   a short page saying what this site is
//   anything else 404; GET and HEAD only (OPTIONS 204 with Allow, other methods 405); targets longer than
//   kMaxVerifyUrlLength 414. Every answer has a strict Content-Security-Policy and no-referrer.
#pragma once

#include "certs/registry.hpp"
#include "certs/signing.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sk::certs {

inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

struct HttpAnswer {
    int status = 200;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // security headers, Cache-Control, Allow …
};

// HTML text escaping: & < > " ' become entities.
std::string html_escape(std::string_view text);
// An 18-character resident ID number as 110105********0318 (first 6 and last 4 kept); other texts keep their first
// and last 2 characters at most, the rest '*'.
std::string mask_id_number(std::string_view id);
// A certificate number with the ID number inside it masked: T110105********0318; manager numbers unchanged.
std::string masked_number(std::string_view number);

// The verdict as a person reads it.
enum class Tone { Good, Warning, Bad };
struct StatusWords {
    std::string_view zh;   // 有效, 需复审, 已过期, 已暂停, 已吊销, 已补发, 伪造或无效, 样本
    std::string_view en;
    Tone tone;
};
StatusWords status_words(Verdict v);

// Everything one page shows.
struct PageInput {
    Verification verification;
    std::string payload;                   // the SK1 text the address carried (empty when unreadable)
    std::optional<Certificate> current;    // the registry's record, when the registry knows the certificate
    std::string authority;                 // 发证机关
    PublicKey key;
    Date today{};
};
std::string render_page(const PageInput& in);

const std::string& page_css();
const std::string& page_js();

// A per-client limit: at most `burst` requests at once, refilled at `per_minute` a minute (token bucket). At most
// `max_clients` clients are remembered; when full, the idlest half is forgotten. Thread-safe.
class RateLimiter {
public:
    RateLimiter(int per_minute, int burst, std::size_t max_clients = 10000);
    // False when the client has used up its allowance at `now_ms` (answer 429). A limit of 0 allows everything.
    bool allow(const std::string& client, std::int64_t now_ms);
    std::size_t clients() const;

private:
    struct Bucket {
        double tokens;
        std::int64_t at_ms;
    };
    double per_ms_;
    double burst_;
    std::size_t max_clients_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

// The client a request is counted against: the peer address or, when the peer is the local reverse proxy
// (a loopback address) and it sent X-Forwarded-For, the last address in that header (the one the proxy added).
std::string client_of(std::string_view remote_addr, std::string_view forwarded_for);

class VerifySite {
public:
    // `base_path`: the path of the base URL (e.g. "/zhengshu", or empty), stripped from targets that start with it.
    // The registry is read only; answer() may be called from several threads (it takes a lock).
    VerifySite(CertRegistry& registry, PublicKey key, std::string base_path);
    HttpAnswer answer(std::string_view method, std::string_view target);

private:
    HttpAnswer page(std::string_view segment);
    std::mutex mutex_;
    CertRegistry& registry_;
    PublicKey key_;
    std::string base_path_;
};

} // namespace sk::certs
