// The importers of GIFT, Aiken and Moodle XML against the project's own fixtures (tests/content/fixtures/import/):
// the same cases Moodle's own importer tests cover (import_moodle_test.cpp checks Moodle's files when ../shared is
// beside the repository), written for this project so that a bare clone tests them too.
#include "content/formats/import.hpp"
#include "tests/content/import_support.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace sk;
using content::Question;
using content::QuestionType;
using content::formats::Format;
using content::formats::ImportOptions;
using content::formats::import_path;

namespace {
ImportOptions target(bool skip_invalid = false) { return test::moodle_target(skip_invalid); }

std::filesystem::path fixture(const std::string& name) { return test::source_path("tests/content/fixtures/import/" + name); }

const Question* by_stem(const std::vector<Question>& qs, const std::string& stem, QuestionType type)
{
    for (const auto& q : qs)
        if (q.stem == stem && q.type == type) return &q;
    return nullptr;
}

std::string skipped(const content::formats::ImportReport& r) { return test::skipped_lines(r); }
} // namespace

TEST_CASE("GIFT with every question type: true/false, single and multiple choice imported, the others skipped by line")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto path = fixture("gift_types.gift.txt");
    CHECK(content::formats::guess_format(path) == Format::Gift);
    auto report = import_path(store, path, target());
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(skipped(report) == "3 essay; 6 match; 31 numerical; 34 shortanswer");
    // The two 有限空间 questions ({T} and {TRUE}) are the same question: the second is a duplicate.
    CHECK(report.inserted == 4);
    REQUIRE(report.duplicates.size() == 1);
    CHECK(report.duplicates[0].line == 49);

    auto qs = store.questions({});
    REQUIRE(qs.size() == 4);
    const std::string stem = "电气火灾应首先选用哪种灭火器？";
    const Question* single = by_stem(qs, stem, QuestionType::Single);
    REQUIRE(single);
    CHECK(single->options == std::vector<std::string>{"二氧化碳灭火器", "泡沫灭火器", "清水灭火器"});
    CHECK(single->answer == "A");
    // Several positive weights make a 多选题; the [plain] marker is not part of the option.
    const Question* multiple = by_stem(qs, stem, QuestionType::Multiple);
    REQUIRE(multiple);
    CHECK(multiple->options == std::vector<std::string>{"二氧化碳灭火器", "泡沫灭火器", "干粉灭火器", "清水灭火器"});
    CHECK(multiple->answer == "AC");
    // A stray '";' after the closing brace makes Moodle's missing-word style: a blank where the answers were.
    const Question* fuse = by_stem(qs, "可以用铜丝代替熔断器的熔丝。_____\";", QuestionType::TrueFalse);
    REQUIRE(fuse);
    CHECK(fuse->answer == "B");
    CHECK(fuse->explanation == "熔丝必须按规定的规格选用。");
    const Question* space = by_stem(qs, "进入有限空间作业前，必须先通风、再检测、后作业。", QuestionType::TrueFalse);
    REQUIRE(space);
    CHECK(space->answer == "A");
    CHECK(space->options == content::true_false_options());
    CHECK(space->chapter == "未分类");
    CHECK(space->uid.rfind("gift-", 0) == 0);
}

TEST_CASE("GIFT $CATEGORY names the chapter, escaped \\= and \\: and HTML come through as text")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto report = import_path(store, fixture("gift_in_category.gift.txt"), target());
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.categories == std::vector<std::string>{"电工作业安全"});
    CHECK(skipped(report) == "5 match; 20 shortanswer");
    CHECK(report.inserted == 2);
    auto qs = store.questions({});
    const Question* tone = by_stem(qs, "听这段提示音:\n\n这是哪一种警示？", QuestionType::Single);
    REQUIRE(tone);
    CHECK(tone->options == std::vector<std::string>{"火灾报警", "触电危险", "有毒气体", "高温"});
    CHECK(tone->answer == "B");
    CHECK(tone->chapter == "电工作业安全");
    const Question* gloves = by_stem(qs, "绝缘手套应每半年做一次耐压试验。", QuestionType::TrueFalse);
    REQUIRE(gloves);
    CHECK(gloves->answer == "A");
}

