// Storage of certificates, their review (复审) records and card versions, and the registry policy.
// All certificate SQL lives here (Schema module "certs").
#pragma once

#include "certs/certificate.hpp"
#include "content/storage/database.hpp"
#include "content/storage/migrations.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sk::certs {

// The certificate tables. Needs the content and exam schemas (items, candidates) opened with it.
const storage::Schema& schema();

// Why a card version was made.
enum class VersionReason { Issue, Loss, Damage, Reissue };
std::string_view to_string(VersionReason r);
std::optional<VersionReason> parse_version_reason(std::string_view s);

// One printed card version of a certificate, with the record as it was when the version was made.
struct CertVersion {
    std::int64_t certificate_id = 0;
    int version = 1;
    VersionReason reason = VersionReason::Issue;
    Date made_on{};
    std::string by;
    std::int64_t at_ms = 0;
    Certificate record; // snapshot (photo and reviews included)
    // Set on every version that existed when the certificate was revoked: such a card stays revoked for good, even
    // after a new certificate (a new exam after the revocation) under the same number.
    std::optional<Date> revoked_on;
    std::string revoked_reason;
};

class CertStore {
public:
    explicit CertStore(storage::Database& db) : db_(db) {}
    storage::Database& db() { return db_; }

    CertPolicy policy();
    void save_policy(const CertPolicy& p);

    std::int64_t add_certificate(const Certificate& c); // reviews are added with add_review
    void update_certificate(const Certificate& c);       // every field but id, number, track, item and first_issued
    std::optional<Certificate> certificate(std::int64_t id);
    std::optional<Certificate> certificate(const std::string& number, std::int64_t item_id);
    std::vector<Certificate> certificates_with_number(const std::string& number);
    std::vector<Certificate> certificates_of_holder(const std::string& id_number);
    std::vector<Certificate> certificates();
    // The next free serial of managers' certificates first issued in `year` (1 for the first).
    int next_manager_serial(int year);

    std::int64_t add_review(const Review& r);
    std::vector<Review> reviews(std::int64_t certificate_id);

    void add_version(const CertVersion& v);
    std::vector<CertVersion> versions(std::int64_t certificate_id);
    std::optional<CertVersion> version(std::int64_t certificate_id, int version);
    // The installation's signing public key (SK1PUB text), nullopt before first set-up; recorded once (a second
    // record is a StorageError: the key is never replaced).
    std::optional<std::string> recorded_public_key();
    void record_public_key(const std::string& exported, std::int64_t at_ms);
    // Marks every card version of the certificate not yet revoked as revoked on `on` for `reason`.
    void revoke_versions(std::int64_t certificate_id, Date on, const std::string& reason);
    // The revocation day and reason of a card version, nullopt when it was never revoked.
    std::optional<std::pair<Date, std::string>> version_revocation(std::int64_t certificate_id, int version);

private:
    Certificate read(storage::Statement& st);
    storage::Database& db_;
};

} // namespace sk::certs
