// Moodle's own importer fixtures (../shared/interop/moodle, see its README): our importers must see in each file
// what Moodle's tests expect of it. An extra check: the same cases run on the project's own fixtures in
// import_formats_test.cpp; these are reported as skipped when ../shared is absent (a bare clone).
#include "content/formats/import.hpp"
#include "tests/content/import_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace sk;
using content::Question;
using content::QuestionType;
using content::formats::Format;
using content::formats::ImportOptions;
using content::formats::import_path;

namespace {
ImportOptions target(bool skip_invalid = false) { return test::moodle_target(skip_invalid); }

std::filesystem::path fixture(const std::string& name) { return test::shared_path("interop/moodle/" + name); }

const Question* by_stem(const std::vector<Question>& qs, const std::string& stem)
{
    for (const auto& q : qs)
        if (q.stem == stem) return &q;
    return nullptr;
}

std::string skipped(const content::formats::ImportReport& r) { return test::skipped_lines(r); }
} // namespace

TEST_CASE("moodle gift_questions: 9 questions, 5 true/false and multiple choice imported, 4 other types skipped by line")
{
    if (!test::shared_present("interop/moodle")) return;
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto path = fixture("gift_questions.gift.txt");
    CHECK(content::formats::guess_format(path) == Format::Gift);
    auto report = import_path(store, path, target());
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.read + static_cast<int>(report.skipped.size()) == 9);
    CHECK(skipped(report) ==
          "2 essay; 5 match; 31 numerical; 34 shortanswer");
    // The two "2-08 TSL" questions are the same question: the second is a duplicate.
    CHECK(report.inserted == 4);
    REQUIRE(report.duplicates.size() == 1);
    CHECK(report.duplicates[0].line == 49);

    auto qs = store.questions({});
    REQUIRE(qs.size() == 4);
    const Question* q2 = by_stem(qs, "What's between orange and green in the spectrum?");
    REQUIRE(q2);
    const Question* colours = nullptr;
    for (const auto& q : qs)
        if (q.stem == q2->stem && q.type == QuestionType::Multiple) colours = &q;
    REQUIRE(colours);
    CHECK(colours->options == std::vector<std::string>{"yellow", "red", "off-beige", "blue"});
    CHECK(colours->answer == "AC");
    for (const auto& q : qs)
        if (q.stem == q2->stem && q.type == QuestionType::Single) {
            CHECK(q.options == std::vector<std::string>{"yellow", "red", "blue"});
            CHECK(q.answer == "A");
        }
    // A stray '";' after the closing brace makes Moodle's missing-word style: a blank where the answers were.
    const Question* q1 = by_stem(qs, "42 is the Absolute Answer to everything._____\";");
    REQUIRE(q1);
    CHECK(q1->type == QuestionType::TrueFalse);
    CHECK(q1->answer == "B");
    CHECK(q1->explanation == "This is, of course, a Hitchiker's Guide to the Galaxy reference.");
    const Question* tsl = by_stem(qs, "TSL is blablabla.");
    REQUIRE(tsl);
    CHECK(tsl->answer == "A");
    CHECK(tsl->options == content::true_false_options());
    CHECK(tsl->chapter == "未分类");
    CHECK(tsl->uid.rfind("gift-", 0) == 0);
}

TEST_CASE("moodle gift_questions_in_category: the $CATEGORY names the chapter, escaped \\= and \\: come through")
{
    if (!test::shared_present("interop/moodle")) return;
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto report = import_path(store, fixture("gift_questions_in_category.gift.txt"), target());
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.categories == std::vector<std::string>{"Default for New Features"});
    CHECK(skipped(report) == "5 match; 22 shortanswer");
    CHECK(report.inserted == 2);
    auto qs = store.questions({});
    const Question* greeting = by_stem(qs, "Listen to this greeting:\n\nWhat language is being spoken?");
    REQUIRE(greeting);
    CHECK(greeting->type == QuestionType::Single);
    CHECK(greeting->options == std::vector<std::string>{"English", "French", "German", "Spanish"});
    CHECK(greeting->answer == "B");
    CHECK(greeting->chapter == "Default for New Features");
    const Question* acronym =
        by_stem(qs, "Moodle is an acronym for Modular Object-Oriented Dynamic Learning Environment.");
    REQUIRE(acronym);
    CHECK(acronym->type == QuestionType::TrueFalse);
    CHECK(acronym->answer == "A");
}

TEST_CASE("moodle aiken_questions: 2 multiple choice questions, HTML special characters kept as literal text")
{
    if (!test::shared_present("interop/moodle")) return;
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
    const Question* first = by_stem(qs, "The Moodle project was started by:");
    REQUIRE(first);
    CHECK(first->options == std::vector<std::string>{"Petr Skoda", "Martin Dougiamas", "Eloy Lafuente", "Tim Hunt"});
    CHECK(first->answer == "B");
    const Question* html =
        by_stem(qs, "Moodle's abilities include handling user input that includes <html class=\"cool\"> & images:");
    REQUIRE(html);
    CHECK(html->answer == "A");
    CHECK(html->type == QuestionType::Single);
}

TEST_CASE("moodle aiken_errors: errors on lines 3, 5, 7 and 18, nothing imported unless --skip-invalid, then exactly 3")
{
    if (!test::shared_present("interop/moodle")) return;
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
    CHECK(by_stem(qs, "A good question"));
    const Question* second = by_stem(qs, "A second good question");
    REQUIRE(second);
    CHECK(second->options == std::vector<std::string>{"Incorrect (No space)", "Correct (No space)"});
    CHECK(second->answer == "B");
    const Question* third = by_stem(qs, "A third good question with HTML chars such as > < &");
    REQUIRE(third);
    CHECK(third->options == std::vector<std::string>{"Correct (< > &)", "Incorrect (< > &)"});
}

