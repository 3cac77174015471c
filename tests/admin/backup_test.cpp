// safekiosk-admin backup and restore through the real program: a whole installation (database snapshot and key
// folder) in one file, taken while a writer keeps appending, and back into an empty installation where the audit log
// and the certificates verify; hostile and damaged backup files refused with their reason, changing nothing.
// Runs on an SQLite file and (label postgres) on the test server (tests/CMakeLists.txt).
#include "certs/backup.hpp"
#include "certs/registry.hpp"
#include "certs/signing.hpp"
#include "content/installation.hpp"
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <thread>

using namespace sk;

namespace {

const std::string kPhrase = "correct horse battery staple";

std::map<std::string, std::string> with_phrase(const std::string& phrase = kPhrase)
{
    return {{"SAFEKIOSK_KEY_PASSPHRASE", phrase}};
}

// An installation with a passed exam and an issued certificate; returns the certificate's QR payload.
std::string certified(test::Installation& inst, std::string& number)
{
    const auto id = inst.add_candidate("11010519850315031", "张伟");
    auto session = inst.open_session();
    std::int64_t attempt = 0;
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        auto cid = exam::ExamStore(d).candidate_by_id_number(id)->id;
        auto ticket = svc.register_candidate(exam::Actor{"setup", {exam::Role::ExamStaff}}, cid, session, "A01");
        attempt = inst.start_exam(id, ticket, "A01");
    }
    REQUIRE(inst.finish_exam(attempt, 8) == 8);
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        auto cid = exam::ExamStore(d).candidate_by_id_number(id)->id;
        for (auto [k, v] : std::vector<std::pair<std::string, double>>{{"K1", 18}, {"K2", 36}, {"K3", 17}, {"K4", 18}})
            svc.enter_practical_score(exam::Actor{"examiner", {exam::Role::Examiner}}, cid, inst.item_id, k, v);
    }
    auto issued = inst.as("certs", {"cert", "issue", id});
    INFO(issued.out);
    REQUIRE_MESSAGE(issued.code == 0, issued.err);
    number = "T" + id;
    REQUIRE(issued.out.find(number) != std::string::npos);
    // Printing it makes the installation's signing key (the QR code is signed).
    auto pdf = inst.as("certs", {"cert", "pdf", number, "--out", (inst.dir / "cert.pdf").string()});
    REQUIRE_MESSAGE(pdf.code == 0, pdf.err);
    auto d = storage::open(inst.db, {&content::schema(), &exam::schema(), &certs::schema()});
    exam::ExamService svc(d);
    certs::CertRegistry reg(d, svc);
    auto signer = certs::Signer::load(content::key_folder(inst.db));
    return reg.qr_payload(*certs::CertStore(d).certificates_with_number(number).begin(), signer);
}

std::int64_t count(const std::string& db, const char* table)
{
    auto d = storage::Database::open(db, false);
    auto st = d.prepare(std::string("SELECT count(*) FROM ") + table);
    st.step();
    return st.int64(0);
}

bool untouched(const std::string& target)
{
    std::error_code ec;
    if (storage::is_server_locator(target)) {
        if (std::filesystem::exists(content::key_folder(target), ec)) return false;
        return certs::installation_not_empty(target).empty();
    }
    return !std::filesystem::exists(target, ec) && !std::filesystem::exists(content::key_folder(target), ec);
}

std::string slurp(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const std::filesystem::path& p, const std::string& data)
{
    std::ofstream(p, std::ios::binary | std::ios::trunc) << data;
}

} // namespace

