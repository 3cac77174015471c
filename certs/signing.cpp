#include "certs/signing.hpp"

#include "content/formats/files.hpp"
#include "content/formats/private_file.hpp"

#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sk::certs {

namespace fs = std::filesystem;

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr int kFieldCount = 12;

void init_sodium()
{
    if (sodium_init() < 0) throw SigningError("libsodium could not be initialised");
}

std::string key_id_of(const unsigned char* pk)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, pk, 32);
    return base32_encode(digest, 5);
}

std::vector<std::string_view> split(std::string_view s, char sep)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        auto pos = s.find(sep, start);
        out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

bool is_upper_alnum(std::string_view s)
{
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
    return true;
}

std::optional<int> small_int(std::string_view s)
{
    if (s.empty() || s.size() > 9) return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// A name or item carried as UTF-8 text: no separator, no control characters, valid UTF-8.
bool is_text_field(std::string_view s)
{
    if (s.empty() || s.size() > 120) return false;
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f || c == '*') return false;
    // Well-formed UTF-8 (RFC 3629): a lead byte, as many continuation bytes (10xxxxxx) as it announces, and the
    // shortest form of a code point that is neither a surrogate nor above U+10FFFF.
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 4;
        if (extra == 4 || i + extra >= s.size() + (extra == 0)) return false;
        char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1f) : extra == 2 ? (c & 0x0f) : (c & 0x07);
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc >> 6) != 2) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        static constexpr char32_t shortest[] = {0, 0x80, 0x800, 0x10000};
        if (cp < shortest[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        i += extra + 1;
    }
    return true;
}

std::string read_text(const fs::path& file)
{
    std::string s;
    try {
        s = content::formats::read_input_file(file, content::formats::FileKind::Key);
    } catch (const content::formats::FileError& e) {
        throw SigningError(e.why());
    }
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

void write_private(const fs::path& file, const std::string& text)
{
    try {
        content::formats::write_new_private_file(file, text);
    } catch (const content::formats::PrivateFileError& e) {
        throw SigningError(e.what());
    }
}

} // namespace

std::string base32_encode(const unsigned char* data, std::size_t size)
{
    std::string out;
    out.reserve((size * 8 + 4) / 5);
    unsigned buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i < size; ++i) {
        buffer = (buffer << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
    return out;
}

std::optional<std::vector<unsigned char>> base32_decode(std::string_view text)
{
    std::vector<unsigned char> out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
        if (v < 0) return std::nullopt;
        buffer = (buffer << 5) | static_cast<unsigned>(v);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<unsigned char>(buffer >> (bits - 8)));
            bits -= 8;
        }
    }
    // Leftover bits must be the zero padding of the last character, fewer than 5 of them.
    if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::string PublicKey::key_id() const { return key_id_of(bytes.data()); }

std::string PublicKey::exported() const { return "SK1PUB:" + key_id() + ":" + base32_encode(bytes.data(), bytes.size()); }

PublicKey PublicKey::parse(std::string_view text)
{
    init_sodium();
    auto parts = split(text, ':');
    if (parts.size() != 3 || parts[0] != "SK1PUB")
        throw SigningError("public key: expected SK1PUB:<key id>:<key>, got '" + std::string(text.substr(0, 40)) + "'");
    auto raw = base32_decode(parts[2]);
    if (!raw || raw->size() != 32) throw SigningError("public key: the key is not 32 bytes of base32");
    PublicKey k;
    std::copy(raw->begin(), raw->end(), k.bytes.begin());
    if (k.key_id() != parts[1])
        throw SigningError("public key: key id " + std::string(parts[1]) + " does not match the key (" + k.key_id() + ")");
    return k;
}

PublicKey PublicKey::read_file(const fs::path& file)
{
    try {
        return parse(read_text(file));
    } catch (const SigningError& e) {
        throw SigningError(file.string() + ": " + e.what());
    }
}

Signer::Signer(Signer&& other) noexcept : secret_(other.secret_), public_key_(other.public_key_)
{
    sodium_memzero(other.secret_.data(), other.secret_.size());
}

Signer::~Signer() { sodium_memzero(secret_.data(), secret_.size()); }

Signer Signer::create(const fs::path& data_dir)
{
    init_sodium();
    std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
    randombytes_buf(seed.data(), seed.size());
    auto s = install(data_dir, seed);
    sodium_memzero(seed.data(), seed.size());
    return s;
}

