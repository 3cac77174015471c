// zh-HK texts: OpenCC s2hk with the correction list, stored with the content and corrected by an editor
// (content/zh_hk). Every case runs on SQLite and again on PostgreSQL (tests/CMakeLists.txt).
#include "content/formats/import.hpp"
#include "content/storage/content_store.hpp"
#include "content/zh_hk/convert.hpp"
#include "content/zh_hk/texts.hpp"
#include "tests/content/sample_question.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

using namespace sk;
namespace zh_hk = sk::content::zh_hk;

namespace {

storage::Database open_db(const std::string& locator) { return storage::open(locator, {&content::schema()}); }

// The demo bank's questions by uid: stem, options and explanation as the pack holds them.
std::map<std::string, nlohmann::json> demo_questions()
{
    std::map<std::string, nlohmann::json> out;
    for (const char* file : {"work-at-height.jsonl", "chlorination-process.jsonl", "general-industry-managers.jsonl",
                             "low-voltage-electrician.jsonl", "welding-cutting.jsonl"}) {
        std::ifstream in(test::source_path(std::string("media/demo-pack/questions/") + file));
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) {
                auto j = nlohmann::json::parse(line);
                out[j.at("uid").get<std::string>()] = j;
            }
    }
    return out;
}

std::string stem(const std::map<std::string, nlohmann::json>& bank, const std::string& uid)
{
    return bank.at(uid).at("stem").get<std::string>();
}

} // namespace

TEST_CASE("demo-bank texts convert to Hong Kong Traditional with the correction list applied")
{
    const auto bank = demo_questions();
    REQUIRE(bank.size() > 500);
    const zh_hk::Converter& c = zh_hk::Converter::shared();
    // s2hk alone writes 幹燥 here (dry is 乾燥); the correction list fixes it.
    CHECK(c.convert(stem(bank, "chlor-0140")) ==
          "鈦材耐濕氯氣腐蝕，但與乾燥氯氣接觸可能劇烈反應甚至燃燒，不能用於乾燥氯氣系統。");
    CHECK(c.convert("作业场所应保持干燥") == "作業場所應保持乾燥");
    // The bucket of an aerial work platform (工作斗) is not a fight (鬥).
    const std::string bucket = c.convert(stem(bank, "height-0136"));
    CHECK(bucket.find("工作斗") != std::string::npos);
    CHECK(bucket.find("鬥") == std::string::npos);
    // What s2hk gets right stays: 繫好安全帶, 乾粉滅火器, and Latin letters, digits and quotes are kept.
    CHECK(c.convert("系好安全带，使用干粉灭火器") == "繫好安全帶，使用乾粉滅火器");
    CHECK(c.convert("GB 50194 规定 3.5米，“必须”") == "GB 50194 規定 3.5米，“必須”");

    // No converted text of the whole bank keeps a wrong form the list names.
    const auto& rows = zh_hk::CorrectionList::builtin().rows();
    REQUIRE(rows.size() >= 8);
    std::size_t texts = 0;
    for (const auto& [uid, q] : bank) {
        std::vector<std::string> fields{q.at("stem").get<std::string>(), q.at("explanation").get<std::string>()};
        for (const auto& o : q.at("options")) fields.push_back(o.get<std::string>());
        for (const auto& f : fields) {
            const std::string hk = c.convert(f);
            ++texts;
            for (const auto& r : rows)
                if (hk.find(r.wrong) != std::string::npos) FAIL_CHECK(uid << ": '" << r.wrong << "' left in " << hk);
        }
    }
    CHECK(texts > 3000);
}

