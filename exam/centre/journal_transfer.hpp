// The last resort when a kiosk can never reach its centre again (a broken NIC, a dead switch at the end of the day):
// its journal's events carried to the centre in a signed file (docs/exam-centre.md, "When a kiosk cannot reach the
// centre: journal export and import").
//
//   Kiosk:  export_journal() writes every outbox event of the journal (sent or not) with the kiosk's id and the
//           centre's id, signed with the journal's Ed25519 key.
//   Centre: import_journal() checks the signature, that the file was made for this centre, and that the key is the
//           one the kiosk registered; then stores the events the centre lacks, with centre_put_events' rules, in one
//           transaction, audited.
//
// Who signs, and how the centre knows the key: each journal makes an Ed25519 key pair the first time it needs one
// (kept in the journal's settings: whoever holds the journal can already rewrite its events). The kiosk's sender
// registers the public key with the centre over the kiosk's own login when it first connects
// (centre_register_journal_key(), SECURITY DEFINER: the kiosk comes from the login, never a parameter) and learns the
// centre's id and its kiosk id from the answer, which it keeps in the journal. The centre keeps the first key a kiosk
// registered; another key (a journal made afresh, a copied login) is answered "different" and never replaces it —
// staff clear it only by giving the kiosk new credentials (centre add-kiosk --replace). So a file is accepted only
// when it is signed by the key that kiosk's login registered, for this centre; a changed or truncated byte breaks
// the signature.
//
// File format (UTF-8 text, one record a line; the signature covers every byte before its own line):
//     SAFEKIOSK-JOURNAL-EXPORT 1 ed25519:<public key, 64 hex digits>
//     {"centre_id":"…","kiosk_id":"A01","exported_at_ms":…,"events":N}
//     {"attempt_id":…,"seq":…,"kind":"answer","at_ms":…,"body":"{…}","sent_at_ms":…}      (N lines)
//     signature ed25519:<128 hex digits>
#pragma once

#include "content/storage/database.hpp"
#include "exam/centre/centre.hpp"
#include "exam/roles.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sk::exam::centre {

// A file that cannot be exported to or imported from: what() names the file and what is wrong with it.
class JournalFileError : public CentreError {
public:
    using CentreError::CentreError;
};

// The largest export file accepted (and written): 64 MiB, about 300 000 events (a kiosk's exams for months).
inline constexpr std::int64_t kMaxJournalExportBytes = 64ll << 20;

// The journal's public signing key (64 hex digits), made (and kept in the journal) the first time it is asked for.
std::string journal_public_key(storage::Database& journal);

// What the centre answered a key registration, as the journal keeps it (settings centre.id, centre.kiosk_id,
// centre.journal_key_registration).
struct JournalKeyRegistration {
    std::string centre_id;
    std::string kiosk_id;
    std::string outcome; // registered | same | different (the centre holds another key for this kiosk)
};
// Registers the journal's key with the centre over `centre` (the kiosk's login) and writes the answer into the
// journal. StorageError from the server (unreachable, not an exam kiosk's login, a centre older than this program).
JournalKeyRegistration register_journal_key(storage::Database& journal, storage::Database& centre);
// What the journal last heard (empty fields when it never registered).
JournalKeyRegistration journal_key_registration(storage::Database& journal);

struct JournalExport {
    std::filesystem::path file;
    std::string centre_id;
    std::string kiosk_id;
    std::int64_t events = 0;   // every outbox event
    std::int64_t unsent = 0;   // of which the sender had not delivered
    std::int64_t attempts = 0; // distinct attempts
    // The centre's answer when the journal last registered its key: "different" means the centre holds another key
    // for this kiosk and will refuse the file.
    std::string key_registration;
};

// Writes the journal's outbox to `out` (mode 0600, written beside it and linked into place: an existing file is
// never replaced). JournalFileError when `out` exists or cannot be written, when the journal never registered with a
// centre (it cannot say which centre it belongs to), or when the file would exceed kMaxJournalExportBytes.
JournalExport export_journal(storage::Database& journal, const std::filesystem::path& out, std::int64_t now_ms);

struct ExportedEvent {
    std::int64_t attempt_id = 0;
    std::int64_t seq = 0;
    std::string kind;
    std::int64_t at_ms = 0;
    std::string body;
};

// An export file read and its signature verified (nothing about the centre checked yet).
struct VerifiedExport {
    std::string public_key;
    std::string centre_id;
    std::string kiosk_id;
    std::int64_t exported_at_ms = 0;
    std::vector<ExportedEvent> events;
};
// Reads at most kMaxJournalExportBytes of a regular file (a FIFO, a device, a folder refused without blocking) and
// verifies it. JournalFileError naming the file: not an export, truncated, the signature not matching, malformed or
// duplicate JSON keys, an event without its fields.
VerifiedExport read_journal_export(const std::filesystem::path& file);

struct JournalImport {
    std::string kiosk_id;
    std::int64_t events = 0; // in the file
    int stored = 0;          // new at the centre
    int duplicates = 0;      // held already with the same content
    int conflicts = 0;       // held with other content: kept in centre_event_conflict (reason 'content')
    int seat = 0;            // the attempt is not seated at that kiosk: kept apart (reason 'seat')
};

// Imports an export file at the centre (`centre`: the database's owner's connection; `actor`: exam staff, signed in,
// ManageSessions). Checks the signature, the centre's id and the kiosk's registered key, then stores the events the
// centre lacks, with centre_put_events' rules, in one transaction, audited centre.journal_imported. Importing the
// same file again changes nothing. JournalFileError (nothing changed) for a bad file, another centre's file or a
// key that is not the kiosk's; PermissionDenied; StorageError when the login may not write (a kiosk's login).
JournalImport import_journal(storage::Database& centre, const Actor& actor, const std::filesystem::path& file,
                             std::int64_t now_ms);

} // namespace sk::exam::centre
