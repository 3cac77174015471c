// The copy of the centre's bank, candidates and sessions in an exam kiosk's journal (docs/exam-centre.md, "What a
// kiosk copies from the centre"). Central check-in returns question rows by id and the attempt's id is the centre's,
// so the journal must hold the centre's rows under the centre's ids. The kiosk pulls them with its own login:
//
//   1. ask_centre_copy() calls the centre's centre_kiosk_copy(), a SECURITY DEFINER function that returns only what
//      the login's room needs: the catalogue, the blueprints of the room's sessions (those ending after now - 12 h
//      and starting before now + 48 h), the questions they can draw and those already on their papers (the exact
//      stored versions, with their media and zh-HK texts), the candidates registered for them (with photos), the
//      sessions and their attempts (ticket, candidate, seat: never a paper, a seed, a state or a result).
//   2. store_centre_copy() writes them into the journal in one transaction, every id kept. A row the journal holds
//      already is compared column by column: the same is nothing to do, a difference in what identifies or makes the
//      row (a question's text or answer, a candidate's ID number or photo, a session's hours …) is a CentreError
//      naming the table, the id and the column, and nothing is written. Only lifecycle columns follow the centre: a
//      question's `current` and `status`, a blueprint's `current`, a zh-HK text's conversion and correction, and the
//      seat of an attempt the kiosk has not checked in yet. An attempt added is audited (attempt.copy, with its row's
//      digest), so `audit verify` finds the journal intact; the copy as a whole is audited (centre.copy) when it
//      changed anything. Pulling again with nothing new changes nothing and audits nothing.
//
// The kiosk pulls at its start and before each check-in (kiosk/app/run.cpp, kiosk/screens/exam_checkin.cpp), and
// `safekiosk-admin --db JOURNAL centre pull --centre URI --kiosk ID` on demand (e.g. the evening before). A centre
// that cannot be reached leaves the journal as it is (CentreUnreachable).
#pragma once

#include "content/storage/database.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sk::exam::centre {

// One row of the centre's copy: its table and its columns as a JSON object (blobs in base64).
struct CopiedRow {
    std::string table;
    std::string json;
};

struct CentreCopy {
    std::vector<CopiedRow> rows;
};

// Calls the centre's centre_kiosk_copy() with the kiosk's login (kiosk.json "centre"); libpq's connect timeout and a
// reply timeout of 10 s bound the call. CentreUnreachable when the server cannot be reached or goes silent;
// CentreError for a refusal (a login that is not an exam kiosk: the server refuses a training kiosk's login).
CentreCopy ask_centre_copy(const std::string& centre_uri);

struct CopyReport {
    std::map<std::string, int> added;     // rows added, per table
    std::map<std::string, int> updated;   // rows whose lifecycle columns followed the centre, per table
    int unchanged = 0;                    // rows the journal held already, the same
    int total(const std::map<std::string, int>& m) const
    {
        int n = 0;
        for (const auto& [table, count] : m) n += count;
        return n;
    }
    bool changed() const { return total(added) + total(updated) > 0; }
};

// Writes the copy into the kiosk's journal (an SQLite file) in one transaction, ids kept, as described above.
// `kiosk_id` names the kiosk in the audit log. CentreError naming the journal, table, row and column for a row that
// differs from the journal's under the same id, a row the journal cannot take (another row holds its ticket or ID
// number) or an unreadable copy: nothing is written then.
CopyReport store_centre_copy(storage::Database& journal, const CentreCopy& copy, const std::string& kiosk_id,
                             std::int64_t now_ms);

// ask_centre_copy() then store_centre_copy().
CopyReport pull_from_centre(storage::Database& journal, const std::string& centre_uri, const std::string& kiosk_id,
                            std::int64_t now_ms);

// One line for a person: "copied from the centre: 2 sessions, 2 attempts, … added; 5 rows unchanged".
std::string describe(const CopyReport& r);

} // namespace sk::exam::centre
