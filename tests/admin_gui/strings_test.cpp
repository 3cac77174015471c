// The desktop window's UI strings: every key in both languages with the same placeholders, and every key the
// sources ask for is in the table (an unknown key would show as itself).
#include "admin/gui/strings.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

using namespace sk;

TEST_CASE("every desktop-window string has Chinese and English with the same placeholders")
{
    std::set<std::string> keys;
    const std::regex placeholder(R"(\{\d\})");
    for (const auto& e : admin::gui::string_table()) {
        CAPTURE(e.key);
        CHECK(keys.insert(e.key).second); // no key twice
        CHECK(std::string(e.zh).size() > 0);
        CHECK(std::string(e.en).size() > 0);
        std::set<std::string> zh, en;
        const std::string zh_text = e.zh;
        for (std::sregex_iterator it(zh_text.begin(), zh_text.end(), placeholder), end; it != end; ++it) zh.insert(it->str());
        const std::string en_text = e.en;
        for (std::sregex_iterator it(en_text.begin(), en_text.end(), placeholder), end; it != end; ++it) en.insert(it->str());
        CHECK(zh == en);
    }
}

TEST_CASE("every string key used by the desktop window's sources is in the table")
{
    std::set<std::string> keys;
    for (const auto& e : admin::gui::string_table()) keys.insert(e.key);
    const std::regex use(R"re(trf?\("([a-z_]+\.[a-z_.-]+)")re");
    int uses = 0;
    for (const auto& f : std::filesystem::directory_iterator(test::source_path("admin/gui"))) {
        if (f.path().extension() != ".cpp") continue;
        const std::string text = test::read_file(f.path());
        for (std::sregex_iterator it(text.begin(), text.end(), use), end; it != end; ++it) {
            CAPTURE(f.path().filename().string());
            CHECK_MESSAGE(keys.count((*it)[1].str()) == 1, (*it)[1].str());
            ++uses;
        }
    }
    CHECK(uses > 150);
}

TEST_CASE("the desktop window speaks Chinese first and English on request")
{
    using namespace admin::gui;
    CHECK(std::string(tr("signin.button")) == "登录");
    set_language(Language::English);
    CHECK(std::string(tr("signin.button")) == "Sign in");
    CHECK(trf("q.count", {"12"}) == "12 questions");
    set_language(Language::Chinese);
    CHECK(trf("bp.shortfall", {"单选题 / 全部章节", "12", "9"}) == "单选题 / 全部章节：需要 12 题，考试题库只有 9 题");
}
