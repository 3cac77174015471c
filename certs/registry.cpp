#include "certs/registry.hpp"

#include "certs/verify_url.hpp"

#include "content/storage/content_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace sk::certs {

using exam::Actor;
using exam::Operation;
using storage::Transaction;

namespace {

std::string points(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string join(const std::vector<std::string>& lines)
{
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "；") + l;
    return out;
}

void require_reason(const std::string& reason, const char* what)
{
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) throw CertError(std::string(what) + "须填写原因");
}

// When a revoked certificate was revoked: the stored time, or (revoked before schema 2 recorded it) the end of the
// revocation day in China Standard Time.
std::int64_t revoked_at_ms(const Certificate& c)
{
    if (c.state_at_ms) return *c.state_at_ms;
    using namespace std::chrono;
    const Date day = c.state_date.value_or(c.first_issued);
    return duration_cast<milliseconds>((sys_days(add_days(day, 1)) - hours(8)).time_since_epoch()).count() - 1;
}

std::string revocation_text(const Certificate& c)
{
    return "证书 " + c.number + " 已于" + (c.state_date ? iso(*c.state_date) : std::string()) + "吊销（" +
           c.state_reason + "）";
}

} // namespace

CertRegistry::CertRegistry(storage::Database& db, exam::ExamService& exam, exam::Clock clock)
    : db_(db), exam_(exam), store_(db), clock_(std::move(clock))
{
}

void CertRegistry::set_policy(const Actor& actor, const CertPolicy& p)
{
    exam::require(actor, Operation::ManageBlueprints);
    auto bad = [](const char* field, const char* rule) { throw CertError(std::string("证书政策 ") + field + ": " + rule); };
    if (p.special_valid_years < 1 || p.special_valid_years > 20) bad("special_valid_years", "must be 1 to 20");
    if (p.special_review_years < 1 || p.special_review_years > p.special_valid_years)
        bad("special_review_years", "must be 1 to special_valid_years");
    if (p.extended_review_years < p.special_review_years || p.extended_review_years > p.special_valid_years)
        bad("extended_review_years", "must be special_review_years to special_valid_years");
    if (p.extension_min_years < 0) bad("extension_min_years", "must be 0 or more");
    if (p.manager_valid_years < 1 || p.manager_valid_years > 20) bad("manager_valid_years", "must be 1 to 20");
    if (p.review_window_days < 0 || p.review_window_days > 366) bad("review_window_days", "must be 0 to 366");
    if (p.renewal_window_days < 0 || p.renewal_window_days > 366) bad("renewal_window_days", "must be 0 to 366");
    if (p.review_class_hours < 0 || p.renewal_class_hours < 0) bad("class_hours", "must be 0 or more");
    if (p.authority.find_first_not_of(' ') == std::string::npos) bad("authority", "must not be empty");
    Transaction tx(db_);
    store_.save_policy(p);
    exam_.record_audit(actor, "cert.policy", "cert_policy:1",
                       "valid " + std::to_string(p.special_valid_years) + "/" + std::to_string(p.manager_valid_years) +
                           " y, review " + std::to_string(p.special_review_years) + "/" +
                           std::to_string(p.extended_review_years) + " y, windows " +
                           std::to_string(p.review_window_days) + "/" + std::to_string(p.renewal_window_days) + " d, " +
                           p.authority);
    tx.commit();
}

Certificate CertRegistry::load(std::int64_t id)
{
    auto c = store_.certificate(id);
    if (!c) throw CertError("证书不存在（编号 " + std::to_string(id) + "）");
    return *c;
}

void CertRegistry::audit(const Actor& actor, const std::string& action, const Certificate& c, const std::string& detail)
{
    exam_.record_audit(actor, action, "certificate:" + std::to_string(c.id),
                       c.number + " " + c.item + " v" + std::to_string(c.version) + "/s" +
                           std::to_string(c.status_version) + ": " + detail);
}

void CertRegistry::save_version(const Certificate& c, VersionReason reason, const Actor& actor)
{
    CertVersion v;
    v.certificate_id = c.id;
    v.version = c.version;
    v.reason = reason;
    v.made_on = today();
    v.by = actor.login;
    v.at_ms = now();
    v.record = c;
    store_.add_version(v);
}

namespace {
void require_certificate_reader(const Actor& actor)
{
    exam::require_any(actor, {Operation::IssueCertificates, Operation::RevokeCertificates, Operation::ReadResults});
}
} // namespace

