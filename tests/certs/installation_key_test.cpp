// Issue 14: one installation, one key, never replaced silently; encrypted key backup and restore.
#include "certs/installation_key.hpp"
#include "content/installation.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

#include <sodium.h>
#include <sys/stat.h>

using namespace sk;
using namespace sk::certs;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

unsigned mode_of(const std::filesystem::path& p)
{
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

std::string refusal(storage::Database& db, const std::filesystem::path& database)
{
    try {
        open_signer(db, database);
    } catch (const SigningError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("a missing signing key is never made anew once the database records one, and a restored backup signs again")
{
    test::ExamFixture f;
    const auto database = f.dir / "kiosk.db";
    const auto folder = content::key_folder(database);
    CHECK_FALSE(recorded_key(f.db));
    auto first = open_signer(f.db, database); // first set-up
    const auto id = first.public_key().key_id();
    REQUIRE(recorded_key(f.db));
    CHECK(recorded_key(f.db)->key_id() == id);
    CHECK(mode_of(folder / kSecretKeyFile) == 0600);
    CHECK(open_signer(f.db, database).public_key().bytes == first.public_key().bytes);

    const auto backup = f.dir / "key.backup";
    CHECK_THROWS_AS(backup_key(f.db, database, backup, "short"), SigningError);
    CHECK(backup_key(f.db, database, backup, "correct horse battery") == id);
    CHECK(mode_of(backup) == 0600);
    CHECK_FALSE(contains(test::read_file(backup), test::read_file(folder / kSecretKeyFile).substr(16, 40)));
    CHECK_THROWS_AS(backup_key(f.db, database, backup, "correct horse battery"), SigningError); // never overwritten
    CHECK(backup_key_id(backup) == id);

    // The key folder is lost (the database was copied elsewhere): signing refuses and names the way back.
    std::filesystem::remove_all(folder);
    const auto why = refusal(f.db, database);
    CHECK(contains(why, "signing key " + id));
    CHECK(contains(why, "missing"));
    CHECK(contains(why, "key restore"));
    CHECK_FALSE(std::filesystem::exists(folder / kSecretKeyFile)); // no new key made
    CHECK(recorded_key(f.db)->key_id() == id);
    CHECK(installation_public_key(f.db, database).key_id() == id); // verifying needs no secret

    try {
        restore_key(f.db, database, backup, "wrong horse battery");
        FAIL("restored with a wrong passphrase");
    } catch (const SigningError& e) {
        CHECK(contains(e.what(), "wrong passphrase"));
    }
    CHECK_FALSE(std::filesystem::exists(folder / kSecretKeyFile));
    const auto restored = restore_key(f.db, database, backup, "correct horse battery");
    CHECK(restored.signing_key_restored);
    CHECK(restored.audit_key_restored); // the whole folder was lost: the audit key comes back too
    REQUIRE(restored.audit_key_id);
    CHECK(*restored.audit_key_id == *exam::ExamStore(f.db).audit_key_id());
    CHECK(mode_of(folder / kSecretKeyFile) == 0600);
    CHECK(mode_of(folder / exam::kAuditKeyFile) == 0600);
    CHECK(open_signer(f.db, database).public_key().bytes == first.public_key().bytes);
    const auto again = restore_key(f.db, database, backup, "correct horse battery");
    CHECK_FALSE(again.signing_key_restored);
    CHECK_FALSE(again.audit_key_restored);

    // Another key in the folder: signing refuses, and a restore never writes over it.
    std::filesystem::remove_all(folder);
    Signer::create(folder);
    CHECK(contains(refusal(f.db, database), "but this installation signs with key " + id));
    try {
        restore_key(f.db, database, backup, "correct horse battery");
        FAIL("replaced another key");
    } catch (const SigningError& e) {
        CHECK(contains(e.what(), "never replaced"));
    }
    CHECK(Signer::load(folder).public_key().key_id() != id);
}

TEST_CASE("a backup of another installation's key is refused, and a damaged backup file is named")
{
    test::ExamFixture a;
    test::ExamFixture b;
    const auto da = a.dir / "kiosk.db";
    const auto db = b.dir / "kiosk.db";
    open_signer(a.db, da);
    open_signer(b.db, db);
    const auto backup = a.dir / "a.backup";
    backup_key(a.db, da, backup, "passphrase of a");
    std::filesystem::remove_all(content::key_folder(db));
    try {
        restore_key(b.db, db, backup, "passphrase of a");
        FAIL("restored another installation's key");
    } catch (const SigningError& e) {
        CHECK(contains(e.what(), "but this installation signs with key " + recorded_key(b.db)->key_id()));
    }
    CHECK_FALSE(std::filesystem::exists(content::key_folder(db) / kSecretKeyFile));

    // A changed byte in the box, the key id or the kdf line is refused with the file named.
    auto text = test::read_file(backup);
    const auto box = text.find("box: ") + 10;
    text[box] = text[box] == 'A' ? 'B' : 'A';
    const auto damaged = a.dir / "damaged.backup";
    test::write_file(damaged, text);
    std::filesystem::remove_all(content::key_folder(da));
    CHECK_THROWS_WITH_AS(restore_key(a.db, da, damaged, "passphrase of a"),
                         doctest::Contains("wrong passphrase, or the backup file is damaged"), SigningError);
    const auto foreign = a.dir / "foreign.backup";
    test::write_file(foreign, "hello\n");
    CHECK_THROWS_WITH_AS(restore_key(a.db, da, foreign, "x"), doctest::Contains("not a SafeKiosk key backup"), SigningError);
    auto greedy = test::read_file(backup);
    const auto kdf = greedy.find("kdf: ");
    greedy.replace(kdf, greedy.find('\n', kdf) - kdf, "kdf: argon2id13 4000000000 1099511627776");
    test::write_file(foreign, greedy);
    CHECK_THROWS_WITH_AS(restore_key(a.db, da, foreign, "passphrase of a"), doctest::Contains("kdf limits"), SigningError);
}

TEST_CASE("two databases in one folder get a key each, and the legacy keys/ folder is adopted by the installation that used it")
{
    test::TempDir dir;
    const auto schemas = {&content::schema(), &exam::schema(), &certs::schema()};
    auto one = storage::open(dir / "one.db", schemas);
    auto two = storage::open(dir / "two.db", schemas);
    auto k1 = open_signer(one, dir / "one.db");
    auto k2 = open_signer(two, dir / "two.db");
    CHECK(k1.public_key().key_id() != k2.public_key().key_id());
    CHECK(std::filesystem::exists(dir / "one.db.keys" / kSecretKeyFile));
    CHECK(std::filesystem::exists(dir / "two.db.keys" / kSecretKeyFile));

    // An installation from before per-database folders: its key in keys/, certificates issued, no key recorded.
    test::ExamFixture old;
    const auto database = old.dir / "kiosk.db";
    auto legacy = Signer::create(content::legacy_key_folder(database));
    old.registry.issue(old.officer, old.passed_electrician(test::id_number("19700101", 111), "老用户"));
    CHECK(open_signer(old.db, database).public_key().bytes == legacy.public_key().bytes);
    CHECK(recorded_key(old.db)->bytes == legacy.public_key().bytes);
    CHECK(Signer::load(content::key_folder(database)).public_key().bytes == legacy.public_key().bytes);

    // A new database beside it, without certificates, does not take the legacy key.
    auto fresh = storage::open(old.dir / "new.db", schemas);
    CHECK(open_signer(fresh, old.dir / "new.db").public_key().bytes != legacy.public_key().bytes);
}

TEST_CASE("a key backup carries the audit key: a whole lost key folder comes back, another audit key is never "
          "replaced, and an older signing-key-only backup still restores the signing key")
{
    test::ExamFixture f;
    const auto database = f.dir / "kiosk.db";
    const auto folder = content::key_folder(database);
    const auto signer_id = open_signer(f.db, database).public_key().key_id();
    CHECK_FALSE(exam::ExamStore(f.db).audit_key_id()); // nothing audited yet: the backup makes the audit key
    const auto backup = f.dir / "key.backup";
    backup_key(f.db, database, backup, "correct horse battery");
    const auto audit_id = exam::ExamStore(f.db).audit_key_id();
    REQUIRE(audit_id);
    const auto audit_bytes = test::read_file(folder / exam::kAuditKeyFile);
    const auto info = backup_info(backup);
    CHECK(info.format == 2);
    CHECK(info.key_id == signer_id);
    CHECK(info.audit_key_id == audit_id);

    // Another audit key in the lost folder's place: nothing is written, not even the missing signing key.
    std::filesystem::remove_all(folder);
    const auto other = exam::create_audit_key(folder / exam::kAuditKeyFile);
    try {
        restore_key(f.db, database, backup, "correct horse battery");
        FAIL("replaced another audit key");
    } catch (const SigningError& e) {
        CHECK(contains(e.what(), "another audit key (" + other.id() + ")"));
        CHECK(contains(e.what(), "never replaced"));
    }
    CHECK(exam::load_audit_key(folder / exam::kAuditKeyFile).id() == other.id());
    CHECK_FALSE(std::filesystem::exists(folder / kSecretKeyFile));

    // The whole folder lost: both keys come back, byte for byte, and the audit log goes on.
    std::filesystem::remove_all(folder);
    const auto r = restore_key(f.db, database, backup, "correct horse battery");
    CHECK(r.signing_key_restored);
    CHECK(r.audit_key_restored);
    CHECK(test::read_file(folder / exam::kAuditKeyFile) == audit_bytes);
    CHECK(mode_of(folder / exam::kAuditKeyFile) == 0600);
    CHECK(open_signer(f.db, database).public_key().key_id() == signer_id);
    {
        exam::ExamStore store(f.db);
        storage::Transaction tx(f.db);
        store.append_audit(1, "admin", "key.restore", "cert_key:1", "test");
        tx.commit();
        CHECK(store.verify_audit().empty());
    }

    // A format 1 backup (signing key only), as written before: read, and restores the signing key alone.
    auto seed = Signer::load(folder).seed();
    unsigned char salt[crypto_pwhash_SALTBYTES] = {1};
    unsigned char nonce[crypto_secretbox_NONCEBYTES] = {2};
    std::array<unsigned char, crypto_secretbox_KEYBYTES> key{};
    const std::string pass = "correct horse battery";
    REQUIRE(crypto_pwhash(key.data(), key.size(), pass.data(), pass.size(), salt, crypto_pwhash_OPSLIMIT_MIN,
                          crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) == 0);
    unsigned char box[crypto_secretbox_MACBYTES + 32];
    crypto_secretbox_easy(box, seed.data(), seed.size(), nonce, key.data());
    const auto pub = Signer::load(folder).public_key();
    const auto v1 = f.dir / "old.backup";
    test::write_file(v1, "SK1KEYBACKUP\nkey-id: " + pub.key_id() + "\npublic: " + pub.exported() + "\nkdf: argon2id13 " +
                             std::to_string(crypto_pwhash_OPSLIMIT_MIN) + " " + std::to_string(crypto_pwhash_MEMLIMIT_MIN) +
                             "\nsalt: " + base32_encode(salt, sizeof salt) + "\nnonce: " +
                             base32_encode(nonce, sizeof nonce) + "\nbox: " + base32_encode(box, sizeof box) + "\n");
    CHECK(backup_info(v1).format == 1);
    CHECK_FALSE(backup_info(v1).audit_key_id);
    std::filesystem::remove(folder / kSecretKeyFile);
    std::filesystem::remove(folder / kPublicKeyFile);
    const auto old = restore_key(f.db, database, v1, pass);
    CHECK(old.signing_key_restored);
    CHECK_FALSE(old.audit_key_id);
    CHECK_FALSE(old.audit_key_restored);
    CHECK(open_signer(f.db, database).public_key().key_id() == signer_id);
    CHECK(test::read_file(folder / exam::kAuditKeyFile) == audit_bytes);
}
