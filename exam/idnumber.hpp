// Resident ID numbers (GB 11643-1999): check character, birth date, sex.
#pragma once

#include "exam/errors.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace sk::exam {

enum class Sex { Male, Female };

struct IdNumber {
    std::string value;                      // 18 characters, check character 'X' upper-case
    std::chrono::year_month_day birth_date; // from positions 7–14
    Sex sex;                                // odd sequence digit: male
};

struct IdNumberError {
    std::string message; // what is wrong, in Chinese, as import reports and administrators read it
    // The same as a refusal code with its parameters (exam/errors.hpp), for a program that words it itself.
    ExamErrc code = ExamErrc::id_length;
    std::vector<std::string> args = {};
};

// Parses and validates an ID number: 18 characters, digits with a check character (0–9 or X, lower-case x accepted),
// the check character matches, the birth date is a real date not after `today`.
// Returns the normalised number or the reason it is invalid.
std::variant<IdNumber, IdNumberError> parse_id_number(std::string_view text, std::chrono::year_month_day today);

// The check character for the first 17 digits.
char id_check_character(std::string_view first17);

// Whole years of age on `on`.
int age_on(std::chrono::year_month_day birth, std::chrono::year_month_day on);

} // namespace sk::exam