std::vector<Certificate> CertRegistry::certificates(const Actor& actor)
{
    require_certificate_reader(actor);
    return store_.certificates();
}

std::vector<Certificate> CertRegistry::certificates_of_holder(const Actor& actor, const std::string& id_number)
{
    require_certificate_reader(actor);
    return store_.certificates_of_holder(id_number);
}

std::vector<Certificate> CertRegistry::certificates_with_number(const Actor& actor, const std::string& number)
{
    require_certificate_reader(actor);
    return store_.certificates_with_number(number);
}

std::optional<CertVersion> CertRegistry::version(const Actor& actor, std::int64_t certificate_id, int version)
{
    require_certificate_reader(actor);
    return store_.version(certificate_id, version);
}

content::Catalogue CertRegistry::catalogue() { return content::ContentStore(db_).catalogue(); }

CertState CertRegistry::state(const Certificate& c) { return state_on(c, store_.policy(), today()); }

std::vector<std::string> CertRegistry::refusal_reasons(const Actor& actor, std::int64_t candidate_id,
                                                       std::optional<std::int64_t> item_id)
{
    exam::require(actor, Operation::IssueCertificates);
    std::vector<std::string> reasons;
    auto cand = exam_.candidate(actor, candidate_id);
    if (!cand) return {"考生不存在（" + std::to_string(candidate_id) + "）"};
    const std::int64_t item = item_id.value_or(cand->item_id);
    content::ContentStore content(db_);
    if (!content.catalogue().find(item)) return {"操作项目不存在（" + std::to_string(item) + "）"};
    const auto void_until = results_void_until(cand->id_number, item);
    auto r = exam_.item_result(candidate_id, item, void_until);
    if (void_until && !r.passed)
        for (const auto& c : store_.certificates_of_holder(cand->id_number))
            if (c.item_id == item && c.admin_state == AdminState::Revoked)
                reasons.push_back(revocation_text(c) + "，吊销前的考试成绩不再有效，须在吊销后重新参加考试并合格");
    if (!r.theory_score) reasons.push_back("没有理论考试成绩");
    else if (!r.theory_passed) reasons.push_back("理论考试未合格（" + points(*r.theory_score) + "分）");
    else if (!r.theory_valid) reasons.push_back("理论考试合格已超过有效期，须重新考试");
    if (r.practical_required) {
        if (!r.practical_score) reasons.push_back("没有实际操作考试成绩");
        else if (!r.practical_passed) reasons.push_back("实际操作考试未合格或未完成全部科目（" + points(*r.practical_score) + "分）");
    }
    for (const auto& c : store_.certificates_of_holder(cand->id_number)) {
        if (c.item_id != item) continue;
        const auto s = state(c);
        if (is_usable(s)) reasons.push_back("已持有该项目的有效证书 " + c.number);
        else if (s == CertState::Suspended) reasons.push_back("该项目的证书 " + c.number + " 暂扣中，不能重新发证");
    }
    return reasons;
}

Certificate CertRegistry::compose(const Actor& actor, std::int64_t candidate_id, std::optional<std::int64_t> item_id,
                                  std::optional<Certificate>& existing)
{
    auto reasons = refusal_reasons(actor, candidate_id, item_id);
    if (!reasons.empty()) throw CertError("不能发证：" + join(reasons));
    const auto cand = *exam_.candidate(actor, candidate_id);
    const std::int64_t item_no = item_id.value_or(cand.item_id);
    content::ContentStore content(db_);
    const content::Item item = *content.catalogue().find(item_no);
    const auto result = exam_.item_result(candidate_id, item_no, results_void_until(cand.id_number, item_no));
    const auto policy = store_.policy();
    const Date t = today();

    existing.reset();
    for (auto& c : store_.certificates_of_holder(cand.id_number))
        if (c.item_id == item_no) existing = std::move(c);

    Certificate c = existing.value_or(Certificate{});
    c.track = item.track == content::Track::Special ? CertTrack::Special : CertTrack::Manager;
    c.candidate_id = cand.id;
    c.id_number = cand.id_number;
    c.name = cand.name;
    c.sex = cand.sex;
    c.photo = cand.photo;
    c.item_id = item_no;
    c.category = item.category;
    c.item = item.name;
    c.theory_score = result.theory_score;
    c.practical_score = result.practical_score;
    c.valid_from = t;
    c.review_base = t;
    if (c.track == CertTrack::Special) {
        c.valid_until = add_years(t, policy.special_valid_years);
        const bool extended = c.clean_record && c.years_in_trade >= policy.extension_min_years;
        c.review_interval_years = extended ? policy.extended_review_years : policy.special_review_years;
        c.review_due = std::min(add_years(t, c.review_interval_years), c.valid_until);
    } else {
        c.valid_until = add_years(t, policy.manager_valid_years);
        c.review_interval_years = policy.manager_valid_years;
        c.review_due.reset();
    }
    c.admin_state = AdminState::Active;
    c.state_reason.clear();
    c.state_date.reset();
    c.state_by.clear();
    c.state_at_ms = now();
    c.authority = policy.authority;
    c.issued_by = actor.login;
    c.issued_at_ms = now();
    return c;
}

