// An exam centre's roles (safekiosk-admin centre init / add-kiosk): 考培分离 enforced by the server. Each kiosk
// connects with its own login, through libpq and through psql, and the server itself refuses what its role must not
// do (SQLSTATE 42501, "permission denied"), while what it needs works.
#include "exam/centre/centre.hpp"
#include "tests/postgres/centre_support.hpp"
#include "tests/support/sql.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/support/exam_db.hpp"
#include "tests/support/postgres.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

using namespace sk;

namespace {


// The SQLSTATE a statement fails with on `db`, "" when it works.
std::string refusal(storage::Database& db, const std::string& sql)
{
    try {
        auto st = db.prepare(sql);
        while (st.step()) {
        }
        return "";
    } catch (const storage::StorageError& e) {
        return e.sqlstate();
    }
}

struct PsqlRun {
    int code = -1;
    std::string output; // stdout and stderr
};

// psql as a person at a kiosk would run it.
PsqlRun psql(const std::string& uri, const std::string& sql)
{
    const std::string cmd = "psql -X -q -A -t -v ON_ERROR_STOP=1 " + test::shell_quote(uri) + " -c " +
                            test::shell_quote(sql) + " 2>&1";
    PsqlRun r;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

} // namespace

TEST_CASE("centre init and add-kiosk: a training kiosk's login cannot read a sealed question, paper or answer, and an exam "
          "kiosk's writes only its own seat's events")
{
    const auto server = test::postgres_server();
    if (!server) return;
    test::DropRoles cleanup{*server, {}};
    test::PostgresDatabase pg(*server);
    const std::string uri = pg.uri();
    const auto names = exam::centre::role_names(pg.name());
    cleanup.roles = {exam::centre::kiosk_login(pg.name(), "A01"), exam::centre::kiosk_login(pg.name(), "A02"),
                     exam::centre::kiosk_login(pg.name(), "T01"), pg.name() + "_proctor", pg.name() + "_stranger",
                     names.exam_kiosk, names.training_kiosk, names.staff};

    // An installation with a session, one candidate seated at A01, 40 questions, and one exam-only question.
    const auto e = test::build_exam_db(uri);
    std::int64_t questions = 0;
    {
        auto db = storage::Database::open(uri);
        db.exec("UPDATE question SET pool = 'exam' WHERE id = (SELECT min(id) FROM question)");
        questions = test::scalar(db, "SELECT count(*) FROM question");
        exam::ExamService svc(db);
        REQUIRE(svc.check_in(e.id_number, e.ticket, "A01", "第一考场") == e.attempt);
    }
    REQUIRE(questions == 40);

    auto init = test::run_admin({"--db", uri, "centre", "init"});
    REQUIRE_MESSAGE(init.code == 0, init.err);
    CHECK(init.out.find(names.exam_kiosk) != std::string::npos);
    // Idempotent: a second init changes nothing and succeeds.
    init = test::run_admin({"--db", uri, "centre", "init"});
    REQUIRE_MESSAGE(init.code == 0, init.err);
    CHECK(init.out.find("tables up to date") != std::string::npos);

    test::TempDir files;
    const auto a01_pass = files / "A01.pgpass";
    auto added = test::run_admin({"--db", uri, "centre", "add-kiosk", "A01", "--room", "第一考场", "--role", "exam",
                                  "--passfile", a01_pass.string()});
    REQUIRE_MESSAGE(added.code == 0, added.err);
    const auto fragment = nlohmann::json::parse(added.out);
    CHECK(fragment.at("kiosk_id") == "A01");
    CHECK(fragment.at("room") == "第一考场");
    const std::string a01_uri = fragment.at("centre");
    CHECK(a01_uri.starts_with("postgresql://" + exam::centre::kiosk_login(pg.name(), "A01") + "@"));
    CHECK(a01_uri.find("passfile=") != std::string::npos);
    struct stat st {};
    REQUIRE(::stat(a01_pass.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const std::string first_password = test::read_file(a01_pass);
    const auto address = storage::server_address(uri);
    CHECK(first_password.starts_with(address.host + ":" + address.port + ":" + pg.name() + ":" +
                                     exam::centre::kiosk_login(pg.name(), "A01") + ":"));
    CHECK(first_password.size() > 60);

    // A repeated add-kiosk is refused, never silent, and changes nothing; --replace gives a new password.
    auto again = test::run_admin({"--db", uri, "centre", "add-kiosk", "A01", "--room", "第二考场", "--passfile",
                                  (files / "other.pgpass").string()});
    CHECK(again.code == 1);
    CHECK(again.err.find("exists already") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(files / "other.pgpass"));
    CHECK(test::read_file(a01_pass) == first_password);
    again = test::run_admin({"--db", uri, "centre", "add-kiosk", "A01", "--room", "第一考场", "--passfile",
                             a01_pass.string()});
    CHECK(again.code == 1);
    again = test::run_admin({"--db", uri, "centre", "add-kiosk", "A01", "--room", "第一考场", "--passfile",
                             a01_pass.string(), "--replace"});
    REQUIRE_MESSAGE(again.code == 0, again.err);
    CHECK(test::read_file(a01_pass) != first_password);

    REQUIRE(test::run_admin({"--db", uri, "centre", "add-kiosk", "A02", "--room", "第一考场", "--passfile",
                             (files / "A02.pgpass").string()}).code == 0);
    REQUIRE(test::run_admin({"--db", uri, "centre", "add-kiosk", "T01", "--room", "培训室", "--role", "training",
                             "--passfile", (files / "T01.pgpass").string()}).code == 0);
    const auto listed = test::run_admin({"--db", uri, "--json", "centre", "kiosks"});
    REQUIRE(listed.code == 0);
    CHECK(nlohmann::json::parse(listed.out).size() == 3);

    SUBCASE("the training kiosk's login, through libpq")
    {
        auto t = storage::Database::open(test::as_login(uri, exam::centre::kiosk_login(pg.name(), "T01")));
        for (const char* sql : {"SELECT stem FROM question", "SELECT * FROM paper_question", "SELECT * FROM answer",
                                "SELECT * FROM answer_log", "SELECT * FROM attempt_event", "SELECT * FROM attempt",
                                "SELECT * FROM candidate", "SELECT * FROM centre_event", "SELECT * FROM app_user",
                                "SELECT * FROM centre_put_events('[]')", "SELECT * FROM centre_kiosk_copy()",
                                "INSERT INTO answer(attempt_id, position, response, marked, at_ms) VALUES(1, 2, 'A', 0, 0)",
                                "UPDATE question SET pool = 'practice'"})
            CHECK_MESSAGE(refusal(t, sql) == "42501", sql);
        // What it needs: the practice pool, never an exam-only question.
        CHECK(test::scalar(t, "SELECT count(*) FROM centre_practice_question") == questions - 1);
        CHECK(test::scalar(t, "SELECT count(*) FROM centre_practice_question WHERE pool = 'exam'") == 0);
        CHECK(test::scalar(t, "SELECT count(*) FROM item") > 0);
        auto self = t.prepare("SELECT kiosk_id, room, role FROM centre_kiosk_self()");
        REQUIRE(self.step());
        CHECK(self.text(0) == "T01");
        CHECK(self.text(2) == "training");
    }

    SUBCASE("the exam kiosk's login, through libpq")
    {
        auto a = storage::Database::open(test::as_login(uri, exam::centre::kiosk_login(pg.name(), "A01")));
        for (const char* sql : {"SELECT stem FROM question", "SELECT * FROM paper_question", "SELECT * FROM answer",
                                "SELECT * FROM centre_event", "SELECT * FROM centre_event_conflict",
                                "SELECT * FROM centre_practice_question",
                                "INSERT INTO centre_event VALUES(1, 1, 'A01', 'answer', 0, '{}', 0)",
                                "UPDATE answer SET response = 'B'", "DELETE FROM centre_event"})
            CHECK_MESSAGE(refusal(a, sql) == "42501", sql);
        // Its room's copy (exam/centre/copy.hpp): the bank, candidates, sessions and attempts, never a paper, an
        // answer, a seed or a result.
        std::set<std::string> tables;
        auto copy = a.prepare("SELECT r_table, r_row FROM centre_kiosk_copy()");
        while (copy.step()) {
            tables.insert(copy.text(0));
            if (copy.text(0) == "attempt") {
                const auto row = nlohmann::json::parse(copy.text(1));
                for (const char* sealed : {"seed", "state", "score", "passed", "chapters"})
                    CHECK_MESSAGE(!row.contains(sealed), sealed);
            }
        }
        CHECK(tables == std::set<std::string>{"attempt", "blueprint", "candidate", "category", "exam_session", "item",
                                              "question", "zh_hk_text"});
        // Its own seat's event is stored, stamped with its own kiosk id.
        auto put = a.prepare("SELECT r_outcome FROM centre_put_events(?)");
        put.bind(1, "[{\"attempt_id\":" + std::to_string(e.attempt) +
                        ",\"seq\":1,\"kind\":\"answer\",\"at_ms\":5,\"body\":\"{}\"}]");
        REQUIRE(put.step());
        CHECK(put.text(0) == "stored");

        // A02 is an exam kiosk too, but the attempt is not seated there: kept apart, not among the attempt's events.
        auto b = storage::Database::open(test::as_login(uri, exam::centre::kiosk_login(pg.name(), "A02")));
        auto other = b.prepare("SELECT r_outcome FROM centre_put_events(?)");
        other.bind(1, "[{\"attempt_id\":" + std::to_string(e.attempt) +
                          ",\"seq\":2,\"kind\":\"answer\",\"at_ms\":6,\"body\":\"{}\"}]");
        REQUIRE(other.step());
        CHECK(other.text(0) == "seat");

        auto owner = storage::Database::open(uri);
        CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event") == 1);
        CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event WHERE seq = 1 AND kiosk_id = 'A01'") == 1);
        CHECK(test::scalar(owner, "SELECT count(*) FROM centre_event_conflict WHERE kiosk_id = 'A02' AND reason = 'seat'") == 1);
    }

    SUBCASE("staff read the centre's events but no question; a login of no group cannot connect")
    {
        {
            auto owner = storage::Database::open(*server);
            owner.exec("CREATE ROLE \"" + pg.name() + "_proctor\" LOGIN IN ROLE \"" + names.staff + "\"");
            owner.exec("CREATE ROLE \"" + pg.name() + "_stranger\" LOGIN");
        }
        auto staff = storage::Database::open(test::as_login(uri, pg.name() + "_proctor"));
        CHECK(refusal(staff, "SELECT count(*) FROM centre_event") == "");
        CHECK(refusal(staff, "SELECT count(*) FROM attempt") == "");
        CHECK(refusal(staff, "SELECT stem FROM question") == "42501");
        CHECK(refusal(staff, "SELECT * FROM answer") == "42501");
        CHECK_THROWS_AS(storage::Database::open(test::as_login(uri, pg.name() + "_stranger")), storage::StorageError);
    }

    SUBCASE("the same refusals through psql, with the kiosk.json URI and its password file")
    {
        auto t01 = test::run_admin({"--db", uri, "centre", "add-kiosk", "T01", "--room", "培训室", "--role", "training",
                                    "--passfile", (files / "T01.pgpass").string(), "--replace"});
        REQUIRE(t01.code == 0);
        const std::string t01_uri = nlohmann::json::parse(t01.out).at("centre");
        auto r = psql(t01_uri, "SELECT stem FROM question LIMIT 1");
        CHECK(r.code != 0);
        CHECK_MESSAGE(r.output.find("permission denied for table question") != std::string::npos, r.output);
        r = psql(t01_uri, "SELECT count(*) FROM paper_question");
        CHECK_MESSAGE(r.output.find("permission denied for table paper_question") != std::string::npos, r.output);
        r = psql(t01_uri, "SELECT count(*) FROM answer");
        CHECK_MESSAGE(r.output.find("permission denied for table answer") != std::string::npos, r.output);
        r = psql(t01_uri, "SELECT count(*) FROM centre_practice_question");
        CHECK(r.code == 0);
        CHECK(r.output == std::to_string(questions - 1) + "\n");

        r = psql(a01_uri, "INSERT INTO centre_event VALUES(1, 9, 'A01', 'answer', 0, '{}', 0)");
        CHECK_MESSAGE(r.output.find("permission denied for table centre_event") != std::string::npos, r.output);
        r = psql(a01_uri, "SELECT stem FROM question LIMIT 1");
        CHECK_MESSAGE(r.output.find("permission denied for table question") != std::string::npos, r.output);
        r = psql(a01_uri, "SELECT kiosk_id FROM centre_kiosk_self()");
        CHECK(r.code == 0);
        CHECK(r.output == "A01\n");
    }
}

TEST_CASE("centre init refuses an SQLite file, naming it")
{
    test::TempDir dir;
    const std::string file = (dir / "kiosk.db").string();
    REQUIRE(test::run_admin({"--db", file, "db", "init"}).code == 0);
    const auto r = test::run_admin({"--db", file, "centre", "init"});
    CHECK(r.code == 1);
    CHECK(r.err.find("PostgreSQL server") != std::string::npos);
    CHECK(r.err.find("kiosk.db") != std::string::npos);
}

TEST_CASE("a kiosk's password file opens its login on a server that asks for passwords, and a wrong password is refused")
{
    if (!test::postgres_server()) return;
    // A cluster of this test's own: its pg_hba.conf is made to ask for SCRAM passwords on loopback.
    test::TempDir dir;
    std::filesystem::permissions(dir.path(), std::filesystem::perms::others_exec | std::filesystem::perms::group_exec,
                                 std::filesystem::perm_options::add);
    const std::string script = test::source_path("scripts/postgres").string();
    const std::string cluster = (dir / "pg").string();
    REQUIRE(std::system((test::shell_quote(script) + " start " + test::shell_quote(cluster) + " >" +
                         test::shell_quote((dir / "uri").string()))
                            .c_str()) == 0);
    struct Stop {
        std::string command;
        ~Stop() { std::system(command.c_str()); }
    } stop{test::shell_quote(script) + " stop " + test::shell_quote(cluster)};
    std::string server = test::read_file(dir / "uri");
    while (!server.empty() && server.back() == '\n') server.pop_back();
    const std::string uri = server.substr(0, server.rfind('/') + 1) + "centre";
    {
        auto admin = storage::Database::open(server);
        admin.exec("CREATE DATABASE centre");
    }
    test::build_exam_db(uri);
    exam::centre::AddedKiosk kiosk;
    {
        auto db = storage::Database::open(uri, false);
        exam::centre::init(db);
        kiosk = exam::centre::add_kiosk(db, uri, {"A01", "第一考场", exam::centre::KioskRole::Exam, dir / "A01.pgpass", false, 1});
        // Only a SCRAM verifier reached the server, never the password.
        auto st = db.prepare("SELECT rolpassword FROM pg_authid WHERE rolname = ?");
        st.bind(1, kiosk.kiosk.login);
        REQUIRE(st.step());
        CHECK(st.text(0).starts_with("SCRAM-SHA-256$"));
        CHECK(test::read_file(kiosk.passfile).find(st.text(0)) == std::string::npos);

        auto hba = db.prepare("SHOW hba_file");
        REQUIRE(hba.step());
        const std::filesystem::path hba_file = hba.text(0);
        std::string text = test::read_file(hba_file), out;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            if (line.starts_with("host") && line.find("127.0.0.1/32") != std::string::npos && line.ends_with("trust"))
                line = line.substr(0, line.size() - 5) + "scram-sha-256";
            out += line + "\n";
        }
        test::write_file(hba_file, out);
        auto reload = db.prepare("SELECT pg_reload_conf()");
        REQUIRE(reload.step());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));

    auto a01 = storage::Database::open(kiosk.centre_uri, false);
    auto self = a01.prepare("SELECT kiosk_id FROM centre_kiosk_self()");
    REQUIRE(self.step());
    CHECK(self.text(0) == "A01");

    std::string wrong = test::read_file(kiosk.passfile);
    wrong = wrong.substr(0, wrong.rfind(':') + 1) + "not-the-password\n";
    const auto wrong_file = dir / "wrong.pgpass";
    test::write_file(wrong_file, wrong);
    std::filesystem::permissions(wrong_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const std::string wrong_uri = kiosk.centre_uri.substr(0, kiosk.centre_uri.find("passfile=")) + "passfile=" +
                                  wrong_file.string();
    try {
        storage::Database::open(wrong_uri, false);
        FAIL("a wrong password was let in");
    } catch (const storage::StorageError& e) {
        CHECK(std::string(e.what()).find("password authentication failed") != std::string::npos);
    }
}
