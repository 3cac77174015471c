// A disk error or a full disk while an examinee answers: the kiosk is told (StorageError naming the file and the
// cause), nothing half-written stays, and the attempt resumes with every acknowledged answer. The fault VFS
// (tests/support/fault_vfs.h) fails SQLite's writes and syncs in this process.
#include "content/storage/engine.hpp"
#include "tests/exam/fixture.hpp"
#include "tests/support/fault_vfs.h"

#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sk;

namespace {

// Installs the fault VFS (the default VFS for every database opened afterwards) and leaves it disarmed.
struct FaultVfs {
    FaultVfs()
    {
        REQUIRE(sk_fault_vfs_install() == SQLITE_OK);
        sk_fault_vfs_disarm();
    }
    ~FaultVfs() { sk_fault_vfs_disarm(); }
};

std::string integrity(storage::Database& db)
{
    auto st = db.prepare("PRAGMA integrity_check");
    REQUIRE(st.step());
    return st.text(0);
}

std::string vfs_of(storage::Database& db)
{
    sqlite3_vfs* vfs = nullptr;
    sqlite3_file_control(storage::detail::sqlite_handle(db), "main", SQLITE_FCNTL_VFS_POINTER, &vfs);
    return vfs ? vfs->zName : "";
}

const char* cause(sk_fault_kind kind) { return kind == SK_FAULT_FULL ? "the disk is full" : "input/output error"; }

} // namespace

TEST_CASE("a disk error or a full disk while an answer is saved: a clear error, the answer not stored, the attempt "
          "goes on with every earlier answer")
{
    FaultVfs vfs;
    for (sk_fault_kind kind : {SK_FAULT_IOERR, SK_FAULT_FULL}) {
        CAPTURE(cause(kind));
        test::ExamFixture f;
        REQUIRE(vfs_of(f.db) == "safekiosk-fault");
        const auto db_path = (f.dir / "kiosk.db").string();
        const auto attempt = f.started_attempt();
        for (int pos = 1; pos <= 10; ++pos) f.service->record_answer(attempt, pos, pos % 2 ? "A" : "B", false);

        // How many writes and syncs one saved answer takes: the fault is placed at each of them in turn.
        sk_fault_vfs_disarm();
        f.service->record_answer(attempt, 11, "A", true);
        const long per_answer = sk_fault_vfs_calls();
        REQUIRE(per_answer >= 2); // at least the WAL frames and the sync that makes them durable

        for (long k = 1; k <= per_answer; ++k) {
            CAPTURE(k);
            const int pos = 20 + static_cast<int>(k);
            sk_fault_vfs_arm(k, kind);
            std::string message;
            try {
                f.service->record_answer(attempt, pos, "B", false);
            } catch (const storage::StorageError& e) {
                message = e.what();
            }
            const long failures = sk_fault_vfs_failures();
            sk_fault_vfs_disarm();
            CHECK(failures >= 1);
            REQUIRE_FALSE(message.empty()); // never reported as saved when a write of it failed
            CHECK(message.find(db_path) != std::string::npos);
            CHECK(message.find(cause(kind)) != std::string::npos);

            const auto answers = f.service->answers(attempt);
            CHECK(answers.count(pos) == 0);
            CHECK(answers.size() == 11);
        }

        // The same connection goes on once the disk is back.
        f.service->record_answer(attempt, 60, "A", false);
        CHECK(integrity(f.db) == "ok");

        // And after a restart of the kiosk program: the same attempt, every acknowledged answer, nothing else.
        f.service.reset();
        f.db = storage::Database::open_memory();
        auto db = storage::open(db_path, {&content::schema(), &exam::schema()});
        CHECK(integrity(db) == "ok");
        exam::ExamService svc(db, [&f] { return f.now_ms; });
        svc.reconnect(attempt, "A01");
        const auto answers = svc.answers(attempt);
        CHECK(answers.size() == 12);
        for (int pos = 1; pos <= 10; ++pos) {
            REQUIRE(answers.count(pos) == 1);
            CHECK(answers.at(pos).response == (pos % 2 ? "A" : "B"));
        }
        REQUIRE(answers.count(11) == 1);
        CHECK(answers.at(11).marked);
        CHECK(answers.count(60) == 1);
        for (long k = 1; k <= per_answer; ++k) CHECK(answers.count(20 + static_cast<int>(k)) == 0);
        svc.record_answer(attempt, 61, "B", false);
        CHECK(svc.view(attempt).answered == 13);
    }
}

TEST_CASE("a disk that stays full: every answer is refused with the same clear error until space is back")
{
    FaultVfs vfs;
    test::ExamFixture f;
    const auto attempt = f.started_attempt();
    f.service->record_answer(attempt, 1, "A", false);
    sk_fault_vfs_arm(1, SK_FAULT_FULL);
    for (int pos = 2; pos <= 6; ++pos) {
        CAPTURE(pos);
        try {
            f.service->record_answer(attempt, pos, "A", false);
            FAIL("an answer was acknowledged on a full disk");
        } catch (const storage::StorageError& e) {
            CHECK(std::string(e.what()).find("the disk is full") != std::string::npos);
        }
    }
    sk_fault_vfs_disarm();
    f.service->record_answer(attempt, 7, "B", false);
    const auto answers = f.service->answers(attempt);
    CHECK(answers.size() == 2);
    CHECK(answers.count(1) == 1);
    CHECK(answers.count(7) == 1);
    CHECK(integrity(f.db) == "ok");
}