Signer Signer::install(const fs::path& data_dir, const std::array<unsigned char, 32>& seed)
{
    init_sodium();
    if (!fs::exists(data_dir)) {
        fs::create_directories(data_dir);
        fs::permissions(data_dir, fs::perms::owner_all, fs::perm_options::replace);
    }
    const auto secret_file = data_dir / kSecretKeyFile;
    if (fs::exists(secret_file)) throw SigningError(secret_file.string() + ": a signing key already exists; not replaced");
    Signer s;
    crypto_sign_seed_keypair(s.public_key_.bytes.data(), s.secret_.data(), seed.data());
    std::string text = "SK1SEC:" + s.public_key_.key_id() + ":" + base32_encode(seed.data(), seed.size()) + "\n";
    write_private(secret_file, text);
    sodium_memzero(text.data(), text.size());
    s.export_public_key(data_dir / kPublicKeyFile);
    return s;
}

std::array<unsigned char, 32> Signer::seed() const
{
    std::array<unsigned char, 32> out{};
    crypto_sign_ed25519_sk_to_seed(out.data(), secret_.data());
    return out;
}

Signer Signer::load(const fs::path& data_dir)
{
    init_sodium();
    const auto secret_file = data_dir / kSecretKeyFile;
    struct stat st {};
    if (::stat(secret_file.c_str(), &st) != 0) throw SigningError(secret_file.string() + ": no signing key");
    if ((st.st_mode & 0077) != 0) {
        const auto mode = content::formats::mode_text(st.st_mode);
        throw SigningError(secret_file.string() + ": the secret signing key may be read by other users (mode " + mode +
                           "); it must be 0600 (chmod 600 " + secret_file.string() + ")");
    }
    std::string text = read_text(secret_file);
    auto parts = split(text, ':');
    if (parts.size() != 3 || parts[0] != "SK1SEC")
        throw SigningError(secret_file.string() + ": not a SafeKiosk signing key (expected SK1SEC:<key id>:<seed>)");
    auto seed = base32_decode(parts[2]);
    if (!seed || seed->size() != crypto_sign_SEEDBYTES)
        throw SigningError(secret_file.string() + ": the seed is not 32 bytes of base32");
    Signer s;
    crypto_sign_seed_keypair(s.public_key_.bytes.data(), s.secret_.data(), seed->data());
    sodium_memzero(seed->data(), seed->size());
    if (s.public_key_.key_id() != parts[1])
        throw SigningError(secret_file.string() + ": key id " + std::string(parts[1]) + " does not match the key");
    sodium_memzero(text.data(), text.size());
    return s;
}

Signer Signer::load_or_create(const fs::path& data_dir)
{
    if (fs::exists(data_dir / kSecretKeyFile)) return load(data_dir);
    return create(data_dir);
}

std::array<unsigned char, 64> Signer::sign(std::string_view message) const
{
    std::array<unsigned char, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         secret_.data());
    return sig;
}

void Signer::export_public_key(const fs::path& file) const
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << public_key_.exported() << "\n";
    out.flush();
    if (!out) throw SigningError(file.string() + ": cannot be written");
}

std::string make_payload(const QrFields& f, const Signer& signer)
{
    if (f.key_id != signer.public_key().key_id())
        throw SigningError("QR payload: key id " + f.key_id + " is not the signer's (" + signer.public_key().key_id() + ")");
    if (!is_upper_alnum(f.number)) throw SigningError("QR payload: certificate number '" + f.number + "' must be A–Z and 0–9");
    if (!is_text_field(f.name)) throw SigningError("QR payload: the name '" + f.name + "' cannot be carried");
    if (!is_text_field(f.item)) throw SigningError("QR payload: the item '" + f.item + "' cannot be carried");
    if (f.version < 1 || f.status_version < 1 || f.item_id < 0)
        throw SigningError("QR payload: versions must be 1 or more");
    std::string body = kPayloadPrefix + f.key_id + "*" + f.number + "*" + std::to_string(f.version) + "*" +
                       std::to_string(f.status_version) + "*" + std::to_string(f.item_id) + "*" +
                       compact(f.first_issued) + "*" + compact(f.valid_until) + "*" +
                       (f.review_due ? compact(*f.review_due) : std::string()) + "*" + (f.specimen ? "S" : "") + "*" +
                       f.name + "*" + f.item;
    auto sig = signer.sign(body);
    return body + "*" + base32_encode(sig.data(), sig.size());
}