Certificate CertRegistry::draft(const Actor& actor, std::int64_t candidate_id, std::optional<std::int64_t> item_id)
{
    exam::require(actor, Operation::IssueCertificates);
    std::optional<Certificate> existing;
    Certificate c = compose(actor, candidate_id, item_id, existing);
    if (existing) {
        c.version += 1;
        c.status_version += 1;
    } else {
        c.number = c.track == CertTrack::Special
                       ? special_number(c.id_number)
                       : "M" + std::to_string(static_cast<int>(c.valid_from.year())) + "（签发时编号）";
        c.first_issued = c.valid_from;
        c.version = 1;
        c.status_version = 1;
    }
    return c;
}

Certificate CertRegistry::issue(const Actor& actor, std::int64_t candidate_id, std::optional<std::int64_t> item_id)
{
    exam::require(actor, Operation::IssueCertificates);
    // A savepoint: its own transaction when called alone; inside a batch's transaction (render_batch commits
    // certificates in groups) a refusal or failure undoes this certificate only.
    storage::Savepoint tx(db_, "cert_issue");
    std::optional<Certificate> existing;
    Certificate c = compose(actor, candidate_id, item_id, existing);
    const Date t = c.valid_from;
    const std::string detail = "valid " + iso(c.valid_from) + " – " + iso(c.valid_until) +
                               (c.review_due ? ", review " + iso(*c.review_due) : std::string());
    if (existing) {
        c.version += 1;
        c.status_version += 1;
        store_.update_certificate(c);
        save_version(c, VersionReason::Reissue, actor);
        audit(actor, "cert.reissue", c, "new term after " + std::string(to_string(state_on(*existing, store_.policy(), t))) +
                                            ", " + detail);
    } else {
        c.number = c.track == CertTrack::Special
                       ? special_number(c.id_number)
                       : manager_number(static_cast<int>(t.year()), store_.next_manager_serial(static_cast<int>(t.year())));
        c.first_issued = t;
        c.version = 1;
        c.status_version = 1;
        c.id = store_.add_certificate(c);
        save_version(c, VersionReason::Issue, actor);
        audit(actor, "cert.issue", c, "candidate:" + std::to_string(c.candidate_id) + ", " + detail);
    }
    tx.release();
    return *store_.certificate(c.id);
}

Certificate CertRegistry::record_review(const Actor& actor, std::int64_t certificate_id, const ReviewInput& in)
{
    exam::require(actor, Operation::IssueCertificates);
    Transaction tx(db_);
    Certificate c = load(certificate_id);
    const auto policy = store_.policy();
    const Date t = today();
    const Date date = in.date.value_or(t);
    const bool special = c.track == CertTrack::Special;
    const char* what = special ? "复审" : "换证";
    if (date > t) throw CertError(std::string(what) + "日期不能晚于今天（" + iso(t) + "）");
    if (c.admin_state == AdminState::Revoked) throw CertError("证书已吊销，不能" + std::string(what));
    if (c.admin_state == AdminState::Suspended) throw CertError("证书暂扣期间不能" + std::string(what));
    const Date due = next_due(c);
    if (date > due)
        throw CertError(std::string(special ? "已超过复审日期" : "已超过有效期") + "（" + iso(due) +
                        "），证书已失效，须重新参加培训和考试");
    const int window = special ? policy.review_window_days : policy.renewal_window_days;
    if (date < add_days(due, -window))
        throw CertError(std::string(what) + "须在" + (special ? "复审日期" : "有效期届满") + "（" + iso(due) + "）前" +
                        std::to_string(window) + "天内办理，最早" + iso(add_days(due, -window)));
    if (in.class_hours < 0 || in.class_hours > 1000) throw CertError("学时须在0到1000之间");
    const double needed = special ? policy.review_class_hours : policy.renewal_class_hours;
    if (in.passed && in.class_hours + 1e-9 < needed)
        throw CertError(std::string(what) + "合格须完成" + points(needed) + "学时的培训，已完成" + points(in.class_hours) +
                        "学时");
    Review r;
    r.certificate_id = c.id;
    r.date = date;
    r.class_hours = in.class_hours;
    r.passed = in.passed;
    r.due = due;
    r.note = in.note;
    r.by = actor.login;
    r.at_ms = now();
    store_.add_review(r);
    std::string detail = std::string(in.passed ? "passed" : "failed") + " on " + iso(date) + ", " +
                         points(in.class_hours) + " h, due " + iso(due);
    if (in.passed) {
        if (special) {
            if (due >= c.valid_until) c.valid_until = add_years(c.valid_until, policy.special_valid_years); // 延期换证
            c.review_base = due;
            c.review_due = std::min(add_years(due, c.review_interval_years), c.valid_until);
            detail += "; next review " + iso(*c.review_due) + ", valid until " + iso(c.valid_until);
        } else {
            c.valid_until = add_years(c.valid_until, policy.manager_valid_years);
            c.review_base = due;
            detail += "; valid until " + iso(c.valid_until);
        }
    }
    c.status_version += 1;
    store_.update_certificate(c);
    audit(actor, special ? "cert.review" : "cert.renewal", c, detail);
    tx.commit();
    return load(c.id);
}

