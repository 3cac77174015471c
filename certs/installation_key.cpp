#include "certs/installation_key.hpp"

#include "certs/storage/cert_store.hpp"
#include "content/formats/private_file.hpp"
#include "content/installation.hpp"
#include "exam/audit_key.hpp"
#include "exam/exam_service.hpp"

#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace sk::certs {

namespace fs = std::filesystem;

namespace {

// Format 1 carries the signing key only; format 2 (written since) the signing key and the audit key.
constexpr const char* kBackupHeaderV1 = "SK1KEYBACKUP";
constexpr const char* kBackupHeader = "SK2KEYBACKUP";
constexpr std::size_t kMaxBackupBytes = 4096;
constexpr std::size_t kAuditKeyBytes = sizeof(exam::AuditKey::bytes);
// Argon2id work per backup: libsodium's "moderate" limits (about a second and 256 MiB on an office PC). A backup
// file may ask for at most kMaxOps and kMaxMem, so a hostile file cannot make a restore run for ever.
constexpr unsigned long long kMaxOps = 16;
constexpr std::size_t kMaxMem = std::size_t(1) << 30;

std::string restore_hint(const fs::path& database)
{
    return "restore it from its backup: safekiosk-admin --db " + database.string() +
           " --user ADMIN key restore BACKUP-FILE (made with `key backup`), or copy the installation's " +
           std::string(kSecretKeyFile) + " back into " + content::key_folder(database).string() + " (mode 0600)";
}

bool has_key(const fs::path& folder) { return fs::exists(folder / kSecretKeyFile); }

void record(storage::Database& db, const PublicKey& key)
{
    storage::Transaction tx(db);
    CertStore(db).record_public_key(key.exported(), exam::system_now_ms());
    tx.commit();
}

bool has_certificates(storage::Database& db)
{
    auto st = db.prepare("SELECT EXISTS(SELECT 1 FROM certificate)");
    return st.step() && st.integer(0) != 0;
}

// Whether cards were printed (signed) before the database recorded its key (installations made before schema step
// 3): their QR codes carry a key that a new one would not verify.
bool signed_before(storage::Database& db)
{
    auto st = db.prepare("SELECT EXISTS(SELECT 1 FROM audit_log WHERE action IN ('cert.print', 'cert.batch'))");
    return st.step() && st.integer(0) != 0;
}

std::string b32(const unsigned char* p, std::size_t n) { return base32_encode(p, n); }

struct Backup {
    int format = 0;
    std::string key_id;
    PublicKey public_key;
    std::optional<std::string> audit_key_id; // format 2
    unsigned long long ops = 0;
    std::size_t mem = 0;
    std::vector<unsigned char> salt, nonce, box;
};

bool is_audit_key_id(const std::string& s)
{
    return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Backup read_backup(const fs::path& file)
{
    auto bad = [&](const std::string& why) { return SigningError(file.string() + ": not a SafeKiosk key backup (" + why + ")"); };
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw SigningError(file.string() + ": not a regular file");
    if (fs::file_size(file, ec) > kMaxBackupBytes) throw bad("larger than " + std::to_string(kMaxBackupBytes) + " bytes");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw SigningError(file.string() + ": cannot be read");
    std::string line;
    Backup b;
    if (std::getline(in, line) && line == kBackupHeader) b.format = 2;
    else if (line == kBackupHeaderV1) b.format = 1;
    else throw bad("the first line is not " + std::string(kBackupHeader) + " or " + kBackupHeaderV1);
    std::map<std::string, std::string> fields;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto colon = line.find(": ");
        if (colon == std::string::npos) throw bad("line '" + line.substr(0, 40) + "'");
        if (!fields.emplace(line.substr(0, colon), line.substr(colon + 2)).second)
            throw bad("'" + line.substr(0, colon) + "' given twice");
    }
    std::vector<const char*> needed{"key-id", "public", "kdf", "salt", "nonce", "box"};
    if (b.format == 2) needed.push_back("audit-key-id");
    for (const char* k : needed)
        if (!fields.count(k)) throw bad(std::string("no ") + k + " line");
    b.key_id = fields["key-id"];
    try {
        b.public_key = PublicKey::parse(fields["public"]);
    } catch (const SigningError& e) {
        throw bad(e.what());
    }
    if (b.public_key.key_id() != b.key_id) throw bad("key-id does not match the public key");
    if (b.format == 2) {
        if (!is_audit_key_id(fields["audit-key-id"])) throw bad("audit-key-id line");
        b.audit_key_id = fields["audit-key-id"];
    }
    std::istringstream kdf(fields["kdf"]);
    std::string alg, extra;
    if (!(kdf >> alg >> b.ops >> b.mem) || (kdf >> extra) || alg != "argon2id13") throw bad("kdf line");
    if (b.ops < crypto_pwhash_OPSLIMIT_MIN || b.ops > kMaxOps || b.mem < crypto_pwhash_MEMLIMIT_MIN || b.mem > kMaxMem)
        throw bad("kdf limits out of range");
    auto decode = [&](const char* name, std::size_t size) {
        auto v = base32_decode(fields[name]);
        if (!v || v->size() != size) throw bad(std::string(name) + " line");
        return *v;
    };
    b.salt = decode("salt", crypto_pwhash_SALTBYTES);
    b.nonce = decode("nonce", crypto_secretbox_NONCEBYTES);
    // Format 1: the signing key's seed; format 2: the seed, then the audit key.
    b.box = decode("box", crypto_secretbox_MACBYTES + crypto_sign_SEEDBYTES + (b.format == 2 ? kAuditKeyBytes : 0));
    return b;
}

// The installation's audit key, to go into a backup: the database must record it and the key folder hold it.
exam::AuditKey audit_key_for_backup(storage::Database& db, const fs::path& database)
{
    const auto file = content::key_folder(database) / exam::kAuditKeyFile;
    auto recorded = exam::ExamService(db).audit_key_id();
    if (!recorded) {
        // Nothing audited yet: the audit key is made now, by an audited entry, as by any first audited change.
        storage::Transaction tx(db);
        exam::ExamStore store(db);
        store.append_audit(exam::system_now_ms(), "system", "audit.key", "audit_log", "audit key made for a key backup");
        tx.commit();
        recorded = store.audit_key_id();
        if (!recorded) throw SigningError(database.string() + ": the audit key could not be made; nothing written");
    }
    try {
        const auto key = exam::load_audit_key(file);
        if (key.id() != *recorded)
            throw SigningError(file.string() + " holds audit key " + key.id() + ", but this installation's is " +
                               *recorded + "; nothing written");
        return key;
    } catch (const exam::AuditKeyError& e) {
        throw SigningError(std::string(e.what()) + "; nothing written");
    }
}

std::array<unsigned char, crypto_secretbox_KEYBYTES> derive(const std::string& passphrase, const unsigned char* salt,
                                                           unsigned long long ops, std::size_t mem)
{
    std::array<unsigned char, crypto_secretbox_KEYBYTES> key{};
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt, ops, mem,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw SigningError("not enough memory to derive the backup key from the passphrase");
    return key;
}

void write_new_private(const fs::path& file, const std::string& text)
{
    try {
        content::formats::write_new_private_file(file, text);
    } catch (const content::formats::PrivateFileError& e) {
        if (e.exists()) throw SigningError(file.string() + ": cannot be created: the file exists; not replaced");
        throw SigningError(e.what());
    }
}

} // namespace

