#include "exam/idnumber.hpp"

#include <doctest/doctest.h>

using namespace sk::exam;
using namespace std::chrono;

namespace {
constexpr year_month_day kToday{year(2026), month(11), day(28)};
}

TEST_CASE("the ID number of domain.md is valid, female, born 1949-12-31")
{
    auto r = parse_id_number("11010519491231002X", kToday);
    REQUIRE(std::holds_alternative<IdNumber>(r));
    auto id = std::get<IdNumber>(r);
    CHECK(id.value == "11010519491231002X");
    CHECK(id.sex == Sex::Female);
    CHECK(id.birth_date == year_month_day{year(1949), month(12), day(31)});
    CHECK(id_check_character("11010519491231002") == 'X');
}

TEST_CASE("a lower-case x is accepted and stored upper-case")
{
    auto r = parse_id_number("11010519491231002x", kToday);
    REQUIRE(std::holds_alternative<IdNumber>(r));
    CHECK(std::get<IdNumber>(r).value == "11010519491231002X");
}

TEST_CASE("a wrong check character is refused and the right one named")
{
    auto r = parse_id_number("110105194912310021", kToday);
    REQUIRE(std::holds_alternative<IdNumberError>(r));
    CHECK(std::get<IdNumberError>(r).message.find("应为X") != std::string::npos);
}

TEST_CASE("impossible and future birth dates are refused even with a matching check character")
{
    std::string feb30 = std::string("11010519900230001");
    feb30 += id_check_character(feb30);
    CHECK(std::holds_alternative<IdNumberError>(parse_id_number(feb30, kToday)));
    std::string future = std::string("11010520300101001");
    future += id_check_character(future);
    auto r = parse_id_number(future, kToday);
    REQUIRE(std::holds_alternative<IdNumberError>(r));
    CHECK(std::get<IdNumberError>(r).message.find("晚于今天") != std::string::npos);
    std::string leap = std::string("11010520000229001");
    leap += id_check_character(leap);
    CHECK(std::holds_alternative<IdNumber>(parse_id_number(leap, kToday)));
}

TEST_CASE("wrong length and letters are refused with the position")
{
    CHECK(std::get<IdNumberError>(parse_id_number("1101051949123100", kToday)).message.find("18位") != std::string::npos);
    CHECK(std::get<IdNumberError>(parse_id_number("11010A19491231002X", kToday)).message.find("第6位") != std::string::npos);
}

TEST_CASE("age counts whole years, birthdays on 29 February included")
{
    year_month_day born{year(2008), month(2), day(29)};
    CHECK(age_on(born, {year(2026), month(2), day(28)}) == 17);
    CHECK(age_on(born, {year(2026), month(3), day(1)}) == 18);
}
