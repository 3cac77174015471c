// safekiosk-admin content zh-hk …: review, export and correct the stored Traditional Chinese texts.
#include "content/storage/content_store.hpp"
#include "content/zh_hk/texts.hpp"
#include "tests/admin/run_admin.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sk;

TEST_CASE("content zh-hk lists, exports and corrects the zh-HK texts an import stored")
{
    test::TempDir dir;
    const auto db = (dir / "kiosk.db").string();
    const auto csv = dir / "questions.csv";
    test::write_file(csv, "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,答案,解析,作业类别,操作项目,知识点,难度\r\n"
                          "判断,作业场所应保持干燥。,,,,,,,对,潮湿场所容易触电。,电工作业,低压电工作业,触电防护,1\r\n");
    auto imported = test::run_admin({"--db", db, "content", "import", csv.string()});
    INFO(imported.out, imported.err);
    REQUIRE(imported.code == 0);

    auto list = test::run_admin({"--db", db, "content", "zh-hk", "list", "--find", "干燥", "--json"});
    INFO(list.out, list.err);
    REQUIRE(list.code == 0);
    const auto rows = nlohmann::json::parse(list.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("source") == "作业场所应保持干燥。");
    CHECK(rows[0].at("converted") == "作業場所應保持乾燥。"); // the correction list fixed OpenCC's 場所幹燥
    CHECK(rows[0].at("corrected").is_null());
    const std::string id = std::to_string(rows[0].at("id").get<std::int64_t>());

    auto set = test::run_admin({"--db", db, "content", "zh-hk", "set", id, "工作地方要保持乾爽。"});
    INFO(set.out, set.err);
    CHECK(set.code == 0);
    {
        auto d = storage::open(db, {&content::schema()});
        CHECK(content::zh_hk::TextStore(d).shown("作业场所应保持干燥。") == "工作地方要保持乾爽。");
        auto audit = d.prepare("SELECT action, entity, detail FROM audit_log WHERE action LIKE 'zh_hk.%'");
        REQUIRE(audit.step());
        CHECK(audit.text(0) == "zh_hk.correct");
        CHECK(audit.text(1) == "zh_hk_text:" + id);
        CHECK(audit.text(2) == "工作地方要保持乾爽。");
    }

    const auto tsv = dir / "zh-hk.tsv";
    auto exported = test::run_admin({"--db", db, "content", "zh-hk", "export", "--corrected", "--out", tsv.string()});
    INFO(exported.out, exported.err);
    CHECK(exported.code == 0);
    CHECK(test::read_file(tsv) == "id\tsource\tconverted\tcorrected\n" + id +
                                      "\t作业场所应保持干燥。\t作業場所應保持乾燥。\t工作地方要保持乾爽。\n");

    auto unset = test::run_admin({"--db", db, "content", "zh-hk", "unset", id});
    CHECK(unset.code == 0);
    auto again = test::run_admin({"--db", db, "content", "zh-hk", "list", "--corrected"});
    CHECK(again.code == 0);
    CHECK(again.out.find("0 texts") != std::string::npos);

    auto missing = test::run_admin({"--db", db, "content", "zh-hk", "set", "99999", "字"});
    CHECK(missing.code == 1);
    CHECK(missing.err.find("no zh-HK text has the id 99999") != std::string::npos);
    auto empty = test::run_admin({"--db", db, "content", "zh-hk", "set", id, " "});
    CHECK(empty.code == 2);
    CHECK(empty.err.find("the corrected text is empty") != std::string::npos);

    auto update = test::run_admin({"--db", db, "content", "zh-hk", "update", "--json"});
    INFO(update.out, update.err);
    CHECK(update.code == 0);
    CHECK(nlohmann::json::parse(update.out).at("added") == 0);
}