TEST_CASE("a power cut right after a failed write or sync: every acknowledged answer is there, the failed one is "
          "absent or exactly what was chosen, the file is sound")
{
    // SQLite cannot take back WAL frames whose sync failed: after a crash (no clean close) recovery may find them
    // complete and keep the answer the kiosk reported as not saved. What must hold: nothing acknowledged is lost,
    // nothing else changes, and the failed answer, when it is there, is the one the examinee chose.
    FaultVfs vfs;
    test::ExamFixture f;
    const auto db_path = f.dir / "kiosk.db";
    const auto attempt = f.started_attempt();
    for (int pos = 1; pos <= 5; ++pos) f.service->record_answer(attempt, pos, "A", false);
    sk_fault_vfs_disarm();
    f.service->record_answer(attempt, 6, "B", false);
    const long per_answer = sk_fault_vfs_calls();
    const std::int64_t now = f.now_ms;
    f.service.reset();
    f.db = storage::Database::open_memory(); // no connection of the parent stays open across fork()

    int refused = 0, reappeared = 0;
    for (long k = 1; k <= per_answer + 2; ++k) {
        CAPTURE(k);
        const int pos = 10 + static_cast<int>(k);
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int code = 2;
            try {
                auto db = storage::open(db_path, {&content::schema(), &exam::schema()});
                exam::ExamService svc(db, [now] { return now; });
                // One answer first, so the fault meets an answer in the steady state (WAL file already begun).
                svc.record_answer(attempt, 7, "A", false);
                sk_fault_vfs_arm(k, SK_FAULT_IOERR);
                try {
                    svc.record_answer(attempt, pos, "B", false);
                    code = 3; // acknowledged: the fault came too late to matter
                } catch (const storage::StorageError&) {
                    code = 0; // refused
                }
            } catch (...) {
                code = 2;
            }
            _exit(code); // the power cut: nothing is closed or flushed
        }
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        const int code = WEXITSTATUS(status);
        REQUIRE((code == 0 || code == 3));
        sk_fault_vfs_disarm();

        auto db = storage::open(db_path, {&content::schema(), &exam::schema()});
        CHECK(integrity(db) == "ok");
        exam::ExamService svc(db, [now] { return now; });
        const auto answers = svc.answers(attempt);
        for (int p = 1; p <= 7; ++p) {
            REQUIRE(answers.count(p) == 1);
            CHECK(answers.at(p).response == (p == 6 ? "B" : "A"));
        }
        if (code == 3) {
            REQUIRE(answers.count(pos) == 1); // acknowledged, so it must be there
        } else {
            ++refused;
            if (answers.count(pos)) ++reappeared;
        }
        if (answers.count(pos)) CHECK(answers.at(pos).response == "B");
    }
    CHECK(refused == per_answer); // each write and sync of an answer matters
    MESSAGE(refused << " answers refused by a failed write or sync; " << reappeared
                    << " of them were found after the power cut (their frames were complete)");
}

TEST_CASE("a database opened on a full disk: SQLite's disk I/O error with ENOSPC is reported as a full disk, naming "
          "the file")
{
    FaultVfs vfs;
    test::TempDir dir;
    const auto db_path = dir / "kiosk.db";
    {
        auto db = storage::open(db_path, {&content::schema(), &exam::schema()});
    } // closed: the -shm file is gone and the next open must make it again
    REQUIRE_FALSE(std::filesystem::exists(db_path.string() + "-shm"));

    // The disk is full: extending the -shm file as the database is opened fails with ENOSPC, which SQLite reports
    // as SQLITE_IOERR_SHMSIZE ("disk I/O error"), as on a real full disk.
    sk_fault_vfs_arm(1, SK_FAULT_NOSPACE);
    std::string message;
    bool full = false;
    int code = 0;
    try {
        auto db = storage::open(db_path, {&content::schema(), &exam::schema()});
    } catch (const storage::StorageError& e) {
        message = e.what();
        full = e.disk_full();
        code = e.sqlite_code();
    }
    const long failures = sk_fault_vfs_failures();
    sk_fault_vfs_disarm();
    INFO(message);
    REQUIRE(failures >= 1);
    CHECK((code & 0xff) == SQLITE_IOERR);
    CHECK(full);
    CHECK(message.find(db_path.string() + ": the disk is full") != std::string::npos);
    CHECK(message.find("input/output error") == std::string::npos);

    // A plain disk error (no ENOSPC) stays a disk error, not a full disk.
    sk_fault_vfs_arm(1, SK_FAULT_IOERR);
    try {
        auto db = storage::open(db_path, {&content::schema(), &exam::schema()});
        db.exec("CREATE TABLE fault_probe(x)");
        FAIL("a write went through a failing disk");
    } catch (const storage::StorageError& e) {
        CHECK_FALSE(e.disk_full());
        CHECK(std::string(e.what()).find("input/output error") != std::string::npos);
    }
    sk_fault_vfs_disarm();

    // Space is back: the database opens and is intact.
    auto db = storage::open(db_path, {&content::schema(), &exam::schema()});
    CHECK(integrity(db) == "ok");
}