TEST_CASE("a correction list row that is wrong is refused with its file and line")
{
    auto error_of = [](const std::string& text) {
        try {
            zh_hk::CorrectionList::parse(text, "fixes.tsv");
        } catch (const zh_hk::ConversionError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of("# comment\n\n所幹燥\n") ==
          "fixes.tsv:3: expected 2 or 3 tab-separated columns (wrong, right[, note]), found 1");
    CHECK(error_of("所幹燥\t所乾燥\n所幹燥\t場所\n") == "fixes.tsv:2: '所幹燥' is corrected already (fixes.tsv:1)");
    CHECK(error_of("幹\t幹\n") == "fixes.tsv:1: the right text is the wrong text itself ('幹')");
    CHECK(error_of("\t乾\n") == "fixes.tsv:1: the wrong text (column 1) is empty");
    CHECK(error_of("a\xff\tb\n") == "fixes.tsv:1: not UTF-8 (byte 2)");

    // A list of a kiosk's own replaces the built-in row for the same wrong text and adds its others.
    zh_hk::CorrectionList list = zh_hk::CorrectionList::builtin();
    list.merge(zh_hk::CorrectionList::parse("所幹燥\t所干燥\n臺階\t台階\n", "own.tsv"));
    const zh_hk::Converter own(list);
    CHECK(own.convert("场所干燥") == "場所干燥");
    CHECK(own.convert("上台阶") == "上台階");
}

TEST_CASE("imported and saved content has its zh-HK texts stored, and they survive re-opening")
{
    test::TempDir dir;
    const std::string locator = dir.database("kiosk.db");
    {
        auto db = open_db(locator);
        content::ContentStore store(db);
        content::Question q = test::sample_question();
        q.stem = "作业场所应保持干燥，发现有人触电时首先应当（ ）。";
        q.explanation = "先断电，再施救。";
        store.save_question(q);
        content::Exhibit e;
        e.uid = "case-1";
        e.title = "某工地高空作业车工作斗倾翻";
        e.industry = "建筑施工";
        e.date = "2022-05-18";
        e.place = "某市某区";
        e.summary = "工人未系好安全带。";
        e.timeline = {{"07:00", "班前会上，班组长要求当天完工。"}};
        content::Question quiz = test::sample_question("case-1-q1");
        quiz.category.clear();
        quiz.item.clear();
        quiz.stem = "在工作斗内作业应当（ ）。";
        e.quiz = {quiz};
        store.save_exhibit(e);
    }
    auto db = open_db(locator);
    zh_hk::TextStore texts(db);
    CHECK(texts.shown("作业场所应保持干燥，发现有人触电时首先应当（ ）。") ==
          "作業場所應保持乾燥，發現有人觸電時首先應當（ ）。");
    CHECK(texts.shown("切断电源") == "切斷電源");
    CHECK(texts.shown("先断电，再施救。") == "先斷電，再施救。");
    CHECK(texts.shown("某工地高空作业车工作斗倾翻") == "某工地高空作業車工作斗傾翻");
    CHECK(texts.shown("班前会上，班组长要求当天完工。") == "班前會上，班組長要求當天完工。");
    CHECK(texts.shown("在工作斗内作业应当（ ）。") == "在工作斗內作業應當（ ）。");
    CHECK(texts.shown("工人未系好安全带。") == "工人未繫好安全帶。");
    // Texts with no Chinese are not stored; an unknown text is shown as it is.
    CHECK_FALSE(texts.find("07:00"));
    CHECK(texts.shown("从未保存的文字") == "从未保存的文字");
}

TEST_CASE("editing a question converts its new text, and an editor's correction is kept and shown")
{
    test::TempDir dir;
    auto db = open_db(dir.database("kiosk.db"));
    content::ContentStore store(db);
    content::Question q = test::sample_question();
    store.save_question(q);
    zh_hk::TextStore texts(db);
    REQUIRE(texts.find(q.stem));
    CHECK_FALSE(texts.find("发现有人触电，应立即切断电源（ ）。"));

    q.stem = "发现有人触电，应立即切断电源（ ）。";
    CHECK(store.save_question(q).outcome == content::SaveOutcome::NewVersion);
    auto stored = texts.find(q.stem);
    REQUIRE(stored);
    CHECK(stored->converted == "發現有人觸電，應立即切斷電源（ ）。");
    CHECK_FALSE(stored->corrected);

    // The editor's own wording is shown instead, and survives the same text being saved again.
    CHECK(texts.set_corrected(stored->id, std::string("發現有人觸電，應即刻切斷電源（ ）。")));
    q.explanation = "切斷電源最要緊。";
    store.save_question(q);
    CHECK(texts.shown(q.stem) == "發現有人觸電，應即刻切斷電源（ ）。");
    REQUIRE(texts.all(true).size() == 1);
    CHECK(texts.all(true)[0].source == q.stem);
    CHECK_THROWS_AS(texts.set_corrected(stored->id, std::string("  ")), std::invalid_argument);
    CHECK_FALSE(texts.set_corrected(999999, std::string("字")));
    CHECK(texts.set_corrected(stored->id, std::nullopt));
    CHECK(texts.shown(q.stem) == "發現有人觸電，應立即切斷電源（ ）。");
}

TEST_CASE("the demo pack's import stores a zh-HK text for every question text")
{
    test::TempDir dir;
    auto db = open_db(dir.database("kiosk.db"));
    content::ContentStore store(db);
    content::formats::ImportOptions options;
    const auto report = content::formats::import_path(store, test::source_path("media/demo-pack"), options);
    REQUIRE(report.committed);
    zh_hk::TextStore texts(db);
    const auto qs = store.questions({});
    REQUIRE(qs.size() > 500);
    // Every text OpenCC changes is stored (texts without Chinese, "36V", are not).
    std::size_t stored = 0;
    for (const auto& q : qs)
        for (const auto& t : zh_hk::question_texts(q)) {
            if (texts.find(t)) ++stored;
            else if (zh_hk::Converter::shared().convert(t) != t) FAIL_CHECK(q.uid << ": no zh-HK text for " << t);
        }
    CHECK(stored > 3000);
    CHECK(texts.shown(store.question_by_uid("chlor-0140")->stem).find("乾燥氯氣") != std::string::npos);
    const auto exhibits = store.exhibits();
    REQUIRE_FALSE(exhibits.empty());
    CHECK(texts.find(exhibits.front().title));
    CHECK(texts.find(exhibits.front().timeline.front().event));
}

TEST_CASE("a question and an exhibit shown in zh-HK take every text from the store and keep their keys")
{
    test::TempDir dir;
    auto db = open_db(dir.database("kiosk.db"));
    content::ContentStore store(db);
    content::Question q = test::sample_question();
    store.save_question(q);
    content::Exhibit e;
    e.uid = "case-1";
    e.title = "某工地高处坠落";
    e.industry = "建筑施工";
    e.date = "2022-05-18";
    e.place = "某市某区";
    e.summary = "工人未系好安全带。";
    e.lessons = {"高处作业必须系好安全带"};
    e.violations = {{"违章作业", "拆除防护栏杆"}};
    e.images = {{"images/a.png", "事故现场"}};
    store.save_exhibit(e);
    zh_hk::TextStore texts(db);
    const auto hq = zh_hk::localised(*store.question_by_uid("elv-1"), texts);
    CHECK(hq.stem == "發現有人觸電，首先應當（ ）。");
    CHECK(hq.options == std::vector<std::string>{"切斷電源", "用手去拉", "等待救護車"});
    CHECK(hq.answer == "A");
    CHECK(hq.uid == "elv-1");
    const auto he = zh_hk::localised(*store.exhibit("case-1"), texts);
    CHECK(he.title == "某工地高處墜落");
    CHECK(he.industry == "建築施工");
    CHECK(he.lessons == std::vector<std::string>{"高處作業必須繫好安全帶"});
    CHECK(he.violations[0].kind == "違章作業");
    CHECK(he.images[0].file == "images/a.png");
    CHECK(he.images[0].caption == "事故現場");
    CHECK(he.date == "2022-05-18");
    // The glyphs a display needs: every character of the shown texts, each once.
    const std::string chars = texts.characters();
    for (const char* c : {"墜", "觸", "斷", "繫", "築"}) CHECK(chars.find(c) != std::string::npos);
    CHECK(chars.find("墜") == chars.rfind("墜"));
}
