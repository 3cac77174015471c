// The installation's calendar: China Standard Time (UTC+8, no daylight saving time), whatever the machine's TZ.
//
// Every calendar day SafeKiosk reasons about — an examinee's age on the exam day, the day an exam session runs, a
// certificate's issue and expiry dates, the month a report groups by, a time shown on screen or typed by an
// administrator — is a day in China Standard Time. Times are stored as Unix milliseconds (UTC); only turning
// them into days and clock times, and back, goes through here. A kiosk whose system clock runs on UTC (or a CI
// machine) therefore agrees with one that runs on Asia/Shanghai.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sk::calendar {

using Date = std::chrono::year_month_day;

inline constexpr std::int64_t kUtcOffsetMs = 8LL * 3600 * 1000; // UTC+8
inline constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

// The calendar day (China Standard Time) of a Unix time in milliseconds.
Date date_of_ms(std::int64_t unix_ms);
// Unix milliseconds of `hour`:`minute` on day `d` (China Standard Time); `d` must be a valid date.
std::int64_t ms_of(Date d, int hour = 0, int minute = 0);
// Unix milliseconds of 00:00 on the day that contains `unix_ms`.
std::int64_t midnight_ms(std::int64_t unix_ms);
// The same wall-clock time `months` calendar months later (the 31st becomes the last day of a shorter month).
std::int64_t add_months_ms(std::int64_t unix_ms, int months);

// "2026-11-28"
std::string date_text(Date d);
// "2026-11-28 09:00"
std::string datetime_text(std::int64_t unix_ms);
// Year, month (1–12) of the day that contains `unix_ms`.
std::pair<int, unsigned> year_month(std::int64_t unix_ms);

// "2026-11-28" → that day; nullopt for anything else or an impossible date (2026-02-30).
std::optional<Date> parse_date(std::string_view text);
// "2026-11-28 09:00" or "2026-11-28T09:00" → Unix milliseconds; nullopt for anything else or an impossible time.
std::optional<std::int64_t> parse_datetime(std::string_view text);

} // namespace sk::calendar
