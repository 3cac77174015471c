// The certificate model: special operators' 特种作业操作证 and managers' 安全生产知识和管理能力考核合格证, their review
// (复审) records, the policy that sets periods and windows (data, not constants), and the state on a given day.
//
// Numbers:
//   special operators  T + the holder's 18-character resident ID number   T11010519491231002X
//                      (one number per person; a person holding several items has one certificate per item, all with
//                      the same number: the pair number + item identifies a certificate)
//   managers           M + the four-digit year of first issue + a six-digit serial within that year   M2026000001
//                      (unique in the registry)
//
// Validity: special operators 6 years from issue, a review every 3 years (every 6 years once the holder has 10 or
// more continuous years in the trade with a clean record); managers 3 years, renewed within 30 days of expiry.
// All of these figures are CertPolicy data. The last day of validity is `valid_until` (inclusive).
#pragma once

#include "certs/dates.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sk::certs {

enum class CertTrack { Special, Manager };
std::string_view to_string(CertTrack t);
std::optional<CertTrack> parse_cert_track(std::string_view s);

// What the registry records (administrative state); the date-derived states come from state_on().
enum class AdminState { Active, Suspended, Revoked };
std::string_view to_string(AdminState s);
std::optional<AdminState> parse_admin_state(std::string_view s);

// The state a person sees.
enum class CertState {
    Valid,      // 有效
    ReviewDue,  // 待复审 (managers: 待换证): inside the window before the review date (or, managers, the expiry)
    Overdue,    // 逾期未复审: the review date passed without a passed review
    Expired,    // 已过期: after valid_until
    Suspended,  // 暂扣
    Revoked,    // 已吊销 (撤销)
    Replaced,   // 已补发: an older version of a certificate that was reissued after loss or damage
};
std::string_view to_string(CertState s);
std::string_view label_zh(CertState s, CertTrack track);
// Valid and ReviewDue: the holder may work under the certificate.
bool is_usable(CertState s);

enum class ReplaceReason { Loss, Damage };
std::string_view to_string(ReplaceReason r);
std::string_view label_zh(ReplaceReason r); // 遗失补发 / 损毁换发

// Periods and windows of the registry (stored in the table cert_policy).
struct CertPolicy {
    int special_valid_years = 6;
    int special_review_years = 3;
    int extended_review_years = 6;     // for holders with extension_min_years in the trade and a clean record
    int extension_min_years = 10;
    int manager_valid_years = 3;
    int review_window_days = 60;       // 复审 window before the review date (special operators)
    int renewal_window_days = 30;      // renewal window before expiry (managers)
    double review_class_hours = 8;     // class hours (学时) a passed review of a special operator needs
    double renewal_class_hours = 12;   // class hours a passed renewal of a manager needs
    std::string authority = "示范市应急管理局"; // issuing authority (发证机关) printed on certificates
};

struct Review {
    std::int64_t id = 0;
    std::int64_t certificate_id = 0;
    Date date{};          // day of the review
    double class_hours = 0;
    bool passed = false;
    Date due{};           // the review date (or, managers, the expiry) this review answered
    std::string note;
    std::string by;       // actor login
    std::int64_t at_ms = 0;
};

struct Certificate {
    std::int64_t id = 0;
    std::string number;
    CertTrack track = CertTrack::Special;
    std::int64_t candidate_id = 0;
    // Holder, as at issue
    std::string id_number;
    std::string name;
    std::string sex;
    std::vector<unsigned char> photo; // JPEG or PNG
    // What it certifies
    std::int64_t item_id = 0;
    std::string category; // 作业类别 / industry
    std::string item;     // 操作项目 / role
    std::optional<double> theory_score;
    std::optional<double> practical_score;
    // Dates
    Date first_issued{};  // 初领日期: kept when the certificate is renewed or reissued
    Date valid_from{};
    Date valid_until{};   // last valid day
    std::optional<Date> review_due; // special operators: the next review date
    Date review_base{};   // start of the current review interval (issue, or the last answered review date)
    int review_interval_years = 3;
    // Review extension data (special operators)
    int years_in_trade = 0;
    bool clean_record = false;
    // State
    AdminState admin_state = AdminState::Active;
    std::string state_reason;
    std::optional<Date> state_date;
    std::string state_by;
    std::optional<std::int64_t> state_at_ms; // when admin_state last changed (ms since the epoch); unset before schema 2
    int version = 1;        // card version: a replacement after loss or damage is a new version, same number
    int status_version = 1; // bumped by every change of the record; printed in the QR code
    std::string authority;
    std::string issued_by;
    std::int64_t issued_at_ms = 0;
    std::vector<Review> reviews; // oldest first
};

// The state on `today`. Revoked and suspended first, then expired, overdue, review due, valid.
CertState state_on(const Certificate& c, const CertPolicy& policy, Date today);

// The date the next review (special) or renewal (managers) is due.
Date next_due(const Certificate& c);

// The number of a special operator's certificate: "T" + the ID number.
std::string special_number(const std::string& id_number);
// The number of a manager's certificate: "M" + year + six-digit serial.
std::string manager_number(int year, int serial);

} // namespace sk::certs
