#include "certs/doctor.hpp"

#include "certs/installation_key.hpp"
#include "content/formats/private_file.hpp"
#include "content/installation.hpp"
#include "exam/audit_key.hpp"
#include "exam/exam_service.hpp"

#include <cups/cups.h>

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <vector>

namespace sk::certs {

namespace fs = std::filesystem;
using Status = DoctorCheck::Status;

namespace {

std::string mib(std::uint64_t bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

DoctorCheck ok(std::string name, std::string detail) { return {std::move(name), Status::Ok, std::move(detail), {}}; }
DoctorCheck problem(std::string name, std::string detail, std::string mend)
{
    return {std::move(name), Status::Problem, std::move(detail), std::move(mend)};
}
DoctorCheck skipped(std::string name, std::string why) { return {std::move(name), Status::Skipped, std::move(why), {}}; }

// The file's mode, or nullopt when it does not exist.
std::optional<unsigned> mode_of(const fs::path& p)
{
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return std::nullopt;
    return static_cast<unsigned>(st.st_mode & 07777);
}

void check_file_modes(const fs::path& db, std::vector<DoctorCheck>& out)
{
    std::string wrong;
    std::string mend;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const fs::path f = db.string() + suffix;
        if (auto m = mode_of(f); m && (*m & 077)) {
            wrong += (wrong.empty() ? "" : "; ") + f.string() + " has mode " + content::formats::mode_text(*m) +
                     " (other accounts can read candidates' data and exam answers)";
            mend += (mend.empty() ? "chmod 600 " : " ") + f.string();
        }
    }
    const fs::path folder = db.has_parent_path() ? db.parent_path() : fs::path(".");
    if (auto m = mode_of(folder); m && (*m & 077)) {
        wrong += (wrong.empty() ? "" : "; ") + std::string("its folder ") + folder.string() + " has mode " +
                 content::formats::mode_text(*m);
        mend += (mend.empty() ? "" : " && ") + std::string("chmod 700 ") + folder.string();
    }
    // One owner for the whole installation: a file made by another account (safekiosk-admin run as root on a kiosk's
    // database) cannot be written by the kiosk's user, and the kiosk fails at its next write.
    struct stat folder_st {};
    if (::stat(folder.c_str(), &folder_st) == 0) {
        std::vector<fs::path> files{db, db.string() + "-wal", db.string() + "-shm", content::key_folder(db)};
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(content::key_folder(db), ec)) files.push_back(e.path());
        std::string others;
        for (const auto& f : files) {
            struct stat st {};
            if (::lstat(f.c_str(), &st) == 0 && st.st_uid != folder_st.st_uid)
                others += (others.empty() ? "" : ", ") + f.string() + " (uid " + std::to_string(st.st_uid) + ")";
        }
        if (!others.empty()) {
            wrong += (wrong.empty() ? "" : "; ") + others + " not owned by the owner of " + folder.string() + " (uid " +
                     std::to_string(folder_st.st_uid) + ")";
            mend += (mend.empty() ? "" : " && ") + std::string("chown -R --reference=") + folder.string() + " " +
                    db.string() + "* " + content::key_folder(db).string() +
                    " (then run safekiosk-admin as that user: sudo -u safekiosk …)";
        }
    }
    if (wrong.empty())
        out.push_back(ok("file permissions", db.string() + " 0600, folder " + folder.string() + " 0700"));
    else
        out.push_back(problem("file permissions", wrong, mend));
}

void check_disk(const fs::path& where, const DoctorOptions& o, std::vector<DoctorCheck>& out)
{
    struct statvfs vfs {};
    if (::statvfs(where.c_str(), &vfs) != 0) {
        out.push_back(problem("free disk", where.string() + ": cannot be examined", "check that the folder exists"));
        return;
    }
    const std::uint64_t free_bytes = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
    const std::uint64_t total = static_cast<std::uint64_t>(vfs.f_blocks) * vfs.f_frsize;
    const std::string detail = mib(free_bytes) + " free of " + mib(total) + " where " + where.string() + " is";
    if (free_bytes < o.min_free_bytes)
        out.push_back(problem("free disk", (free_bytes == 0 ? "the disk is full: " : "too little: ") + detail + " (at least " +
                                               mib(o.min_free_bytes) + " wanted for exam answers, the WAL and backups)",
                              "free space on that file system: move old backups away, `journalctl --vacuum-size=200M`, "
                              "`apt-get clean`"));
    else
        out.push_back(ok("free disk", detail));
}

void check_font(const DoctorOptions& o, std::vector<DoctorCheck>& out)
{
    std::ifstream in(o.font, std::ios::binary);
    char magic[4] = {};
    if (!in || !in.read(magic, 4)) {
        out.push_back(problem("fonts", o.font.string() + ": missing or unreadable: the kiosk and the certificates show "
                                                         "Chinese with it",
                              "apt-get install fonts-wqy-microhei (or set \"font\" in kiosk.json)"));
        return;
    }
    const std::string m(magic, 4);
    if (m != "ttcf" && m != std::string("\0\1\0\0", 4) && m != "OTTO" && m != "true")
        out.push_back(problem("fonts", o.font.string() + ": not a TrueType/OpenType font file",
                              "apt-get install --reinstall fonts-wqy-microhei"));
    else
        out.push_back(ok("fonts", o.font.string()));
}

void check_printer(const DoctorOptions& o, std::vector<DoctorCheck>& out)
{
    cups_dest_t* dest = o.printer.empty() ? cupsGetNamedDest(CUPS_HTTP_DEFAULT, nullptr, nullptr)
                                          : cupsGetNamedDest(CUPS_HTTP_DEFAULT, o.printer.c_str(), nullptr);
    if (!dest) {
        if (o.printer.empty())
            out.push_back(skipped("printer queue", "no --printer named and no default CUPS queue: this machine prints nothing"));
        else
            out.push_back(problem("printer queue", "CUPS has no queue " + o.printer + " (" + cupsLastErrorString() + ")",
                                  "lpstat -p lists the queues; lpadmin -p " + o.printer + " -E -v URI -m MODEL adds it"));
        return;
    }
    const std::string name = dest->name;
    const char* state = cupsGetOption("printer-state", dest->num_options, dest->options);
    const char* accepting = cupsGetOption("printer-is-accepting-jobs", dest->num_options, dest->options);
    const char* reasons = cupsGetOption("printer-state-reasons", dest->num_options, dest->options);
    const bool stopped = state && std::string(state) == "5";
    const bool refusing = accepting && std::string(accepting) == "false";
    cupsFreeDests(1, dest);
    if (stopped)
        out.push_back(problem("printer queue", name + " is stopped" + (reasons ? std::string(" (") + reasons + ")" : ""),
                              "cupsenable " + name));
    else if (refusing)
        out.push_back(problem("printer queue", name + " refuses jobs", "cupsaccept " + name));
    else
        out.push_back(ok("printer queue", name + " ready"));
}

void check_keys(storage::Database& db, const fs::path& locator, std::vector<DoctorCheck>& out)
{
    const fs::path folder = content::key_folder(locator);
    try {
        if (!recorded_key(db)) {
            out.push_back(ok("signing key", "none recorded yet (made when the first certificate or specimen is printed)"));
        } else {
            const auto st = key_status(db, locator);
            if (st.problem.empty())
                out.push_back(ok("signing key", st.recorded->key_id() + " in " + folder.string() + ", the one the database records"));
            else
                out.push_back(problem("signing key", st.problem,
                                      "safekiosk-admin --user ADMIN key restore KEY-BACKUP (or restore the installation's "
                                      "backup into a new installation); never make a new key for an installation that has one"));
        }
    } catch (const std::exception& e) {
        out.push_back(problem("signing key", e.what(), "safekiosk-admin key show says more; key restore brings it back"));
    }
    try {
        if (auto id = exam::ExamService(db).audit_key_id()) {
            const auto key = exam::load_audit_key(folder / exam::kAuditKeyFile);
            if (key.id() != *id)
                out.push_back(problem("audit key", (folder / exam::kAuditKeyFile).string() + " is key " + key.id() +
                                                       ", the database records " + *id,
                                      "put the installation's own audit key back: safekiosk-admin key restore KEY-BACKUP"));
            else
                out.push_back(ok("audit key", *id));
        } else {
            out.push_back(ok("audit key", "none recorded yet"));
        }
    } catch (const std::exception& e) {
        out.push_back(problem("audit key", e.what(), "safekiosk-admin --user ADMIN key restore KEY-BACKUP"));
    }
}

} // namespace

