// The certificate registry: issuing on a passing exam result, reviews (复审) and renewals, the review extension,
// suspension, reinstatement, revocation, replacement after loss or damage, the state on today's date, the signed
// QR payload and its verification against the registry. Every change is one transaction and one audit entry
// (ExamStore::append_audit); every operation checks the actor's role.
//
// Review rules (special operators): a review is recorded within `review_window_days` before the review date, never
// after it (an overdue certificate needs a new exam). A passed review needs `review_class_hours`. It moves the
// review date one interval (3 years, or 6 with the extension) on from the review date it answered, capped at the
// expiry; a review whose date is the expiry renews the certificate for another validity period (延期换证).
// Managers renew within `renewal_window_days` before expiry; a passed renewal adds `manager_valid_years`.
#pragma once

#include "certs/certificate.hpp"
#include "certs/signing.hpp"
#include "certs/storage/cert_store.hpp"
#include "content/model.hpp"
#include "exam/exam_service.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::certs {

// A refusal a person can act on (Chinese message naming the reason).
class CertError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ReviewInput {
    std::optional<Date> date; // default: today; never in the future
    double class_hours = 0;
    bool passed = true;
    std::string note;
};

class CertRegistry {
public:
    CertRegistry(storage::Database& db, exam::ExamService& exam, exam::Clock clock = exam::system_now_ms);

    // The exam service the registry builds on (its reads are actor-checked). The certificate store stays private:
    // programs read certificates through the checked reads below.
    exam::ExamService& exam() { return exam_; }
    storage::Database& database() { return db_; }
    Date today() const { return date_of_ms(clock_()); }
    std::int64_t now_ms() const { return clock_(); }

    CertPolicy policy() { return store_.policy(); }
    // Administrators (ManageBlueprints) set periods, windows, class hours and the authority name.
    void set_policy(const exam::Actor& actor, const CertPolicy& policy);

    // Why the candidate cannot get a certificate for the item now (empty: it can). Chinese, one line each.
    // Certificate officers (IssueCertificates).
    std::vector<std::string> refusal_reasons(const exam::Actor& actor, std::int64_t candidate_id,
                                             std::optional<std::int64_t> item_id = {});
    // Issues the certificate for the candidate's item (or `item_id`): requires a passing result (theory, and the
    // practical exam where the track has one). After an expired, overdue or revoked certificate of the same item the
    // same record gets a new term and card version (first issue date kept); after a revocation only on exams taken
    // after it (results_void_until). Throws CertError with the reasons.
    Certificate issue(const exam::Actor& actor, std::int64_t candidate_id, std::optional<std::int64_t> item_id = {});
    // The certificate `issue` would make now, nothing written or audited (the batch's page preview): the same
    // holder, item, scores, dates and authority; a new manager certificate's serial is only known when issued, so
    // its number reads "M<year>（签发时编号）". Throws CertError with the reasons as `issue` does.
    Certificate draft(const exam::Actor& actor, std::int64_t candidate_id, std::optional<std::int64_t> item_id = {});

    Certificate record_review(const exam::Actor& actor, std::int64_t certificate_id, const ReviewInput& input);
    // Stores the extension data; with `extension_min_years` or more and a clean record the review interval becomes
    // `extended_review_years`, otherwise it is refused with the reason (the data is not stored then).
    Certificate set_review_extension(const exam::Actor& actor, std::int64_t certificate_id, int years_in_trade,
                                     bool clean_record, const std::string& note);
    Certificate suspend(const exam::Actor& actor, std::int64_t certificate_id, const std::string& reason);
    Certificate reinstate(const exam::Actor& actor, std::int64_t certificate_id, const std::string& reason);
    Certificate revoke(const exam::Actor& actor, std::int64_t certificate_id, const std::string& reason);
    // A new card version with the same number after loss or damage; the old card version becomes Replaced.
    Certificate replace(const exam::Actor& actor, std::int64_t certificate_id, ReplaceReason reason,
                        const std::string& note);

