// UI strings: every key in every language, every key used, placeholders filled.
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
