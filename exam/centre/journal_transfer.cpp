#include "exam/centre/journal_transfer.hpp"

#include "content/formats/json_unique.hpp"
#include "exam/storage/exam_store.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <string_view>

namespace sk::exam::centre {

namespace {

constexpr std::string_view kMagic = "SAFEKIOSK-JOURNAL-EXPORT 1 ed25519:";
constexpr std::string_view kSignaturePrefix = "signature ed25519:";
constexpr const char* kSecretKeySetting = "centre.journal_secret_key";
// Events per call of centre_store_events during an import (one transaction for all).
constexpr std::size_t kImportChunk = 1000;

std::string setting(storage::Database& journal, const std::string& key)
{
    auto st = journal.prepare("SELECT value FROM setting WHERE key = ?");
    st.bind(1, key);
    return st.step() ? st.text(0) : std::string();
}

void put_setting(storage::Database& journal, const std::string& key, const std::string& value)
{
    journal.prepare("INSERT INTO setting(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind_all(key, value)
        .run();
}

std::string to_hex(const unsigned char* bytes, std::size_t n)
{
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, n);
    out.pop_back();
    return out;
}

bool from_hex(std::string_view hex, unsigned char* out, std::size_t n)
{
    if (hex.size() != n * 2) return false;
    for (char c : hex)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    std::size_t len = 0;
    return sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == n;
}

void start_sodium()
{
    if (sodium_init() < 0) throw CentreError("libsodium cannot start");
}

// The journal's secret key (made and kept the first time). Two connections asking at once keep the first one made.
void secret_key(storage::Database& journal, unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
    start_sodium();
    std::string hex = setting(journal, kSecretKeySetting);
    if (hex.empty()) {
        unsigned char pk[crypto_sign_PUBLICKEYBYTES];
        crypto_sign_keypair(pk, sk);
        journal.prepare("INSERT INTO setting(key, value) VALUES(?, ?) ON CONFLICT(key) DO NOTHING")
            .bind_all(std::string(kSecretKeySetting), to_hex(sk, crypto_sign_SECRETKEYBYTES))
            .run();
        sodium_memzero(sk, crypto_sign_SECRETKEYBYTES);
        hex = setting(journal, kSecretKeySetting);
    }
    if (!from_hex(hex, sk, crypto_sign_SECRETKEYBYTES))
        throw CentreError(journal.describe() + ": the journal's signing key (setting " + kSecretKeySetting +
                          ") is damaged");
}

std::string public_of(const unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    return to_hex(pk, sizeof pk);
}

[[noreturn]] void bad_file(const std::filesystem::path& file, const std::string& what)
{
    throw JournalFileError(file.string() + ": " + what);
}

// The file's bytes: a regular file of at most kMaxJournalExportBytes, opened without blocking (a FIFO is refused, not
// waited on) and read no further than the limit (a file that grows while read, /dev/zero, …).
std::string read_bounded(const std::filesystem::path& file)
{
    const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) bad_file(file, std::string("cannot be opened (") + std::strerror(errno) + ")");
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st{};
    if (::fstat(fd, &st) != 0) bad_file(file, std::string("cannot be read (") + std::strerror(errno) + ")");
    if (!S_ISREG(st.st_mode))
        bad_file(file, std::string("is not a regular file (") +
                           (S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISDIR(st.st_mode) ? "a folder"
                                                          : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                                                                        : "a socket or other") +
                           "): a journal export is a file written by safekiosk-admin journal export");
    if (st.st_size > kMaxJournalExportBytes)
        bad_file(file, "is " + std::to_string(st.st_size) + " bytes, more than a journal export may be (" +
                           std::to_string(kMaxJournalExportBytes) + ")");
    std::string data(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < data.size()) {
        const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            bad_file(file, std::string("cannot be read (") + std::strerror(errno) + ")");
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    data.resize(got);
    char extra;
    if (::read(fd, &extra, 1) > 0) bad_file(file, "grew while it was read (another program is writing it)");
    return data;
}

std::int64_t int_field(const nlohmann::json& j, const char* key, const std::filesystem::path& file, const std::string& where)
{
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) bad_file(file, where + ": \"" + key + "\" is missing or not an integer");
    return it->get<std::int64_t>();
}

std::string text_field(const nlohmann::json& j, const char* key, const std::filesystem::path& file, const std::string& where)
{
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) bad_file(file, where + ": \"" + key + "\" is missing or not a string");
    return it->get<std::string>();
}