    std::optional<Certificate> certificate(std::int64_t id) { return store_.certificate(id); }
    std::optional<Certificate> certificate(const std::string& number, std::int64_t item_id)
    {
        return store_.certificate(number, item_id);
    }
    // Certificate officers' and results readers' reads (IssueCertificates, RevokeCertificates or ReadResults): every certificate, a holder's (by ID
    // number), those carrying a number, and a stored card version.
    std::vector<Certificate> certificates(const exam::Actor& actor);
    std::vector<Certificate> certificates_of_holder(const exam::Actor& actor, const std::string& id_number);
    std::vector<Certificate> certificates_with_number(const exam::Actor& actor, const std::string& number);
    std::optional<CertVersion> version(const exam::Actor& actor, std::int64_t certificate_id, int version);
    // The catalogue of categories and items the certificates name.
    content::Catalogue catalogue();
    CertState state(const Certificate& c);
    // True when the holder has a usable (valid or review-due) certificate for the item.
    bool holds_valid(const std::string& id_number, std::int64_t item_id);
    // For ExamService::set_certificate_lookup: whether the holder holds a usable certificate, the revocation before
    // which exams no longer count, and the suspension of certificates whose theory pass a review overturned. The
    // registry must outlive the exam service's use of it.
    exam::CertificateLookup certificate_lookup();
    // Revocation is final: while the holder's certificate for the item is revoked, exams taken up to the revocation
    // (sessions that started, practical scores entered, at or before it) no longer count; nullopt when none is.
    std::optional<std::int64_t> results_void_until(const std::string& id_number, std::int64_t item_id);
    // In the caller's transaction (ExamService::change_result): suspends the holder's active certificates for the
    // item that rested on the pass `before` when no other counting pass supports them. One line each for the
    // operator. The suspension is audited as cert.suspend under the reviewer's name.
    std::vector<std::string> suspend_overturned(const exam::Actor& actor, const exam::AttemptRow& before,
                                                std::int64_t item_id, const std::string& reason);

    // The QR fields of the current record, and of a stored card version.
    QrFields qr_fields(const Certificate& c, const PublicKey& key) const;
    std::string qr_payload(const Certificate& c, const Signer& signer) const;
    // What the printed QR code holds: the address of the verification page carrying the payload when the
    // installation has a base URL (certs/verify_url.hpp), else the payload itself.
    std::string qr_text(const Certificate& c, const Signer& signer);
    // The installation's verification page base URL (setting cert.verify_base_url); empty when none is set.
    std::string verify_base_url();
    // Administrators (ManageBlueprints) set it (normalize_base_url; throws CertError naming what is wrong) or, with
    // an empty text, remove it; audited as cert.config. Cards printed before keep the text they carry.
    void set_verify_base_url(const exam::Actor& actor, const std::string& url);
    // Signature first (verify_payload), then the registry: replaced version, suspension, revocation, current dates.
    Verification verify(std::string_view payload, const PublicKey& key);

private:
    Certificate load(std::int64_t id);
    // What issue and draft share: the reasons checked, then the certificate as it would be issued today, over the
    // holder's existing record of the item (`existing`, set when there is one). Number and versions not set.
    Certificate compose(const exam::Actor& actor, std::int64_t candidate_id, std::optional<std::int64_t> item_id,
                        std::optional<Certificate>& existing);
    void audit(const exam::Actor& actor, const std::string& action, const Certificate& c, const std::string& detail);
    // Suspend, reinstate, revoke: `refusal` names why the certificate's current state forbids the change (empty
    // when allowed); the new state, reason, day and officer are stored and audited as `action` in one transaction.
    Certificate change_admin_state(const exam::Actor& actor, std::int64_t certificate_id, AdminState to,
                                   const std::string& reason, const std::string& verb, const std::string& action,
                                   std::string (*refusal)(AdminState current));
    void save_version(const Certificate& c, VersionReason reason, const exam::Actor& actor);
    // Stores the new state (and, on revocation, revokes every card version) and audits it; no transaction of its own.
    void set_admin_state(const exam::Actor& actor, Certificate& c, AdminState to, const std::string& reason,
                         const std::string& action, const std::string& detail);
    std::int64_t now() const { return clock_(); }

    storage::Database& db_;
    exam::ExamService& exam_;
    CertStore store_;
    exam::Clock clock_;
};

} // namespace sk::certs