std::optional<PublicKey> recorded_key(storage::Database& db)
{
    auto text = CertStore(db).recorded_public_key();
    if (!text) return std::nullopt;
    return PublicKey::parse(*text);
}

Signer open_signer(storage::Database& db, const fs::path& database)
{
    const auto folder = content::key_folder(database);
    const auto legacy = content::legacy_key_folder(database);
    const auto recorded = recorded_key(db);
    if (has_key(folder)) {
        Signer s = Signer::load(folder);
        if (recorded && recorded->bytes != s.public_key().bytes)
            throw SigningError((folder / kSecretKeyFile).string() + " holds signing key " + s.public_key().key_id() +
                               ", but this installation signs with key " + recorded->key_id() +
                               ": nothing was signed (with another key every certificate would verify as forged); " +
                               "move that file away and " + restore_hint(database));
        if (!recorded) record(db, s.public_key());
        return s;
    }
    if (has_key(legacy)) {
        // Adopted once from an installation made before key folders were per database (never written there).
        Signer old = Signer::load(legacy);
        const bool adopt = recorded ? recorded->bytes == old.public_key().bytes : has_certificates(db);
        if (adopt) {
            auto seed = old.seed();
            Signer s = Signer::install(folder, seed);
            sodium_memzero(seed.data(), seed.size());
            if (!recorded) record(db, s.public_key());
            return s;
        }
    }
    if (recorded)
        throw SigningError("the signing key " + recorded->key_id() + " of this installation is missing (" +
                           (folder / kSecretKeyFile).string() + " does not exist); a new key is not made, for every " +
                           "certificate issued would then verify as forged: " + restore_hint(database));
    if (signed_before(db))
        throw SigningError("this installation has printed certificates but records no signing key and " +
                           folder.string() + " holds none; a new key is not made, for every certificate issued " +
                           "would then verify as forged: " + restore_hint(database));
    // First set-up: the installation's own key pair, recorded in the database.
    Signer s = Signer::create(folder);
    record(db, s.public_key());
    return s;
}

