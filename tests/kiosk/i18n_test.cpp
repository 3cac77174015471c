// UI strings: every key in every language, every key used, placeholders filled.
#include "content/zh_hk/convert.hpp"
#include "kiosk/app/i18n.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

using namespace sk;
using kiosk::Key;

TEST_CASE("every UI string key is in every language file and no file has a key the kiosk does not know")
{
    std::set<std::string> known;
    for (const auto& k : kiosk::all_keys()) known.insert(k.name);
    for (const auto& e : exam::exam_errors()) known.insert(std::string("error.") + e.key);
    for (const auto& lang : kiosk::languages()) {
        INFO(lang);
        const auto file = test::source_path("kiosk/i18n/" + lang + ".json");
        const auto j = nlohmann::json::parse(test::read_file(file));
        std::set<std::string> in_file;
        for (const auto& item : j.items()) {
            const std::string& key = item.key(); // not a structured binding: clang 14 cannot capture one
            const auto& value = item.value();
            CHECK_MESSAGE(known.count(key), "unknown key " << key);
            CHECK(value.is_string());
            CHECK(!value.get<std::string>().empty());
            in_file.insert(key);
        }
        for (const auto& k : known) CHECK_MESSAGE(in_file.count(k), "missing key " << k);
        // The file built into the program is this file.
        CHECK(kiosk::language_file(lang) == test::read_file(file));
        CHECK_NOTHROW(kiosk::Strings::load(lang));
    }
    CHECK(kiosk::languages().front() == "zh-CN");
}

TEST_CASE("every UI string key is used by the kiosk code")
{
    std::string code;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(test::source_path("kiosk"))) {
        const auto ext = entry.path().extension();
        if ((ext == ".cpp" || ext == ".hpp") && entry.path().filename() != "i18n.hpp")
            code += test::read_file(entry.path());
    }
    for (const auto& k : kiosk::all_keys())
        CHECK_MESSAGE(code.find(std::string("Key::") + k.id) != std::string::npos, "unused key " << k.name);
}

TEST_CASE("a language file without a key is refused naming the file and the key")
{
    auto j = nlohmann::json::parse(kiosk::language_file("zh-CN"));
    j.erase("quiz.next");
    try {
        kiosk::Strings::parse(j.dump(), "zh-CN.json");
        FAIL("accepted a file without quiz.next");
    } catch (const kiosk::I18nError& e) {
        CHECK(std::string(e.what()).find("zh-CN.json") != std::string::npos);
        CHECK(std::string(e.what()).find("quiz.next") != std::string::npos);
    }
    CHECK_THROWS_AS(kiosk::Strings::load("fr"), kiosk::I18nError);
}

TEST_CASE("texts fill their placeholders in order in both languages")
{
    const auto zh = kiosk::Strings::load("zh-CN");
    CHECK(zh.format(Key::quiz_progress, {"1", "3"}) == "第 1 题 / 共 3 题");
    CHECK(zh(Key::attract_cta) == "触摸屏幕开始");
    const auto en = kiosk::Strings::load("en");
    CHECK(en.format(Key::quiz_progress, {"2", "5"}) == "Question 2 of 5");
}

TEST_CASE("the exam engine's refusals are worded in the kiosk's language with their parameters")
{
    const exam::ExamError wrong_room(exam::ExamErrc::wrong_room, {"第二考场"});
    CHECK(kiosk::Strings::load("zh-CN").error(wrong_room) == "您的考场是“第二考场”，请到正确的考场参加考试");
    CHECK(kiosk::Strings::load("en").error(wrong_room) == "Your exam room is “第二考场”: please go to that room");
    const exam::ExamError time_up(exam::ExamErrc::time_up);
    CHECK(kiosk::Strings::load("zh-CN").error(time_up) == "考试时间已到，试卷已自动提交");
    // A file without an error's key is refused like one without a UI key.
    auto j = nlohmann::json::parse(kiosk::language_file("en"));
    j.erase("error.time_up");
    CHECK_THROWS_WITH_AS(kiosk::Strings::parse(j.dump(), "en.json"), doctest::Contains("error.time_up"), kiosk::I18nError);
}

TEST_CASE("the zh-HK texts are Traditional Chinese in Hong Kong wording, with the placeholders of zh-CN")
{
    const auto cn = kiosk::Strings::load("zh-CN");
    const auto hk = kiosk::Strings::load("zh-HK");
    // OpenCC changes nothing more in a text that is Traditional already, but for 准 (permit, as in 准考證), which
    // is also the Simplified form of 準 (standard).
    const auto& s2hk = content::zh_hk::Converter::shared();
    for (const auto& k : kiosk::all_keys()) {
        INFO(k.name);
        const std::string& text = hk(k.key);
        if (k.key == Key::lang_simplified) { // the button naming Simplified Chinese, in it: the same in every file
            CHECK(text == cn(k.key));
            continue;
        }
        std::string again = s2hk.convert(text);
        for (auto at = again.find("準考證"); at != std::string::npos; at = again.find("準考證", at))
            again.replace(at, std::string("準").size(), "准");
        CHECK(again == text);
        for (int i = 0; i < 6; ++i) {
            const std::string mark = "{" + std::to_string(i) + "}";
            CHECK((cn(k.key).find(mark) != std::string::npos) == (text.find(mark) != std::string::npos));
        }
    }
    // The exam library's refusals too: Traditional, Hong Kong wording, the same placeholders as zh-CN.
    const auto cn_file = nlohmann::json::parse(kiosk::language_file("zh-CN"));
    const auto hk_file = nlohmann::json::parse(kiosk::language_file("zh-HK"));
    for (const auto& e : exam::exam_errors()) {
        const std::string name = std::string("error.") + e.key;
        INFO(name);
        const auto text = hk_file.at(name).get<std::string>();
        const auto cn_text = cn_file.at(name).get<std::string>();
        std::string again = s2hk.convert(text);
        for (auto at = again.find("準考證"); at != std::string::npos; at = again.find("準考證", at))
            again.replace(at, std::string("準").size(), "准");
        CHECK(again == text);
        for (int i = 0; i < 6; ++i) {
            const std::string mark = "{" + std::to_string(i) + "}";
            CHECK((cn_text.find(mark) != std::string::npos) == (text.find(mark) != std::string::npos));
        }
    }
    CHECK(hk.error(exam::ExamError(exam::ExamErrc::time_up)) == "考試時間已到，試卷已自動提交");
    CHECK(hk.error(exam::ExamError(exam::ExamErrc::sitting_elsewhere, {"A03"})) == "您正在A03號機考試；如需換機，請聯絡監考員");
    CHECK(hk(Key::attract_cta) == "輕觸螢幕開始");
    CHECK(hk(Key::train_sign_out) == "登出");
    CHECK(hk(Key::proctor_wrong) == "用户名或密碼錯誤"); // 户: the Hong Kong glyph standard (OpenCC HKVariants)
    CHECK(hk.format(Key::quiz_progress, {"1", "3"}) == "第 1 題 / 共 3 題");
}