TEST_CASE("moodle xml_nested_categories_with_questions: 4 nested categories become chapters, essay skipped")
{
    if (!test::shared_present("interop/moodle")) return;
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto report = import_path(store, fixture("xml_nested_categories_with_questions.xml"), target());
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.categories == std::vector<std::string>{"Iota", "Iota/Kappa", "Iota/Kappa/Lambda", "Iota/Mu"});
    CHECK(skipped(report) == "55 essay");
    CHECK(report.inserted == 4);
    auto qs = store.questions({});
    REQUIRE(qs.size() == 4);
    std::set<std::pair<std::string, std::string>> placed;
    for (const auto& q : qs) {
        CHECK(q.type == QuestionType::TrueFalse);
        CHECK(q.answer == "A");
        placed.emplace(q.stem, q.chapter);
    }
    CHECK(placed == std::set<std::pair<std::string, std::string>>{{"Testing Iota Question", "Iota"},
                                                                  {"Testing Kappa Question", "Iota/Kappa"},
                                                                  {"Testing Lambda Question", "Iota/Kappa/Lambda"},
                                                                  {"Testing Mu Question", "Iota/Mu"}});

    // --chapter overrides the Moodle category.
    test::TempDir dir2;
    auto db2 = test::open_content_db(dir2 / "kiosk.db");
    content::ContentStore store2(db2);
    auto o = target();
    o.chapter = "导入题";
    CHECK(import_path(store2, fixture("xml_nested_categories_with_questions.xml"), o).inserted == 4);
    CHECK(store2.chapters(store2.catalogue().find("电工作业", "低压电工作业")->id) == std::vector<std::string>{"导入题"});
}

TEST_CASE("moodle xml_error_invalid_grades: a fraction of 33 % stops the import with an error naming its line")
{
    if (!test::shared_present("interop/moodle")) return;
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto path = fixture("xml_error_invalid_grades.xml");
    auto report = import_path(store, path, target());
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].to_string() ==
          path.string() + ":38: fraction: 33 is not a grade Moodle allows (question 'Question with invalid grades : "
                          "x > 1 & x < 2'); Moodle stops such an import");
    CHECK_FALSE(report.committed);
    CHECK(store.count_questions({}) == 0);
    // Skipping invalid questions leaves nothing else in this file.
    auto skipped_run = import_path(store, path, target(true));
    CHECK(skipped_run.inserted == 0);
    CHECK(store.count_questions({}) == 0);
}

TEST_CASE("moodle xml: multichoice with allowed fractions, several positive fractions make a 多选题, HTML is stripped")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto path = dir / "quiz.xml";
    test::write_file(path, R"(<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>primes</text></name>
    <questiontext format="html"><text><![CDATA[<p>Select all <b>prime</b> numbers &amp; nothing else: x &lt; 6</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>2, 3 and 5.</p>]]></text></generalfeedback>
    <single>false</single>
    <answer fraction="33.33333" format="html"><text><![CDATA[<p>2</p>]]></text></answer>
    <answer fraction="33.33333" format="html"><text>3</text></answer>
    <answer fraction="-100" format="html"><text>4</text></answer>
    <answer fraction="33.33333" format="html"><text>5</text></answer>
  </question>
  <question type="multichoice">
    <name><text>one</text></name>
    <questiontext format="plain_text"><text>Plain &lt;text&gt; stays &amp; so does this</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>yes</text></answer>
    <answer fraction="0"><text>no</text></answer>
  </question>
  <question type="shortanswer"><name><text>sa</text></name></question>
</quiz>
)");
    auto report = import_path(store, path, target());
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.inserted == 2);
    CHECK(skipped(report) == "20 shortanswer");
    auto qs = store.questions({});
    const Question* primes = by_stem(qs, "Select all prime numbers & nothing else: x < 6");
    REQUIRE(primes);
    CHECK(primes->type == QuestionType::Multiple);
    CHECK(primes->options == std::vector<std::string>{"2", "3", "4", "5"});
    CHECK(primes->answer == "ABD");
    CHECK(primes->explanation == "2, 3 and 5.");
    const Question* one = by_stem(qs, "Plain <text> stays & so does this");
    REQUIRE(one);
    CHECK(one->type == QuestionType::Single);
    CHECK(one->answer == "A");
}

TEST_CASE("moodle formats need a catalogue item to put the questions in")
{
    const auto aiken = test::source_path("tests/content/fixtures/import/aiken_questions.aiken.txt");
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    CHECK_THROWS_WITH_AS(import_path(store, aiken, {}),
                         doctest::Contains("--category and --item"), std::invalid_argument);
    auto o = target();
    o.item = "水下作业";
    CHECK_THROWS_WITH_AS(import_path(store, aiken, o),
                         doctest::Contains("not in the catalogue"), std::invalid_argument);
    CHECK(store.count_questions({}) == 0);
}

TEST_CASE("a GIFT weight Moodle does not allow is an error, a broken brace is an error with its line")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto path = dir / "bad.gift";
    test::write_file(path, "::w:: Pick {\n~%33%a\n~%33%b\n~c\n}\n\n\n::b:: Broken { =x ~y\n");
    auto report = import_path(store, path, target());
    auto errors = test::error_texts(report);
    INFO(test::joined(errors));
    REQUIRE(errors.size() == 3);
    CHECK(errors[0] == path.string() + ":1: answers: answer 1: weight 33% is not a grade Moodle allows");
    CHECK(errors[2] == path.string() + ":8: the answers must be enclosed in one pair of braces { }");
    CHECK(store.count_questions({}) == 0);
}
