#include "content/formats/export.hpp"
#include "content/formats/import.hpp"
#include "content/formats/text.hpp"
#include "tests/content/import_support.hpp"

#include <doctest/doctest.h>

using namespace sk;
using content::Question;
using content::QuestionType;
using content::formats::ImportOptions;
using content::formats::import_path;

namespace {
const std::string kHeader = "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,答案,解析,作业类别,操作项目,知识点,难度\r\n";

// Three rows as Excel writes them: CRLF between rows, quotes around cells holding commas, quotes or line breaks.
const std::string kRows =
    "判断,使用手持电动工具时，应当戴绝缘手套。,,,,,,,对,绝缘手套防止触电。,电工作业,低压电工作业,电动工具,1\r\n"
    "单选,\"发现有人触电，首先应当（ ）。\",立即切断电源,用手拉开触电者,等待救护车,,,,A,,电工作业,低压电工作业,触电急救,2\r\n"
    "多选,\"下列属于\"\"两票三制\"\"内容的有（ ）。\n（多选）\",工作票,操作票,交接班制,\"巡回检查制,设备定期试验轮换制\",,,\"A, C ,d\",\"多行\n解析\",电工作业,低压电工作业,安全管理,3\r\n";

content::formats::ImportReport import_file(content::ContentStore& store, const std::filesystem::path& p,
                                            ImportOptions o = {})
{
    return import_path(store, p, o);
}
} // namespace

TEST_CASE("a CSV file saved by Excel (BOM, CRLF, quoted cells with commas, quotes and line breaks) imports every row")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto csv = dir / "questions.csv";
    test::write_file(csv, "\xEF\xBB\xBF" + kHeader + kRows);

    auto report = import_file(store, csv);
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.encoding == "UTF-8 with BOM");
    CHECK(report.inserted == 3);
    CHECK(report.committed);
    REQUIRE(store.count_questions({}) == 3);

    content::QuestionFilter multi;
    multi.type = QuestionType::Multiple;
    auto m = store.questions(multi);
    REQUIRE(m.size() == 1);
    CHECK(m[0].stem == "下列属于\"两票三制\"内容的有（ ）。\n（多选）");
    CHECK(m[0].options == std::vector<std::string>{"工作票", "操作票", "交接班制", "巡回检查制,设备定期试验轮换制"});
    CHECK(m[0].answer == "ACD");
    CHECK(m[0].explanation == "多行\n解析");
    CHECK(m[0].chapter == "安全管理");
    CHECK(m[0].difficulty == 3);
    CHECK(m[0].uid == "csv-" + m[0].content_hash().substr(0, 16));

    content::QuestionFilter tf;
    tf.type = QuestionType::TrueFalse;
    auto t = store.questions(tf);
    REQUIRE(t.size() == 1);
    CHECK(t[0].options == content::true_false_options());
    CHECK(t[0].answer == "A");
    CHECK(t[0].difficulty == 1);
}

TEST_CASE("a GBK CSV file (Excel's plain \"CSV\" on Chinese Windows) is read as GB18030")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto csv = dir / "questions-gbk.csv";
    const std::string gbk = test::encode(kHeader + kRows, "GBK");
    REQUIRE(gbk != kHeader + kRows);
    test::write_file(csv, gbk);

    auto report = import_file(store, csv);
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.encoding == "GB18030");
    CHECK(report.inserted == 3);
    content::QuestionFilter single;
    single.type = QuestionType::Single;
    auto s = store.questions(single);
    REQUIRE(s.size() == 1);
    CHECK(s[0].stem == "发现有人触电，首先应当（ ）。");
    CHECK(s[0].item == "低压电工作业");
}

TEST_CASE("a CSV file with errors names file, spreadsheet row and column for each, and imports nothing")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto csv = dir / "questions.csv";
    // Row 2 holds a quoted cell over three lines: it is still one spreadsheet row, so the bad answer is on row 3.
    test::write_file(csv, kHeader +
                              "单选,\"第一行\n第二行\n第三行\",甲,乙,丙,,,,B,,电工作业,低压电工作业,第一章,3\r\n"
                              "单选,选哪一个？,甲,乙,丙,丁,,,E,,电工作业,低压电工作业,第一章,3\r\n"
                              "判断,这是判断题。,,,,,,,也许,,电工作业,低压电工作业,第一章,3\r\n"
                              "多选,多选题只有一个答案。,甲,乙,丙,,,,B,,电工作业,低压电工作业,第一章,3\r\n"
                              "单选,选项有空缺。,甲,,丙,,,,A,,电工作业,低压电工作业,第一章,3\r\n"
                              "填空,不认识的题型。,,,,,,,A,,电工作业,低压电工作业,第一章,3\r\n"
                              "单选,不在目录里的项目。,甲,乙,,,,,A,,电工作业,水下电工作业,第一章,3\r\n"
                              "单选,难度不对。,甲,乙,,,,,A,,电工作业,低压电工作业,第一章,9\r\n");
    auto report = import_file(store, csv);
    const std::string f = csv.string();
    auto errors = test::error_texts(report);
    INFO(test::joined(errors));
    CHECK(errors == std::vector<std::string>{
                        f + ":3: 答案: 'E' names no option",
                        f + ":4: 答案: '也许' is not an answer of a 判断 question (对/错, 正确/错误, √/×)",
                        f + ":5: 答案: a 多选题 needs at least two correct options, got B",
                        f + ":6: 选项B: is empty, but a later option is filled",
                        f + ":7: 题型: '填空' is not 判断, 单选 or 多选",
                        f + ":8: 操作项目: '水下电工作业' is not an item of '电工作业' in the catalogue",
                        f + ":9: 难度: '9' is not 1 to 5 (or 易, 较易, 中, 较难, 难)",
                    });
    CHECK_FALSE(report.committed);
    CHECK(report.inserted == 0);
    CHECK(store.count_questions({}) == 0);
}

