// The two-kiosk demo centre as docs/exam-centre.md tells a reader to run it ("A two-kiosk centre on one machine"):
// scripts/demo-centre makes the server, the centre and two kiosks; the real kiosk program runs each seat headless;
// the centre's collector the script starts grades each paper as it arrives (the kiosks' result screens say so), and
// the staff read the results with the command the script prints; the script stops it all.
#include "content/storage/database.hpp"
#include "tests/admin/run_admin.hpp"
#include "tests/faults/kiosk_exam.hpp"
#include "tests/support/sql.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

using namespace sk;

namespace {

// Runs scripts/demo-centre with this build's programs; its exit code, its output in `out`.
int demo_centre(const std::string& args, const std::filesystem::path& log, std::string& out)
{
    const std::string cmd = "SAFEKIOSK_BUILD_DIR=" + test::shell_quote(test::binary_path("").string()) + " " +
                            test::shell_quote(test::source_path("scripts/demo-centre").string()) + " " + args + " >" +
                            test::shell_quote(log.string()) + " 2>&1 </dev/null";
    const int status = std::system(cmd.c_str());
    out = test::read_file(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The demo script's seat: check in with the ID number and the ticket the journal copied from the centre, start,
// answer nothing, hand in, and wait until the result screen says the centre holds everything, then that the centre's
// collector has graded it.
std::string sit_and_submit(const std::string& id_number)
{
    return "expect-screen exam-attract\nexpect-text 第一考场\ntap-text 输入身份证号\ntype " + id_number +
           "\ntap-text 下一步\ntype-ticket " + id_number +
           "\ntap-text 下一步\nawait-text 确认是本人\ntap-text 确认是本人\nwait 20s\n"
           "tap-text 我已阅读，开始考试\nexpect-screen exam-paper\ntap-text 交卷\ntap-text 确认交卷\n"
           "expect-screen exam-result\nawait-text 考点服务器已确认成绩\nexpect-text 不合格\n";
}

} // namespace

TEST_CASE("the two-kiosk demo centre runs as the docs say: both examinees sit and submit, the centre's collector grades "
          "both results")
{
    if (!std::filesystem::exists("/usr/lib/postgresql/15/bin/initdb")) {
        FAIL("PostgreSQL 15 is needed (scripts/install-deps installs it)");
        return;
    }
    test::TempDir dir;
    const auto centre_dir = dir / "centre";
    struct Stop {
        std::filesystem::path dir, log;
        ~Stop()
        {
            std::string ignored;
            demo_centre("stop " + test::shell_quote(dir.string()), log, ignored);
        }
    } stop{centre_dir, dir / "stop.log"};

    std::string out;
    REQUIRE_MESSAGE(demo_centre("start " + test::shell_quote(centre_dir.string()) + " --no-build --no-kiosks",
                                dir / "start.log", out) == 0,
                    out);
    CHECK(out.find("Demo centre ready") != std::string::npos);
    CHECK(out.find("session 1: 2 paper(s) drawn") != std::string::npos);
    const std::string centre = [&] {
        auto uri = test::read_file(centre_dir / "centre.uri");
        while (!uri.empty() && uri.back() == '\n') uri.pop_back();
        return uri;
    }();
    // Each kiosk folder is what a kiosk PC holds: kiosk.json and its login's password file, 0600; no journal yet.
    for (const std::string k : {"A01", "A02"}) {
        const auto config = nlohmann::json::parse(test::read_file(centre_dir / k / "kiosk.json"));
        CHECK(config["role"] == "exam");
        CHECK(config["kiosk_id"] == k);
        CHECK(config["room"] == "第一考场");
        const auto mode = std::filesystem::status(centre_dir / k / (k + ".pgpass")).permissions();
        CHECK((mode & std::filesystem::perms::all) == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
        CHECK_FALSE(std::filesystem::exists(centre_dir / k / "journal.db"));
    }

    // The examinees as `demo setup` registered them (the printed list; --json for the test).
    const auto demo = test::run_admin({"--db", centre, "--user", "admin", "--json", "demo", "setup"},
                                      {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    REQUIRE_MESSAGE(demo.code == 0, demo.err);
    std::map<std::string, std::string> id_at; // kiosk -> ID number
    const auto registered = nlohmann::json::parse(demo.out);
    for (const auto& e : registered["examinees"])
        id_at[e["kiosk"].get<std::string>()] = e["id_number"].get<std::string>();
    REQUIRE_MESSAGE(id_at.count("A01") == 1, demo.out);
    REQUIRE(id_at.count("A02") == 1);

    // Both kiosks at once, as in the room: each pulls its room's sessions, checks its examinee in at the centre,
    // and uploads the attempt.
    std::vector<std::unique_ptr<test::KioskProcess>> seats;
    for (const std::string k : {"A01", "A02"}) {
        test::write_file(dir / (k + ".txt"), sit_and_submit(id_at[k]));
        seats.push_back(std::make_unique<test::KioskProcess>(
            std::vector<std::string>{"--db", (centre_dir / k / "journal.db").string(), "--headless", "--script",
                                     (dir / (k + ".txt")).string()},
            std::map<std::string, std::string>{}, dir / (k + ".err")));
    }
    for (std::size_t i = 0; i < seats.size(); ++i) {
        const int code = seats[i]->wait_exit();
        const std::string kiosk_err = test::read_file(dir / (std::string(i == 0 ? "A01" : "A02") + ".err"));
        CHECK_MESSAGE(code == 0, kiosk_err);
    }

    // The collector the script started graded both; the staff see them with the command the script printed, and
    // collecting by hand finds nothing left. No conflict.
    const auto results = test::run_admin({"--db", centre, "--user", "staff", "centre", "results"},
                                         {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    CHECK_MESSAGE(results.code == 0, results.err);
    CHECK(results.out.find("collected\t0 不合格") != std::string::npos);
    const auto collect = test::run_admin({"--db", centre, "--user", "staff", "centre", "results", "--collect"},
                                         {{"SAFEKIOSK_PASSWORD", "demo-2026"}});
    const std::string collect_output = collect.out + collect.err;
    CHECK_MESSAGE(collect.code == 0, collect_output);
    CHECK(collect.err.find("0 attempt(s) collected now") != std::string::npos);
    const std::string collect_log = test::read_file(centre_dir / "collect.log");
    CHECK_MESSAGE(collect_log.find("collected attempt") != std::string::npos, collect_log);
    auto db = storage::Database::open(centre, false);
    CHECK(test::scalar(db, "SELECT count(*) FROM attempt WHERE kiosk IN ('A01', 'A02') AND state = 'scored' "
                           "AND score IS NOT NULL") == 2);
    CHECK(test::scalar(db, "SELECT count(DISTINCT kiosk_id) FROM centre_event") == 2);
    CHECK(test::scalar(db, "SELECT count(*) FROM centre_event_conflict") == 0);
    const auto seats_view = test::run_admin({"--db", centre, "centre", "seats"});
    CHECK(seats_view.code == 0);
    CHECK(seats_view.out.find("A01") != std::string::npos);
    CHECK(seats_view.out.find("A02") != std::string::npos);
}