PublicKey installation_public_key(storage::Database& db, const fs::path& database)
{
    if (auto k = recorded_key(db)) return *k;
    for (const auto& folder : {content::key_folder(database), content::legacy_key_folder(database)})
        if (has_key(folder)) return Signer::load(folder).public_key();
    throw SigningError(database.string() + ": records no signing key, and " + content::key_folder(database).string() +
                       " holds none; give the public key with --key");
}

KeyStatus key_status(storage::Database& db, const fs::path& database)
{
    KeyStatus st;
    st.folder = content::key_folder(database);
    st.recorded = recorded_key(db);
    if (!has_key(st.folder)) {
        st.problem = st.recorded ? "the key is missing: " + restore_hint(database)
                                 : "no key yet: the first certificate print or `key backup` makes one";
        return st;
    }
    try {
        st.in_folder = Signer::load(st.folder).public_key();
        if (st.recorded && st.recorded->bytes != st.in_folder->bytes)
            st.problem = "the folder holds key " + st.in_folder->key_id() + ", not the installation's key " +
                         st.recorded->key_id() + ": " + restore_hint(database);
    } catch (const SigningError& e) {
        st.problem = e.what();
    }
    return st;
}

std::string backup_key(storage::Database& db, const fs::path& database, const fs::path& file,
                       const std::string& passphrase)
{
    if (passphrase.size() < kMinPassphrase)
        throw SigningError("the backup passphrase must have at least " + std::to_string(kMinPassphrase) + " characters");
    if (sodium_init() < 0) throw SigningError("libsodium could not be initialised");
    const Signer s = open_signer(db, database);
    exam::AuditKey audit = audit_key_for_backup(db, database);
    const auto ops = crypto_pwhash_OPSLIMIT_MODERATE;
    const auto mem = crypto_pwhash_MEMLIMIT_MODERATE;
    unsigned char salt[crypto_pwhash_SALTBYTES];
    unsigned char nonce[crypto_secretbox_NONCEBYTES];
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    auto key = derive(passphrase, salt, ops, mem);
    // The secrets: the signing key's seed, then the audit key.
    std::array<unsigned char, crypto_sign_SEEDBYTES + kAuditKeyBytes> secrets{};
    auto seed = s.seed();
    std::copy(seed.begin(), seed.end(), secrets.begin());
    std::copy(audit.bytes.begin(), audit.bytes.end(), secrets.begin() + crypto_sign_SEEDBYTES);
    unsigned char box[crypto_secretbox_MACBYTES + crypto_sign_SEEDBYTES + kAuditKeyBytes];
    crypto_secretbox_easy(box, secrets.data(), secrets.size(), nonce, key.data());
    const std::string audit_id = audit.id();
    sodium_memzero(secrets.data(), secrets.size());
    sodium_memzero(seed.data(), seed.size());
    sodium_memzero(audit.bytes.data(), audit.bytes.size());
    sodium_memzero(key.data(), key.size());
    const std::string text = std::string(kBackupHeader) + "\nkey-id: " + s.public_key().key_id() +
                             "\npublic: " + s.public_key().exported() + "\naudit-key-id: " + audit_id +
                             "\nkdf: argon2id13 " + std::to_string(ops) + " " + std::to_string(mem) +
                             "\nsalt: " + b32(salt, sizeof salt) + "\nnonce: " + b32(nonce, sizeof nonce) +
                             "\nbox: " + b32(box, sizeof box) + "\n";
    write_new_private(file, text);
    return s.public_key().key_id();
}

std::string backup_key_id(const fs::path& file) { return read_backup(file).key_id; }