nlohmann::json parse_line(std::string_view line, const std::filesystem::path& file, const std::string& where)
{
    try {
        auto j = content::formats::parse_unique_keys<nlohmann::json>(line);
        if (!j.is_object()) bad_file(file, where + ": not a JSON object");
        return j;
    } catch (const content::formats::DuplicateKeyError& e) {
        bad_file(file, where + ": " + e.what());
    } catch (const nlohmann::json::exception& e) {
        bad_file(file, where + ": not valid JSON (" + e.what() + ")");
    }
}

} // namespace

std::string journal_public_key(storage::Database& journal)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    secret_key(journal, sk);
    const std::string pk = public_of(sk);
    sodium_memzero(sk, sizeof sk);
    return pk;
}

JournalKeyRegistration register_journal_key(storage::Database& journal, storage::Database& centre)
{
    const std::string pk = journal_public_key(journal);
    JournalKeyRegistration r;
    {
        auto st = centre.prepare("SELECT r_centre, r_kiosk, r_outcome FROM centre_register_journal_key(?)");
        st.bind(1, pk);
        if (!st.step()) throw CentreError(centre.describe() + ": the centre did not answer the journal key's registration");
        r = {st.is_null(0) ? std::string() : st.text(0), st.text(1), st.text(2)};
    }
    storage::Transaction tx(journal);
    put_setting(journal, "centre.id", r.centre_id);
    put_setting(journal, "centre.kiosk_id", r.kiosk_id);
    put_setting(journal, "centre.journal_key_registration", r.outcome);
    tx.commit();
    return r;
}

JournalKeyRegistration journal_key_registration(storage::Database& journal)
{
    return {setting(journal, "centre.id"), setting(journal, "centre.kiosk_id"),
            setting(journal, "centre.journal_key_registration")};
}

JournalExport export_journal(storage::Database& journal, const std::filesystem::path& out, std::int64_t now_ms)
{
    JournalExport r;
    r.file = out;
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(out, ec)))
        bad_file(out, "exists already; a journal export never writes over a file (name another)");
    if (!journal.has_table("outbox") || !journal.has_table("setting"))
        throw JournalFileError(journal.describe() + ": not a kiosk's journal (it has no outbox)");
    const auto reg = journal_key_registration(journal);
    if (reg.centre_id.empty() || reg.kiosk_id.empty())
        throw JournalFileError(journal.describe() + ": this journal never reached its centre, so it cannot say which "
                               "centre and kiosk its events belong to (a kiosk registers when it first connects)");
    r.centre_id = reg.centre_id;
    r.kiosk_id = reg.kiosk_id;
    r.key_registration = reg.outcome;
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    secret_key(journal, sk);
    const std::string pk = public_of(sk);

    std::string text;
    std::set<std::int64_t> attempts;
    {
        // One read transaction: the events and their count agree even while the kiosk writes.
        storage::Transaction tx(journal);
        {
            auto st = journal.prepare("SELECT count(*), count(*) FILTER (WHERE sent_at_ms IS NULL) FROM outbox");
            st.step();
            r.events = st.int64(0);
            r.unsent = st.int64(1);
        }
        nlohmann::ordered_json head;
        head["centre_id"] = r.centre_id;
        head["kiosk_id"] = r.kiosk_id;
        head["exported_at_ms"] = now_ms;
        head["events"] = r.events;
        text = std::string(kMagic) + pk + "\n" + head.dump() + "\n";
        auto st = journal.prepare("SELECT attempt_id, seq, kind, at_ms, body, sent_at_ms FROM outbox ORDER BY attempt_id, seq");
        while (st.step()) {
            nlohmann::ordered_json e;
            e["attempt_id"] = st.int64(0);
            e["seq"] = st.int64(1);
            e["kind"] = st.text(2);
            e["at_ms"] = st.int64(3);
            e["body"] = st.text(4);
            e["sent_at_ms"] = st.is_null(5) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(st.int64(5));
            text += e.dump();
            text += '\n';
            attempts.insert(st.int64(0));
            if (static_cast<std::int64_t>(text.size()) > kMaxJournalExportBytes - 200) {
                sodium_memzero(sk, sizeof sk);
                bad_file(out, "the journal's " + std::to_string(r.events) + " events make a file larger than an "
                              "import accepts (" + std::to_string(kMaxJournalExportBytes) + " bytes)");
            }
        }
        tx.commit();
    }
    r.attempts = static_cast<std::int64_t>(attempts.size());
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(), sk);
    sodium_memzero(sk, sizeof sk);
    text += std::string(kSignaturePrefix) + to_hex(sig, sizeof sig) + "\n";

    // Written beside its name, then linked into place: a file that appeared meanwhile is not replaced.
    const std::filesystem::path temp = out.string() + ".part";
    ::unlink(temp.c_str());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) bad_file(temp, std::string("cannot be created (") + std::strerror(errno) + ")");
    std::size_t put = 0;
    bool ok = true;
    while (ok && put < text.size()) {
        const ssize_t n = ::write(fd, text.data() + put, text.size() - put);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ok = false;
        else put += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(temp.c_str());
        bad_file(temp, std::string("cannot be written (") + std::strerror(saved) + ")");
    }
    if (::link(temp.c_str(), out.c_str()) != 0) {
        const int e = errno;
        ::unlink(temp.c_str());
        bad_file(out, e == EEXIST ? std::string("exists already; a journal export never writes over a file")
                                  : std::string("cannot be put in place (") + std::strerror(e) + ")");
    }
    ::unlink(temp.c_str());
    const auto folder = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    if (const int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return r;
}