Certificate CertRegistry::set_review_extension(const Actor& actor, std::int64_t certificate_id, int years_in_trade,
                                               bool clean_record, const std::string& note)
{
    exam::require(actor, Operation::IssueCertificates);
    Transaction tx(db_);
    Certificate c = load(certificate_id);
    const auto policy = store_.policy();
    if (c.track != CertTrack::Special) throw CertError("只有特种作业操作证可以延长复审周期");
    if (years_in_trade < 0 || years_in_trade > 80) throw CertError("连续从事本工种年限须在0到80之间");
    if (c.admin_state != AdminState::Active) throw CertError("证书暂扣或已吊销，不能延长复审周期");
    std::vector<std::string> reasons;
    if (years_in_trade < policy.extension_min_years)
        reasons.push_back("连续从事本工种" + std::to_string(years_in_trade) + "年，不满" +
                          std::to_string(policy.extension_min_years) + "年");
    if (!clean_record) reasons.push_back("有违章或事故记录");
    if (!reasons.empty()) throw CertError("不能延长复审周期：" + join(reasons));
    c.years_in_trade = years_in_trade;
    c.clean_record = clean_record;
    c.review_interval_years = policy.extended_review_years;
    c.review_due = std::min(add_years(c.review_base, c.review_interval_years), c.valid_until);
    c.status_version += 1;
    store_.update_certificate(c);
    audit(actor, "cert.extension", c,
          std::to_string(years_in_trade) + " years in trade, clean record; review every " +
              std::to_string(c.review_interval_years) + " y, next " + iso(*c.review_due) +
              (note.empty() ? "" : "; " + note));
    tx.commit();
    return load(c.id);
}

Certificate CertRegistry::change_admin_state(const Actor& actor, std::int64_t certificate_id, AdminState to,
                                             const std::string& reason, const std::string& verb,
                                             const std::string& action, std::string (*refusal)(AdminState current))
{
    exam::require(actor, Operation::RevokeCertificates);
    require_reason(reason, verb.c_str());
    Transaction tx(db_);
    Certificate c = load(certificate_id);
    if (auto why = refusal(c.admin_state); !why.empty()) throw CertError(why);
    set_admin_state(actor, c, to, reason, action, reason);
    tx.commit();
    return load(c.id);
}

void CertRegistry::set_admin_state(const Actor& actor, Certificate& c, AdminState to, const std::string& reason,
                                   const std::string& action, const std::string& detail)
{
    c.admin_state = to;
    c.state_reason = reason;
    c.state_date = today();
    c.state_by = actor.login;
    c.state_at_ms = now();
    c.status_version += 1;
    store_.update_certificate(c);
    // Every card made so far goes with a revoked certificate, whatever comes after it.
    if (to == AdminState::Revoked) store_.revoke_versions(c.id, *c.state_date, reason);
    audit(actor, action, c, detail);
}

