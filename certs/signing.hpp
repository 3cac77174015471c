// The registry's Ed25519 signing key and the signed QR payload (format: docs/qr-payload.md).
//
// The key pair is made once at set-up in the data directory: cert-signing.key (secret, mode 0600, checked on every
// load) and cert-signing.pub (public, shareable). Anyone with only the public key can tell a genuine QR code from a
// forged one; with the registry too, a valid certificate from an expired, suspended, revoked or replaced one.
#pragma once

#include "certs/certificate.hpp"
#include "certs/dates.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sk::certs {

class SigningError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char* kSecretKeyFile = "cert-signing.key";
inline constexpr const char* kPublicKeyFile = "cert-signing.pub";
inline constexpr const char* kPayloadPrefix = "SK1:";

// RFC 4648 base32 (A–Z, 2–7), no padding: every character is in the QR code's alphanumeric set.
std::string base32_encode(const unsigned char* data, std::size_t size);
std::optional<std::vector<unsigned char>> base32_decode(std::string_view text);

struct PublicKey {
    std::array<unsigned char, 32> bytes{};
    // 8 base32 characters: the first 5 bytes of SHA-256 of the key.
    std::string key_id() const;
    // "SK1PUB:<key id>:<base32 key>"
    std::string exported() const;
    // Parses exported(); throws SigningError naming what is wrong.
    static PublicKey parse(std::string_view text);
    static PublicKey read_file(const std::filesystem::path& file);
};

class Signer {
public:
    // Makes a new key pair in `data_dir` (created if missing). Refuses to overwrite an existing key.
    static Signer create(const std::filesystem::path& data_dir);
    // Loads the key pair. Refuses a secret key file that group or others may read, naming the file and its mode.
    static Signer load(const std::filesystem::path& data_dir);
    // Loads the key pair, making it first when the data directory has none. An installation signs through
    // certs::open_signer (installation_key.hpp), which never makes a key when the database records one.
    static Signer load_or_create(const std::filesystem::path& data_dir);
    // Writes the key pair of `seed` into `data_dir` (created if missing, 0700), secret key 0600. Refuses to
    // overwrite an existing key.
    static Signer install(const std::filesystem::path& data_dir, const std::array<unsigned char, 32>& seed);

    Signer(const Signer&) = delete;
    Signer& operator=(const Signer&) = delete;
    Signer(Signer&& other) noexcept;
    ~Signer();

    const PublicKey& public_key() const { return public_key_; }
    // The 32-byte Ed25519 seed the key pair derives from (for an encrypted backup only).
    std::array<unsigned char, 32> seed() const;
    std::array<unsigned char, 64> sign(std::string_view message) const;
    // Writes the public key (exported() and a newline) to `file`.
    void export_public_key(const std::filesystem::path& file) const;

private:
    Signer() = default;
    std::array<unsigned char, 64> secret_{};
    PublicKey public_key_;
};

// What the QR code carries.
struct QrFields {
    std::string key_id;
    std::string number;
    int version = 1;         // card version
    int status_version = 1;  // record version at printing
    std::int64_t item_id = 0;
    Date first_issued{};
    Date valid_until{};
    std::optional<Date> review_due;
    bool specimen = false;   // a specimen (样本), never a certificate
    std::string name;
    std::string item;
};

// Builds and signs the payload. Throws SigningError when a field cannot be carried (e.g. a '*' in a name).
std::string make_payload(const QrFields& fields, const Signer& signer);

enum class Verdict {
    Malformed,     // not a SafeKiosk certificate code
    Forged,        // signature does not verify (changed or made without the key), or an unknown key
    Specimen,      // genuine specimen, not a certificate
    Valid,
    ReviewDue,
    Overdue,
    Expired,
    Suspended,     // registry only
    Revoked,       // registry only
    Replaced,      // registry only: this card version was replaced after loss or damage
    NotRegistered, // registry only: genuine signature, but the registry has no such certificate
};
std::string_view to_string(Verdict v);

struct Verification {
    Verdict verdict = Verdict::Malformed;
    bool signature_ok = false;
    bool registry_checked = false;
    std::optional<QrFields> fields; // when the payload could be read
    std::string message;            // Chinese, for the person checking
};

// Offline check with only the public key: signature, then the dates carried in the payload on `today`
// (review window `review_window_days` before the review date or, for M numbers, `renewal_window_days` before expiry).
Verification verify_payload(std::string_view payload, const PublicKey& key, Date today,
                            const CertPolicy& policy = CertPolicy{});

// Splits a payload into its fields without checking the signature (nullopt when malformed).
std::optional<QrFields> parse_payload(std::string_view payload);

} // namespace sk::certs