bool all_well(const std::vector<DoctorCheck>& checks)
{
    for (const auto& c : checks)
        if (c.status == Status::Problem) return false;
    return true;
}

std::vector<DoctorCheck> run_doctor(const fs::path& locator, const std::vector<const storage::Schema*>& schemas,
                                    const DoctorOptions& o)
{
    std::vector<DoctorCheck> out;
    const bool server = storage::is_server_locator(locator.native());
    std::optional<storage::Database> db;
    if (server) {
        try {
            db.emplace(storage::Database::open_read_only(locator));
            out.push_back(ok("centre", db->describe() + " reachable"));
        } catch (const std::exception& e) {
            out.push_back(problem("centre", e.what(),
                                  "check the network and the server (systemctl status postgresql on it; pg_isready -h HOST)"));
        }
    } else {
        std::error_code ec;
        if (!fs::exists(locator, ec)) {
            out.push_back(problem("database", locator.string() + " does not exist",
                                  "safekiosk-admin --db " + locator.string() + " db init, or restore a backup into it"));
        } else {
            check_file_modes(locator, out);
            try {
                db.emplace(storage::Database::open_read_only(locator));
                out.push_back(ok("database", locator.string()));
            } catch (const std::exception& e) {
                out.push_back(problem("database", e.what(), "restore the latest backup into a new installation"));
            }
        }
    }

    bool initialised = false;
    if (db) {
        try {
            int pending = 0;
            std::string newer;
            std::string versions;
            bool any = false;
            for (const auto& m : storage::schema_status(*db, schemas)) {
                any = any || m.recorded > 0;
                versions += (versions.empty() ? "" : ", ") + m.module + " " + std::to_string(m.recorded);
                if (m.recorded > m.latest) newer += (newer.empty() ? "" : ", ") + m.module;
                else pending += m.latest - m.recorded;
            }
            initialised = any;
            if (!any)
                out.push_back(problem("schema", "not a SafeKiosk installation yet", "safekiosk-admin db init"));
            else if (!newer.empty())
                out.push_back(problem("schema", "written by a newer SafeKiosk (" + newer + "): " + versions,
                                      "upgrade this machine's packages (apt-get install safekiosk safekiosk-admin)"));
            else if (pending > 0)
                out.push_back(problem("schema", std::to_string(pending) + " steps of this program not applied yet (" + versions + ")",
                                      "safekiosk-admin db migrate (the kiosk also applies them when it starts)"));
            else
                out.push_back(ok("schema", versions));
        } catch (const std::exception& e) {
            out.push_back(problem("schema", e.what(), "safekiosk-admin db status says more"));
        }
        if (server) {
            out.push_back(skipped("integrity", "the server keeps its own data consistent"));
        } else {
            try {
                auto st = db->prepare("PRAGMA integrity_check");
                std::string result;
                int lines = 0;
                while (st.step() && lines < 5) result += (lines++ ? "; " : "") + st.text(0);
                if (result == "ok") out.push_back(ok("integrity", "integrity_check: ok"));
                else
                    out.push_back(problem("integrity", "integrity_check: " + result,
                                          "stop the kiosk, back up what is left, restore the latest backup into a new "
                                          "installation"));
            } catch (const std::exception& e) {
                out.push_back(problem("integrity", e.what(), "restore the latest backup into a new installation"));
            }
        }
        if (initialised) check_keys(*db, locator, out);
        else out.push_back(skipped("signing key", "no installation in the database yet"));
    } else {
        out.push_back(skipped("signing key", "the database cannot be read"));
    }

    fs::path disk_where;
    if (server) disk_where = content::key_folder(locator).parent_path();
    else disk_where = locator.has_parent_path() ? locator.parent_path() : fs::path(".");
    std::error_code ec;
    while (!disk_where.empty() && !fs::exists(disk_where, ec) && disk_where != disk_where.parent_path())
        disk_where = disk_where.parent_path();
    check_disk(disk_where, o, out);
    check_font(o, out);
    check_printer(o, out);

    if (server && db) {
        try {
            const auto before = std::chrono::system_clock::now();
            auto st = db->prepare("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");
            st.step();
            const auto after = std::chrono::system_clock::now();
            const double local_ms =
                std::chrono::duration<double, std::milli>((before.time_since_epoch() + after.time_since_epoch()) / 2).count();
            const double skew = (static_cast<double>(st.int64(0)) - local_ms) / 1000.0;
            char text[96];
            std::snprintf(text, sizeof text, "this machine's clock is %.1f s %s the centre's", std::fabs(skew),
                          skew > 0 ? "behind" : "ahead of");
            if (std::fabs(skew) > o.max_clock_skew_seconds)
                out.push_back(problem("clock", text,
                                      "keep both in time: timedatectl set-ntp true (systemd-timesyncd) on the kiosk and "
                                      "the server, with the centre's NTP server in /etc/systemd/timesyncd.conf"));
            else
                out.push_back(ok("clock", text));
        } catch (const std::exception& e) {
            out.push_back(problem("clock", e.what(), "check the connection to the centre"));
        }
    } else if (!server) {
        out.push_back(skipped("clock", "a file installation has no centre to compare with"));
    }
    return out;
}

} // namespace sk::certs
