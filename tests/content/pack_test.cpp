#include "content/formats/export.hpp"
#include "content/formats/import.hpp"
#include "tests/support/images.hpp"
#include "tests/content/import_support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace sk;
using content::Exhibit;
using content::Question;
using content::QuestionType;
using content::formats::ImportOptions;
using content::formats::import_path;
namespace fs = std::filesystem;

namespace {
// Enough of a PNG for the importer, which checks the signature.
const std::string& kPng = test::kTinyPng;
const std::string& kJpeg = test::kTinyJpeg;

Question question(const std::string& uid, QuestionType type, const std::string& stem)
{
    Question q;
    q.uid = uid;
    q.type = type;
    q.category = "电工作业";
    q.item = "低压电工作业";
    q.chapter = "触电急救";
    q.stem = stem;
    if (type == QuestionType::TrueFalse) {
        q.options = content::true_false_options();
        q.answer = "B";
    } else {
        q.options = {"甲", "乙", "丙", "丁"};
        q.answer = type == QuestionType::Single ? "C" : "ABD";
    }
    return q;
}

Exhibit exhibit()
{
    Exhibit e;
    e.uid = "case-fire-01";
    e.title = "某仓库违规电焊引发火灾";
    e.industry = "火灾";
    e.date = "2021-06-12";
    e.place = "某市某区某物流园";
    e.deaths = 2;
    e.injuries = 3;
    e.summary = "一名未持证人员在堆放纸箱的仓库内电焊，火花引燃货物。";
    e.timeline = {{"14:05", "开始电焊"}, {"14:20", "发现起火"}};
    e.direct_causes = {"无证动火作业"};
    e.underlying_causes = {"动火审批流于形式"};
    e.violations = {{"违章作业", "未办理动火作业票"}};
    e.lessons = {"动火必须审批"};
    e.do_instead = {"清理可燃物，配备灭火器并安排监护人"};
    e.images = {{"images/case-fire-01.jpg", "现场"}};
    Question q;
    q.uid = "case-fire-01-q1";
    q.type = QuestionType::Single;
    q.stem = "动火作业前必须（ ）。";
    q.options = {"办理动火审批", "先干再说", "只带水桶"};
    q.answer = "A";
    q.explanation = "动火作业实行审批制度。";
    q.pool = content::Pool::Practice;
    e.quiz = {q};
    return e;
}

// A database with questions of every kind: versions, drafts, pools, an image, and an exhibit.
void fill(content::ContentStore& store)
{
    store.put_media("images/sign-electric.png", std::vector<unsigned char>(kPng.begin(), kPng.end()));
    store.put_media("images/case-fire-01.jpg", std::vector<unsigned char>(kJpeg.begin(), kJpeg.end()));
    auto tf = question("elv-0001", QuestionType::TrueFalse, "电工作业可以由未持证人员进行。");
    tf.explanation = "须持证上岗。";
    store.save_question(tf);
    auto single = question("elv-0002", QuestionType::Single, "发现有人触电，首先应当（ ）。");
    single.image = "images/sign-electric.png";
    single.difficulty = 2;
    store.save_question(single);
    single.options[3] = "打电话后等待"; // a second version
    store.save_question(single);
    auto multi = question("elv-0003", QuestionType::Multiple, "\"两票\"指（ ）。\n换行与 \\ 反斜杠");
    multi.pool = content::Pool::Exam;
    multi.status = content::Status::Draft;
    store.save_question(multi);
    store.save_exhibit(exhibit());
}

std::vector<std::string> exported_files(const fs::path& dir)
{
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) out.push_back(fs::relative(entry.path(), dir).generic_string());
    std::sort(out.begin(), out.end());
    return out;
}

void write_pack(const fs::path& dir, const std::string& questions, const std::string& exhibits = "")
{
    fs::create_directories(dir / "images");
    test::write_file(dir / "pack.json",
                     R"({"format":"safekiosk-pack","version":1,"name":"t","questions":["questions.jsonl"],"exhibits":["exhibits.jsonl"]})");
    test::write_file(dir / "questions.jsonl", questions);
    test::write_file(dir / "exhibits.jsonl", exhibits);
    test::write_file(dir / "images" / "a.png", kPng);
}

