// Every text field takes SQL-injection strings, quotes, very long text and unusual Unicode (combining marks,
// supplementary-plane CJK, emoji sequences, right-to-left marks and overrides, zero-width characters, NUL) and gives
// it back unchanged: from the store, through CSV export and import, and through pack export and import.
#include "content/formats/export.hpp"
#include "tests/support/images.hpp"
#include "tests/content/import_support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace sk;
using content::Exhibit;
using content::Question;
using content::QuestionType;
using content::formats::ImportOptions;
using content::formats::import_path;
namespace fs = std::filesystem;

namespace {

std::string repeat(const std::string& s, std::size_t n)
{
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

// Hostile texts. None starts or ends with white space: the CSV importer trims cells (docs/csv-template.md).
// `long_repeat`: how many times the 10-character sentence repeats in the long text (an import takes a stem of at most
// 32 KiB, docs/limits.md; the store itself takes more).
std::vector<std::string> hostile_texts(bool with_nul, std::size_t long_repeat = 12000)
{
    std::vector<std::string> t{
        "'; DROP TABLE questions; --",
        "Robert'); DELETE FROM media; SELECT ('",
        "\" OR \"1\"=\"1\" --",
        "1; UPDATE question_versions SET answer='A' WHERE 1=1; --",
        "%_ LIKE '%' ESCAPE '\\' \\x00 $1 ?1 :name @p",
        "单引号' 双引号\" 反引号` 中文引号“”‘’「」『』",
        "a,b,\"c\",,d\"\",\"e",
        "第一行\n第二行\n\n第四行",
        "Tab\there and a vertical\vtab",
        "<script>alert('x')</script> &amp; &lt;b&gt; <img src=x onerror=alert(1)>",
        "=HYPERLINK(\"http://example.com\",\"点击\")",
        "+1+2 -3 @SUM(A1:A9)",
        "𠮷野家 𩸽 𡈽 𤭢 (supplementary-plane CJK)",
        "👷‍♂️ 🧯🔥 👩🏽‍🔧 🏳️‍🌈 (emoji sequences)",
        "e\xCC\x81 a\xCC\x8A 安\xCC\x80\xCC\x81\xCC\x82全 Z\xCD\x91\xCD\x97\xCD\xA0" "a\xCC\xB4l\xCC\xB8g\xCC\xB6o (combining marks)",
        "\xE2\x80\x8F" "مرحبا بالعالم" "\xE2\x80\x8E עברית \xE2\x80\xAE" "txet desrever" "\xE2\x80\xAC" " (RTL marks, override)",
        "zero\xE2\x80\x8Bwidth\xE2\x80\x8Cnon\xE2\x80\x8Djoiner\xEF\xBB\xBF" "bom\xE2\x80\xA8" "line\xE2\x80\xA9" "para",
        "全角　空格在中间 and ＡＢＣ１２３",
        "\\u0000 \\n \\\" literal backslash escapes \\",
        repeat("安全生产，人人有责。", long_repeat), // 120,000 characters by default
    };
    if (with_nul) t.push_back(std::string("before NUL\0after NUL", 20));
    return t;
}

// Single-line fields (chapter, title, place, timeline time) refuse control characters (content::
// control_character_problem): the hostile text with each C0, DEL and C1 control replaced by a space.
std::string single_line(const std::string& text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x20 || b == 0x7F) out += ' ';
        else if (b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F &&
                 static_cast<unsigned char>(text[i + 1]) >= 0x80)
            out += ' ', ++i;
        else out += text[i];
    }
    return out;
}

Question question(int n, const std::string& text, QuestionType type)
{
    Question q;
    q.uid = "hostile-" + std::to_string(n);
    q.type = type;
    q.category = "电工作业";
    q.item = "低压电工作业";
    q.chapter = text.size() > 200 ? "长文本" : single_line(text); // a chapter is a label; long text goes elsewhere
    q.difficulty = n % 5 + 1;
    q.stem = text;
    q.explanation = "解析：" + text;
    if (type == QuestionType::TrueFalse) {
        q.options = content::true_false_options();
        q.answer = "B";
    } else {
        q.options = {text, "选项乙 " + text, "丙"};
        q.answer = type == QuestionType::Single ? "B" : "AC";
    }
    return q;
}

const std::string& kPng = test::kTinyPng;

Exhibit exhibit(int n, const std::string& text)
{
    Exhibit e;
    e.uid = "hostile-case-" + std::to_string(n);
    e.title = single_line(text);
    e.industry = "电力";
    e.date = "2023-07-0" + std::to_string(n % 9 + 1);
    e.place = single_line(text);
    e.deaths = 1;
    e.injuries = 2;
    e.summary = text;
    e.timeline = {{single_line(text), text}, {"09:00", "正常"}};
    e.direct_causes = {text};
    e.underlying_causes = {text, "管理缺失"};
    e.violations = {{"违章作业", text}};
    e.lessons = {text};
    e.do_instead = {text};
    e.images = {{"images/hostile.png", text}};
    Question q = question(n, text, QuestionType::Single);
    q.uid = "hostile-case-" + std::to_string(n) + "-q";
    q.category.clear();
    q.item.clear();
    q.chapter.clear();
    q.pool = content::Pool::Practice;
    e.quiz = {q};
    return e;
}

// The fields a question keeps through CSV (which has no uid, pool or status of its own).
void check_same_content(const Question& got, const Question& want)
{
    CHECK(got.type == want.type);
    CHECK(got.stem == want.stem);
    CHECK(got.options == want.options);
    CHECK(got.answer == want.answer);
    CHECK(got.explanation == want.explanation);
    CHECK(got.category == want.category);
    CHECK(got.item == want.item);
    CHECK(got.chapter == want.chapter);
    CHECK(got.difficulty == want.difficulty);
}

} // namespace