std::optional<QrFields> parse_payload(std::string_view payload)
{
    const std::string_view prefix(kPayloadPrefix);
    if (payload.substr(0, prefix.size()) != prefix) return std::nullopt;
    auto parts = split(payload.substr(prefix.size()), '*');
    if (parts.size() != kFieldCount) return std::nullopt;
    QrFields f;
    f.key_id = parts[0];
    f.number = parts[1];
    auto ver = small_int(parts[2]);
    auto sver = small_int(parts[3]);
    auto item = small_int(parts[4]);
    auto first = parse_date(parts[5]);
    auto until = parse_date(parts[6]);
    // What make_payload would refuse is malformed too (versions start at 1).
    if (f.key_id.size() != 8 || !base32_decode(f.key_id) || !is_upper_alnum(f.number) || !ver || !sver || !item ||
        *ver < 1 || *sver < 1 || !first || !until || parts[5].size() != 8 || parts[6].size() != 8)
        return std::nullopt;
    f.version = *ver;
    f.status_version = *sver;
    f.item_id = *item;
    f.first_issued = *first;
    f.valid_until = *until;
    if (!parts[7].empty()) {
        auto due = parse_date(parts[7]);
        if (!due || parts[7].size() != 8) return std::nullopt;
        f.review_due = *due;
    }
    if (parts[8] != "" && parts[8] != "S") return std::nullopt;
    f.specimen = parts[8] == "S";
    if (!is_text_field(parts[9]) || !is_text_field(parts[10])) return std::nullopt;
    f.name = parts[9];
    f.item = parts[10];
    auto sig = base32_decode(parts[11]);
    if (!sig || sig->size() != crypto_sign_BYTES) return std::nullopt;
    return f;
}

std::string_view to_string(Verdict v)
{
    switch (v) {
    case Verdict::Malformed: return "malformed";
    case Verdict::Forged: return "forged";
    case Verdict::Specimen: return "specimen";
    case Verdict::Valid: return "valid";
    case Verdict::ReviewDue: return "review_due";
    case Verdict::Overdue: return "overdue";
    case Verdict::Expired: return "expired";
    case Verdict::Suspended: return "suspended";
    case Verdict::Revoked: return "revoked";
    case Verdict::Replaced: return "replaced";
    case Verdict::NotRegistered: return "not_registered";
    }
    return "";
}

Verification verify_payload(std::string_view payload, const PublicKey& key, Date today, const CertPolicy& policy)
{
    init_sodium();
    Verification v;
    auto fields = parse_payload(payload);
    if (!fields) {
        v.verdict = Verdict::Malformed;
        v.message = "无法识别：不是本系统签发的证书二维码";
        return v;
    }
    v.fields = fields;
    const auto last_sep = payload.rfind('*');
    auto sig = base32_decode(payload.substr(last_sep + 1));
    const std::string_view body = payload.substr(0, last_sep);
    v.signature_ok = fields->key_id == key.key_id() &&
                     crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(body.data()),
                                                 body.size(), key.bytes.data()) == 0;
    if (!v.signature_ok) {
        v.verdict = Verdict::Forged;
        v.message = fields->key_id != key.key_id() ? "签名密钥不符（密钥标识" + fields->key_id + "）：证书不是本发证机关签发，疑似伪造"
                                                   : "签名无效：二维码内容被改动或伪造";
        return v;
    }
    if (fields->specimen) {
        v.verdict = Verdict::Specimen;
        v.message = "样本：签名有效，但这是演示用样本，不是证书";
        return v;
    }
    Certificate c; // the dates the payload carries
    c.track = fields->number[0] == 'M' ? CertTrack::Manager : CertTrack::Special;
    c.valid_until = fields->valid_until;
    c.review_due = fields->review_due;
    switch (state_on(c, policy, today)) {
    case CertState::Expired: v.verdict = Verdict::Expired; break;
    case CertState::Overdue: v.verdict = Verdict::Overdue; break;
    case CertState::ReviewDue: v.verdict = Verdict::ReviewDue; break;
    default: v.verdict = Verdict::Valid; break;
    }
    const std::string dates = "有效期至" + iso(fields->valid_until) +
                              (fields->review_due ? "，复审日期" + iso(*fields->review_due) : std::string());
    switch (v.verdict) {
    case Verdict::Expired: v.message = "签名有效，证书已过期（" + dates + "）"; break;
    case Verdict::Overdue: v.message = "签名有效，证书逾期未复审（" + dates + "）"; break;
    case Verdict::ReviewDue: v.message = "签名有效，证书临近复审（" + dates + "）"; break;
    default: v.message = "签名有效，证书在有效期内（" + dates + "）"; break;
    }
    v.message += "；未联网核验，暂扣、吊销与补发情况以登记系统为准";
    return v;
}

} // namespace sk::certs
