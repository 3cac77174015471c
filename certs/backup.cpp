#include "certs/backup.hpp"

#include "certs/installation_key.hpp"
#include "content/formats/private_file.hpp"
#include "content/installation.hpp"
#include "exam/audit_key.hpp"
#include "exam/exam_service.hpp"
#include "exam/storage/exam_store.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>

extern char** environ;

namespace sk::certs {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxManifest = 64 * 1024;
constexpr std::size_t kMaxKeyFiles = 32;
constexpr std::size_t kMaxKeyFile = 64 * 1024;
constexpr std::uint64_t kMaxKeyBox = 4 * 1024 * 1024;
// Argon2id's cost is read from the file: bounded so a hostile file cannot ask for more than a kiosk has.
constexpr std::uint64_t kMaxOps = 16;
constexpr std::uint64_t kMaxMem = 1024ull * 1024 * 1024;

std::string hex(const unsigned char* p, std::size_t n)
{
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}

std::vector<unsigned char> unhex(const std::string& text, std::size_t expected, const std::string& what)
{
    std::vector<unsigned char> out(text.size() / 2);
    std::size_t len = 0;
    if (text.size() != expected * 2 ||
        sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr) != 0 || len != expected)
        throw std::invalid_argument(what + " is not " + std::to_string(expected) + " bytes in hex");
    return out;
}

std::string sha256_hex(std::string_view data)
{
    std::array<unsigned char, crypto_hash_sha256_BYTES> h{};
    crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return hex(h.data(), h.size());
}

std::string utc_text(std::int64_t ms)
{
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void ensure_sodium()
{
    if (sodium_init() < 0) throw BackupError("libsodium could not be initialised");
}

// A file descriptor closed on scope exit.
struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd()
    {
        if (fd >= 0) ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

void write_all(int fd, const void* data, std::size_t n, const fs::path& file)
{
    auto* p = static_cast<const char*>(data);
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) throw BackupError(file.string() + ": cannot be written: " + std::strerror(errno));
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

// Reads exactly n bytes (false at the end of the file).
bool read_exact(int fd, void* data, std::size_t n)
{
    auto* p = static_cast<char*>(data);
    while (n > 0) {
        ssize_t r = ::read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) throw BackupError(std::string("read error: ") + std::strerror(errno));
        if (r == 0) return false;
        p += r;
        n -= static_cast<std::size_t>(r);
    }
    return true;
}

// Copies `size` bytes from `in` (at its offset) to `out` (-1: nowhere), returning their SHA-256.
std::string copy_hashed(int in, int out, std::uint64_t size, const fs::path& from, const fs::path& to)
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    std::vector<char> buf(1 << 20);
    while (size > 0) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(size, buf.size()));
        if (!read_exact(in, buf.data(), n)) throw BackupError(from.string() + ": ends early (truncated)");
        crypto_hash_sha256_update(&st, reinterpret_cast<unsigned char*>(buf.data()), n);
        if (out >= 0) write_all(out, buf.data(), n, to);
        size -= n;
    }
    std::array<unsigned char, crypto_hash_sha256_BYTES> h{};
    crypto_hash_sha256_final(&st, h.data());
    return hex(h.data(), h.size());
}

