// Certificates across sessions (`safekiosk-admin cert batch`, the desktop window's batch panel): the passes still
// waiting for a certificate, chosen by training provider, item, exam dates (China Standard Time) and sessions, each
// with the reasons it cannot be issued now; then issuing every issuable one into one PDF or a folder, one bad record
// reported and skipped, and the list of what was issued as an Excel-friendly CSV.
#pragma once

#include "certs/printing.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sk::certs {

struct BatchFilter {
    std::string provider;                  // the candidate's training provider (培训机构), exactly; empty: any
    std::optional<std::int64_t> item_id;   // the session's item; empty: any
    std::optional<Date> from, to;          // the session's exam day in Beijing, both inclusive
    std::vector<std::int64_t> sessions;    // empty: any
};

// A candidate who passed the theory exam in a chosen session and holds no certificate from it yet.
struct PendingPass {
    std::int64_t candidate_id = 0;
    std::string name;
    std::string id_number;
    std::string provider;
    std::int64_t item_id = 0;
    std::string item;
    std::int64_t session_id = 0;
    Date exam_date;
    std::string ticket;
    bool has_photo = false;
    // Why no certificate can be issued now (missing practical score, missing photo, already issued, revoked
    // without a new pass, …), Chinese, one line each; empty: it can be.
    std::vector<std::string> reasons;
    bool issuable() const { return reasons.empty(); }
};

// The passes of the chosen sessions (one line per candidate and item, from the latest such session), in exam-day,
// session and registration order. Reads only (the dry run); needs IssueCertificates. Throws CertError for a session
// that does not exist or a date range that ends before it starts.
std::vector<PendingPass> pending_passes(CertRegistry& registry, const exam::Actor& actor, const BatchFilter& filter);

// Issues every issuable pending pass (each its own transaction and audit entry) and renders the certificates into
// options.output (one PDF, or with one_file false a folder). People who cannot be issued are skipped with their
// reasons (BatchEntry::skipped); one that fails while being issued or rendered is reported (BatchEntry::failed) and
// never stops the rest. options.stop cancels between people. The batch itself is audited as cert.batch.
BatchResult issue_batch(CertRegistry& registry, const Signer& signer, const exam::Actor& actor,
                        const BatchFilter& filter, const BatchOptions& options, const BatchProgress& progress = {});

// The certificates a batch issued, as UTF-8 CSV with a BOM and CRLF (Excel opens it with Chinese headers; cells
// are protected as content::formats::csv_cell does): number, name, ID number, provider, category, item, exam day,
// session, issue date, valid until, review due, file, and a note for those that could not be printed.
std::string issued_csv(CertRegistry& registry, const exam::Actor& actor, const BatchResult& result);

// "provider=…, item=…, 2026-03-01..2026-03-31, sessions 3,4" (the audit detail and the PDF's title).
std::string describe(const BatchFilter& filter);

} // namespace sk::certs
