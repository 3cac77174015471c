#include "certs/dates.hpp"

#include "content/calendar.hpp"

#include <charconv>
#include <cstdio>

namespace sk::certs {

using namespace std::chrono;

namespace {
// Digits only: from_chars alone would also take a sign ("-001" as year -1).
std::optional<int> number(std::string_view s)
{
    for (char c : s)
        if (c < '0' || c > '9') return std::nullopt;
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}
} // namespace

Date date_of_ms(std::int64_t unix_ms) { return calendar::date_of_ms(unix_ms); }

Date add_years(Date d, int years)
{
    Date r = d + std::chrono::years(years);
    if (!r.ok()) r = Date(r.year(), r.month(), day(28)); // only 29 February can fail: it becomes 28 February
    return r;
}

Date add_days(Date d, int n) { return Date(sys_days(d) + days(n)); }

int days_between(Date from, Date to) { return static_cast<int>((sys_days(to) - sys_days(from)).count()); }

std::string iso(Date d)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buf;
}

std::string compact(Date d)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buf;
}

std::string zh(Date d)
{
    return std::to_string(static_cast<int>(d.year())) + "年" + std::to_string(static_cast<unsigned>(d.month())) + "月" +
           std::to_string(static_cast<unsigned>(d.day())) + "日";
}

std::optional<Date> parse_date(std::string_view t)
{
    std::optional<int> y, m, dd;
    if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
        y = number(t.substr(0, 4));
        m = number(t.substr(5, 2));
        dd = number(t.substr(8, 2));
    } else if (t.size() == 8) {
        y = number(t.substr(0, 4));
        m = number(t.substr(4, 2));
        dd = number(t.substr(6, 2));
    }
    if (!y || !m || !dd || *m < 1 || *dd < 1) return std::nullopt;
    Date d{year(*y), month(static_cast<unsigned>(*m)), day(static_cast<unsigned>(*dd))};
    if (!d.ok()) return std::nullopt;
    return d;
}

} // namespace sk::certs