TEST_CASE("hostile text in every field of questions and exhibits is stored and read back unchanged")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "a.db");
    content::ContentStore store(db);
    const auto texts = hostile_texts(true);
    std::vector<Question> saved;
    {
        storage::Transaction tx(db);
        store.put_media("images/hostile.png", std::vector<unsigned char>(kPng.begin(), kPng.end()));
        for (std::size_t i = 0; i < texts.size(); ++i) {
            for (auto type : {QuestionType::TrueFalse, QuestionType::Single, QuestionType::Multiple}) {
                Question q = question(static_cast<int>(saved.size()), texts[i], type);
                REQUIRE(content::validate(q).empty());
                store.save_question(q);
                saved.push_back(q);
            }
            store.save_exhibit(exhibit(static_cast<int>(i), texts[i]));
        }
        tx.commit();
    }
    for (const auto& want : saved) {
        auto got = store.question_by_uid(want.uid);
        REQUIRE(got);
        check_same_content(*got, want);
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
        auto got = store.exhibit("hostile-case-" + std::to_string(i));
        REQUIRE(got);
        CHECK(content::formats::exhibit_json_line(*got) == content::formats::exhibit_json_line(exhibit(static_cast<int>(i), texts[i])));
    }
    // Nothing was executed: every table is there and holds what was saved.
    CHECK(store.count_questions({}) == static_cast<std::int64_t>(saved.size()));
    CHECK(store.count_exhibits() == static_cast<std::int64_t>(texts.size()));
    CHECK(*store.media("images/hostile.png") == std::vector<unsigned char>(kPng.begin(), kPng.end()));
}

TEST_CASE("hostile text survives CSV export and import, and pack export and import, unchanged")
{
    test::TempDir dir;
    std::vector<Question> saved;
    // Within the import's limits: no NUL (refused at import), a long text of 2,500 characters (7,500 bytes; it is
    // also an option, at most 8 KiB).
    const auto texts = hostile_texts(false, 250);
    {
        auto db = test::open_content_db(dir / "a.db");
        content::ContentStore store(db);
        storage::Transaction tx(db);
        store.put_media("images/hostile.png", std::vector<unsigned char>(kPng.begin(), kPng.end()));
        for (std::size_t i = 0; i < texts.size(); ++i) {
            for (auto type : {QuestionType::TrueFalse, QuestionType::Single, QuestionType::Multiple}) {
                Question q = question(static_cast<int>(saved.size()), texts[i], type);
                store.save_question(q);
                saved.push_back(q);
            }
            store.save_exhibit(exhibit(static_cast<int>(i), texts[i]));
        }
        tx.commit();
        content::formats::export_csv(store, dir / "out.csv");
        content::formats::export_pack(store, dir / "pack");
    }

    SUBCASE("CSV")
    {
        auto db = test::open_content_db(dir / "csv.db");
        content::ContentStore store(db);
        auto report = import_path(store, dir / "out.csv", {});
        INFO(test::joined(test::error_texts(report)));
        CHECK(report.ok());
        CHECK(report.inserted == static_cast<int>(saved.size()));
        const auto back = store.questions({});
        REQUIRE(back.size() == saved.size());
        for (const auto& want : saved) {
            const auto it = std::find_if(back.begin(), back.end(), [&](const Question& q) {
                return q.type == want.type && q.stem == want.stem && q.difficulty == want.difficulty;
            });
            REQUIRE(it != back.end());
            check_same_content(*it, want);
        }
        // Exporting what was imported and importing that again changes nothing: the two exports are byte-identical
        // (the first export is ordered by the original uids, the later ones by the CSV importer's).
        content::formats::export_csv(store, dir / "again.csv");
        auto db2 = test::open_content_db(dir / "csv2.db");
        content::ContentStore store2(db2);
        CHECK(import_path(store2, dir / "again.csv", {}).inserted == static_cast<int>(saved.size()));
        content::formats::export_csv(store2, dir / "again2.csv");
        CHECK(test::read_file(dir / "again2.csv") == test::read_file(dir / "again.csv"));
    }

    SUBCASE("pack")
    {
        auto db = test::open_content_db(dir / "pack.db");
        content::ContentStore store(db);
        auto report = import_path(store, dir / "pack", {});
        INFO(test::joined(test::error_texts(report)));
        CHECK(report.ok());
        CHECK(report.inserted == static_cast<int>(saved.size()));
        CHECK(report.exhibits_inserted == static_cast<int>(texts.size()));
        for (const auto& want : saved) {
            auto got = store.question_by_uid(want.uid);
            REQUIRE(got);
            check_same_content(*got, want);
        }
        for (std::size_t i = 0; i < texts.size(); ++i) {
            auto got = store.exhibit("hostile-case-" + std::to_string(i));
            REQUIRE(got);
            CHECK(content::formats::exhibit_json_line(*got) ==
                  content::formats::exhibit_json_line(exhibit(static_cast<int>(i), texts[i])));
        }
        CHECK(*store.media("images/hostile.png") == std::vector<unsigned char>(kPng.begin(), kPng.end()));
        content::formats::export_pack(store, dir / "pack-again");
        for (const char* f : {"pack.json", "questions.jsonl", "exhibits.jsonl", "images/hostile.png"})
            CHECK(test::read_file(dir / "pack-again" / f) == test::read_file(dir / "pack" / f));
    }
}