VerifiedExport read_journal_export(const std::filesystem::path& file)
{
    start_sodium();
    const std::string data = read_bounded(file);
    if (data.empty()) bad_file(file, "is empty: not a journal export");
    if (!data.starts_with(kMagic))
        bad_file(file, "is not a SafeKiosk journal export (it does not begin with \"SAFEKIOSK-JOURNAL-EXPORT 1\")");
    VerifiedExport v;
    // The signature line: the last line, ended by a newline.
    if (data.back() != '\n') bad_file(file, "is truncated (its last line is incomplete: no signature)");
    const auto sig_start = data.rfind('\n', data.size() - 2);
    if (sig_start == std::string::npos) bad_file(file, "is truncated (no signature line)");
    const std::string_view sig_line = std::string_view(data).substr(sig_start + 1, data.size() - sig_start - 2);
    if (!sig_line.starts_with(kSignaturePrefix)) bad_file(file, "is truncated (its last line is not the signature)");
    unsigned char sig[crypto_sign_BYTES];
    if (!from_hex(sig_line.substr(kSignaturePrefix.size()), sig, sizeof sig))
        bad_file(file, "has a damaged signature line (not 128 hexadecimal digits)");
    const auto first_end = data.find('\n');
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    const std::string_view pk_hex = std::string_view(data).substr(kMagic.size(), first_end - kMagic.size());
    if (!from_hex(pk_hex, pk, sizeof pk)) bad_file(file, "has a damaged first line (the signing key is not 64 hexadecimal digits)");
    const std::size_t signed_len = sig_start + 1;
    if (crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(data.data()), signed_len, pk) != 0)
        bad_file(file, "its signature does not match its content: the file was changed or damaged after it was "
                       "exported (nothing imported)");
    v.public_key = std::string(pk_hex);

    // Signed by that key: now its lines. (Whether the key is the kiosk's is the centre's to say.)
    std::size_t pos = first_end + 1;
    const auto next_line = [&](std::string_view& line) {
        if (pos >= signed_len) return false;
        const auto end = data.find('\n', pos);
        line = std::string_view(data).substr(pos, end - pos);
        pos = end + 1;
        return true;
    };
    std::string_view line;
    if (!next_line(line)) bad_file(file, "line 2: the header is missing");
    const auto head = parse_line(line, file, "line 2");
    v.centre_id = text_field(head, "centre_id", file, "line 2");
    v.kiosk_id = text_field(head, "kiosk_id", file, "line 2");
    v.exported_at_ms = int_field(head, "exported_at_ms", file, "line 2");
    const std::int64_t count = int_field(head, "events", file, "line 2");
    if (count < 0) bad_file(file, "line 2: \"events\" is negative");
    std::int64_t n = 2;
    while (next_line(line)) {
        ++n;
        const std::string where = "line " + std::to_string(n);
        const auto j = parse_line(line, file, where);
        ExportedEvent e;
        e.attempt_id = int_field(j, "attempt_id", file, where);
        e.seq = int_field(j, "seq", file, where);
        e.kind = text_field(j, "kind", file, where);
        e.at_ms = int_field(j, "at_ms", file, where);
        e.body = text_field(j, "body", file, where);
        if (e.seq < 1) bad_file(file, where + ": \"seq\" is below 1");
        if (e.kind != "answer" && e.kind != "clock" && e.kind != "cancel")
            bad_file(file, where + ": \"kind\" is \"" + e.kind + "\" (answer, clock or cancel)");
        v.events.push_back(std::move(e));
    }
    if (static_cast<std::int64_t>(v.events.size()) != count)
        bad_file(file, "holds " + std::to_string(v.events.size()) + " events where its header says " + std::to_string(count));
    return v;
}