TEST_CASE("--skip-invalid imports the valid rows of a CSV file and reports the others")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader + kRows + "单选,选哪一个？,甲,乙,,,,,C,,电工作业,低压电工作业,第一章,3\r\n");
    ImportOptions o;
    o.skip_invalid = true;
    auto report = import_file(store, csv, o);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].to_string() == csv.string() + ":5: 答案: 'C' names no option");
    CHECK(report.inserted == 3);
    CHECK(report.committed);
    CHECK(store.count_questions({}) == 3);
}

TEST_CASE("a dry run reports what would be imported and writes nothing")
{
    test::TempDir dir;
    auto path = dir / "kiosk.db";
    auto db = test::open_content_db(path);
    content::ContentStore store(db);
    auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader + kRows);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const std::string before = test::read_file(path);

    ImportOptions o;
    o.dry_run = true;
    auto report = import_file(store, csv, o);
    CHECK(report.ok());
    CHECK(report.inserted == 3);
    CHECK_FALSE(report.committed);
    CHECK(store.count_questions({}) == 0);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    CHECK(test::read_file(path) == before);
}

TEST_CASE("importing the same CSV file twice reports duplicates and stores nothing twice")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader + kRows);
    CHECK(import_file(store, csv).inserted == 3);
    auto again = import_file(store, csv);
    CHECK(again.ok());
    CHECK(again.inserted == 0);
    REQUIRE(again.duplicates.size() == 3);
    CHECK(again.duplicates[0].line == 2);
    CHECK(store.count_questions({}) == 3);
    content::QuestionFilter all;
    all.current_only = false;
    CHECK(store.count_questions(all) == 3);
}

TEST_CASE("CSV answers as offices write them: 对/错, 正确/错误, √/×, lowercase and spaced letters, 判断题/单选题/多选题")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader +
                              "判断题,判断一。,,,,,,,正确,,电工作业,低压电工作业,甲,\r\n"
                              "判断题,判断二。,,,,,,,×,,电工作业,低压电工作业,甲,\r\n"
                              "判断,判断三。,,,,,,,√,,电工作业,低压电工作业,甲,\r\n"
                              "判断,判断四。,正确,错误,,,,,错误,,电工作业,低压电工作业,甲,\r\n"
                              "单选题,单选一。,甲,乙,丙,,,, b ,,电工作业,低压电工作业,甲,较难\r\n"
                              "多选题,多选一。,甲,乙,丙,丁,戊,己,f a ,,电工作业,低压电工作业,,\r\n");
    auto report = import_file(store, csv);
    INFO(test::joined(test::error_texts(report)));
    REQUIRE(report.ok());
    CHECK(report.inserted == 6);
    auto answer_of = [&](const std::string& stem) {
        for (const auto& q : store.questions({}))
            if (q.stem == stem) return q.answer;
        return std::string("(missing)");
    };
    CHECK(answer_of("判断一。") == "A");
    CHECK(answer_of("判断二。") == "B");
    CHECK(answer_of("判断三。") == "A");
    CHECK(answer_of("判断四。") == "B");
    CHECK(answer_of("单选一。") == "B");
    CHECK(answer_of("多选一。") == "AF");
    for (const auto& q : store.questions({}))
        if (q.stem == "多选一。") CHECK(q.chapter == "未分类");
}

TEST_CASE("the shipped CSV template imports: one question of each type")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto tpl = test::source_path("docs/templates/questions-template.csv");
    const std::string bytes = test::read_file(tpl);
    CHECK(bytes.substr(0, 3) == "\xEF\xBB\xBF");
    CHECK(bytes.substr(3, kHeader.size()) == kHeader);
    auto report = import_file(store, tpl);
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.inserted == 3);
    for (auto type : {QuestionType::TrueFalse, QuestionType::Single, QuestionType::Multiple}) {
        content::QuestionFilter f;
        f.type = type;
        CHECK(store.count_questions(f) == 1);
    }
}