const std::string kGoodLine =
    R"({"uid":"p-1","type":"single","category":"电工作业","item":"低压电工作业","chapter":"触电急救","stem":"题干？","options":["甲","乙"],"answer":"A"})";
} // namespace

TEST_CASE("pack round trip: export, import into an empty database, export again gives byte-identical files")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "a.db");
    content::ContentStore store(db);
    fill(store);

    auto first = dir / "first";
    auto report = content::formats::export_pack(store, first);
    CHECK(report.questions == 3);
    CHECK(report.exhibits == 1);
    CHECK(report.media == 2);
    CHECK(exported_files(first) == std::vector<std::string>{"exhibits.jsonl", "images/case-fire-01.jpg",
                                                             "images/sign-electric.png", "pack.json",
                                                             "questions.jsonl"});
    // Lines sorted by uid, keys in the documented order, current versions only.
    const std::string lines = test::read_file(first / "questions.jsonl");
    CHECK(lines.find(R"({"uid":"elv-0001","version":1,"type":"tf","category":"电工作业","item":"低压电工作业",)"
                     R"("chapter":"触电急救","difficulty":3,"pool":"both","status":"published",)"
                     R"("stem":"电工作业可以由未持证人员进行。","options":["正确","错误"],"answer":"B",)"
                     R"("explanation":"须持证上岗。"})"
                     "\n") == 0);
    CHECK(lines.find(R"("uid":"elv-0002","version":2)") != std::string::npos);
    CHECK(lines.find(R"("uid":"elv-0002","version":1)") == std::string::npos);
    CHECK(lines.find("elv-0001") < lines.find("elv-0002"));
    CHECK(lines.find("elv-0002") < lines.find("elv-0003"));

    auto db2 = test::open_content_db(dir / "b.db");
    content::ContentStore store2(db2);
    auto imported = import_path(store2, first, {});
    INFO(test::joined(test::error_texts(imported)));
    CHECK(imported.ok());
    CHECK(imported.inserted == 3);
    CHECK(imported.exhibits_inserted == 1);
    CHECK(imported.media_stored == 2);

    auto second = dir / "second";
    content::formats::export_pack(store2, second);
    REQUIRE(exported_files(second) == exported_files(first));
    for (const auto& f : exported_files(first)) {
        INFO(f);
        CHECK(test::read_file(second / f) == test::read_file(first / f));
    }
    CHECK(store2.question_by_uid("elv-0003")->status == content::Status::Draft);
    CHECK(store2.question_by_uid("elv-0002")->version == 2);

    // Importing the same pack again changes nothing.
    auto again = import_path(store2, first, {});
    CHECK(again.inserted == 0);
    CHECK(again.duplicates.size() == 3);
    CHECK(again.exhibits_unchanged == 1);
}

TEST_CASE("pack export refuses a non-empty folder unless told to overwrite")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "a.db");
    content::ContentStore store(db);
    fill(store);
    test::write_file(dir / "out.txt", "x");
    fs::create_directories(dir / "busy");
    test::write_file(dir / "busy" / "notes.txt", "keep me");
    CHECK_THROWS_WITH_AS(content::formats::export_pack(store, dir / "busy"), doctest::Contains("not empty"),
                         std::invalid_argument);
    content::formats::ExportOptions o;
    o.overwrite = true;
    CHECK(content::formats::export_pack(store, dir / "busy", o).questions == 3);
    CHECK(test::read_file(dir / "busy" / "notes.txt") == "keep me");
}