Certificate CertRegistry::suspend(const Actor& actor, std::int64_t certificate_id, const std::string& reason)
{
    return change_admin_state(actor, certificate_id, AdminState::Suspended, reason, "暂扣", "cert.suspend",
                              [](AdminState now) -> std::string {
                                  if (now == AdminState::Revoked) return "证书已吊销，不能暂扣";
                                  if (now == AdminState::Suspended) return "证书已在暂扣中";
                                  return "";
                              });
}

Certificate CertRegistry::reinstate(const Actor& actor, std::int64_t certificate_id, const std::string& reason)
{
    return change_admin_state(actor, certificate_id, AdminState::Active, reason, "发还", "cert.reinstate",
                              [](AdminState now) -> std::string {
                                  return now == AdminState::Suspended ? "" : "证书未被暂扣，无需发还";
                              });
}

Certificate CertRegistry::revoke(const Actor& actor, std::int64_t certificate_id, const std::string& reason)
{
    return change_admin_state(actor, certificate_id, AdminState::Revoked, reason, "吊销", "cert.revoke",
                              [](AdminState now) -> std::string {
                                  return now == AdminState::Revoked ? "证书已吊销" : "";
                              });
}

Certificate CertRegistry::replace(const Actor& actor, std::int64_t certificate_id, ReplaceReason reason,
                                  const std::string& note)
{
    exam::require(actor, Operation::IssueCertificates);
    Transaction tx(db_);
    Certificate c = load(certificate_id);
    const auto s = state(c);
    if (s == CertState::Revoked) throw CertError("证书已吊销，不能补发");
    if (s == CertState::Suspended) throw CertError("证书暂扣期间不能补发");
    if (s == CertState::Expired || s == CertState::Overdue) throw CertError("证书已失效（" + std::string(label_zh(s, c.track)) + "），不能补发");
    c.version += 1;
    c.status_version += 1;
    store_.update_certificate(c);
    save_version(c, reason == ReplaceReason::Loss ? VersionReason::Loss : VersionReason::Damage, actor);
    audit(actor, "cert.replace", c, std::string(label_zh(reason)) + (note.empty() ? "" : ": " + note));
    tx.commit();
    return load(c.id);
}

bool CertRegistry::holds_valid(const std::string& id_number, std::int64_t item_id)
{
    for (const auto& c : store_.certificates_of_holder(id_number))
        if (c.item_id == item_id && is_usable(state(c))) return true;
    return false;
}

std::optional<std::int64_t> CertRegistry::results_void_until(const std::string& id_number, std::int64_t item_id)
{
    std::optional<std::int64_t> until;
    for (const auto& c : store_.certificates_of_holder(id_number))
        if (c.item_id == item_id && c.admin_state == AdminState::Revoked)
            until = std::max(until.value_or(0), revoked_at_ms(c));
    return until;
}

std::vector<std::string> CertRegistry::suspend_overturned(const Actor& actor, const exam::AttemptRow& before,
                                                          std::int64_t item_id, const std::string& reason)
{
    std::vector<std::string> out;
    const auto cand = exam_.candidate(actor, before.candidate_id);
    if (!cand) return out;
    auto started = [&](const exam::AttemptRow& a) {
        auto s = exam_.session(actor, a.session_id);
        return s && s->item_id == item_id ? std::optional<std::int64_t>(s->starts_at_ms) : std::nullopt;
    };
    const auto overturned_start = started(before);
    const auto void_until = results_void_until(cand->id_number, item_id);
    for (auto& c : store_.certificates_of_holder(cand->id_number)) {
        if (c.item_id != item_id || c.admin_state != AdminState::Active) continue;
        // Issued before that exam: it did not rest on it.
        if (!overturned_start || *overturned_start > c.issued_at_ms) continue;
        // Another pass (as stored now, after the review) from before the issue still supports it.
        bool supported = false;
        for (const auto& a : exam_.attempts_of_candidate(actor, cand->id)) {
            const auto start = started(a);
            if (a.id == before.id || a.training_cycle != before.training_cycle || a.state != exam::AttemptState::Scored ||
                !a.passed.value_or(false) || !start)
                continue;
            if (*start <= c.issued_at_ms && (!void_until || *start > *void_until)) supported = true;
        }
        if (supported) continue;
        const std::string why = "成绩复核改为不合格（准考证号 " + before.ticket + "）：" + reason;
        set_admin_state(actor, c, AdminState::Suspended, why, "cert.suspend",
                        why + "; automatic, attempt:" + std::to_string(before.id));
        out.push_back("证书 " + c.number + "（" + c.item + "）已暂扣：发证所依据的理论考试成绩经复核改为不合格");
    }
    return out;
}

