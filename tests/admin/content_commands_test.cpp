// safekiosk-admin content …: the real program, its exit codes, its output and the database it leaves.
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "exam/content_audit.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/admin/run_admin.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace sk;
namespace fs = std::filesystem;

namespace {
const std::string kHeader = "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,答案,解析,作业类别,操作项目,知识点,难度\r\n";
const std::string kRows = "判断,电工可以无证上岗。,,,,,,,错,,电工作业,低压电工作业,持证上岗,1\r\n"
                          "单选,\"触电后，首先（ ）。\",切断电源,拉手,等待,,,,A,,电工作业,低压电工作业,触电急救,2\r\n"
                          "多选,\"防止触电的措施有（ ）。\",绝缘,屏护,间距,赤脚,,,ABC,,电工作业,低压电工作业,触电防护,3\r\n";

std::int64_t question_count(const fs::path& db_path)
{
    auto db = storage::open(db_path, {&content::schema()});
    return content::ContentStore(db).count_questions({});
}

std::string moodle(const std::string& name) { return test::shared_path("interop/moodle/" + name).string(); }
// The project's own fixtures of the same cases (tests/content/fixtures/import).
std::string own(const std::string& name) { return test::source_path("tests/content/fixtures/import/" + name).string(); }
} // namespace

TEST_CASE("content import of a CSV file stores the questions, list, stats, publish and retire work on them")
{
    test::TempDir dir;
    const auto db = (dir / "kiosk.db").string();
    const auto csv = dir / "questions.csv";
    test::write_file(csv, "\xEF\xBB\xBF" + kHeader + kRows);

    auto imported = test::run_admin({"--db", db, "content", "import", csv.string()});
    INFO(imported.out, imported.err);
    CHECK(imported.code == 0);
    CHECK(imported.out.find("inserted 3") != std::string::npos);
    CHECK(question_count(db) == 3);

    auto list = test::run_admin({"--db", db, "content", "list", "--json"});
    CHECK(list.code == 0);
    auto questions = nlohmann::json::parse(list.out);
    REQUIRE(questions.size() == 3);
    std::string tf_uid;
    for (const auto& q : questions)
        if (q.at("type") == "tf") tf_uid = q.at("uid");
    REQUIRE_FALSE(tf_uid.empty());

    auto filtered = test::run_admin({"--db", db, "content", "list", "--type", "multi"});
    CHECK(filtered.code == 0);
    CHECK(filtered.out.find("防止触电的措施有") != std::string::npos);
    CHECK(filtered.out.find("1 questions") != std::string::npos);

    auto retired = test::run_admin({"--db", db, "content", "retire", tf_uid});
    CHECK(retired.code == 0);
    {
        auto d = storage::open(db, {&content::schema()});
        CHECK(content::ContentStore(d).question_by_uid(tf_uid)->status == content::Status::Retired);
    }
    CHECK(test::run_admin({"--db", db, "content", "publish", tf_uid}).code == 0);
    {
        auto d = storage::open(db, {&content::schema()});
        CHECK(content::ContentStore(d).question_by_uid(tf_uid)->status == content::Status::Published);
    }
    auto unknown = test::run_admin({"--db", db, "content", "retire", "no-such-uid"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("no-such-uid") != std::string::npos);

    auto stats = test::run_admin({"--db", db, "content", "stats", "--json"});
    CHECK(stats.code == 0);
    auto s = nlohmann::json::parse(stats.out);
    CHECK(s.at("questions") == 3);
    CHECK(s.at("by_type").at("tf") == 1);
    CHECK(s.at("by_type").at("multi") == 1);
    CHECK(s.at("by_pool").at("both") == 3);
    REQUIRE(s.at("by_item").size() == 1);
    CHECK(s.at("by_item")[0].at("item") == "低压电工作业");
    CHECK(s.at("by_item")[0].at("by_chapter").size() == 3);
    auto text_stats = test::run_admin({"--db", db, "content", "stats"});
    CHECK(text_stats.out.find("电工作业 / 低压电工作业: 3") != std::string::npos);
}

TEST_CASE("content stats counts per item the sealed pool's exam-only questions and those also shown in training")
{
    test::TempDir dir;
    // A CSV file has no pool column: its questions are in pool both, seen in training with their keys.
    const auto db = (dir / "kiosk.db").string();
    const auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader + kRows);
    REQUIRE(test::run_admin({"--db", db, "content", "import", csv.string()}).code == 0);
    auto text = test::run_admin({"--db", db, "content", "stats"});
    CHECK(text.code == 0);
    CHECK(text.out.find("  sealed exam pool (published): 0 exam-only, 3 also in training (pool both)\n") != std::string::npos);
    CHECK(text.out.find("电工作业 / 低压电工作业: 3 (multi 1, single 1, tf 1)\n"
                        "  sealed exam pool: 0 exam-only (none), 3 also in training (multi 1, single 1, tf 1)\n"
                        "  warning: 3 questions of the sealed pool are in pool both: training kiosks show them with their keys\n") !=
          std::string::npos);

    // The demo pack keeps the sealed pool apart from training: two papers of exam-only questions per item.
    const auto demo = (dir / "demo.db").string();
    REQUIRE(test::run_admin({"--db", demo, "content", "import", test::source_path("media/demo-pack").string()}).code == 0);
    auto j = nlohmann::json::parse(test::run_admin({"--db", demo, "--json", "content", "stats"}).out);
    CHECK(j.at("sealed_pool").at("also_in_training") == 0);
    CHECK(j.at("sealed_pool").at("exam_only") == 1000);
    REQUIRE(j.at("by_item").size() == 5);
    for (const auto& item : j.at("by_item")) {
        CAPTURE(item.at("item").get<std::string>());
        CHECK(item.at("sealed_pool").at("also_in_training") == 0);
        CHECK(item.at("sealed_pool").at("exam_only") == 200);
        CHECK(item.at("sealed_pool").at("exam_only_by_type").at("tf") >= 100);
    }
    auto demo_text = test::run_admin({"--db", demo, "content", "stats"});
    CHECK(demo_text.out.find("电工作业 / 低压电工作业: 257 (single 81, tf 176)\n"
                             "  sealed exam pool: 200 exam-only (single 60, tf 140), 0 also in training (none)\n") !=
          std::string::npos);
    CHECK(demo_text.out.find("warning") == std::string::npos);
}