TEST_CASE("a pack with errors names file, line and field of each, and imports nothing")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto pack = dir / "pack";
    std::string q = kGoodLine + "\n";
    q += "\n";                                                                                   // 2: blank, ignored
    q += "{not json\n";                                                                          // 3
    q += R"({"uid":"p-2","type":"single","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s","options":["甲","乙"],"answer":"C"})" "\n"; // 4
    q += R"({"uid":"p-3","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s2","answer":"A","explaination":"typo"})" "\n"; // 5
    q += R"({"uid":"p-1","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s3","answer":"A"})" "\n"; // 6
    q += R"({"uid":"p-4","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s4","answer":"A","image":"images/missing.png"})" "\n"; // 7
    q += R"({"uid":"p-5","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s5","answer":"A","image":"../secret.png"})" "\n"; // 8
    q += R"({"uid":"p-6","type":"essay","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s6","answer":"A"})" "\n"; // 9
    q += R"({"uid":"p-7","type":"tf","category":"电工作业","item":"海底作业","chapter":"c","stem":"s7","answer":"A"})" "\n"; // 10
    write_pack(pack, q);
    auto report = import_path(store, pack, {});
    const std::string f = (pack / "questions.jsonl").string();
    auto errors = test::error_texts(report);
    INFO(test::joined(errors));
    REQUIRE(errors.size() == 8);
    CHECK(errors[0].find(f + ":3: is not valid JSON") == 0);
    CHECK(errors[1] == f + ":4: answer: 'C' names no option");
    CHECK(errors[2] == f + ":5: explaination: is not a field of this format (misspelt?)");
    CHECK(errors[3] == f + ":6: uid: 'p-1' is also used at " + f + ":1");
    CHECK(errors[4] == f + ":7: image: 'images/missing.png' is not in the pack");
    CHECK(errors[5].find(f + ":8: image: '../secret.png' must be a relative path inside the pack") == 0);
    CHECK(errors[6] == f + ":9: type: 'essay' is not tf, single or multi");
    CHECK(errors[7] == f + ":10: item: '海底作业' is not an item of '电工作业' in the catalogue");
    CHECK_FALSE(report.committed);
    CHECK(store.count_questions({}) == 0);
    CHECK(store.media_paths().empty());

    ImportOptions skip;
    skip.skip_invalid = true;
    auto partial = import_path(store, pack, skip);
    CHECK(partial.inserted == 1);
    CHECK(store.count_questions({}) == 1);
}

TEST_CASE("a question line's wrong fields are named alike whichever JSON reader reads the line")
{
    // The usual line is read by simdjson; the same line with a fractional number or an object in it by nlohmann.
    // Both must name the same fields, with the same messages, in the same order (unknown keys sorted).
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto pack = dir / "pack";
    const std::string fields =
        R"("zeta":1,"uid":5,"version":2000000,"type":"single","category":"电工作业","item":"低压电工作业",)"
        R"("chapter":["c"],"difficulty":"hard","stem":true,"options":"甲","answer":null,"alpha":"x")";
    write_pack(pack, "{" + fields + "}\n{" + fields + R"(,"beta":1.5})" + "\n{" + fields + R"(,"beta":{"x":[1]}})" + "\n");
    auto report = import_path(store, pack, {});
    const std::string f = (pack / "questions.jsonl").string();
    auto expected = [&](int line, bool beta) {
        const std::string at = f + ":" + std::to_string(line) + ": ";
        std::vector<std::string> e{at + "alpha: is not a field of this format (misspelt?)"};
        if (beta) e.push_back(at + "beta: is not a field of this format (misspelt?)");
        for (const char* rest : {"zeta: is not a field of this format (misspelt?)", "uid: must be a string",
                                 "version: is out of range", "chapter: must be a string",
                                 "difficulty: must be a whole number", "stem: must be a string",
                                 "options: must be a list of strings", "answer: must be a string"})
            e.push_back(at + rest);
        return e;
    };
    std::vector<std::string> all = expected(1, false);
    for (int line : {2, 3})
        for (const auto& e : expected(line, true)) all.push_back(e);
    CHECK(test::joined(test::error_texts(report)) == test::joined(all));
    CHECK(store.count_questions({}) == 0);
}

TEST_CASE("exhibit lines with a bad timeline, bad violations or no JSON name their file, line and field")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto pack = dir / "pack";
    auto good = nlohmann::json::parse(content::formats::exhibit_json_line(exhibit()));
    good["images"] = nlohmann::json::array();
    good["quiz"] = nlohmann::json::array();
    auto bad_timeline = good;
    bad_timeline["timeline"] = nlohmann::json::array({{{"time", "08:00"}, {"event", "开工"}}, {{"time", "09:00"}}});
    auto bad_violations = good;
    bad_violations["violations"] = nlohmann::json::array({"违章作业"});
    bad_violations["uid"] = "case-other";
    write_pack(pack, "", bad_timeline.dump() + "\n[1]\n" + bad_violations.dump() + "\n{\"uid\":\n");
    auto report = import_path(store, pack, {});
    const std::string f = (pack / "exhibits.jsonl").string();
    auto errors = test::error_texts(report);
    INFO(test::joined(errors));
    REQUIRE(errors.size() == 4);
    CHECK(errors[0] == f + ":1: timeline: each entry must be {\"time\": \"…\", \"event\": \"…\"}");
    CHECK(errors[1] == f + ":2: must be a JSON object");
    CHECK(errors[2] == f + ":3: violations: each entry must be {\"kind\": \"…\", \"text\": \"…\"}");
    CHECK(errors[3].find(f + ":4: is not valid JSON") == 0);
    CHECK(store.exhibits().empty());
}

