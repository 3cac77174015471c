// Journal export and import (exam/centre/journal_transfer.hpp): a kiosk that can never reach its centre again hands
// its journal over in a signed file; the centre stores exactly the events it lacks, and refuses a changed, truncated,
// hostile or foreign file, or one not signed by the key the kiosk registered, changing nothing.
#include "exam/centre/centre.hpp"
#include "exam/centre/journal_transfer.hpp"
#include "exam/centre/sync.hpp"
#include "exam/exam_service.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/sql.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

using namespace sk;
namespace centre = sk::exam::centre;

namespace {

// A centre on `db_uri` (its installation, 张三 seated at A01, the roles, kiosk A01's login) and A01's journal of the
// same exam with the outbox on and 张三 started (as tests/postgres/centre_sync_test.cpp builds them).
struct Centre {
    std::string db_uri;
    std::string kiosk_uri;
    test::TempDir dir;
    std::filesystem::path journal = dir / "journal.db";
    std::int64_t attempt = 0;
    std::vector<std::string> roles;

    explicit Centre(const std::string& uri) : db_uri(uri)
    {
        const auto centre_exam = test::build_exam_db(db_uri);
        test::add_exam_users(db_uri);
        auto db = storage::Database::open(db_uri, false);
        const auto init = centre::init(db);
        const auto k = centre::add_kiosk(db, db_uri, {"A01", "第一考场", centre::KioskRole::Exam, dir / "A01.pgpass", false, 1});
        const auto t = centre::add_kiosk(db, db_uri, {"T01", "第一考场", centre::KioskRole::Training, dir / "T01.pgpass", false, 1});
        roles = {k.kiosk.login, t.kiosk.login, init.roles.exam_kiosk, init.roles.training_kiosk, init.roles.staff};
        kiosk_uri = k.centre_uri;
        attempt = make_journal(journal);
        REQUIRE(attempt == centre_exam.attempt);
    }
    // A kiosk journal of the exam with 张三 checked in at A01 and started.
    static std::int64_t make_journal(const std::filesystem::path& path)
    {
        const auto e = test::build_exam_db(path);
        auto j = test::open_exam_db(path);
        centre::enable_outbox(j);
        exam::ExamService svc(j);
        REQUIRE(svc.check_in(e.id_number, e.ticket, "A01", "第一考场") == e.attempt);
        svc.confirm_identity(e.attempt);
        svc.show_instructions(e.attempt);
        svc.start(e.attempt);
        return e.attempt;
    }
    void answer(const std::filesystem::path& path, int first, int last)
    {
        auto j = test::open_exam_db(path);
        exam::ExamService svc(j);
        for (int i = first; i <= last; ++i) svc.record_answer(attempt, (i - 1) % 10 + 1, i % 2 ? "A" : "B", i % 3 == 0);
    }
};

struct Held {
    std::int64_t events, conflicts, audit;
    bool operator==(const Held&) const = default;
};
Held held(storage::Database& db)
{
    return {test::scalar(db, "SELECT count(*) FROM centre_event"), test::scalar(db, "SELECT count(*) FROM centre_event_conflict"),
            test::scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'centre.journal_imported'")};
}

test::AdminRun import_as_staff(const Centre& c, const std::filesystem::path& file)
{
    return test::run_admin({"--db", c.db_uri, "--user", "staff", "--json", "journal", "import", file.string()},
                           {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
}

std::string journal_secret_key(const std::filesystem::path& journal)
{
    auto j = storage::Database::open(journal, false);
    auto st = j.prepare("SELECT value FROM setting WHERE key = 'centre.journal_secret_key'");
    REQUIRE(st.step());
    return st.text(0);
}

// Signs `body` (every line before the signature) with the journal's own key, as export does.
std::string signed_with(const std::filesystem::path& journal, const std::string& body)
{
    REQUIRE(sodium_init() >= 0);
    const std::string hex = journal_secret_key(journal);
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    std::size_t len = 0;
    REQUIRE(sodium_hex2bin(sk, sizeof sk, hex.data(), hex.size(), nullptr, &len, nullptr) == 0);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(body.data()), body.size(), sk);
    char sig_hex[crypto_sign_BYTES * 2 + 1];
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
    return body + "signature ed25519:" + sig_hex + "\n";
}

} // namespace

TEST_CASE("a kiosk that sent half its events exports its journal, the centre's import stores exactly the missing half "
          "with the same content, and a second import changes nothing")
{
    const auto server = test::postgres_server();
    if (!server) return;
    std::vector<std::string> roles;
    test::DropRoles cleanup{*server, {}, &roles};
    test::PostgresDatabase pg(*server);
    Centre c(pg.uri());
    roles = c.roles;
    c.answer(c.journal, 1, 19); // with the start: 20 events
    {
        // The kiosk reaches the centre once: its sender registers the journal's key, learns the centre's id, and
        // sends 10 events. Then its network card dies.
        centre::OutboxSender sender(c.journal, {c.kiosk_uri, 10});
        CHECK(sender.send_batch().stored == 10);
    }
    auto owner = storage::Database::open(pg.uri(), false);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event") == 10);
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_journal_key WHERE kiosk_id = 'A01'") == 1);
    c.answer(c.journal, 20, 23); // answered on, never sent: 24 events, 14 unsent

    // On the kiosk: the export, a new file of mode 0600.
    const auto file = c.dir / "A01.sk-journal";
    const auto ex = test::run_admin({"--db", c.journal.string(), "--json", "journal", "export", "--out", file.string()});
    INFO(ex.err);
    REQUIRE(ex.code == 0);
    const auto exj = nlohmann::json::parse(ex.out);
    CHECK(exj["kiosk_id"] == "A01");
    CHECK(exj["events"] == 24);
    CHECK(exj["unsent"] == 14);
    CHECK(exj["attempts"] == 1);
    struct stat st{};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK_FALSE(std::filesystem::exists(file.string() + ".part"));
    // Never over an existing file.
    const std::string written = test::read_file(file);
    const auto again = test::run_admin({"--db", c.journal.string(), "journal", "export", "--out", file.string()});
    CHECK(again.code == 1);
    CHECK(again.err.find(file.string()) != std::string::npos);
    CHECK(again.err.find("exists") != std::string::npos);
    CHECK(test::read_file(file) == written);

    // At the centre: exam staff import it. Exactly the 14 missing events are stored; the 10 held are duplicates.
    const auto im = import_as_staff(c, file);
    INFO(im.err);
    REQUIRE(im.code == 0);
    const auto imj = nlohmann::json::parse(im.out);
    CHECK(imj["kiosk_id"] == "A01");
    CHECK(imj["events"] == 24);
    CHECK(imj["stored"] == 14);
    CHECK(imj["duplicate"] == 10);
    CHECK(imj["conflict"] == 0);
    CHECK(imj["seat"] == 0);
    {
        auto j = storage::Database::open(c.journal, false);
        const auto mine = centre::outbox_events(j, c.attempt);
        auto q = owner.prepare("SELECT seq, kind, at_ms, body, kiosk_id FROM centre_event WHERE attempt_id = ? ORDER BY seq");
        q.bind(1, c.attempt);
        std::size_t i = 0;
        for (; q.step(); ++i) {
            REQUIRE(i < mine.size());
            CHECK(q.int64(0) == mine[i].seq);
            CHECK(q.text(1) == mine[i].kind);
            CHECK(q.int64(2) == mine[i].at_ms);
            CHECK(q.text(3) == mine[i].body);
            CHECK(q.text(4) == "A01");
        }
        CHECK(i == mine.size());
    }
    CHECK(held(owner) == Held{24, 0, 1});
    CHECK(test::scalar(owner, "SELECT count(*) FROM audit_log WHERE action = 'centre.journal_imported' AND actor = 'staff' "
                              "AND entity = 'kiosk:A01'") == 1);

    // The same file again: every event a duplicate, nothing stored (the import is audited once more).
    const auto second = import_as_staff(c, file);
    REQUIRE(second.code == 0);
    CHECK(nlohmann::json::parse(second.out)["stored"] == 0);
    CHECK(nlohmann::json::parse(second.out)["duplicate"] == 24);
    CHECK(held(owner) == Held{24, 0, 2});

    // The text output names the file and the counts.
    const auto text = test::run_admin({"--db", c.db_uri, "--user", "staff", "journal", "import", file.string()},
                                      {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    CHECK(text.code == 0);
    CHECK(text.out.find("0 stored, 24 duplicate, 0 conflict, 0 seat") != std::string::npos);

    // A proctor (no ManageSessions) may not import.
    const auto proctor = test::run_admin({"--db", c.db_uri, "--user", "proctor", "journal", "import", file.string()},
                                         {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    CHECK(proctor.code == 4);
    CHECK(held(owner) == Held{24, 0, 3});
}

TEST_CASE("journal import refuses, changing nothing: a flipped byte, a truncated file, another centre's file, a key that "
          "is not the kiosk's, hostile files, and a kiosk's login")
{
    const auto server = test::postgres_server();
    if (!server) return;
    std::vector<std::string> roles;
    test::DropRoles cleanup{*server, {}, &roles};
    test::PostgresDatabase pg(*server);
    Centre c(pg.uri());
    roles = c.roles;

    // A journal that never reached its centre cannot say which centre it belongs to.
    c.answer(c.journal, 1, 9);
    const auto file = c.dir / "A01.sk-journal";
    {
        auto j = storage::Database::open(c.journal, false);
        CHECK_THROWS_WITH_AS(centre::export_journal(j, file, 1), doctest::Contains("never reached its centre"),
                             centre::JournalFileError);
        CHECK_FALSE(std::filesystem::exists(file));
    }
    {
        centre::OutboxSender sender(c.journal, {c.kiosk_uri, 5});
        CHECK(sender.send_batch().stored == 5);
    }
    {
        auto j = storage::Database::open(c.journal, false);
        const auto r = centre::export_journal(j, file, 1);
        CHECK(r.events == 10);
        CHECK(centre::journal_key_registration(j).outcome == "registered");
    }
    auto owner = storage::Database::open(pg.uri(), false);
    const Held before = held(owner);
    CHECK(before == Held{5, 0, 0});
    const std::string good = test::read_file(file);

    const auto refused = [&](const std::filesystem::path& f, const std::string& why) {
        const auto r = import_as_staff(c, f);
        INFO(f.string() << ": " << r.err);
        CHECK(r.code == 1);
        CHECK(r.err.find(f.string()) != std::string::npos);
        CHECK(r.err.find(why) != std::string::npos);
        CHECK(held(owner) == before);
    };

    // One byte of an answer changed.
    std::string flipped = good;
    const auto at = flipped.find("\\\"response\\\":\\\"");
    REQUIRE(at != std::string::npos);
    flipped[at + 15] = flipped[at + 15] == 'A' ? 'B' : 'A';
    test::write_file(c.dir / "flipped", flipped);
    refused(c.dir / "flipped", "signature does not match");
    // Truncated mid-line, and at a line's end (the signature line lost).
    test::write_file(c.dir / "cut", good.substr(0, good.size() / 2));
    refused(c.dir / "cut", "truncated");
    test::write_file(c.dir / "cut-line", good.substr(0, good.rfind("signature")));
    refused(c.dir / "cut-line", "truncated");
    // Not an export, empty.
    test::write_file(c.dir / "notes.txt", "A01 answers\n");
    refused(c.dir / "notes.txt", "not a SafeKiosk journal export");
    test::write_file(c.dir / "empty", "");
    refused(c.dir / "empty", "empty");

    // Hostile: a FIFO nobody writes (refused at once, not waited on), /dev/zero, a folder, a huge sparse file.
    REQUIRE(::mkfifo((c.dir / "fifo").c_str(), 0600) == 0);
    const auto t0 = std::chrono::steady_clock::now();
    refused(c.dir / "fifo", "not a regular file (a FIFO)");
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
    refused("/dev/zero", "not a regular file (a device)");
    refused(c.dir.path(), "not a regular file (a folder)");
    {
        std::ofstream(c.dir / "huge").put('x');
        std::filesystem::resize_file(c.dir / "huge", centre::kMaxJournalExportBytes + 1);
    }
    refused(c.dir / "huge", "more than a journal export may be");
    // Signed by the kiosk's own key but with a key twice in one object, or an event lacking a field: the signature
    // holds, the content is refused.
    const std::string head = good.substr(0, good.find('\n') + 1);
    const std::string header_line = good.substr(head.size(), good.find('\n', head.size()) + 1 - head.size());
    test::write_file(c.dir / "dup", signed_with(c.journal, head + header_line.substr(0, header_line.size() - 2) +
                                                                ",\"kiosk_id\":\"A02\"}\n"));
    refused(c.dir / "dup", "appears twice");
    test::write_file(c.dir / "nofield", signed_with(c.journal, head + R"({"centre_id":"x","kiosk_id":"A01","exported_at_ms":1,"events":1})" "\n"
                                                                      R"({"attempt_id":1,"seq":1,"kind":"answer","at_ms":1})" "\n"));
    refused(c.dir / "nofield", "line 3: \"body\" is missing");

    // Another centre's file: the same export read by a centre whose id differs (another centre's database).
    {
        test::PostgresDatabase other(*server);
        test::build_exam_db(other.uri());
        test::add_exam_users(other.uri());
        auto odb = storage::Database::open(other.uri(), false);
        const auto init = centre::init(odb);
        const auto k = centre::add_kiosk(odb, other.uri(), {"A01", "第一考场", centre::KioskRole::Exam, c.dir / "o.pgpass", false, 1});
        roles.insert(roles.end(), {k.kiosk.login, init.roles.exam_kiosk, init.roles.training_kiosk, init.roles.staff});
        // The other centre even holds this journal's key for its own A01: the centre id still tells them apart.
        odb.prepare("INSERT INTO centre_journal_key VALUES('A01', ?, 1)")
            .bind_all(std::string(good.substr(35, 64)))
            .run();
        const auto r = test::run_admin({"--db", other.uri(), "--user", "staff", "journal", "import", file.string()},
                                       {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
        CHECK(r.code == 1);
        CHECK(r.err.find(file.string()) != std::string::npos);
        CHECK(r.err.find("another centre") != std::string::npos);
        CHECK(test::scalar(odb, "SELECT count(*) FROM centre_event") == 0);
    }

    // A second journal claiming to be A01 (a journal made afresh, a copied login): its key is not the one A01
    // registered first, which the centre keeps; its export is refused.
    const auto other_journal = c.dir / "other.db";
    Centre::make_journal(other_journal);
    c.answer(other_journal, 1, 3);
    {
        auto j = storage::Database::open(other_journal, false);
        auto k = storage::Database::open(c.kiosk_uri, false);
        CHECK(centre::register_journal_key(j, k).outcome == "different");
        const auto r = centre::export_journal(j, c.dir / "other.sk-journal", 1);
        CHECK(r.events == 4);
        CHECK(r.key_registration == "different");
    }
    refused(c.dir / "other.sk-journal", "not the journal key kiosk A01 registered");
    {
        // The first journal's key is still the registered one.
        auto j = storage::Database::open(c.journal, false);
        auto k = storage::Database::open(c.kiosk_uri, false);
        CHECK(centre::register_journal_key(j, k).outcome == "same");
    }

    // A kiosk's login cannot import (the server refuses it the centre's tables); a training kiosk cannot register.
    {
        auto k = storage::Database::open(c.kiosk_uri, false);
        CHECK_THROWS_AS(centre::import_journal(k, test::kExamStaff, file, 1), storage::StorageError);
        auto t = storage::Database::open(test::as_login(pg.uri(), centre::kiosk_login(pg.name(), "T01")), false);
        auto j = storage::Database::open(c.journal, false);
        CHECK_THROWS_AS(centre::register_journal_key(j, t), storage::StorageError);
        CHECK_THROWS_AS(t.exec("SELECT * FROM centre_store_events('A01', '[]')"), storage::StorageError);
    }
    CHECK(held(owner) == before);

    // The good file is still accepted after all that.
    const auto ok = import_as_staff(c, file);
    INFO(ok.err);
    REQUIRE(ok.code == 0);
    CHECK(nlohmann::json::parse(ok.out)["stored"] == 5);

    // New credentials for A01 (add-kiosk --replace) clear its key: the next journal to register is kept.
    centre::add_kiosk(owner, pg.uri(), {"A01", "第一考场", centre::KioskRole::Exam, c.dir / "A01b.pgpass", true, 2});
    CHECK(test::scalar(owner, "SELECT count(*) FROM centre_journal_key") == 0);
}