void fsync_folder(const fs::path& folder)
{
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// A new, private file beside `final` to write into before renaming.
fs::path temp_beside(const fs::path& final)
{
    std::random_device rd;
    return final.parent_path() / ("." + final.filename().string() + ".tmp-" + std::to_string(rd() % 1000000));
}

int create_private(const fs::path& file)
{
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw BackupError(file.string() + ": cannot be created: " + std::strerror(errno));
    ::fchmod(fd, 0600);
    return fd;
}

// Runs a program (no shell) and returns its exit status and what it wrote to stderr (its first 2 KiB).
struct ProgramRun {
    int status = -1;
    std::string err;
};
ProgramRun run_program(const std::vector<std::string>& args)
{
    char err_template[] = "/tmp/safekiosk-backup-err-XXXXXX";
    int err_fd = ::mkstemp(err_template);
    if (err_fd < 0) throw BackupError(std::string("cannot make a temporary file: ") + std::strerror(errno));
    ::close(err_fd);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err_template, O_WRONLY | O_TRUNC, 0600);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    // A server that does not answer ends pg_dump/pg_restore within seconds, as SafeKiosk's own connections do.
    std::vector<std::string> env_text;
    bool has_timeout = false;
    for (char** e = environ; *e; ++e) {
        env_text.emplace_back(*e);
        if (env_text.back().rfind("PGCONNECT_TIMEOUT=", 0) == 0) has_timeout = true;
    }
    if (!has_timeout) env_text.emplace_back("PGCONNECT_TIMEOUT=10");
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ProgramRun run;
    if (rc != 0) {
        ::unlink(err_template);
        throw BackupError(args[0] + ": cannot be run: " + std::strerror(rc) +
                          " (install postgresql-client-15: the same major version as the server)");
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    std::ifstream in(err_template, std::ios::binary);
    std::string text(2048, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    run.err = text;
    ::unlink(err_template);
    return run;
}

bool safe_key_file_name(const std::string& name)
{
    if (name.empty() || name.size() > 64 || name == "." || name == "..") return false;
    for (unsigned char c : name)
        if (!(std::isalnum(c) || c == '.' || c == '-' || c == '_')) return false;
    return true;
}

struct KeyFile {
    std::string name;
    std::string data;
};

// The key folder's regular files (refusing anything else in it: a secret is never followed through a link).
std::vector<KeyFile> read_key_folder(const fs::path& folder)
{
    std::vector<KeyFile> files;
    std::error_code ec;
    if (!fs::exists(folder, ec)) return files;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find(".tmp") != std::string::npos) continue; // a head file being replaced
        const auto st = entry.symlink_status(ec);
        if (!fs::is_regular_file(st) || !safe_key_file_name(name))
            throw BackupError(entry.path().string() + ": not a regular key file; the key folder holds only SafeKiosk's "
                                                      "key files");
        if (files.size() == kMaxKeyFiles) throw BackupError(folder.string() + ": more files than a key folder holds");
        std::ifstream in(entry.path(), std::ios::binary);
        std::string data(kMaxKeyFile + 1, '\0');
        in.read(data.data(), static_cast<std::streamsize>(data.size()));
        if (in.bad() || in.gcount() > static_cast<std::streamsize>(kMaxKeyFile))
            throw BackupError(entry.path().string() + ": cannot be read, or larger than a key file");
        data.resize(static_cast<std::size_t>(in.gcount()));
        files.push_back({name, std::move(data)});
    }
    if (ec) throw BackupError(folder.string() + ": cannot be read: " + ec.message());
    std::sort(files.begin(), files.end(), [](const KeyFile& a, const KeyFile& b) { return a.name < b.name; });
    return files;
}

nlohmann::ordered_json manifest_json(const BackupManifest& m)
{
    nlohmann::ordered_json j;
    j["format"] = m.format;
    j["created_at"] = m.created_at;
    j["created_at_ms"] = m.created_at_ms;
    j["engine"] = m.engine;
    j["source"] = m.source;
    j["schemas"] = m.schemas;
    j["database"] = {{"format", m.database_format}, {"size", m.database_size}, {"sha256", m.database_sha256}};
    j["keys"] = {{"size", m.keys_size},
                 {"files", m.key_files},
                 {"signing_key_id", m.signing_key_id},
                 {"audit_key_id", m.audit_key_id},
                 {"kdf", {{"algorithm", "argon2id13"}, {"opslimit", m.kdf_opslimit}, {"memlimit", m.kdf_memlimit},
                          {"salt", m.kdf_salt}}},
                 {"cipher", "xchacha20poly1305-ietf"},
                 {"nonce", m.nonce}};
    return j;
}

