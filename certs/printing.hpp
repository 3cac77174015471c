// Certificates, score reports and admission tickets as PDF files; batches for a session; the specimen; printing
// through CUPS.
#pragma once

#include "certs/layouts.hpp"
#include "certs/registry.hpp"
#include "certs/signing.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sk::certs {

// The current record of a certificate with a freshly signed QR code, or a stored card version `version` (the record
// as it was then, marked "补打存档 · 第N版（已作废）" when a newer version exists). Needs IssueCertificates; the
// print is recorded in the audit log. Refused (CertError, saying why) for a revoked or suspended certificate and for
// a card version revoked with its certificate: such a card would verify as valid offline.
std::vector<unsigned char> certificate_pdf(CertRegistry& registry, const Signer& signer, const exam::Actor& actor,
                                           std::int64_t certificate_id, Layout layout,
                                           std::optional<int> version = std::nullopt);

struct BatchOptions {
    Layout layout = Layout::A4Landscape;
    bool one_file = true;          // one PDF for the whole session (the font stored once), else one file each
    std::filesystem::path output;  // the PDF file (one_file) or the folder for the files (named <number>-<item>.pdf)
    // Asked before each candidate; true stops the batch (the desktop window's Cancel): no PDF is written, the
    // certificates issued so far stay issued (each was committed and audited on its own) and the result says so.
    std::function<bool()> stop = {};
    std::string title = {}; // the PDF's title (default: "Certificates …")
};

struct BatchEntry {
    std::int64_t candidate_id = 0;
    std::int64_t item_id = 0;
    std::int64_t session_id = 0;
    std::string name;
    std::string id_number;
    std::optional<std::int64_t> certificate_id;
    bool issued_now = false;  // false: the candidate already held the certificate, which is printed again
    std::string skipped;      // why no certificate (not passed, suspended, …); empty when printed
    std::string failed;       // why its certificate could not be issued or printed (e.g. a character the font
                              // lacks); the other certificates of the batch are issued and printed all the same
    std::filesystem::path file;
};

struct BatchResult {
    std::vector<BatchEntry> entries;
    std::vector<std::filesystem::path> files;
    int issued = 0, printed = 0, skipped = 0, failed = 0;
    bool cancelled = false; // options.stop ended the batch early: `files` is empty
};

// Called after each candidate is handled (issued and laid out, or skipped): done of total.
using BatchProgress = std::function<void(int done, int total, const BatchEntry& entry)>;

// For every candidate of the session: issues the certificate when they passed (theory, and practical where the
// track has one) and hold none yet, and renders it; a certificate they already hold is printed again. Candidates
// who did not pass are listed with the reason. Each issue is its own transaction. One record that cannot be printed
// (a name the font cannot show, a damaged photo, …) never stops the batch: each certificate is rendered on its own
// first, and one that fails is listed with the reason (BatchEntry::failed, BatchResult::failed) while the rest are
// printed.
BatchResult issue_session(CertRegistry& registry, const Signer& signer, const exam::Actor& actor,
                          std::int64_t session_id, const BatchOptions& options, const BatchProgress& progress = {});

// One person of a batch: the candidate and the item (and the session whose pass the batch rests on).
struct BatchTarget {
    std::int64_t candidate_id = 0;
    std::int64_t item_id = 0;
    std::int64_t session_id = 0;
};
// What to print for one target: the certificate (issued now: set entry.issued_now), or nullopt with entry.skipped
// saying why. An exception is reported in entry.failed and the batch goes on.
using BatchDecision = std::function<std::optional<Certificate>(const BatchTarget&, BatchEntry& entry)>;
// The loop behind issue_session and issue_batch (certs/batch.hpp): decides, renders each certificate on its own
// (one that fails is reported, the rest printed) and writes one PDF or one file each unless stopped. No audit.
BatchResult render_batch(CertRegistry& registry, const Signer& signer, const exam::Actor& actor,
                         const std::vector<BatchTarget>& targets, const BatchOptions& options,
                         const BatchDecision& decide, const BatchProgress& progress = {});
// "3 issued, 3 printed, 1 skipped[, 1 failed][, cancelled]" (audit detail).
std::string batch_summary(const BatchResult& result);

// The specimen: a demo holder (王小明, drawn photo) with a signed QR code flagged as a specimen, watermarked 样本.
Certificate specimen_certificate(Date today, CertTrack track = CertTrack::Special);
std::vector<unsigned char> specimen_pdf(const Signer& signer, Date today, Layout layout = Layout::A4Landscape,
                                        CertTrack track = CertTrack::Special);
// The library call behind `safekiosk-admin cert sample --out FILE`: both layouts (A4 page, card front and back).
// With a verification base URL the QR code is the page's address (qr_text), as on a certificate.
void write_specimen(const std::filesystem::path& out, const Signer& signer, Date today, std::string_view base_url = {});

// The examinee's score report of a scored attempt (ReadResults).
ScoreReport score_report(CertRegistry& registry, const exam::Actor& actor, std::int64_t attempt_id);
std::vector<unsigned char> score_report_pdf(CertRegistry& registry, const exam::Actor& actor, std::int64_t attempt_id);

// The admission ticket of a registered attempt (ManageSessions).
AdmissionTicket admission_ticket(CertRegistry& registry, const exam::Actor& actor, std::int64_t attempt_id);
std::vector<unsigned char> admission_ticket_pdf(CertRegistry& registry, const exam::Actor& actor, std::int64_t attempt_id);

class PrintError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PrintOptions {
    int copies = 1;
    // The pages print at their own size, as laid out: the job is sent as a finished document
    // (application/vnd.cups-pdf), so CUPS does no fit-to-page, n-up or re-wrapping of the pages. Off: sent as
    // application/pdf and CUPS lays the pages out on the printer's media.
    bool actual_size = true;
};

// A printer queue CUPS offers (cupsGetDests): what the window's printer list shows instead of a typed name.
struct PrinterInfo {
    std::string name;        // the queue name print_pdf takes
    std::string description; // printer-info, e.g. "HP LaserJet 办公室"; may be empty
    bool is_default = false;
};
// The printers of the local CUPS server, the default one first, then by name; empty when CUPS offers none (or does
// not run).
std::vector<PrinterInfo> printers();

// Sends a PDF to the CUPS printer `printer` (a queue name, e.g. "PDF"); returns the job id. Throws PrintError with
// CUPS's message when the printer does not exist or refuses the job.
int print_pdf(const std::string& printer, const std::filesystem::path& pdf, const std::string& title,
              const PrintOptions& options = {});

} // namespace sk::certs