TEST_CASE("Aiken: 2 single choice questions, HTML special characters kept as literal text")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto path = fixture("aiken_questions.aiken.txt");
    CHECK(content::formats::guess_format(path) == Format::Aiken);
    auto report = import_path(store, path, target());
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.inserted == 2);
    auto qs = store.questions({});
    const Question* first = by_stem(qs, "发现有人触电，首先应当：", QuestionType::Single);
    REQUIRE(first);
    CHECK(first->options == std::vector<std::string>{"用手把人拉开", "切断电源", "泼水降温", "打电话后离开"});
    CHECK(first->answer == "B");
    const Question* sign =
        by_stem(qs, "焊接作业区的标志写着 <危险> & \"禁止烟火\"，这是哪一类标志？", QuestionType::Single);
    REQUIRE(sign);
    CHECK(sign->answer == "A");
    CHECK(sign->options == std::vector<std::string>{"禁止和警告标志", "指令标志"});
}

TEST_CASE("Aiken errors on lines 3, 5, 7 and 18: nothing imported unless --skip-invalid, then exactly the 3 good ones")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto path = fixture("aiken_errors.txt");
    CHECK(content::formats::guess_format(path) == Format::Aiken);

    auto refused = import_path(store, path, target());
    std::vector<int> lines;
    for (const auto& e : refused.errors) lines.push_back(e.line);
    CHECK(lines == std::vector<int>{3, 5, 7, 18});
    CHECK_FALSE(refused.committed);
    CHECK(store.count_questions({}) == 0);

    auto report = import_path(store, path, target(true));
    CHECK(report.errors.size() == 4);
    CHECK(report.inserted == 3);
    auto qs = store.questions({});
    REQUIRE(qs.size() == 3);
    CHECK(by_stem(qs, "一道好题", QuestionType::Single));
    const Question* second = by_stem(qs, "第二道好题", QuestionType::Single);
    REQUIRE(second);
    CHECK(second->options == std::vector<std::string>{"错误（无空格）", "正确（无空格）"});
    CHECK(second->answer == "B");
    const Question* third = by_stem(qs, "第三道好题，含有 HTML 字符 > < &", QuestionType::Single);
    REQUIRE(third);
    CHECK(third->options == std::vector<std::string>{"正确 (< > &)", "错误 (< > &)"});
}

TEST_CASE("Moodle XML: nested categories become chapters, an essay is skipped by line")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto report = import_path(store, fixture("xml_nested_categories.xml"), target());
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.categories ==
          std::vector<std::string>{"电工作业", "电工作业/低压", "电工作业/低压/配电箱", "电工作业/高压"});
    CHECK(skipped(report) == "46 essay");
    CHECK(report.inserted == 4);
    auto qs = store.questions({});
    REQUIRE(qs.size() == 4);
    std::set<std::pair<std::string, std::string>> placed;
    for (const auto& q : qs) {
        CHECK(q.type == QuestionType::TrueFalse);
        CHECK(q.answer == "A");
        placed.emplace(q.stem, q.chapter);
    }
    CHECK(placed == std::set<std::pair<std::string, std::string>>{
                        {"电工作业人员必须持证上岗。", "电工作业"},
                        {"停电作业前必须先验电。", "电工作业/低压"},
                        {"配电箱门应加锁并有警示标志。", "电工作业/低压/配电箱"},
                        {"高压设备倒闸操作必须两人进行。", "电工作业/高压"}});

    // --chapter overrides the Moodle category.
    test::TempDir dir2;
    auto db2 = test::open_content_db(dir2 / "kiosk.db");
    content::ContentStore store2(db2);
    auto o = target();
    o.chapter = "导入题";
    CHECK(import_path(store2, fixture("xml_nested_categories.xml"), o).inserted == 4);
    CHECK(store2.chapters(store2.catalogue().find("电工作业", "低压电工作业")->id) == std::vector<std::string>{"导入题"});
}

TEST_CASE("Moodle XML: a fraction of 33 % stops the import with an error naming its line, nothing stored")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto path = fixture("xml_invalid_grade.xml");
    auto report = import_path(store, path, target());
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].to_string() ==
          path.string() + ":16: fraction: 33 is not a grade Moodle allows (question '分数无效的题 : x > 1 & x < 2'); "
                          "Moodle stops such an import");
    CHECK_FALSE(report.committed);
    CHECK(store.count_questions({}) == 0);
    auto skipped_run = import_path(store, path, target(true));
    CHECK(skipped_run.inserted == 0);
    CHECK(store.count_questions({}) == 0);
}