exam::CertificateLookup CertRegistry::certificate_lookup()
{
    exam::CertificateLookup l;
    l.holds_valid = [this](const std::string& id_number, std::int64_t item_id) { return holds_valid(id_number, item_id); };
    l.results_void_until = [this](const std::string& id_number, std::int64_t item_id) {
        return results_void_until(id_number, item_id);
    };
    l.result_overturned = [this](const Actor& actor, const exam::AttemptRow& before, std::int64_t item_id,
                                 const std::string& reason) { return suspend_overturned(actor, before, item_id, reason); };
    return l;
}

QrFields CertRegistry::qr_fields(const Certificate& c, const PublicKey& key) const
{
    QrFields f;
    f.key_id = key.key_id();
    f.number = c.number;
    f.version = c.version;
    f.status_version = c.status_version;
    f.item_id = c.item_id;
    f.first_issued = c.first_issued;
    f.valid_until = c.valid_until;
    f.review_due = c.review_due;
    f.name = c.name;
    f.item = c.item;
    return f;
}

std::string CertRegistry::qr_payload(const Certificate& c, const Signer& signer) const
{
    return make_payload(qr_fields(c, signer.public_key()), signer);
}

std::string CertRegistry::qr_text(const Certificate& c, const Signer& signer)
{
    return certs::qr_text(qr_payload(c, signer), verify_base_url());
}

std::string CertRegistry::verify_base_url() { return exam_.setting(kVerifyBaseUrlSetting).value_or(""); }

void CertRegistry::set_verify_base_url(const Actor& actor, const std::string& url)
{
    exam::require(actor, Operation::ManageBlueprints);
    std::string normal;
    if (!url.empty()) {
        try {
            normal = normalize_base_url(url);
        } catch (const std::invalid_argument& e) {
            throw CertError(e.what());
        }
    }
    exam_.set_setting(actor, kVerifyBaseUrlSetting, normal, "cert.config",
                      normal.empty() ? "verification base URL removed" : "verification base URL " + normal);
}

Verification CertRegistry::verify(std::string_view payload, const PublicKey& key)
{
    const auto policy = store_.policy();
    Verification v = verify_payload(payload, key, today(), policy);
    if (!v.signature_ok || v.verdict == Verdict::Specimen) return v;
    const QrFields& f = *v.fields;
    v.registry_checked = true;
    auto c = store_.certificate(f.number, f.item_id);
    if (!c || f.version > c->version) {
        v.verdict = Verdict::NotRegistered;
        v.message = "签名有效，但登记系统中没有这张证书（" + f.number + " " + f.item + " 第" + std::to_string(f.version) +
                    "版），请联系发证机关";
        return v;
    }
    if (f.version < c->version) {
        if (auto revoked = store_.version_revocation(c->id, f.version)) {
            v.verdict = Verdict::Revoked;
            v.message = "此证为第" + std::to_string(f.version) + "版，证书已于" + iso(revoked->first) + "吊销（" +
                        revoked->second + "），本证作废";
            return v;
        }
        v.verdict = Verdict::Replaced;
        v.message = "此证为第" + std::to_string(f.version) + "版，已补发第" + std::to_string(c->version) + "版，本证作废";
        return v;
    }
    const auto s = state_on(*c, policy, today());
    switch (s) {
    case CertState::Valid: v.verdict = Verdict::Valid; break;
    case CertState::ReviewDue: v.verdict = Verdict::ReviewDue; break;
    case CertState::Overdue: v.verdict = Verdict::Overdue; break;
    case CertState::Expired: v.verdict = Verdict::Expired; break;
    case CertState::Suspended: v.verdict = Verdict::Suspended; break;
    case CertState::Revoked: v.verdict = Verdict::Revoked; break;
    case CertState::Replaced: v.verdict = Verdict::Replaced; break;
    }
    v.message = "登记状态：" + std::string(label_zh(s, c->track));
    if (s == CertState::Suspended || s == CertState::Revoked)
        v.message += "（" + (c->state_date ? iso(*c->state_date) : std::string()) + "，" + c->state_reason + "）";
    else
        v.message += "，有效期至" + iso(c->valid_until) +
                     (c->review_due ? "，复审日期" + iso(*c->review_due) : std::string());
    if (f.status_version < c->status_version) v.message += "；证书信息已在登记系统更新，以登记为准";
    return v;
}

} // namespace sk::certs