BackupManifest parse_manifest(const std::string& line)
{
    BackupManifest m;
    const auto j = nlohmann::json::parse(line); // throws on bad JSON
    m.format = j.at("format").get<int>();
    if (m.format != 1) throw std::invalid_argument("format " + std::to_string(m.format) + " is not known to this program");
    m.created_at = j.at("created_at").get<std::string>();
    m.created_at_ms = j.at("created_at_ms").get<std::int64_t>();
    m.engine = j.at("engine").get<std::string>();
    if (m.engine != "sqlite" && m.engine != "postgresql") throw std::invalid_argument("unknown engine " + m.engine);
    m.source = j.at("source").get<std::string>();
    m.schemas = j.at("schemas").get<std::map<std::string, int>>();
    const auto& d = j.at("database");
    m.database_format = d.at("format").get<std::string>();
    if (m.database_format != (m.engine == "sqlite" ? "sqlite3" : "pg_dump-custom"))
        throw std::invalid_argument("database format " + m.database_format + " does not fit engine " + m.engine);
    m.database_size = d.at("size").get<std::uint64_t>();
    m.database_sha256 = d.at("sha256").get<std::string>();
    unhex(m.database_sha256, crypto_hash_sha256_BYTES, "database sha256");
    const auto& k = j.at("keys");
    m.keys_size = k.at("size").get<std::uint64_t>();
    if (m.keys_size < crypto_aead_xchacha20poly1305_ietf_ABYTES || m.keys_size > kMaxKeyBox)
        throw std::invalid_argument("key box size " + std::to_string(m.keys_size) + " out of range");
    m.key_files = k.at("files").get<std::vector<std::string>>();
    m.signing_key_id = k.at("signing_key_id").get<std::string>();
    m.audit_key_id = k.at("audit_key_id").get<std::string>();
    const auto& kdf = k.at("kdf");
    if (kdf.at("algorithm").get<std::string>() != "argon2id13" ||
        k.at("cipher").get<std::string>() != "xchacha20poly1305-ietf")
        throw std::invalid_argument("unknown key derivation or cipher");
    m.kdf_opslimit = kdf.at("opslimit").get<std::uint64_t>();
    m.kdf_memlimit = kdf.at("memlimit").get<std::uint64_t>();
    if (m.kdf_opslimit < crypto_pwhash_OPSLIMIT_MIN || m.kdf_opslimit > kMaxOps ||
        m.kdf_memlimit < crypto_pwhash_MEMLIMIT_MIN || m.kdf_memlimit > kMaxMem)
        throw std::invalid_argument("key derivation cost out of range");
    m.kdf_salt = kdf.at("salt").get<std::string>();
    unhex(m.kdf_salt, crypto_pwhash_SALTBYTES, "salt");
    m.nonce = k.at("nonce").get<std::string>();
    unhex(m.nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce");
    return m;
}

std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_KEYBYTES> derive(const std::string& passphrase,
                                                                                const BackupManifest& m)
{
    std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_KEYBYTES> key{};
    const auto salt = unhex(m.kdf_salt, crypto_pwhash_SALTBYTES, "salt");
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt.data(), m.kdf_opslimit,
                      static_cast<std::size_t>(m.kdf_memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw BackupError("not enough memory to derive the key from the passphrase (Argon2id needs " +
                          std::to_string(m.kdf_memlimit >> 20) + " MiB)");
    return key;
}

// What the header, the manifest line and the key box of an opened backup file are.
struct Opened {
    BackupManifest manifest;
    std::string manifest_line;
    std::string key_box;
    std::uint64_t database_offset = 0;
};

// Opens `file` for reading, refusing what is not a regular file (a FIFO would block, a device never end).
int open_regular(const fs::path& file)
{
    int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) throw BackupError(file.string() + ": cannot be read: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw BackupError(file.string() + ": not a regular file, so not a SafeKiosk backup");
    }
    ::fcntl(fd, F_SETFL, 0);
    return fd;
}

std::string read_line(int fd, std::size_t max, const fs::path& file, const char* what)
{
    std::string line;
    char c = 0;
    while (true) {
        if (!read_exact(fd, &c, 1)) throw BackupError(file.string() + ": ends within the " + what + " (truncated)");
        if (c == '\n') return line;
        if (line.size() == max) throw BackupError(file.string() + ": the " + std::string(what) + " is too long (damaged)");
        line += c;
    }
}

Opened open_backup(int fd, const fs::path& file)
{
    Opened o;
    struct stat st {};
    ::fstat(fd, &st);
    const auto file_size = static_cast<std::uint64_t>(st.st_size);
    char magic[32] = {};
    const std::string expected = std::string(kBackupMagic) + "\n";
    if (!read_exact(fd, magic, expected.size()) || std::string_view(magic, expected.size()) != expected) {
        if (std::string_view(magic, std::min<std::size_t>(17, expected.size())) == "SAFEKIOSK-BACKUP ")
            throw BackupError(file.string() + ": a backup format this program does not know (made by a newer "
                                              "SafeKiosk?)");
        throw BackupError(file.string() + ": not a SafeKiosk backup (it does not begin with \"" + kBackupMagic + "\")");
    }
    const std::string sum_line = read_line(fd, 100, file, "manifest checksum line");
    if (sum_line.rfind("manifest-sha256 ", 0) != 0 || sum_line.size() != 16 + 64)
        throw BackupError(file.string() + ": damaged: the manifest checksum line is not \"manifest-sha256 <hex>\"");
    o.manifest_line = read_line(fd, kMaxManifest, file, "manifest");
    if (sha256_hex(o.manifest_line) != sum_line.substr(16))
        throw BackupError(file.string() + ": damaged: the manifest does not match its checksum");
    try {
        o.manifest = parse_manifest(o.manifest_line);
    } catch (const std::exception& e) {
        throw BackupError(file.string() + ": damaged manifest: " + e.what());
    }
    const std::uint64_t header = expected.size() + sum_line.size() + 1 + o.manifest_line.size() + 1;
    const std::uint64_t total = header + o.manifest.keys_size + o.manifest.database_size;
    if (o.manifest.database_size > file_size || file_size < total)
        throw BackupError(file.string() + ": truncated: " + std::to_string(file_size) + " bytes where the manifest says " +
                          std::to_string(total));
    if (file_size > total)
        throw BackupError(file.string() + ": damaged: " + std::to_string(file_size - total) +
                          " bytes after the end the manifest gives");
    o.key_box.resize(static_cast<std::size_t>(o.manifest.keys_size));
    if (!read_exact(fd, o.key_box.data(), o.key_box.size())) throw BackupError(file.string() + ": truncated key box");
    o.database_offset = header + o.manifest.keys_size;
    return o;
}

std::vector<KeyFile> open_key_box(const Opened& o, const std::string& passphrase, const fs::path& file)
{
    const auto key = derive(passphrase, o.manifest);
    const auto nonce = unhex(o.manifest.nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce");
    std::string plain(o.key_box.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long plain_len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr,
            reinterpret_cast<const unsigned char*>(o.key_box.data()), o.key_box.size(),
            reinterpret_cast<const unsigned char*>(o.manifest_line.data()), o.manifest_line.size(), nonce.data(),
            key.data()) != 0)
        throw BackupError(file.string() + ": wrong passphrase (or the key part of the backup is damaged); nothing was "
                                          "restored");
    plain.resize(static_cast<std::size_t>(plain_len));
    std::vector<KeyFile> files;
    try {
        const auto j = nlohmann::json::parse(plain);
        for (const auto& f : j.at("files")) {
            KeyFile k{f.at("name").get<std::string>(), {}};
            const auto text = f.at("hex").get<std::string>();
            const auto bytes = unhex(text, text.size() / 2, "key file");
            k.data.assign(bytes.begin(), bytes.end());
            if (!safe_key_file_name(k.name)) throw std::invalid_argument("a key file name is not allowed");
            files.push_back(std::move(k));
        }
    } catch (const std::exception& e) {
        throw BackupError(file.string() + ": damaged key part: " + e.what());
    }
    sodium_memzero(plain.data(), plain.size());
    return files;
}

bool is_server(const fs::path& locator) { return storage::is_server_locator(locator.native()); }

void check_recorded_keys(storage::Database& db, const fs::path& locator, BackupManifest& m)
{
    const auto folder = content::key_folder(locator);
    if (auto recorded = recorded_key(db)) {
        const auto st = key_status(db, locator);
        if (!st.problem.empty())
            throw BackupError("the key folder " + folder.string() + " cannot sign for this installation (" + st.problem +
                              "); a backup without its key could not issue or verify certificates after a restore");
        m.signing_key_id = recorded->key_id();
    }
    if (auto audit_id = exam::ExamService(db).audit_key_id()) {
        try {
            const auto key = exam::load_audit_key(folder / exam::kAuditKeyFile);
            if (key.id() != *audit_id)
                throw BackupError((folder / exam::kAuditKeyFile).string() + ": another audit key (" + key.id() +
                                  ") than the database records (" + *audit_id + ")");
        } catch (const exam::AuditKeyError& e) {
            throw BackupError(std::string(e.what()) + "; a backup without the audit key could not verify the log");
        }
        m.audit_key_id = *audit_id;
    }
}

// What a restore that failed its final checks left behind (the guard removes the files).
std::string undone(bool server, const fs::path& locator)
{
    if (!server) return "; the restored files were removed again";
    return "; the key folder was removed again, but the tables pg_restore made stay in " + locator.string() +
           ": drop that database and create it empty before another restore";
}

} // namespace

