// Calendar dates of certificates: std::chrono::year_month_day, ISO text, and the year arithmetic of validity periods.
//
// Certificate dates are calendar days in China Standard Time (UTC+8, no daylight saving time): a certificate issued
// at 01:00 in Beijing on 1 March is dated 1 March even though it is still 28/29 February in UTC.
//
// Adding years keeps the month and the day, except 29 February: in a year without it the result is 28 February
// (2024-02-29 + 6 years = 2030-02-28; 2024-02-29 + 4 years = 2028-02-29). A period therefore never runs into March
// and never grows past the number of years it names.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sk::certs {

using Date = std::chrono::year_month_day;

// The calendar day in China Standard Time of a Unix time in milliseconds.
Date date_of_ms(std::int64_t unix_ms);

// `d` plus `years` whole years; 29 February becomes 28 February in a year without it.
Date add_years(Date d, int years);
Date add_days(Date d, int days);
// Days from `from` to `to` (negative when `to` is earlier).
int days_between(Date from, Date to);

// "2026-11-28"
std::string iso(Date d);
// "20261128" (the QR payload)
std::string compact(Date d);
// "2026年11月28日"
std::string zh(Date d);
// Parses "YYYY-MM-DD" or "YYYYMMDD"; nullopt for anything else or an impossible date (2026-02-30).
std::optional<Date> parse_date(std::string_view text);

} // namespace sk::certs