JournalImport import_journal(storage::Database& centre, const Actor& actor, const std::filesystem::path& file,
                             std::int64_t now_ms)
{
    require(actor, Operation::ManageSessions);
    if (centre.engine() != storage::Engine::PostgreSQL)
        throw CentreError(centre.describe() + ": a journal is imported into the centre's PostgreSQL database, not a file");
    const VerifiedExport v = read_journal_export(file);
    JournalImport r;
    r.kiosk_id = v.kiosk_id;
    r.events = static_cast<std::int64_t>(v.events.size());

    ExamStore store(centre);
    storage::Transaction tx(centre);
    // One import of a kiosk at a time; the kiosk's own sends go on (centre_store_events takes each event once).
    centre.serialize("centre.journal_import " + v.kiosk_id);
    {
        auto st = centre.prepare("SELECT centre_id FROM centre_identity");
        if (!st.step()) throw CentreError(centre.describe() + ": the centre has no id (safekiosk-admin centre init)");
        const std::string here = st.text(0);
        if (here != v.centre_id)
            bad_file(file, "was exported for another centre (centre id " + v.centre_id + "; this centre is " + here +
                           "): import it at the centre kiosk " + v.kiosk_id + " belongs to");
    }
    {
        auto st = centre.prepare("SELECT k.role, j.public_key FROM centre_kiosk k "
                                 "LEFT JOIN centre_journal_key j ON j.kiosk_id = k.kiosk_id WHERE k.kiosk_id = ?");
        st.bind(1, v.kiosk_id);
        if (!st.step()) bad_file(file, "names kiosk " + v.kiosk_id + ", which is not a kiosk of this centre");
        if (st.text(0) != "exam") bad_file(file, "names kiosk " + v.kiosk_id + ", which is not an exam kiosk");
        if (st.is_null(1))
            bad_file(file, "kiosk " + v.kiosk_id + " has no journal key registered at this centre (its credentials "
                           "were replaced since, or it never connected): the file cannot be shown to be its");
        if (st.text(1) != v.public_key)
            bad_file(file, "is signed by key " + v.public_key.substr(0, 16) + "…, which is not the journal key kiosk " +
                           v.kiosk_id + " registered (" + st.text(1).substr(0, 16) + "…): not its journal");
    }
    for (std::size_t first = 0; first < v.events.size(); first += kImportChunk) {
        auto batch = nlohmann::json::array();
        for (std::size_t i = first; i < v.events.size() && i < first + kImportChunk; ++i) {
            const auto& e = v.events[i];
            batch.push_back({{"attempt_id", e.attempt_id}, {"seq", e.seq}, {"kind", e.kind}, {"at_ms", e.at_ms},
                             {"body", e.body}});
        }
        auto st = centre.prepare("SELECT r_outcome FROM centre_store_events(?, ?)");
        st.bind_all(v.kiosk_id, batch.dump());
        while (st.step()) {
            const std::string outcome = st.text(0);
            if (outcome == "stored") ++r.stored;
            else if (outcome == "duplicate") ++r.duplicates;
            else if (outcome == "conflict") ++r.conflicts;
            else ++r.seat;
        }
    }
    store.append_audit(now_ms, actor.login, "centre.journal_imported", "kiosk:" + v.kiosk_id,
                       file.filename().string() + ": " + std::to_string(r.events) + " events, " +
                           std::to_string(r.stored) + " stored, " + std::to_string(r.duplicates) + " duplicate, " +
                           std::to_string(r.conflicts) + " conflict, " + std::to_string(r.seat) + " seat");
    tx.commit();
    return r;
}

} // namespace sk::exam::centre