std::string installation_not_empty(const fs::path& locator)
{
    const auto folder = content::key_folder(locator);
    std::error_code ec;
    if (fs::exists(folder, ec)) {
        if (!fs::is_directory(folder, ec)) return folder.string() + " exists and is not a folder";
        if (!fs::is_empty(folder, ec)) return "the key folder " + folder.string() + " holds files";
    }
    if (is_server(locator)) {
        auto db = storage::Database::open(locator, false);
        auto st = db.prepare("SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN "
                             "('pg_catalog', 'information_schema')");
        st.step();
        if (const auto n = st.int64(0); n > 0)
            return db.describe() + " has " + std::to_string(n) + " tables (restore into a new, empty database)";
        return "";
    }
    for (const char* suffix : {"", "-wal", "-journal"}) {
        const fs::path f = locator.string() + suffix;
        if (fs::exists(f, ec) && !(fs::is_regular_file(f, ec) && fs::file_size(f, ec) == 0))
            return f.string() + " exists";
    }
    return "";
}

BackupManifest write_backup(storage::Database& db, const fs::path& locator, const fs::path& out,
                            const std::string& passphrase)
{
    ensure_sodium();
    if (passphrase.size() < kMinBackupPassphrase)
        throw BackupError("the passphrase is too short: at least " + std::to_string(kMinBackupPassphrase) + " characters");
    std::error_code ec;
    if (fs::exists(fs::symlink_status(out, ec))) throw BackupError(out.string() + ": the file exists; not replaced");

    BackupManifest m;
    m.created_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    m.created_at = utc_text(m.created_at_ms);
    m.engine = db.engine() == storage::Engine::SQLite ? "sqlite" : "postgresql";
    m.database_format = db.engine() == storage::Engine::SQLite ? "sqlite3" : "pg_dump-custom";
    m.source = db.describe();
    check_recorded_keys(db, locator, m);
    // Keys first: the audit head file read now can only lag behind the snapshot taken after it, which verify accepts.
    const auto keys = read_key_folder(content::key_folder(locator));

    const fs::path out_parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    const fs::path snapshot = temp_beside(out_parent / (out.filename().string() + ".db"));
    struct Remove {
        fs::path p;
        ~Remove()
        {
            std::error_code e;
            fs::remove(p, e);
        }
    } remove_snapshot{snapshot};
    if (db.engine() == storage::Engine::SQLite) {
        storage::sqlite_snapshot(db, snapshot);
    } else {
        ::close(create_private(snapshot));
        const auto run = run_program({"pg_dump", "--format=custom", "--file=" + snapshot.string(),
                                      "--dbname=" + locator.string()});
        if (run.status != 0)
            throw BackupError("pg_dump of " + db.describe() + " failed (exit " + std::to_string(run.status) + "): " + run.err);
    }
    // The schema versions of the copy itself (a kiosk might have migrated between our reads).
    if (db.engine() == storage::Engine::SQLite) {
        auto copy = storage::Database::open_read_only(snapshot);
        auto st = copy.prepare("SELECT module, version FROM schema_version");
        while (st.step()) m.schemas[st.text(0)] = st.integer(1);
    } else {
        auto st = db.prepare("SELECT module, version FROM schema_version");
        while (st.step()) m.schemas[st.text(0)] = st.integer(1);
    }
    {
        Fd in(::open(snapshot.c_str(), O_RDONLY | O_CLOEXEC));
        if (in.fd < 0) throw BackupError(snapshot.string() + ": cannot be read: " + std::strerror(errno));
        struct stat st {};
        ::fstat(in.fd, &st);
        m.database_size = static_cast<std::uint64_t>(st.st_size);
        m.database_sha256 = copy_hashed(in.fd, -1, m.database_size, snapshot, {});
    }

    // The key box.
    nlohmann::json plain_json;
    plain_json["files"] = nlohmann::json::array();
    for (const auto& k : keys) {
        plain_json["files"].push_back({{"name", k.name},
                                       {"hex", hex(reinterpret_cast<const unsigned char*>(k.data.data()), k.data.size())}});
        m.key_files.push_back(k.name);
    }
    std::string plain = plain_json.dump();
    m.keys_size = plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES;
    m.kdf_opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
    m.kdf_memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
    std::array<unsigned char, crypto_pwhash_SALTBYTES> salt{};
    std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES> nonce{};
    randombytes_buf(salt.data(), salt.size());
    randombytes_buf(nonce.data(), nonce.size());
    m.kdf_salt = hex(salt.data(), salt.size());
    m.nonce = hex(nonce.data(), nonce.size());
    const std::string manifest_line = manifest_json(m).dump();
    const auto key = derive(passphrase, m);
    std::string box(m.keys_size, '\0');
    unsigned long long box_len = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(box.data()), &box_len,
                                               reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                                               reinterpret_cast<const unsigned char*>(manifest_line.data()),
                                               manifest_line.size(), nullptr, nonce.data(), key.data());
    sodium_memzero(plain.data(), plain.size());

    // The file: written beside its name and renamed when whole.
    const fs::path temp = temp_beside(out_parent / out.filename());
    Remove remove_temp{temp};
    {
        Fd o(create_private(temp));
        const std::string head = std::string(kBackupMagic) + "\nmanifest-sha256 " + sha256_hex(manifest_line) + "\n" +
                                 manifest_line + "\n";
        write_all(o.fd, head.data(), head.size(), out);
        write_all(o.fd, box.data(), box.size(), out);
        Fd in(::open(snapshot.c_str(), O_RDONLY | O_CLOEXEC));
        if (copy_hashed(in.fd, o.fd, m.database_size, snapshot, out) != m.database_sha256)
            throw BackupError(snapshot.string() + ": changed while it was copied");
        if (::fsync(o.fd) != 0) throw BackupError(out.string() + ": cannot be written: " + std::strerror(errno));
    }
    // link() refuses an existing name, so a file made meanwhile is never replaced.
    if (::link(temp.c_str(), out.c_str()) != 0)
        throw BackupError(out.string() + ": cannot be written: " + std::strerror(errno));
    fsync_folder(out_parent);
    return m;
}

