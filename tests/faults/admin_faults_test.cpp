// The real safekiosk-admin under faults: a disk error or a full disk during an import (the fault VFS loaded with
// LD_PRELOAD), and damaged, truncated, unreadable or misplaced database files and packs missing their media.
// Each time: a non-zero exit code, a message naming the file, and nothing changed.
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "tests/support/images.hpp"
#include "tests/admin/run_admin.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>

using namespace sk;
namespace fs = std::filesystem;

namespace {

const std::string kHeader = "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,答案,解析,作业类别,操作项目,知识点,难度\r\n";
const std::string kFirst = "判断,电工可以无证上岗。,,,,,,,错,,电工作业,低压电工作业,持证上岗,1\r\n"
                           "单选,\"触电后，首先（ ）。\",切断电源,拉手,等待,,,,A,,电工作业,低压电工作业,触电急救,2\r\n"
                           "多选,\"防止触电的措施有（ ）。\",绝缘,屏护,间距,赤脚,,,ABC,,电工作业,低压电工作业,触电防护,3\r\n";

// Fifty more questions: enough pages that a commit writes many WAL frames.
std::string more_rows()
{
    std::string rows;
    for (int i = 0; i < 50; ++i)
        rows += "单选,第" + std::to_string(i) + "题：使用手持电动工具时应当（ ）。,戴绝缘手套,赤手操作,站在水中,,,,A,," +
                "电工作业,低压电工作业,手持电动工具,2\r\n";
    return rows;
}

struct Installation {
    test::TempDir dir;
    fs::path db = dir / "kiosk.db";

