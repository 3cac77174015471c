/* A SQLite VFS that fails writes on demand: disk errors and a full disk for the fault tests.
 *
 * It wraps the default VFS (unix) and passes every call through, counting the xWrite and xSync calls of the files
 * it opened. Once armed with N, the N-th counted call from then on and every later one fail with
 * SQLITE_IOERR_WRITE (kind "ioerr") or SQLITE_FULL (kind "full"), without touching the file.
 * Kind "nospace" is a full disk as the unix VFS reports it outside a data page write (the -shm file SQLite extends
 * when a database is opened, a sync): an SQLITE_IOERR_* code with errno ENOSPC, which sqlite3_system_errno() gives.
 * With that kind, mapping a -shm region that must be extended (xShmMap with extend) is a counted call too, so a
 * program that only reads still meets the full disk where it would on a real one: at its first statement.
 *
 * Two ways to use it:
 *  - In a real program, with no change to it: the shared library libsafekiosk_fault_vfs.so registers itself as the
 *    default VFS in a constructor when loaded with LD_PRELOAD and arms itself from the environment:
 *        SAFEKIOSK_FAULT_AFTER_WRITES=N   the N-th and later xWrite/xSync calls of the process fail (1 = the first)
 *        SAFEKIOSK_FAULT_KIND=ioerr|full|nospace  the error (default ioerr)
 *        SAFEKIOSK_FAULT_WHEN_FILE=PATH   nothing fails and nothing is counted until PATH exists; the N-th call from
 *                                         then on is the first to fail (a headless kiosk script makes the file with
 *                                         `screenshot NAME` at the moment the disk should fail)
 *        SAFEKIOSK_FAULT_REPORT=FILE      at a normal exit, write "CALLS FAILURES" to FILE
 *    e.g. LD_PRELOAD=build/tests/libsafekiosk_fault_vfs.so SAFEKIOSK_FAULT_AFTER_WRITES=1 safekiosk-admin …
 *  - In a test, linked with the static library sk_fault_vfs: sk_fault_vfs_install() before the database is opened,
 *    then sk_fault_vfs_arm() / sk_fault_vfs_disarm() around the call that should meet the fault.
 *
 * Production code has no test hooks: only the tests and LD_PRELOAD bring this in.
 */
#ifndef SAFEKIOSK_TESTS_FAULT_VFS_H
#define SAFEKIOSK_TESTS_FAULT_VFS_H

#ifdef __cplusplus
extern "C" {
#endif

enum sk_fault_kind { SK_FAULT_IOERR = 0, SK_FAULT_FULL = 1, SK_FAULT_NOSPACE = 2 };

/* Registers the fault VFS ("safekiosk-fault") as the default VFS, wrapping the default VFS found at the first call.
 * Idempotent. Returns an SQLite result code (SQLITE_OK = 0). Databases opened afterwards go through it. */
int sk_fault_vfs_install(void);

/* The `after`-th xWrite/xSync call from now (1 = the very next one) and every later one fail with `kind`.
 * `after` <= 0 disarms. Resets the call counter. */
void sk_fault_vfs_arm(long after, enum sk_fault_kind kind);
void sk_fault_vfs_disarm(void);

/* xWrite and xSync calls counted since the last arm/disarm (or since install), and how many of them failed. */
long sk_fault_vfs_calls(void);
long sk_fault_vfs_failures(void);

#ifdef __cplusplus
}
#endif

#endif