TEST_CASE("backup while a writer appends, restore into an empty installation: same content, the audit log verifies, the certificate still verifies as genuine")
{
    test::Installation inst;
    std::string number;
    const std::string payload = certified(inst, number);

    // Another program keeps writing audited changes while the backup runs.
    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    std::thread writer([&] {
        auto d = inst.open();
        exam::ExamStore store(d);
        while (!stop) {
            storage::Transaction tx(d);
            store.append_audit(exam::system_now_ms(), "kiosk", "kiosk.heartbeat", "kiosk:A01", "during backup");
            tx.commit();
            ++written;
        }
    });
    const auto file = inst.dir / "installation.skbackup";
    auto backup = inst.as("admin", {"backup", "--out", file.string(), "--json"}, with_phrase());
    stop = true;
    writer.join();
    INFO(backup.err);
    REQUIRE(backup.code == 0);
    CHECK(written > 0);
    const auto manifest = nlohmann::json::parse(backup.out);
    CHECK(manifest["schemas"]["exam"].get<int>() > 0);
    CHECK_FALSE(manifest["signing_key_id"].get<std::string>().empty());
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const std::string contents = slurp(file);
    CHECK(contents.rfind("SAFEKIOSK-BACKUP 1\n", 0) == 0);
    // The keys are encrypted: no key file's bytes appear in the backup.
    const std::string audit_key = slurp(content::key_folder(inst.db) / "audit.key");
    CHECK(contents.find(audit_key) == std::string::npos);

    // Only an administrator backs up; never over an existing file; a short passphrase is refused.
    CHECK(inst.as("certs", {"backup", "--out", (inst.dir / "b2").string()}, with_phrase()).code == 4);
    CHECK(inst.as("admin", {"backup", "--out", file.string()}, with_phrase()).code != 0);
    CHECK(slurp(file) == contents);
    auto short_phrase = inst.as("admin", {"backup", "--out", (inst.dir / "b3").string()}, with_phrase("short"));
    CHECK(short_phrase.code != 0);
    CHECK(short_phrase.err.find("too short") != std::string::npos);

    const std::string target = inst.dir.database("restored.db");
    auto restored = test::run_admin({"--db", target, "restore", file.string()}, with_phrase());
    INFO(restored.out);
    INFO(restored.err);
    REQUIRE(restored.code == 0);
    CHECK(restored.out.find("verified") != std::string::npos);

    // Same content: the candidates, the attempt, the certificate; the audit log at least up to the backup.
    for (const char* table : {"candidate", "attempt", "certificate", "question", "app_user"})
        CHECK_MESSAGE(count(target, table) == count(inst.db, table), table);
    CHECK(count(target, "audit_log") > 0);
    CHECK(count(target, "audit_log") <= count(inst.db, "audit_log") + 1);
    auto verify = test::run_admin({"--db", target, "--user", "admin", "audit", "verify"},
                                  {{"SAFEKIOSK_PASSWORD", test::password_of("admin")}});
    INFO(verify.out);
    CHECK(verify.code == 0);
    auto genuine = test::run_admin({"--db", target, "cert", "verify", payload});
    INFO(genuine.err);
    CHECK(genuine.code == 0);
    CHECK(genuine.out.rfind("valid", 0) == 0);
    // The restored installation signs with its key: a new certificate action is possible (the key folder is whole).
    auto key = test::run_admin({"--db", target, "key", "show"});
    CHECK(key.code == 0);
    CHECK(key.out.find(manifest["signing_key_id"].get<std::string>()) != std::string::npos);
    struct stat keys {};
    REQUIRE(::stat(content::key_folder(target).c_str(), &keys) == 0);
    CHECK((keys.st_mode & 0777) == 0700);

    // A second restore into the now full installation is refused.
    auto again = test::run_admin({"--db", target, "restore", file.string()}, with_phrase());
    CHECK(again.code == 1);
    CHECK(again.err.find("empty installation only") != std::string::npos);
}

TEST_CASE("restore refuses a wrong passphrase, a truncated or altered file, a newer schema, a FIFO, /dev/zero and a non-empty installation, each with its reason, changing nothing")
{
    test::Installation inst;
    const auto file = inst.dir / "good.skbackup";
    auto backup = inst.as("admin", {"backup", "--out", file.string()}, with_phrase());
    REQUIRE_MESSAGE(backup.code == 0, backup.err);
    const std::string good = slurp(file);
    const std::string target = inst.dir.database("empty.db");

    auto refused = [&](const std::filesystem::path& f, const std::string& reason,
                       const std::map<std::string, std::string>& env) {
        auto r = test::run_admin({"--db", target, "restore", f.string()}, env);
        INFO(f.string());
        INFO(r.err);
        CHECK(r.code == 1);
        CHECK(r.err.find(reason) != std::string::npos);
        CHECK(untouched(target));
    };

    refused(file, "wrong passphrase", with_phrase("not the passphrase"));

    spit(inst.dir / "truncated", good.substr(0, good.size() - 100));
    refused(inst.dir / "truncated", "truncated", with_phrase());
    spit(inst.dir / "head-only", good.substr(0, 40));
    refused(inst.dir / "head-only", "truncated", with_phrase());
    spit(inst.dir / "longer", good + "x");
    refused(inst.dir / "longer", "after the end", with_phrase());

    std::string flipped = good;
    flipped[flipped.size() - 10] = static_cast<char>(flipped[flipped.size() - 10] ^ 0x40);
    spit(inst.dir / "flipped", flipped);
    refused(inst.dir / "flipped", "checksum", with_phrase());

    // The manifest: line 3. Edited without its checksum: damaged. Edited with a fitting checksum (a newer schema):
    // refused as newer before the passphrase is asked; and a database size changed to fit: the box does not open.
    const auto l1 = good.find('\n');
    const auto l2 = good.find('\n', l1 + 1);
    const auto l3 = good.find('\n', l2 + 1);
    const std::string manifest = good.substr(l2 + 1, l3 - l2 - 1);
    auto with_manifest = [&](const std::string& m, bool fix_sum) {
        std::string sum = good.substr(l1 + 1, l2 - l1 - 1);
        if (fix_sum) {
            unsigned char h[32];
            crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(m.data()), m.size());
            char hexed[65];
            sodium_bin2hex(hexed, sizeof hexed, h, 32);
            sum = std::string("manifest-sha256 ") + hexed;
        }
        return good.substr(0, l1 + 1) + sum + "\n" + m + good.substr(l3);
    };
    auto j = nlohmann::ordered_json::parse(manifest);
    j["schemas"]["exam"] = 999;
    spit(inst.dir / "edited", with_manifest(j.dump(), false));
    refused(inst.dir / "edited", "does not match its checksum", with_phrase());
    spit(inst.dir / "newer", with_manifest(j.dump(), true));
    refused(inst.dir / "newer", "newer SafeKiosk", with_phrase());
    auto k = nlohmann::ordered_json::parse(manifest);
    k["source"] = "somewhere else";
    spit(inst.dir / "resourced", with_manifest(k.dump(), true));
    refused(inst.dir / "resourced", "wrong passphrase", with_phrase());
    auto huge = nlohmann::ordered_json::parse(manifest);
    huge["keys"]["kdf"]["memlimit"] = 1ull << 40;
    spit(inst.dir / "greedy", with_manifest(huge.dump(), true));
    refused(inst.dir / "greedy", "out of range", with_phrase());

    spit(inst.dir / "text", "hello\n");
    refused(inst.dir / "text", "not a SafeKiosk backup", with_phrase());
    spit(inst.dir / "control", std::string("SAFEKIOSK-BACKUP 1\n\x01\x02\x1b[2J", 24));
    refused(inst.dir / "control", "manifest checksum", with_phrase());
    REQUIRE(::mkfifo((inst.dir / "fifo").c_str(), 0600) == 0);
    refused(inst.dir / "fifo", "not a regular file", with_phrase());
    refused("/dev/zero", "not a regular file", with_phrase());
    refused(inst.dir / "absent", "cannot be read", with_phrase());

    // A non-empty installation: the source itself.
    const auto before = count(inst.db, "audit_log");
    auto onto = test::run_admin({"--db", inst.db, "restore", file.string()}, with_phrase());
    CHECK(onto.code == 1);
    CHECK(onto.err.find("empty installation only") != std::string::npos);
    CHECK(count(inst.db, "audit_log") == before);

    // The sound file checks without a passphrase, and restores.
    auto check = test::run_admin({"--db", target, "restore", "--check", file.string()}, {{"SAFEKIOSK_KEY_PASSPHRASE", ""}});
    CHECK(check.code == 0);
    auto ok = test::run_admin({"--db", target, "restore", file.string()}, with_phrase());
    CHECK_MESSAGE(ok.code == 0, ok.err);
}

