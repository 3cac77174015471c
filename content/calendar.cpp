#include "content/calendar.hpp"

#include <charconv>
#include <cstdio>

namespace sk::calendar {

using namespace std::chrono;

namespace {
std::optional<int> number(std::string_view s)
{
    int v = 0;
    if (s.empty()) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

// Floor division: the day index of a time before 1970 must round down, not toward zero.
sys_time<milliseconds> shifted(std::int64_t unix_ms) { return sys_time<milliseconds>(milliseconds(unix_ms + kUtcOffsetMs)); }
} // namespace

Date date_of_ms(std::int64_t unix_ms) { return Date(floor<days>(shifted(unix_ms))); }

std::int64_t ms_of(Date d, int hour, int minute)
{
    const auto local = sys_days(d) + hours(hour) + minutes(minute);
    return duration_cast<milliseconds>(local.time_since_epoch()).count() - kUtcOffsetMs;
}

std::int64_t midnight_ms(std::int64_t unix_ms) { return ms_of(date_of_ms(unix_ms)); }

std::int64_t add_months_ms(std::int64_t unix_ms, int months)
{
    const auto local = shifted(unix_ms);
    const auto day = floor<days>(local);
    const auto time_of_day = local - day;
    Date d = Date(day) + std::chrono::months(months);
    if (!d.ok()) d = year_month_day_last(d.year(), month_day_last(d.month()));
    return duration_cast<milliseconds>((sys_days(d) + time_of_day).time_since_epoch()).count() - kUtcOffsetMs;
}

std::string date_text(Date d)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buf;
}

std::string datetime_text(std::int64_t unix_ms)
{
    const auto local = shifted(unix_ms);
    const auto day = floor<days>(local);
    const hh_mm_ss<milliseconds> t(local - day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %02d:%02d", date_text(Date(day)).c_str(), static_cast<int>(t.hours().count()),
                  static_cast<int>(t.minutes().count()));
    return buf;
}

std::pair<int, unsigned> year_month(std::int64_t unix_ms)
{
    const Date d = date_of_ms(unix_ms);
    return {static_cast<int>(d.year()), static_cast<unsigned>(d.month())};
}

std::optional<Date> parse_date(std::string_view t)
{
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    auto y = number(t.substr(0, 4)), m = number(t.substr(5, 2)), d = number(t.substr(8, 2));
    if (!y || !m || !d || *m < 1 || *d < 1) return std::nullopt;
    Date r{year(*y), month(static_cast<unsigned>(*m)), day(static_cast<unsigned>(*d))};
    if (!r.ok()) return std::nullopt;
    return r;
}

std::optional<std::int64_t> parse_datetime(std::string_view t)
{
    if (t.size() != 16 || (t[10] != ' ' && t[10] != 'T') || t[13] != ':') return std::nullopt;
    auto d = parse_date(t.substr(0, 10));
    auto h = number(t.substr(11, 2)), mi = number(t.substr(14, 2));
    if (!d || !h || !mi || *h < 0 || *h > 23 || *mi < 0 || *mi > 59) return std::nullopt;
    return ms_of(*d, *h, *mi);
}

} // namespace sk::calendar
