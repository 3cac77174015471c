// `safekiosk-admin doctor`: checks an installation and says what is wrong and how to mend it (docs/operations.md).
//
// Every check reads only: the database is opened read-only, nothing is created, migrated or repaired. A check that
// does not apply (a printer when none is named or set as default, the centre's clock for a file installation) is
// skipped with the reason; the installation is well when no check found a problem.
#pragma once

#include "content/storage/migrations.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sk::certs {

struct DoctorCheck {
    enum class Status { Ok, Problem, Skipped };
    std::string name;   // "database file", "signing key", "free disk" …
    Status status = Status::Ok;
    std::string detail; // what was found
    std::string mend;   // for a problem: what to do (a command when there is one)
};

struct DoctorOptions {
    std::uint64_t min_free_bytes = 256ull * 1024 * 1024; // below this on the database's (or key folder's) file system
    std::string printer;                                   // a CUPS queue that must be ready; empty: the default, if any
    std::filesystem::path font = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    double max_clock_skew_seconds = 5;                     // against a server database's clock
};

// Checks the installation at `locator` (a database file or a postgresql:// URI), in this order: the database (file
// mode 0600 and folder 0700, or the centre reachable), schema versions against `schemas`, integrity_check (SQLite),
// the signing key present and the one the database records, the audit key, free disk, the kiosk's font, the printer
// queue (CUPS), and for a server database this machine's clock against the server's.
std::vector<DoctorCheck> run_doctor(const std::filesystem::path& locator, const std::vector<const storage::Schema*>& schemas,
                                    const DoctorOptions& options = {});

// True when no check found a problem.
bool all_well(const std::vector<DoctorCheck>& checks);

} // namespace sk::certs