TEST_CASE("a pack that lists a missing file, or is newer than this program, is refused naming the problem")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto pack = dir / "pack";
    write_pack(pack, kGoodLine + "\n");
    test::write_file(pack / "pack.json",
                     R"({"format":"safekiosk-pack","version":1,"questions":["questions.jsonl","questions/welding.jsonl"]})");
    auto report = import_path(store, pack, {});
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].to_string() ==
          (pack / "pack.json").string() + ":1: questions: lists 'questions/welding.jsonl', which is not in the pack");
    CHECK(store.count_questions({}) == 0);

    test::write_file(pack / "pack.json", R"({"format":"safekiosk-pack","version":2,"questions":["questions.jsonl"]})");
    report = import_path(store, pack, {});
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].message.find("newer than this program reads") != std::string::npos);

    ImportOptions as_pack;
    as_pack.format = content::formats::Format::Pack;
    report = import_path(store, dir / "no-such-pack", as_pack);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].message.find("is not a pack folder") != std::string::npos);
    CHECK(store.count_questions({}) == 0);
}

TEST_CASE("pack exhibits: a quiz uid may not take the uid of a catalogue question")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto pack = dir / "pack";
    auto e = content::formats::exhibit_json_line(exhibit());
    write_pack(pack, "", e + "\n");
    fs::copy_file(pack / "images" / "a.png", pack / "images" / "case-fire-01.jpg");
    // A JPEG name holding a PNG is still an image; the importer checks the content, not the name.
    auto ok = import_path(store, pack, {});
    INFO(test::joined(test::error_texts(ok)));
    CHECK(ok.exhibits_inserted == 1);

    auto db2 = test::open_content_db(dir / "other.db");
    content::ContentStore store2(db2);
    auto clash = question("case-fire-01-q1", QuestionType::TrueFalse, "已有的题目。");
    store2.save_question(clash);
    auto report = import_path(store2, pack, {});
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].field == "quiz[1].uid");
    CHECK(store2.count_exhibits() == 0);
}

TEST_CASE("the bundled demo pack imports: every question and exhibit of every listed file, with no error")
{
    const fs::path demo = test::source_path("media/demo-pack");
    const auto manifest = nlohmann::json::parse(test::read_file(demo / "pack.json"));
    REQUIRE(manifest.at("format") == "safekiosk-pack");

    test::TempDir dir;
    int question_lines = 0, exhibit_lines = 0;
    for (const char* key : {"questions", "exhibits"})
        for (const auto& f : manifest.value(key, nlohmann::json::array())) {
            const auto rel = f.get<std::string>();
            REQUIRE_MESSAGE(fs::exists(demo / rel), rel);
            std::ifstream in(demo / rel);
            std::string line;
            while (std::getline(in, line))
                if (line.find_first_not_of(" \t\r") != std::string::npos) ++(std::string(key) == "questions" ? question_lines : exhibit_lines);
        }
    // The five demo items with enough questions for two 70 + 30 papers each, and at least 12 cases.
    CHECK(question_lines >= 1000);
    CHECK(exhibit_lines >= 12);

    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto report = import_path(store, demo, {});
    INFO(test::joined(test::error_texts(report)));
    CHECK(report.ok());
    CHECK(report.duplicates.empty());
    CHECK(report.inserted == question_lines);
    CHECK(report.exhibits_inserted == exhibit_lines);
    CHECK(store.count_questions({}) == question_lines);
    CHECK(store.count_exhibits() == exhibit_lines);
}