BackupManifest check_backup(const fs::path& file)
{
    ensure_sodium();
    Fd fd(open_regular(file));
    const Opened o = open_backup(fd.fd, file);
    if (copy_hashed(fd.fd, -1, o.manifest.database_size, file, {}) != o.manifest.database_sha256)
        throw BackupError(file.string() + ": damaged: the database part does not match its checksum");
    return o.manifest;
}

RestoreReport restore_backup(const fs::path& file, const fs::path& locator,
                             const std::vector<const storage::Schema*>& schemas, const std::string& passphrase,
                             const std::string& actor)
{
    ensure_sodium();
    Fd fd(open_regular(file));
    const Opened o = open_backup(fd.fd, file);
    const BackupManifest& m = o.manifest;
    // Newer schemas first: this program could not read what it would restore.
    for (const auto& [module, version] : m.schemas) {
        const storage::Schema* known = nullptr;
        for (const auto* s : schemas)
            if (s->module == module) known = s;
        if (!known)
            throw BackupError(file.string() + ": holds the module \"" + module +
                              "\", which this program does not know: made by a newer SafeKiosk; upgrade this program");
        if (version > known->latest())
            throw BackupError(file.string() + ": made by a newer SafeKiosk (" + module + " schema version " +
                              std::to_string(version) + ", this program knows " + std::to_string(known->latest()) +
                              "); upgrade this program first");
    }
    const bool server = is_server(locator);
    if (server != (m.engine == "postgresql"))
        throw BackupError(file.string() + ": a backup of " + (m.engine == "sqlite" ? "an SQLite file" : "a PostgreSQL server database") +
                          " restores into " + (m.engine == "sqlite" ? "a database file (--db FILE)" : "a server database (--db postgresql://…)"));
    if (const auto why = installation_not_empty(locator); !why.empty())
        throw BackupError("restore goes into an empty installation only: " + why + "; nothing was changed");
    const auto keys = open_key_box(o, passphrase, file);

    const fs::path key_folder = content::key_folder(locator);
    std::error_code ec;
    // The database part, copied and checked again while it is copied (the file might change after the checks).
    fs::path db_temp;
    if (server) {
        char templ[] = "/tmp/safekiosk-restore-XXXXXX";
        int t = ::mkstemp(templ);
        if (t < 0) throw BackupError(std::string("cannot make a temporary file: ") + std::strerror(errno));
        ::close(t);
        db_temp = templ;
    } else {
        // A missing data folder is made for the owner only, as the installation's folder is (doctor checks 0700).
        const fs::path parent = locator.parent_path().empty() ? fs::path(".") : locator.parent_path();
        if (!fs::exists(parent, ec)) {
            fs::create_directories(parent, ec);
            if (ec) throw BackupError(parent.string() + ": cannot be created: " + ec.message());
            fs::permissions(parent, fs::perms::owner_all, ec);
        }
        db_temp = temp_beside(locator);
        ::close(create_private(db_temp));
    }
    bool done = false;
    fs::path keys_temp = key_folder.parent_path() / ("." + key_folder.filename().string() + ".restore-tmp");
    bool keys_placed = false, db_placed = false;
    auto undo = [&] {
        std::error_code e;
        fs::remove(db_temp, e);
        fs::remove_all(keys_temp, e);
        if (keys_placed) fs::remove_all(key_folder, e);
        if (db_placed && !server) {
            for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(locator.string() + suffix, e);
        }
    };
    struct Guard {
        std::function<void()> f;
        bool& done;
        ~Guard()
        {
            if (!done) f();
        }
    } guard{undo, done};

    {
        Fd out(::open(db_temp.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
        if (out.fd < 0) throw BackupError(db_temp.string() + ": cannot be written: " + std::strerror(errno));
        if (::lseek(fd.fd, static_cast<off_t>(o.database_offset), SEEK_SET) < 0)
            throw BackupError(file.string() + ": cannot be read: " + std::strerror(errno));
        if (copy_hashed(fd.fd, out.fd, m.database_size, file, db_temp) != m.database_sha256)
            throw BackupError(file.string() + ": damaged: the database part does not match its checksum; nothing was "
                                              "restored");
        if (::fsync(out.fd) != 0) throw BackupError(db_temp.string() + ": cannot be written: " + std::strerror(errno));
    }
    // The keys, into a folder beside the key folder, renamed into place whole.
    fs::remove_all(keys_temp, ec);
    fs::create_directories(keys_temp.parent_path(), ec);
    if (::mkdir(keys_temp.c_str(), 0700) != 0)
        throw BackupError(keys_temp.string() + ": cannot be created: " + std::strerror(errno));
    for (const auto& k : keys) {
        try {
            content::formats::write_new_private_file(keys_temp / k.name, k.data);
        } catch (const std::exception& e) {
            throw BackupError(e.what());
        }
    }
    if (!server) {
        // The copy must be a sound SQLite database before it takes the installation's name.
        auto copy = storage::Database::open(db_temp, false);
        auto st = copy.prepare("PRAGMA integrity_check");
        std::string first = st.step() ? st.text(0) : "no answer";
        if (first != "ok") throw BackupError(file.string() + ": the database in the backup is damaged: " + first);
    } else {
        const auto run = run_program({"pg_restore", "--single-transaction", "--exit-on-error", "--no-owner",
                                      "--no-privileges", "--dbname=" + locator.string(), db_temp.string()});
        if (run.status != 0)
            throw BackupError("pg_restore into " + locator.string() + " failed (exit " + std::to_string(run.status) +
                              "); the database was left as it was: " + run.err);
        db_placed = true;
    }
    fs::remove(key_folder, ec); // an empty folder (checked above)
    if (::rename(keys_temp.c_str(), key_folder.c_str()) != 0)
        throw BackupError(key_folder.string() + ": cannot be created: " + std::strerror(errno));
    keys_placed = true;
    fsync_folder(key_folder.parent_path());
    if (!server) {
        // An empty database file (counted as no installation) gives way; link() then refuses any file made meanwhile.
        if (fs::exists(locator, ec) && fs::is_regular_file(locator, ec) && fs::file_size(locator, ec) == 0)
            fs::remove(locator, ec);
        if (::link(db_temp.c_str(), locator.c_str()) != 0)
            throw BackupError(locator.string() + ": cannot be created: " + std::strerror(errno));
        db_placed = true;
        fs::remove(db_temp, ec);
        fsync_folder(locator.parent_path().empty() ? fs::path(".") : locator.parent_path());
    }

    RestoreReport report;
    report.manifest = m;
    for (const auto& k : keys) report.key_files.push_back(k.name);
    try {
        {
            auto before = storage::Database::open(locator, false);
            for (const auto& s : storage::schema_status(before, schemas)) report.migrated_steps += s.latest - s.recorded;
        }
        auto db = storage::open(locator, schemas, false);
        exam::ExamStore store(db);
        if (!m.signing_key_id.empty()) {
            const auto st = key_status(db, locator);
            if (!st.problem.empty()) throw BackupError("the restored signing key does not sign: " + st.problem);
        }
        const auto problems = store.verify_audit();
        if (!problems.empty())
            throw BackupError("the restored audit log does not verify (entry " + std::to_string(problems.front().id) +
                              ": " + problems.front().message + ")");
        {
            storage::Transaction tx(db);
            store.append_audit(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count(),
                               actor, "installation.restore", "installation",
                               "from a backup of " + m.source + " made " + m.created_at +
                                   (m.signing_key_id.empty() ? "" : ", signing key " + m.signing_key_id));
            tx.commit();
        }
        auto count = db.prepare("SELECT count(*) FROM audit_log");
        count.step();
        report.audit_entries = static_cast<std::size_t>(count.int64(0));
    } catch (const exam::AuditKeyError& e) {
        throw BackupError(std::string("the restored installation does not verify: ") + e.what() + undone(server, locator));
    } catch (const storage::StorageError& e) {
        throw BackupError(std::string("the restored installation could not be opened: ") + e.what() + undone(server, locator));
    } catch (const BackupError& e) {
        throw BackupError(e.what() + undone(server, locator));
    }
    done = true;
    return report;
}

} // namespace sk::certs
