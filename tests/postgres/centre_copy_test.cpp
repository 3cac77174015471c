// The copy of the centre's bank, candidates and sessions in an exam kiosk's journal (exam/centre/copy.hpp): a fresh
// journal pulls with the kiosk's own login, central check-in then works on it with no hand copying, the exam is
// answered and its events reach the centre; pulling again changes nothing; a row that differs is refused; a kiosk of
// another room gets nothing of this room's; a training kiosk's login gets nothing; an unreachable centre leaves the
// journal as it is. Last, the real kiosk program on an empty journal.
#include "exam/centre/checkin.hpp"
#include "exam/centre/centre.hpp"
#include "exam/centre/copy.hpp"
#include "exam/centre/sync.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/faults/kiosk_exam.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/sql.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>

using namespace sk;
namespace centre = sk::exam::centre;

namespace {

// The rows of `sql` as text, one string per row (columns joined by '|'), in order.
std::vector<std::string> rows(storage::Database& db, const std::string& sql)
{
    auto st = db.prepare(sql);
    std::vector<std::string> out;
    while (st.step()) {
        std::string row;
        for (int i = 0; i < st.columns(); ++i) {
            if (i) row += "|";
            if (st.is_null(i)) row += "NULL";
            else if (st.type(i) == storage::ColumnType::Blob) row += std::to_string(st.blob(i).size()) + "b";
            else row += st.text(i);
        }
        out.push_back(std::move(row));
    }
    return out;
}

// What a kiosk's journal holds of the exam, comparable with the centre's.
std::map<std::string, std::vector<std::string>> exam_rows(storage::Database& db)
{
    return {
        {"question", rows(db, "SELECT id, uid, version, type, item_id, chapter, pool, stem, options, answer, content_hash "
                              "FROM question WHERE pool IN ('exam', 'both') AND status = 'published' ORDER BY id")},
        {"candidate", rows(db, "SELECT id, id_number, name, birth_date, item_id, kind, training_cycle, photo FROM candidate "
                               "ORDER BY id")},
        {"exam_session", rows(db, "SELECT id, item_id, blueprint_id, starts_at_ms, ends_at_ms, room FROM exam_session ORDER BY id")},
        {"attempt", rows(db, "SELECT id, session_id, candidate_id, ticket, attempt_no, training_cycle FROM attempt ORDER BY id")},
        {"blueprint", rows(db, "SELECT id, item_id, kind, version, strata, duration_min, grace_s FROM blueprint "
                               "WHERE id IN (SELECT blueprint_id FROM exam_session) ORDER BY id")},
    };
}

std::int64_t count(storage::Database& db, const std::string& table)
{
    return test::scalar(db, "SELECT count(*) FROM " + table);
}

// Runs the kiosk headless with `config` and `journal` to the end of `script`; the exit code, its stderr in `err`.
int run_kiosk(const std::filesystem::path& dir, const std::filesystem::path& journal, const std::filesystem::path& config,
              const std::string& script, const std::string& name, std::string& err)
{
    test::write_file(dir / (name + ".txt"), script);
    test::KioskProcess kiosk({"--db", journal.string(), "--config", config.string(), "--headless", "--script",
                              (dir / (name + ".txt")).string(), "--screenshots", (dir / "shots").string()},
                             {}, dir / (name + ".err"));
    const int code = kiosk.wait_exit();
    err = test::read_file(dir / (name + ".err"));
    return code;
}

} // namespace