TEST_CASE("content import of a CSV file with errors exits 1, prints file:row: column for each, writes nothing")
{
    test::TempDir dir;
    const auto db = (dir / "kiosk.db").string();
    const auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader + kRows + "单选,选哪个？,甲,乙,,,,,E,,电工作业,低压电工作业,第一章,3\r\n");
    auto r = test::run_admin({"--db", db, "content", "import", csv.string()});
    CHECK(r.code == 1);
    CHECK(r.out.find(csv.string() + ":5: 答案: 'E' names no option") != std::string::npos);
    CHECK(question_count(db) == 0);

    auto json = test::run_admin({"--db", db, "--json", "content", "import", csv.string(), "--skip-invalid"});
    CHECK(json.code == 1);
    auto report = nlohmann::json::parse(json.out);
    CHECK(report.at("inserted") == 3);
    CHECK(report.at("committed") == true);
    REQUIRE(report.at("errors").size() == 1);
    CHECK(report.at("errors")[0].at("line") == 5);
    CHECK(report.at("errors")[0].at("field") == "答案");
    CHECK(question_count(db) == 3);

    auto again = test::run_admin({"--db", db, "content", "import", csv.string(), "--skip-invalid", "--json"});
    auto second = nlohmann::json::parse(again.out);
    CHECK(second.at("inserted") == 0);
    CHECK(second.at("duplicates").size() == 3);
    CHECK(question_count(db) == 3);
}

TEST_CASE("content import --dry-run reports and writes nothing, not even a new database file")
{
    test::TempDir dir;
    const auto db = dir / "new" / "kiosk.db";
    const auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader + kRows);
    auto r = test::run_admin({"--db", db.string(), "content", "import", csv.string(), "--dry-run"});
    CHECK(r.code == 0);
    CHECK(r.out.find("inserted 3") != std::string::npos);
    CHECK(r.out.find("Dry run") != std::string::npos);
    CHECK_FALSE(fs::exists(db));

    CHECK(test::run_admin({"--db", db.string(), "content", "import", csv.string()}).code == 0);
    auto dry = test::run_admin({"--db", db.string(), "content", "import", csv.string(), "--dry-run", "--json"});
    CHECK(nlohmann::json::parse(dry.out).at("duplicates").size() == 3);
    CHECK(question_count(db) == 3);
}