TEST_CASE("a pack line or pack.json with a key given twice is refused naming the line and the key")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto pack = dir / "pack";
    // "answer" A then D, "pool" practice then exam: the last one was taken silently.
    std::string q = kGoodLine + "\n";
    q += R"({"uid":"p-2","type":"single","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s","options":["甲","乙","丙","丁"],"answer":"A","answer":"D"})" "\n";
    q += R"({"uid":"p-3","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s","answer":"A","pool":"practice","pool":"exam"})" "\n";
    write_pack(pack, q);
    auto report = import_path(store, pack, {});
    const std::string f = (pack / "questions.jsonl").string();
    auto errors = test::error_texts(report);
    INFO(test::joined(errors));
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].find(f + ":2: answer: the key \"answer\" appears twice") == 0);
    CHECK(errors[1].find(f + ":3: pool: the key \"pool\" appears twice") == 0);
    CHECK(store.question_by_uid("p-1") == std::nullopt);

    test::write_file(pack / "pack.json",
                     R"({"format":"safekiosk-pack","version":1,"questions":["questions.jsonl"],"questions":[]})");
    errors = test::error_texts(import_path(store, pack, {}));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("questions: the key \"questions\" appears twice") != std::string::npos);
}

TEST_CASE("an imported question with a 50 MB stem, a NUL in a text or an image path, or an image linked from outside "
          "the pack is refused naming line and field")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto pack = dir / "pack";
    const std::string huge(50 * 1000 * 1000, 'x');
    std::string q = kGoodLine + "\n";
    q += R"({"uid":"p-2","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":")" + huge +
         R"(","answer":"A"})" "\n";
    q += R"({"uid":"p-3","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"a\u0000b","answer":"A"})" "\n";
    q += R"({"uid":"p-4","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s","answer":"A","image":"images/a.png\u0000.txt"})" "\n";
    q += R"({"uid":"p-5","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s","answer":"A","image":"images/outside.png"})" "\n";
    write_pack(pack, q);
    test::write_file(dir / "secret.png", kPng);
    fs::create_symlink(dir / "secret.png", pack / "images" / "outside.png");
    auto report = import_path(store, pack, {});
    const std::string f = (pack / "questions.jsonl").string();
    auto errors = test::error_texts(report);
    REQUIRE(errors.size() == 4);
    CHECK(errors[0] == f + ":2: stem: is 50000000 bytes long; at most 32768 bytes are allowed (docs/limits.md)");
    CHECK(errors[1] == f + ":3: stem: contains a NUL character");
    CHECK(errors[2] == f + ":4: image: contains a NUL character");
    CHECK(errors[3] == f + ":5: image: 'images/outside.png' leads out of the pack (a symbolic link to a file elsewhere)");
    CHECK(store.question_by_uid("p-1") == std::nullopt);
}

TEST_CASE("a truncated or damaged PNG or JPEG in a pack is refused at import naming the line and the file")
{
    test::TempDir dir;
    auto db = test::open_content_db(dir / "kiosk.db");
    content::ContentStore store(db);
    auto pack = dir / "pack";
    std::string q = kGoodLine + "\n";
    q += R"({"uid":"p-2","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s","answer":"A","image":"images/cut.png"})" "\n";
    q += R"({"uid":"p-3","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s","answer":"A","image":"images/crc.png"})" "\n";
    q += R"({"uid":"p-4","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"c","stem":"s","answer":"A","image":"images/cut.jpg"})" "\n";
    write_pack(pack, q);
    const std::string photo = test::read_file(test::source_path("media/demo-people/person-1.png"));
    test::write_file(pack / "images" / "cut.png", photo.substr(0, 300));
    std::string crc = test::kTinyPng;
    crc[40] ^= 0x55; // a byte of the image data: its CRC no longer matches
    test::write_file(pack / "images" / "crc.png", crc);
    test::write_file(pack / "images" / "cut.jpg", test::kTinyJpeg.substr(0, test::kTinyJpeg.size() - 40));
    auto report = import_path(store, pack, {});
    const std::string f = (pack / "questions.jsonl").string();
    auto errors = test::error_texts(report);
    INFO(test::joined(errors));
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].find(f + ":2: image: 'images/cut.png' is a damaged or truncated PNG image") == 0);
    CHECK(errors[1].find(f + ":3: image: 'images/crc.png' is a damaged or truncated PNG image") == 0);
    CHECK(errors[2].find(f + ":4: image: 'images/cut.jpg' is a damaged or truncated JPEG image") == 0);
    CHECK(store.question_by_uid("p-1") == std::nullopt);
}
