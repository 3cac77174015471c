#include "certs/certificate.hpp"

#include <array>
#include <cstdio>

namespace sk::certs {

namespace {
template <class E, std::size_t N>
std::optional<E> parse(std::string_view s, const std::array<std::string_view, N>& names)
{
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}
constexpr std::array<std::string_view, 2> kTracks{"special", "manager"};
constexpr std::array<std::string_view, 3> kAdmin{"active", "suspended", "revoked"};
constexpr std::array<std::string_view, 7> kStates{"valid", "review_due", "overdue", "expired", "suspended", "revoked",
                                                  "replaced"};
} // namespace

std::string_view to_string(CertTrack t) { return kTracks[static_cast<std::size_t>(t)]; }
std::optional<CertTrack> parse_cert_track(std::string_view s) { return parse<CertTrack>(s, kTracks); }
std::string_view to_string(AdminState s) { return kAdmin[static_cast<std::size_t>(s)]; }
std::optional<AdminState> parse_admin_state(std::string_view s) { return parse<AdminState>(s, kAdmin); }
std::string_view to_string(CertState s) { return kStates[static_cast<std::size_t>(s)]; }

std::string_view label_zh(CertState s, CertTrack track)
{
    switch (s) {
    case CertState::Valid: return "有效";
    case CertState::ReviewDue: return track == CertTrack::Special ? "待复审" : "待换证";
    case CertState::Overdue: return track == CertTrack::Special ? "逾期未复审" : "逾期未换证";
    case CertState::Expired: return "已过期";
    case CertState::Suspended: return "暂扣";
    case CertState::Revoked: return "已吊销";
    case CertState::Replaced: return "已补发（本版作废）";
    }
    return "";
}

bool is_usable(CertState s) { return s == CertState::Valid || s == CertState::ReviewDue; }

std::string_view to_string(ReplaceReason r) { return r == ReplaceReason::Loss ? "loss" : "damage"; }
std::string_view label_zh(ReplaceReason r) { return r == ReplaceReason::Loss ? "遗失补发" : "损毁换发"; }

Date next_due(const Certificate& c) { return c.review_due.value_or(c.valid_until); }

CertState state_on(const Certificate& c, const CertPolicy& policy, Date today)
{
    if (c.admin_state == AdminState::Revoked) return CertState::Revoked;
    if (c.admin_state == AdminState::Suspended) return CertState::Suspended;
    if (today > c.valid_until) return CertState::Expired;
    const Date due = next_due(c);
    if (today > due) return CertState::Overdue;
    const int window = c.track == CertTrack::Special ? policy.review_window_days : policy.renewal_window_days;
    if (today >= add_days(due, -window)) return CertState::ReviewDue;
    return CertState::Valid;
}

std::string special_number(const std::string& id_number) { return "T" + id_number; }

std::string manager_number(int year, int serial)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "M%04d%06d", year, serial);
    return buf;
}

} // namespace sk::certs