TEST_CASE("a fresh kiosk journal pulls its room's bank, candidates and sessions from the centre with its own login: "
          "central check-in then works on it, the answers reach the centre, a second pull changes nothing, and a row "
          "that differs is refused")
{
    const auto server = test::postgres_server();
    if (!server) return;
    test::DropRoles cleanup{*server, {}};
    test::PostgresDatabase pg(*server);
    const std::string uri = pg.uri();
    const auto names = centre::role_names(pg.name());
    cleanup.roles = {centre::kiosk_login(pg.name(), "A01"), centre::kiosk_login(pg.name(), "A02"),
                     centre::kiosk_login(pg.name(), "B01"), centre::kiosk_login(pg.name(), "T01"), names.exam_kiosk,
                     names.training_kiosk, names.staff};
    test::TempDir dir;

    // The centre: 张三 at A01 and 李四 at A02 in 第一考场, a pool of 40, the papers drawn; kiosks A01, A02 (第一考场),
    // B01 (第二考场) and the training kiosk T01.
    const auto e = test::build_exam_db(uri);
    const std::string ticket2 = test::add_examinee(uri, "李四", "11010519800101003", "A02");
    auto db = storage::Database::open(uri, false);
    centre::init(db);
    for (const auto& [id, room, role] : {std::tuple{"A01", "第一考场", centre::KioskRole::Exam},
                                         std::tuple{"A02", "第一考场", centre::KioskRole::Exam},
                                         std::tuple{"B01", "第二考场", centre::KioskRole::Exam},
                                         std::tuple{"T01", "培训室", centre::KioskRole::Training}})
        centre::add_kiosk(db, uri, {id, room, role, dir / (std::string(id) + ".pgpass"), false, 1});
    const auto login = [&](const char* id) { return test::as_login(uri, centre::kiosk_login(pg.name(), id)); };
    // A photo for 张三, as the registration desk took it.
    db.exec("UPDATE candidate SET photo = decode(repeat('89504e470d0a1a0a', 512), 'hex') WHERE id_number = '" +
            e.id_number + "'");
    REQUIRE(centre::draw_papers(db, test::kExamStaff, test::scalar(db, "SELECT id FROM exam_session"), test::wall_ms())
                .drawn == 2);

    // A fresh journal: the kiosk's schema and its seeded catalogue, no exam.
    const auto journal_path = dir / "a01.db";
    auto journal = test::open_exam_db(journal_path);
    REQUIRE(count(journal, "question") == 0);
    REQUIRE(count(journal, "candidate") == 0);

    const auto t0 = std::chrono::steady_clock::now();
    const auto first = centre::pull_from_centre(journal, login("A01"), "A01", test::wall_ms());
    MESSAGE("first pull: ", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), " s, ",
            centre::describe(first));
    CHECK(first.added.at("exam_session") == 1);
    CHECK(first.added.at("attempt") == 2);
    CHECK(first.added.at("candidate") == 2);
    CHECK(first.added.at("question") == 40);
    CHECK(first.added.at("blueprint") == 1);
    // Every id and row as the centre holds it; the photo too; no paper, no seed, nothing checked in.
    const auto centre_rows = exam_rows(db);
    for (const auto& entry : exam_rows(journal)) {
        const std::string& table = entry.first; // a name, not a structured binding: doctest's INFO captures it
        INFO(table);
        CHECK(entry.second == centre_rows.at(table));
    }
    CHECK(test::scalar(journal, "SELECT length(photo) FROM candidate WHERE id_number = '" + e.id_number + "'") == 4096);
    CHECK(count(journal, "paper_question") == 0);
    CHECK(test::scalar(journal, "SELECT count(*) FROM attempt WHERE seed IS NULL AND state = 'scheduled'") == 2);
    CHECK(test::scalar(journal, "SELECT count(*) FROM attempt WHERE id = " + std::to_string(e.attempt) +
                                    " AND kiosk = 'A01'") == 1);
    // The copy is audited: the journal's audit log checks, every attempt added with its row's digest.
    exam::ExamStore store(journal);
    CHECK(store.verify_audit().empty());
    CHECK(store.last_audit_entry("attempt:" + std::to_string(e.attempt), "attempt.copy").has_value());

    // Pulling again changes nothing: no row, no audit entry.
    const auto audit_before = store.last_audit_id();
    const auto before = exam_rows(journal);
    const auto second = centre::pull_from_centre(journal, login("A01"), "A01", test::wall_ms());
    CHECK_FALSE(second.changed());
    CHECK(second.unchanged > 40);
    CHECK(store.last_audit_id() == audit_before);
    CHECK(exam_rows(journal) == before);

    // Central check-in on the pulled journal, with no hand copying; the exam is answered and the events reach the
    // centre under its attempt id, stamped A01, with no conflict.
    const auto c = centre::ask_centre_check_in(login("A01"), e.ticket, e.id_number);
    REQUIRE(centre::record_check_in(journal, c, e.ticket, e.id_number, "A01", test::wall_ms()) == e.attempt);
    centre::enable_outbox(journal);
    {
        exam::ExamService svc(journal);
        svc.confirm_identity(e.attempt);
        svc.show_instructions(e.attempt);
        svc.start(e.attempt);
        for (int i = 1; i <= e.questions; ++i) svc.record_answer(e.attempt, i, "A", false);
        svc.submit(e.attempt);
    }
    // The centre's paper, keys from the copied bank equal to the centre's.
    CHECK(rows(journal, "SELECT position, question_id, option_order, key FROM paper_question ORDER BY position") ==
          rows(db, "SELECT position, question_id, option_order, key FROM paper_question WHERE attempt_id = " +
                       std::to_string(e.attempt) + " ORDER BY position"));
    const auto events = centre::unsent_count(journal);
    CHECK(events >= e.questions + 2);
    centre::OutboxSender sender(journal_path, {login("A01"), 50});
    sender.drain();
    CHECK(centre::unsent_count(journal) == 0);
    CHECK(test::scalar(db, "SELECT count(*) FROM centre_event WHERE kiosk_id = 'A01' AND attempt_id = " +
                               std::to_string(e.attempt)) == events);
    CHECK(count(db, "centre_event_conflict") == 0);
    // After the exam a pull still changes nothing (the attempt under way keeps its seat and state), and the audit
    // log still checks.
    CHECK_FALSE(centre::pull_from_centre(journal, login("A01"), "A01", test::wall_ms()).changed());
    CHECK(store.verify_audit().empty());

    // A late registration at the centre: the next pull adds it, nothing else changes.
    const std::string ticket3 = test::add_examinee(uri, "王五", "11010519800101005", "");
    const auto late = centre::pull_from_centre(journal, login("A01"), "A01", test::wall_ms());
    CHECK(late.added.at("attempt") == 1);
    CHECK(late.added.at("candidate") == 1);
    CHECK(late.added.count("question") == 0);
    CHECK(test::scalar(journal, "SELECT count(*) FROM attempt WHERE ticket = '" + ticket3 + "'") == 1);

    // A row the centre holds otherwise than the journal under the same id: a clear error naming it, nothing written.
    const auto qid = test::scalar(db, "SELECT min(question_id) FROM paper_question");
    db.exec("UPDATE question SET stem = stem || '（改）' WHERE id = " + std::to_string(qid));
    db.exec("UPDATE candidate SET name = '王六' WHERE name = '王五'");
    const auto audit_now = store.last_audit_id();
    const auto held = exam_rows(journal);
    try {
        centre::pull_from_centre(journal, login("A01"), "A01", test::wall_ms());
        FAIL("a changed question row was copied over the journal's");
    } catch (const centre::CentreError& err) {
        const std::string what = err.what();
        INFO(what);
        CHECK(what.find("question id " + std::to_string(qid) + " has stem") != std::string::npos);
        CHECK(what.find(journal_path.string()) != std::string::npos);
        CHECK(what.find("nothing was copied") != std::string::npos);
    }
    CHECK(exam_rows(journal) == held);
    CHECK(store.last_audit_id() == audit_now);
    db.exec("UPDATE question SET stem = replace(stem, '（改）', '') WHERE id = " + std::to_string(qid));
    db.exec("UPDATE candidate SET name = '王五' WHERE name = '王六'");
    // A question retired at the centre since: its status follows (a lifecycle column), its text stays.
    db.exec("UPDATE question SET status = 'retired' WHERE id = " + std::to_string(qid));
    const auto retired = centre::pull_from_centre(journal, login("A01"), "A01", test::wall_ms());
    CHECK(retired.updated.at("question") == 1);
    CHECK(test::scalar(journal, "SELECT count(*) FROM question WHERE status = 'retired' AND id = " + std::to_string(qid)) == 1);
    CHECK(store.verify_audit().empty());

    SUBCASE("a kiosk of another room gets none of this room's sessions, candidates or questions")
    {
        auto other = test::open_exam_db(dir / "b01.db");
        const auto r = centre::pull_from_centre(other, login("B01"), "B01", test::wall_ms());
        CHECK(r.added.count("exam_session") == 0);
        CHECK(count(other, "exam_session") == 0);
        CHECK(count(other, "attempt") == 0);
        CHECK(count(other, "candidate") == 0);
        CHECK(count(other, "question") == 0);
        CHECK(count(other, "blueprint") == 0);
        CHECK(count(other, "category") > 0); // the catalogue is no one's secret
    }
    SUBCASE("a training kiosk's login gets no exam question: the server refuses the call")
    {
        try {
            centre::ask_centre_copy(login("T01"));
            FAIL("a training kiosk's login was given the centre's copy");
        } catch (const centre::CentreError& err) {
            CHECK(std::string(err.what()).find("permission denied") != std::string::npos);
        }
    }
    SUBCASE("an unreachable centre leaves the journal as it is")
    {
        const auto addr = storage::server_address(uri);
        const auto audit_then = store.last_audit_id();
        const auto then = exam_rows(journal);
        CHECK_THROWS_AS(centre::pull_from_centre(journal,
                                                 "postgresql://" + centre::kiosk_login(pg.name(), "A01") +
                                                     "@127.0.0.1:1/" + addr.dbname + "?connect_timeout=2",
                                                 "A01", test::wall_ms()),
                        centre::CentreUnreachable);
        CHECK(exam_rows(journal) == then);
        CHECK(store.last_audit_id() == audit_then);
    }
    SUBCASE("safekiosk-admin centre pull fills A02's fresh journal; A02 checks 李四 in on it")
    {
        const auto a02 = dir / "a02.db";
        const auto pulled = test::run_admin({"--db", a02.string(), "--json", "centre", "pull", "--centre", login("A02"),
                                             "--kiosk", "A02"});
        INFO(pulled.err);
        REQUIRE(pulled.code == 0);
        const auto j = nlohmann::json::parse(pulled.out);
        CHECK(j["added"]["attempt"] == 3);
        CHECK(j["added"]["question"] == 40);
        // Another kiosk's login than --kiosk: refused, nothing copied.
        const auto wrong = test::run_admin({"--db", (dir / "a03.db").string(), "centre", "pull", "--centre",
                                            login("A01"), "--kiosk", "A02"});
        CHECK(wrong.code == 1);
        CHECK(wrong.err.find("the login of \"centre\" is kiosk A01") != std::string::npos);
        // Unreachable: exit 3, the journal unchanged.
        const auto addr = storage::server_address(uri);
        const auto down = test::run_admin({"--db", a02.string(), "centre", "pull", "--centre",
                                           "postgresql://" + centre::kiosk_login(pg.name(), "A02") + "@127.0.0.1:1/" +
                                               addr.dbname + "?connect_timeout=2",
                                           "--kiosk", "A02"});
        CHECK(down.code == 3);
        CHECK(down.err.find("is unchanged") != std::string::npos);

        auto a02_journal = test::open_exam_db(a02);
        std::string li;
        {
            auto st = db.prepare("SELECT c.id_number FROM candidate c JOIN attempt a ON a.candidate_id = c.id WHERE a.ticket = ?");
            st.bind(1, ticket2);
            REQUIRE(st.step());
            li = st.text(0);
        }
        const auto c2 = centre::ask_centre_check_in(login("A02"), ticket2, li);
        CHECK(centre::record_check_in(a02_journal, c2, ticket2, li, "A02", test::wall_ms()) == c2.attempt_id);
        CHECK(exam::ExamStore(a02_journal).verify_audit().empty());
    }
}

