#include "exam/idnumber.hpp"

#include <array>

namespace sk::exam {

char id_check_character(std::string_view first17)
{
    static constexpr std::array<int, 17> weights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr std::string_view map = "10X98765432";
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * weights[i];
    return map[static_cast<std::size_t>(sum % 11)];
}

std::variant<IdNumber, IdNumberError> parse_id_number(std::string_view text, std::chrono::year_month_day today)
{
    std::string s(text);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
    if (s.size() != 18) return IdNumberError{"身份证号应为18位，实际为" + std::to_string(s.size()) + "位", ExamErrc::id_length,
                                              {std::to_string(s.size())}};
    for (std::size_t i = 0; i < 17; ++i)
        if (s[i] < '0' || s[i] > '9')
            return IdNumberError{"身份证号第" + std::to_string(i + 1) + "位应为数字", ExamErrc::id_digit, {std::to_string(i + 1)}};
    if (s[17] == 'x') s[17] = 'X';
    if (!((s[17] >= '0' && s[17] <= '9') || s[17] == 'X'))
        return IdNumberError{"身份证号第18位（校验码）应为数字或X", ExamErrc::id_check_character_form};
    char expected = id_check_character(s);
    if (s[17] != expected)
        return IdNumberError{std::string("身份证号校验码不符：应为") + expected + "，实际为" + s[17], ExamErrc::id_check_character,
                             {std::string(1, expected), std::string(1, s[17])}};
    int y = std::stoi(s.substr(6, 4));
    unsigned m = static_cast<unsigned>(std::stoi(s.substr(10, 2)));
    unsigned d = static_cast<unsigned>(std::stoi(s.substr(12, 2)));
    std::chrono::year_month_day birth{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (!birth.ok() || y < 1900)
        return IdNumberError{"身份证号中的出生日期 " + s.substr(6, 8) + " 不是有效日期", ExamErrc::id_birth_invalid, {s.substr(6, 8)}};
    if (std::chrono::sys_days(birth) > std::chrono::sys_days(today))
        return IdNumberError{"身份证号中的出生日期 " + s.substr(6, 8) + " 晚于今天", ExamErrc::id_birth_future, {s.substr(6, 8)}};
    Sex sex = ((s[16] - '0') % 2 == 1) ? Sex::Male : Sex::Female;
    return IdNumber{s, birth, sex};
}

int age_on(std::chrono::year_month_day birth, std::chrono::year_month_day on)
{
    int age = static_cast<int>(on.year()) - static_cast<int>(birth.year());
    if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) --age;
    return age;
}

} // namespace sk::exam
