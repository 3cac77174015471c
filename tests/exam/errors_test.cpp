// The exam library's refusals are codes with parameters: each code has one stable key, its English text fills the
// parameters in order, and the code survives being caught as a std::exception (the programs word it themselves).
#include "exam/errors.hpp"
#include "exam/exam_service.hpp"
#include "tests/exam/fixture.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <set>

using namespace sk;
using namespace sk::exam;

TEST_CASE("every refusal code has its own key and an English text")
{
    std::set<std::string> keys;
    std::size_t i = 0;
    for (const auto& e : exam_errors()) {
        CAPTURE(e.key);
        CHECK(static_cast<std::size_t>(e.code) == i++);
        CHECK(keys.insert(e.key).second);
        CHECK(std::regex_match(e.key, std::regex("[a-z_]+")));
        const std::string english = e.english;
        CHECK(!english.empty());
        // English only: a Chinese word here would reach an English reader.
        for (unsigned char c : english) CHECK(c < 0x80);
    }
    CHECK(keys.size() > 60);
}

TEST_CASE("a refusal fills its parameters in order and keeps its code")
{
    const ExamError e(ExamErrc::no_option, {"E", "12"});
    CHECK(std::string(e.what()) == "option E does not exist on question 12");
    CHECK(e.code() == ExamErrc::no_option);
    CHECK(std::string(e.key()) == "no_option");
    CHECK(fill_placeholders("{1}/{0}/{2}", {"a", "b"}) == "b/a/{2}");
    CHECK(fill_placeholders("{x} {10}", {"a"}) == "{x} {10}");
    try {
        throw SignInError(ExamErrc::sign_in_locked, {"30"}, 30000);
    } catch (const std::exception& caught) {
        const auto* refused = dynamic_cast<const ExamError*>(&caught);
        REQUIRE(refused != nullptr);
        CHECK(refused->code() == ExamErrc::sign_in_locked);
        CHECK(refused->args() == std::vector<std::string>{"30"});
    }
}

TEST_CASE("the engine refuses a wrong ticket with a code the kiosk can word")
{
    test::ExamFixture f;
    f.started_attempt();
    try {
        f.service->check_in(test::id_with_check("11010519800101001"), "000000000000", "A02", "");
        FAIL("checked in with a ticket that does not exist");
    } catch (const ExamError& e) {
        CHECK(e.code() == ExamErrc::ticket_mismatch);
    }
}