TEST_CASE("content import of Moodle files takes --category, --item and --chapter, other question types are listed")
{
    test::TempDir dir;
    const auto db = (dir / "kiosk.db").string();
    auto missing = test::run_admin({"--db", db, "content", "import", own("gift_types.gift.txt")});
    CHECK(missing.code == 2);
    CHECK(missing.err.find("--category and --item") != std::string::npos);

    auto gift = test::run_admin({"--db", db, "content", "import", own("gift_types.gift.txt"), "--category",
                                 "焊接与热切割作业", "--item", "熔化焊接与热切割作业", "--chapter", "Moodle 导入"});
    INFO(gift.out, gift.err);
    CHECK(gift.code == 0);
    CHECK(gift.out.find("gift_types.gift.txt:3: essay:") != std::string::npos);
    CHECK(gift.out.find("gift_types.gift.txt:34: shortanswer:") != std::string::npos);
    CHECK(gift.out.find("inserted 4") != std::string::npos);
    auto list = test::run_admin({"--db", db, "content", "list", "--item", "熔化焊接与热切割作业", "--json"});
    auto qs = nlohmann::json::parse(list.out);
    CHECK(qs.size() == 4);
    for (const auto& q : qs) CHECK(q.at("chapter") == "Moodle 导入");

    auto grades = test::run_admin({"--db", db, "content", "import", own("xml_invalid_grade.xml"),
                                   "--category", "电工作业", "--item", "低压电工作业"});
    CHECK(grades.code == 1);
    CHECK(grades.out.find("xml_invalid_grade.xml:16: fraction: 33 is not a grade Moodle allows") !=
          std::string::npos);

    auto bad_item = test::run_admin({"--db", db, "content", "import", own("aiken_questions.aiken.txt"),
                                     "--category", "电工作业", "--item", "不存在"});
    CHECK(bad_item.code == 2);
    CHECK(question_count(db) == 4);
}

// The same through Moodle's own files (../shared/interop/moodle): an extra, skipped in a bare clone.
TEST_CASE("content import of Moodle's own GIFT and XML files reports what Moodle's tests expect")
{
    if (!test::shared_present("interop/moodle")) return;
    test::TempDir dir;
    const auto db = (dir / "kiosk.db").string();
    auto gift = test::run_admin({"--db", db, "content", "import", moodle("gift_questions.gift.txt"), "--category",
                                 "焊接与热切割作业", "--item", "熔化焊接与热切割作业", "--chapter", "Moodle 导入"});
    INFO(gift.out, gift.err);
    CHECK(gift.code == 0);
    CHECK(gift.out.find("gift_questions.gift.txt:2: essay:") != std::string::npos);
    CHECK(gift.out.find("gift_questions.gift.txt:34: shortanswer:") != std::string::npos);
    CHECK(gift.out.find("inserted 4") != std::string::npos);
    auto grades = test::run_admin({"--db", db, "content", "import", moodle("xml_error_invalid_grades.xml"),
                                   "--category", "电工作业", "--item", "低压电工作业"});
    CHECK(grades.code == 1);
    CHECK(grades.out.find("xml_error_invalid_grades.xml:38: fraction: 33 is not a grade Moodle allows") !=
          std::string::npos);
    CHECK(question_count(db) == 4);
}

TEST_CASE("content export writes a pack and a CSV file that import into another database")
{
    test::TempDir dir;
    const auto db = (dir / "kiosk.db").string();
    const auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader + kRows);
    REQUIRE(test::run_admin({"--db", db, "content", "import", csv.string()}).code == 0);

    const auto pack = dir / "pack";
    auto exported = test::run_admin({"--db", db, "content", "export", "--format", "pack", "--out", pack.string()});
    CHECK(exported.code == 0);
    CHECK(fs::exists(pack / "pack.json"));
    CHECK(fs::exists(pack / "questions.jsonl"));
    auto again = test::run_admin({"--db", db, "content", "export", "--format", "pack", "--out", pack.string()});
    CHECK(again.code == 2);
    CHECK(again.err.find("not empty") != std::string::npos);
    CHECK(test::run_admin({"--db", db, "content", "export", "--format", "pack", "--out", pack.string(), "--force"})
              .code == 0);

    const auto out_csv = dir / "out.csv";
    auto csv_export = test::run_admin({"--db", db, "content", "export", "--format", "csv", "--out", out_csv.string(),
                                       "--category", "电工作业", "--item", "低压电工作业"});
    CHECK(csv_export.code == 0);
    CHECK(test::read_file(out_csv).substr(0, 3) == "\xEF\xBB\xBF");
    auto none = test::run_admin({"--db", db, "content", "export", "--format", "csv", "--out",
                                 (dir / "none.csv").string(), "--item", "主要负责人"});
    CHECK(none.code == 2); // an item of several categories needs --category
    CHECK(none.err.find("several categories") != std::string::npos);

    const auto other = (dir / "other.db").string();
    CHECK(test::run_admin({"--db", other, "content", "import", pack.string()}).code == 0);
    CHECK(question_count(other) == 3);
    const auto third = (dir / "third.db").string();
    CHECK(test::run_admin({"--db", third, "content", "import", out_csv.string()}).code == 0);
    CHECK(question_count(third) == 3);
}