    // A database holding the three questions of kFirst, closed (no -wal file left).
    Installation()
    {
        test::write_file(dir / "first.csv", kHeader + kFirst);
        auto r = test::run_admin({"--db", db.string(), "content", "import", (dir / "first.csv").string()});
        INFO(r.out, r.err);
        REQUIRE(r.code == 0);
        REQUIRE(!fs::exists(db.string() + "-wal"));
    }
};

std::int64_t question_count(const fs::path& db)
{
    auto d = storage::open(db, {&content::schema()});
    return content::ContentStore(d).count_questions({});
}

std::string integrity(const fs::path& db)
{
    auto d = storage::open(db, {&content::schema()});
    auto st = d.prepare("PRAGMA integrity_check");
    REQUIRE(st.step());
    return st.text(0);
}

std::map<std::string, std::string> fault_env(long after, const std::string& kind)
{
    // An ASan build checks that its runtime comes first among the loaded libraries; the preloaded shim comes before.
    const char* asan = std::getenv("ASAN_OPTIONS");
    return {{"LD_PRELOAD", test::fault_vfs_library()},
            {"SAFEKIOSK_FAULT_AFTER_WRITES", std::to_string(after)},
            {"SAFEKIOSK_FAULT_KIND", kind},
            {"ASAN_OPTIONS", std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "verify_asan_link_order=0"}};
}

// Runs the admin program as an unprivileged user when the tests run as root (root reads a file of mode 000).
std::vector<std::string> as_unprivileged()
{
    if (geteuid() != 0) return {};
    return {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
}

} // namespace

TEST_CASE("content import meeting a disk error or a full disk: exit code 3, the file and cause named, nothing written")
{
    Installation inst;
    test::write_file(inst.dir / "more.csv", kHeader + more_rows());
    const std::string before = test::read_file(inst.db);

    for (const std::string kind : {"ioerr", "full"}) {
        for (long after : {1L, 2L, 3L, 5L, 8L}) {
            CAPTURE(kind);
            CAPTURE(after);
            auto r = test::run_admin({"--db", inst.db.string(), "content", "import", (inst.dir / "more.csv").string()},
                                     fault_env(after, kind));
            INFO(r.out, r.err);
            CHECK(r.code == 3);
            CHECK(r.err.find("error: " + inst.db.string() + ": ") != std::string::npos);
            CHECK(r.err.find(kind == "full" ? "the disk is full" : "input/output error") != std::string::npos);
            CHECK(r.out.find("inserted") == std::string::npos); // no report of an import that did not happen
            CHECK(test::read_file(inst.db) == before);
            CHECK(question_count(inst.db) == 3);
            CHECK(integrity(inst.db) == "ok");
        }
    }

    // The shim only fails what it is told to: far enough away, the same import goes through.
    auto r = test::run_admin({"--db", inst.db.string(), "content", "import", (inst.dir / "more.csv").string()},
                             fault_env(100000, "ioerr"));
    INFO(r.out, r.err);
    CHECK(r.code == 0);
    CHECK(question_count(inst.db) == 53);
    CHECK(integrity(inst.db) == "ok");
}

TEST_CASE("safekiosk-admin on a full disk says the disk is full, naming the database, even where SQLite says only "
          "\"disk I/O error\"")
{
    Installation inst;
    // Reading the questions makes SQLite extend the -shm file first: on a full disk that fails with ENOSPC, reported
    // by SQLite as SQLITE_IOERR_SHMSIZE.
    auto r = test::run_admin({"--db", inst.db.string(), "content", "list"}, fault_env(1, "nospace"));
    INFO(r.out, r.err);
    CHECK(r.code == 3);
    CHECK(r.err.find(inst.db.string() + ": the disk is full") != std::string::npos);
    CHECK(r.err.find("input/output error") == std::string::npos);
    CHECK(question_count(inst.db) == 3);
}

TEST_CASE("a malformed fault setting stops the program instead of running it without the fault")
{
    Installation inst;
    auto env = fault_env(1, "disk-full");
    auto r = test::run_admin({"--db", inst.db.string(), "content", "stats"}, env);
    CHECK(r.code == 125);
    CHECK(r.err.find("SAFEKIOSK_FAULT_KIND") != std::string::npos);
}

TEST_CASE("damaged, truncated and foreign database files: exit code 3, the file named, its bytes unchanged")
{
    struct Damage {
        const char* what;
        std::function<std::string(const std::string&)> apply;
        const char* expect;
    };
    const std::vector<Damage> damages{
        {"truncated to half", [](const std::string& b) { return b.substr(0, b.size() / 2); }, "damaged"},
        {"truncated inside the first page", [](const std::string& b) { return b.substr(0, 100); }, "damaged"},
        {"truncated inside the header", [](const std::string& b) { return b.substr(0, 10); }, "not a SafeKiosk database"},
        {"pages after the first overwritten",
         [](const std::string& b) {
             std::string d = b;
             for (std::size_t i = 4096; i < d.size(); ++i) d[i] = static_cast<char>(0xA5 ^ (i * 7));
             return d;
         },
         "damaged"},
        {"header overwritten",
         [](const std::string& b) {
             std::string d = b;
             d.replace(0, 16, "PK\x03\x04 zip here!");
             return d;
         },
         "not a SafeKiosk database"},
    };
    for (const auto& damage : damages) {
        CAPTURE(damage.what);
        Installation inst;
        test::write_file(inst.db, damage.apply(test::read_file(inst.db)));
        const std::string before = test::read_file(inst.db);
        test::write_file(inst.dir / "more.csv", kHeader + more_rows());
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"content", "stats"},
                 {"content", "list"},
                 {"content", "import", (inst.dir / "more.csv").string()},
                 {"content", "export", "--format", "csv", "--out", (inst.dir / "out.csv").string()}}) {
            CAPTURE(args[1]);
            std::vector<std::string> full{"--db", inst.db.string()};
            full.insert(full.end(), args.begin(), args.end());
            auto r = test::run_admin(full);
            INFO(r.out, r.err);
            CHECK(r.code == 3);
            CHECK(r.err.find("error: " + inst.db.string() + ": ") != std::string::npos);
            CHECK(r.err.find(damage.expect) != std::string::npos);
            CHECK(test::read_file(inst.db) == before);
            CHECK(!fs::exists(inst.db.string() + "-wal"));
            CHECK(!fs::exists(inst.dir / "out.csv"));
        }
    }
}