BackupInfo backup_info(const fs::path& file)
{
    const Backup b = read_backup(file);
    return {b.format, b.key_id, b.audit_key_id};
}

RestoreResult restore_key(storage::Database& db, const fs::path& database, const fs::path& file,
                          const std::string& passphrase)
{
    if (sodium_init() < 0) throw SigningError("libsodium could not be initialised");
    const Backup b = read_backup(file);
    const auto recorded = recorded_key(db);
    if (recorded && recorded->bytes != b.public_key.bytes)
        throw SigningError(file.string() + " holds signing key " + b.key_id + ", but this installation signs with key " +
                           recorded->key_id() + "; not restored");
    const auto recorded_audit = exam::ExamService(db).audit_key_id();
    if (b.audit_key_id && recorded_audit && *b.audit_key_id != *recorded_audit)
        throw SigningError(file.string() + " holds audit key " + *b.audit_key_id + ", but this installation's is " +
                           *recorded_audit + "; not restored");

    // Decrypt: the seed, and (format 2) the audit key after it.
    auto key = derive(passphrase, b.salt.data(), b.ops, b.mem);
    std::vector<unsigned char> secrets(b.box.size() - crypto_secretbox_MACBYTES);
    const bool opened =
        crypto_secretbox_open_easy(secrets.data(), b.box.data(), b.box.size(), b.nonce.data(), key.data()) == 0;
    sodium_memzero(key.data(), key.size());
    if (!opened) throw SigningError(file.string() + ": wrong passphrase, or the backup file is damaged; nothing restored");
    std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
    std::copy_n(secrets.begin(), seed.size(), seed.begin());
    std::optional<exam::AuditKey> audit;
    if (b.audit_key_id) {
        audit.emplace();
        std::copy_n(secrets.begin() + crypto_sign_SEEDBYTES, kAuditKeyBytes, audit->bytes.begin());
    }
    sodium_memzero(secrets.data(), secrets.size());
    struct Wipe {
        std::array<unsigned char, crypto_sign_SEEDBYTES>& seed;
        std::optional<exam::AuditKey>& audit;
        ~Wipe()
        {
            sodium_memzero(seed.data(), seed.size());
            if (audit) sodium_memzero(audit->bytes.data(), audit->bytes.size());
        }
    } wipe{seed, audit};

    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, seed.data());
    sodium_memzero(sk, sizeof sk);
    if (std::memcmp(pk, b.public_key.bytes.data(), sizeof pk) != 0)
        throw SigningError(file.string() + ": the decrypted key is not key " + b.key_id + "; nothing restored");
    if (audit && audit->id() != *b.audit_key_id)
        throw SigningError(file.string() + ": the decrypted audit key is not key " + *b.audit_key_id + "; nothing restored");

    // Both checked against what the key folder holds before anything is written: never over another key.
    const auto folder = content::key_folder(database);
    const auto audit_file = folder / exam::kAuditKeyFile;
    RestoreResult result;
    result.key_id = b.key_id;
    result.audit_key_id = b.audit_key_id;
    const bool signing_in_place = has_key(folder);
    if (signing_in_place) {
        const Signer current = Signer::load(folder);
        if (current.public_key().bytes != b.public_key.bytes)
            throw SigningError((folder / kSecretKeyFile).string() + " holds another signing key (" +
                               current.public_key().key_id() + "); it is never replaced: move it away first");
    }
    std::error_code ec;
    const bool audit_in_place =
        audit && fs::symlink_status(audit_file, ec).type() != fs::file_type::not_found;
    if (audit_in_place) {
        std::string current;
        try {
            current = exam::load_audit_key(audit_file).id();
        } catch (const exam::AuditKeyError& e) {
            throw SigningError(std::string(e.what()) + "; it is never replaced: move it away first; nothing restored");
        }
        if (current != *b.audit_key_id)
            throw SigningError(audit_file.string() + " holds another audit key (" + current +
                               "); it is never replaced: move it away first; nothing restored");
    }

    // The audit key first: the restore is audited with it.
    if (audit && !audit_in_place) {
        try {
            exam::install_audit_key(audit_file, *audit);
        } catch (const exam::AuditKeyError& e) {
            throw SigningError(e.what());
        }
        result.audit_key_restored = true;
    }
    if (!signing_in_place) {
        Signer::install(folder, seed);
        result.signing_key_restored = true;
    }
    if (!recorded) record(db, b.public_key);
    return result;
}

} // namespace sk::certs