TEST_CASE("CSV export writes the template's layout with a BOM and imports back to the same questions")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "a.db");
    content::ContentStore store(db);
    auto csv = dir / "questions.csv";
    test::write_file(csv, kHeader + kRows);
    REQUIRE(import_file(store, csv).inserted == 3);

    auto out = dir / "export.csv";
    auto exported = content::formats::export_csv(store, out);
    CHECK(exported.questions == 3);
    const std::string bytes = test::read_file(out);
    CHECK(bytes.substr(0, 3 + kHeader.size()) == "\xEF\xBB\xBF" + kHeader);
    CHECK_THROWS_AS(content::formats::export_csv(store, out), std::invalid_argument);

    auto db2 = test::open_content_db(dir / "b.db");
    content::ContentStore store2(db2);
    auto report = import_file(store2, out);
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.inserted == 3);
    auto a = store.questions({});
    auto b = store2.questions({});
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].uid == b[i].uid);
        CHECK(a[i].content_hash() == b[i].content_hash());
        CHECK(a[i].explanation == b[i].explanation);
        CHECK(a[i].chapter == b[i].chapter);
        CHECK(a[i].difficulty == b[i].difficulty);
    }
    // Into the database it came from, the export is all duplicates.
    CHECK(import_file(store, out).duplicates.size() == 3);
}

TEST_CASE("a CSV file without the template's header, or with an unclosed quote, is refused with its row")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto csv = dir / "questions.csv";
    test::write_file(csv, "question,answer\r\nq,A\r\n");
    auto report = import_file(store, csv);
    REQUIRE_FALSE(report.errors.empty());
    CHECK(report.errors[0].to_string().find(csv.string() + ":1: 题型: the header has no such column") == 0);

    test::write_file(csv, kHeader + kRows + "单选,\"没有结束的引号,甲,乙\r\n");
    report = import_file(store, csv);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 5);
    CHECK(report.errors[0].message.find("never closed") != std::string::npos);
    CHECK(store.count_questions({}) == 0);

    test::write_file(csv, std::string("\xFF\xFE") + "x");
    report = import_file(store, csv);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].message.find("UTF-16") != std::string::npos);
}

TEST_CASE("a stray byte in a UTF-8 file is reported at its own offset and line, not at a GB18030 offset")
{
    // 118 bytes of UTF-8 (Chinese text on two lines), then a stray 0xFF at byte 119.
    std::string text = "题型,题干\n";
    while (text.size() + 3 <= 118) text += "安";
    text += std::string(118 - text.size(), 'x');
    REQUIRE(text.size() == 118);
    text += '\xFF';
    text += "更多文字\n";
    try {
        content::formats::decode_text(text);
        FAIL("decoded a file that is neither UTF-8 nor GB18030");
    } catch (const content::formats::TextError& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find("as UTF-8, byte 119 on line 2 is not valid") != std::string::npos);
        CHECK(e.line() == 2);
    }
}

TEST_CASE("a question's chapter with a line break or another control character is refused, naming row and column")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto csv = dir / "questions.csv";
    // Row 2: Alt+Enter inside the chapter (知识点); row 3: DEL in the chapter; row 4 is fine. A line break in the stem
    // is allowed (a multi-line field).
    test::write_file(csv, kHeader +
                              "判断,\"第一行\n第二行\",,,,,,,对,,电工作业,低压电工作业,\"电工\n基础\",1\r\n"
                              "判断,题干二,,,,,,,对,,电工作业,低压电工作业,电工\x7f基础,1\r\n"
                              "判断,题干三,,,,,,,对,,电工作业,低压电工作业,电工基础,1\r\n");
    auto report = import_file(store, csv);
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].to_string().find(":2: 知识点: 含控制字符 U+000A（换行 line break）at character 3") !=
          std::string::npos);
    CHECK(report.errors[1].to_string().find(":3: 知识点: 含控制字符 U+007F") != std::string::npos);
    CHECK(store.count_questions({}) == 0);
}

TEST_CASE("control_character_problem finds C0, DEL and C1 controls and passes ordinary text")
{
    using content::control_character_problem;
    CHECK(control_character_problem("张伟").empty());
    CHECK(control_character_problem("Zhang Wei（某厂） ·—").empty());
    CHECK(control_character_problem(std::string("a\0b", 3)).find("U+0000（NUL）at character 2") != std::string::npos);
    CHECK(control_character_problem("张\x1b").find("U+001B（ESC）at character 2") != std::string::npos);
    CHECK(control_character_problem("x\r\n").find("U+000D") != std::string::npos);
    CHECK(control_character_problem("\xC2\x9F").find("U+009F") != std::string::npos);
    CHECK(control_character_problem("\xC2\xA0").empty()); // no-break space: not a control
}