TEST_CASE("an unreadable database file and a folder in its place: exit code 3, the file named, nothing changed")
{
    Installation inst;
    const std::string before = test::read_file(inst.db);
    // The folder is searchable by others; only the file itself is closed.
    fs::permissions(inst.dir.path(), fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    fs::permissions(inst.db, fs::perms::none);
    for (const auto& cmd : std::vector<std::vector<std::string>>{{"content", "stats"}, {"content", "list"}}) {
        std::vector<std::string> args{"--db", inst.db.string()};
        args.insert(args.end(), cmd.begin(), cmd.end());
        auto r = test::run_admin(args, {}, as_unprivileged());
        INFO(r.out, r.err);
        CHECK(r.code == 3);
        CHECK(r.err.find("error: " + inst.db.string() + ": cannot read the file: Permission denied") != std::string::npos);
    }
    fs::permissions(inst.db, fs::perms::owner_read | fs::perms::owner_write);
    CHECK(test::read_file(inst.db) == before);

    // A folder on the way that cannot be searched: not reported as a missing file.
    fs::create_directories(inst.dir / "closed");
    fs::copy_file(inst.db, inst.dir / "closed" / "kiosk.db");
    fs::permissions(inst.dir / "closed", fs::perms::owner_all);
    {
        auto r = test::run_admin({"--db", (inst.dir / "closed" / "kiosk.db").string(), "content", "stats"}, {},
                                 as_unprivileged());
        INFO(r.out, r.err);
        CHECK(r.code == 3);
        CHECK(r.err.find((inst.dir / "closed" / "kiosk.db").string() + ": cannot reach the file: Permission denied") !=
              std::string::npos);
    }

    const fs::path folder = inst.dir / "folder.db";
    fs::create_directories(folder / "inside");
    test::write_file(inst.dir / "more.csv", kHeader + more_rows());
    for (const auto& cmd : std::vector<std::vector<std::string>>{
             {"content", "stats"}, {"content", "import", (inst.dir / "more.csv").string()}}) {
        std::vector<std::string> args{"--db", folder.string()};
        args.insert(args.end(), cmd.begin(), cmd.end());
        auto r = test::run_admin(args);
        INFO(r.out, r.err);
        CHECK(r.code == 3);
        CHECK(r.err.find("error: " + folder.string() + ": is a directory, not a database file") != std::string::npos);
        CHECK(fs::is_directory(folder / "inside"));
        CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
    }
}

TEST_CASE("a pack whose question or exhibit image is missing: exit code 1, the file, line and image named, "
          "the database unchanged")
{
    Installation inst;
    const std::string before = test::read_file(inst.db);
    const fs::path pack = inst.dir / "pack";
    fs::create_directories(pack / "images");
    test::write_file(pack / "pack.json", R"({"format":"safekiosk-pack","version":1,"name":"t",)"
                                         R"("questions":["questions.jsonl"],"exhibits":["exhibits.jsonl"]})");
    test::write_file(pack / "images" / "present.png", test::kTinyPng);
    test::write_file(pack / "questions.jsonl",
                     R"({"uid":"q-ok","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"一","stem":"有图。","answer":"A","image":"images/present.png"})"
                     "\n"
                     R"({"uid":"q-missing","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"一","stem":"缺图。","answer":"B","image":"images/gone.png"})"
                     "\n");
    test::write_file(pack / "exhibits.jsonl",
                     R"({"uid":"case-1","title":"某厂触电事故","industry":"电力","date":"2020-05-01","summary":"违章操作。",)"
                     R"("images":[{"file":"images/present.png","caption":"现场"},{"file":"images/also-gone.jpg","caption":"设备"}],)"
                     R"("quiz":[{"uid":"case-1-q1","type":"tf","stem":"可以带电作业。","answer":"B"}]})"
                     "\n");
    auto r = test::run_admin({"--db", inst.db.string(), "content", "import", pack.string()});
    INFO(r.out, r.err);
    CHECK(r.code == 1);
    CHECK(r.out.find((pack / "questions.jsonl").string() + ":2: image: 'images/gone.png' is not in the pack") !=
          std::string::npos);
    CHECK(r.out.find((pack / "exhibits.jsonl").string() + ":1: images[2].file: 'images/also-gone.jpg' is not in the pack") !=
          std::string::npos);
    CHECK(test::read_file(inst.db) == before);
    CHECK(question_count(inst.db) == 3);

    // A media path that leaves the pack is refused the same way, and the file outside is not read.
    test::write_file(inst.dir / "outside.png", test::kTinyPng);
    test::write_file(pack / "questions.jsonl",
                     R"({"uid":"q-escape","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"一","stem":"越界。","answer":"A","image":"../outside.png"})"
                     "\n");
    test::write_file(pack / "exhibits.jsonl", "");
    r = test::run_admin({"--db", inst.db.string(), "content", "import", pack.string()});
    INFO(r.out, r.err);
    CHECK(r.code == 1);
    CHECK(r.out.find("'../outside.png' must be a relative path inside the pack") != std::string::npos);
    CHECK(test::read_file(inst.db) == before);
}