TEST_CASE("backup and restore take the passphrase from a private file only")
{
    test::Installation inst;
    const auto phrase = inst.dir / "phrase";
    spit(phrase, kPhrase + "\n");
    ::chmod(phrase.c_str(), 0644);
    const auto file = inst.dir / "p.skbackup";
    const std::map<std::string, std::string> no_env{{"SAFEKIOSK_KEY_PASSPHRASE", ""}};
    auto open_file = inst.as("admin", {"backup", "--out", file.string(), "--passphrase-file", phrase.string()}, no_env);
    CHECK(open_file.code == 2);
    CHECK(open_file.err.find("other users") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(file));
    ::chmod(phrase.c_str(), 0600);
    auto made = inst.as("admin", {"backup", "--out", file.string(), "--passphrase-file", phrase.string()}, no_env);
    REQUIRE_MESSAGE(made.code == 0, made.err);
    const std::string target = inst.dir.database("from-file.db");
    auto restored = test::run_admin({"--db", target, "restore", file.string(), "--passphrase-file", phrase.string()}, no_env);
    CHECK_MESSAGE(restored.code == 0, restored.err);
    CHECK(count(target, "question") == count(inst.db, "question"));
}

TEST_CASE("restore makes a missing data folder 0700 and takes the place of an empty database file")
{
    test::Installation inst;
    if (storage::is_server_locator(inst.db)) {
        MESSAGE("SKIPPED: a database file's folder and an empty file are the SQLite engine's");
        return;
    }
    const auto file = inst.dir / "b.skbackup";
    auto made = inst.as("admin", {"backup", "--out", file.string()}, with_phrase());
    REQUIRE_MESSAGE(made.code == 0, made.err);

    const auto fresh = inst.dir / "var" / "lib" / "safekiosk" / "safekiosk.db";
    auto into_new = test::run_admin({"--db", fresh.string(), "restore", file.string()}, with_phrase());
    INFO(into_new.err);
    REQUIRE(into_new.code == 0);
    struct stat st {};
    REQUIRE(::stat(fresh.parent_path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(::stat(fresh.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(test::run_admin({"--db", fresh.string(), "doctor", "--min-free-mb", "1"}).code == 0);

    const auto empty = inst.dir / "empty.db";
    spit(empty, "");
    auto into_empty = test::run_admin({"--db", empty.string(), "restore", file.string()}, with_phrase());
    INFO(into_empty.err);
    CHECK(into_empty.code == 0);
    CHECK(count(empty.string(), "question") == count(inst.db, "question"));
}
