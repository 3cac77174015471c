// safekiosk's command line: errors that stop it, headless script errors and failed expectations.
#include "content/storage/content_store.hpp"
#include "kiosk/app/admin_gate.hpp"
#include "tests/kiosk/demo_content.hpp"
#include "tests/kiosk/kiosk_run.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include <cstdio>
#include <sys/wait.h>

using namespace sk;

TEST_CASE("a file that is not a database stops the kiosk with a message naming it and stays untouched")
{
    test::TempDir dir;
    const auto db = dir / "notes.db";
    const std::string text = "这不是数据库 — only some text that is long enough to look like a file.\n";
    test::write_file(db, text);
    test::write_file(dir / "s.txt", "expect-screen attract\n");
    auto r = test::run_kiosk({"--db", db.string(), "--headless", "--script", (dir / "s.txt").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find(db.string()) != std::string::npos);
    CHECK(test::read_file(db) == text);
}

TEST_CASE("a broken configuration file stops the kiosk naming the file and line")
{
    test::TempDir dir;
    test::write_file(dir / "kiosk.json", "{\n  \"role\": \"exhibit\",\n  \"idle_timeout_s\": 5\n}\n");
    test::write_file(dir / "s.txt", "expect-screen attract\n");
    auto r = test::run_kiosk({"--db", (dir / "k.db").string(), "--headless", "--script", (dir / "s.txt").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find((dir / "kiosk.json").string() + ":3: \"idle_timeout_s\"") != std::string::npos);
    auto missing = test::run_kiosk({"--db", (dir / "k.db").string(), "--config", (dir / "other.json").string(),
                                    "--headless", "--script", (dir / "s.txt").string()});
    CHECK(missing.code == 2);
    CHECK(missing.err.find("other.json: cannot be read") != std::string::npos);
}

TEST_CASE("a missing font file stops the kiosk with a message instead of a crash")
{
    test::TempDir dir;
    test::write_file(dir / "kiosk.json", "{\"font\": \"/nonexistent/wqy-microhei.ttc\"}");
    test::write_file(dir / "s.txt", "expect-screen attract\n");
    auto r = test::run_kiosk({"--db", (dir / "k.db").string(), "--headless", "--script", (dir / "s.txt").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find("font file /nonexistent/wqy-microhei.ttc not found") != std::string::npos);
}

TEST_CASE("script errors name the file and line and nothing runs")
{
    test::TempDir dir;
    const auto db = dir / "k.db";
    auto r = test::run_script(dir.path(), db, "# a comment\nexpect-screen attract\ntapp 10 10\n", "1920x1080", "bad.txt");
    CHECK(r.code == 2);
    CHECK(r.err.find((dir / "bad.txt").string() + ":3: unknown command 'tapp'") != std::string::npos);
    r = test::run_script(dir.path(), db, "tap 10 ten\n", "1920x1080", "bad2.txt");
    CHECK(r.code == 2);
    CHECK(r.err.find("bad2.txt:1: tap: 'ten' is not a position") != std::string::npos);
    r = test::run_script(dir.path(), db, "wait soon\n", "1920x1080", "bad3.txt");
    CHECK(r.err.find("bad3.txt:1: wait: 'soon' is not a duration") != std::string::npos);
    r = test::run_script(dir.path(), db, "tap 120% 5\n", "1920x1080", "bad4.txt");
    CHECK(r.err.find("bad4.txt:1: tap: '120%' is more than 100%") != std::string::npos);
}

TEST_CASE("a failed expectation exits with 1 and says where and what")
{
    test::TempDir dir;
    const auto db = dir / "k.db";
    test::build_demo_database(db);
    auto r = test::run_script(dir.path(), db, "expect-screen attract\ntap 50% 90%\nexpect-screen case\n");
    CHECK(r.code == 1);
    CHECK(r.err.find("script.txt:3: expected screen 'case' but the kiosk shows 'browse'") != std::string::npos);
    r = test::run_script(dir.path(), db, "tap 50% 90%\ntap-text 矿山\n");
    CHECK(r.code == 1);
    CHECK(r.err.find("script.txt:2: tap-text: nothing labelled '矿山' can be tapped on screen 'browse' (tappable: 返回, "
                     "首页, 大字, 高对比, 全部案例, 火灾, 建筑施工, 危险化学品)") != std::string::npos);
    r = test::run_script(dir.path(), db, "expect-text 不存在的文字\n");
    CHECK(r.code == 1);
    CHECK(r.err.find("expected the text '不存在的文字' on screen 'attract'") != std::string::npos);
    r = test::run_script(dir.path(), db, "expect-exit\n");
    CHECK(r.code == 1);
}

TEST_CASE("the safekiosk program exits non-zero when a headless expectation fails and prints a PIN hash")
{
    test::TempDir dir;
    const auto exe = test::binary_path("kiosk/safekiosk");
    REQUIRE(std::filesystem::exists(exe));
    test::write_file(dir / "s.txt", "expect-screen quiz\n");
    const std::string run = exe.string() + " --db " + (dir / "k.db").string() + " --headless --script " +
                            (dir / "s.txt").string() + " 2>/dev/null";
    const int status = std::system(run.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);

    FILE* p = popen(("echo 4321 | " + exe.string() + " --hash-pin").c_str(), "r");
    REQUIRE(p);
    char buf[256] = {};
    REQUIRE(std::fgets(buf, sizeof buf, p));
    CHECK(pclose(p) == 0);
    std::string hash(buf);
    while (!hash.empty() && hash.back() == '\n') hash.pop_back();
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(sodium_init() >= 0);
    CHECK(crypto_pwhash_str_verify(hash.c_str(), "4321", 4) == 0);

    FILE* q = popen(("echo 12ab | " + exe.string() + " --hash-pin 2>&1").c_str(), "r");
    REQUIRE(q);
    char err[256] = {};
    REQUIRE(std::fgets(err, sizeof err, q));
    CHECK(std::string(err).find("a PIN is 4 to 12 digits") != std::string::npos);
    CHECK(WEXITSTATUS(pclose(q)) == 2);
}