TEST_CASE("the real kiosk on an empty journal pulls the centre's copy at its start and checks its examinee in, with "
          "no database copied by hand, and the answer reaches the centre")
{
    const auto server = test::postgres_server();
    if (!server) return;
    test::DropRoles cleanup{*server, {}};
    test::PostgresDatabase pg(*server);
    const std::string uri = pg.uri();
    const auto names = centre::role_names(pg.name());
    cleanup.roles = {centre::kiosk_login(pg.name(), "A01"), names.exam_kiosk, names.training_kiosk, names.staff};
    test::TempDir dir;
    const auto e = test::build_exam_db(uri);
    auto db = storage::Database::open(uri, false);
    centre::init(db);
    const auto k = centre::add_kiosk(db, uri, {"A01", "第一考场", centre::KioskRole::Exam, dir / "A01.pgpass", false, 1});
    REQUIRE(centre::draw_papers(db, test::kExamStaff, test::scalar(db, "SELECT id FROM exam_session"), test::wall_ms())
                .drawn == 1);
    const auto config = dir / "kiosk.json";
    test::write_file(config, "{\"role\": \"exam\",\n" + centre::kiosk_json_fragment(k).substr(1));
    const auto journal = dir / "journal.db"; // does not exist yet

    std::string err;
    const std::string script = test::check_in(e) + "await-text 确认是本人\ntap-text 确认是本人\nwait 20s\n"
                               "tap-text 我已阅读，开始考试\nexpect-screen exam-paper\ntap-text 正确\nexpect-text 已保存\n";
    CHECK(run_kiosk(dir.path(), journal, config, script, "empty", err) == 0);
    INFO(err);
    CHECK(err.find("copied from the centre: 1 session(s), 1 attempt(s), 1 candidate(s), 40 question(s)") !=
          std::string::npos);
    auto j = test::open_exam_db(journal);
    CHECK(test::scalar(j, "SELECT count(*) FROM attempt WHERE id = " + std::to_string(e.attempt) +
                              " AND kiosk = 'A01' AND state <> 'scheduled'") == 1);
    CHECK(rows(j, "SELECT position, question_id, option_order, key FROM paper_question ORDER BY position") ==
          rows(db, "SELECT position, question_id, option_order, key FROM paper_question WHERE attempt_id = " +
                       std::to_string(e.attempt) + " ORDER BY position"));
    CHECK(centre::unsent_count(j) == 0);
    CHECK(test::scalar(db, "SELECT count(*) FROM centre_event WHERE kiosk_id = 'A01' AND attempt_id = " +
                               std::to_string(e.attempt)) == 2);
    CHECK(count(db, "centre_event_conflict") == 0);
    CHECK(exam::ExamStore(j).verify_audit().empty());
}