TEST_CASE("usage errors exit 2, a missing or damaged database exits 3 naming the file")
{
    test::TempDir dir;
    CHECK(test::run_admin({"content"}).code == 2);
    CHECK(test::run_admin({"content", "import"}).code == 2);
    CHECK(test::run_admin({"content", "import", "x.csv", "--format", "docx"}).code == 2);
    CHECK(test::run_admin({"content", "frobnicate"}).code == 2);
    auto help = test::run_admin({"--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("content") != std::string::npos);

    const auto missing = (dir / "missing.db").string();
    auto r = test::run_admin({"--db", missing, "content", "stats"});
    CHECK(r.code == 3);
    CHECK(r.err.find(missing) != std::string::npos);
    CHECK_FALSE(fs::exists(missing));

    const auto damaged = dir / "damaged.db";
    test::write_file(damaged, "SQLite format 3" + std::string(1, '\0') + std::string(4000, 'x'));
    auto d = test::run_admin({"--db", damaged.string(), "content", "list"});
    CHECK(d.code == 3);
    CHECK(d.err.find(damaged.string()) != std::string::npos);
}

TEST_CASE("without --db the database is $XDG_DATA_HOME/safekiosk/safekiosk.db, else ~/.local/share/safekiosk")
{
    test::TempDir dir;
    const auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader + kRows);
    auto xdg = test::run_admin({"content", "import", csv.string()}, {{"XDG_DATA_HOME", (dir / "xdg").string()}});
    CHECK(xdg.code == 0);
    CHECK(question_count(dir / "xdg" / "safekiosk" / "safekiosk.db") == 3);

    auto home = test::run_admin({"content", "import", csv.string()},
                                {{"XDG_DATA_HOME", ""}, {"HOME", (dir / "home").string()}});
    CHECK(home.code == 0);
    CHECK(question_count(dir / "home" / ".local" / "share" / "safekiosk" / "safekiosk.db") == 3);
}

TEST_CASE("content import, publish and retire each leave an audit entry: who, the file's digest and the counts")
{
    test::TempDir dir;
    const auto db = (dir / "kiosk.db").string();
    const auto csv = dir / "questions.csv";
    test::write_file(csv, "\xEF\xBB\xBF" + kHeader + kRows);
    auto entries = [&] {
        auto d = storage::open(db, {&content::schema(), &exam::schema()});
        return exam::ExamStore(d).audit_entries();
    };

    REQUIRE(test::run_admin({"--db", db, "content", "import", csv.string()}).code == 0);
    auto log = entries();
    REQUIRE(log.size() == 1);
    CHECK(log[0].action == "content.import");
    CHECK(log[0].actor == "(first run: no user yet)");
    CHECK(log[0].entity == "content_import:questions.csv");
    CHECK(log[0].detail.find("blake2b:" + exam::content_file_digest(csv)) != std::string::npos);
    CHECK(log[0].detail.find("read 3, inserted 3") != std::string::npos);

    // A refused import and a dry run write nothing, not even an audit entry.
    const auto bad = dir / "bad.csv";
    test::write_file(bad, kHeader + "判断,,,,,,,,错,,电工作业,低压电工作业,持证上岗,1\r\n");
    CHECK(test::run_admin({"--db", db, "content", "import", bad.string()}).code == 1);
    CHECK(test::run_admin({"--db", db, "content", "import", csv.string(), "--dry-run"}).code == 0);
    CHECK(entries().size() == 1);

    auto list = nlohmann::json::parse(test::run_admin({"--db", db, "content", "list", "--json"}).out);
    const std::string uid = list.at(0).at("uid");
    REQUIRE(test::run_admin({"--db", db, "content", "retire", uid}).code == 0);
    REQUIRE(test::run_admin({"--db", db, "content", "publish", uid}).code == 0);
    log = entries();
    REQUIRE(log.size() == 3);
    CHECK(log[1].action == "question.retire");
    CHECK(log[1].entity == "question:" + uid);
    CHECK(log[2].action == "question.publish");
    CHECK(log[2].detail == "v1");
    auto d = storage::open(db, {&content::schema(), &exam::schema()});
    CHECK(exam::ExamStore(d).verify_audit().empty());
}
