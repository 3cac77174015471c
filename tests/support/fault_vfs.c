/* The fault VFS: see fault_vfs.h. A pass-through shim over the default SQLite VFS that counts xWrite/xSync calls
 * and fails them on demand. Built twice (tests/CMakeLists.txt): as the static library sk_fault_vfs for tests that
 * arm it in-process, and as the shared library safekiosk_fault_vfs (SK_FAULT_VFS_PRELOAD) for LD_PRELOAD. */
#include "tests/support/fault_vfs.h"

#include <sqlite3.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct FaultFile {
    sqlite3_file base;  /* pMethods: one of fault_io[], or NULL when the real open failed */
    sqlite3_file* real; /* the wrapped file, stored right after this struct */
} FaultFile;

static sqlite3_vfs* real_vfs;
static sqlite3_vfs fault_vfs;
static atomic_long fault_after;    /* 0: disarmed */
static atomic_long fault_calls;    /* xWrite/xSync calls since the last arm/disarm */
static atomic_long fault_failures;
static atomic_int fault_kind;

static sqlite3_file* real_of(sqlite3_file* f) { return ((FaultFile*)f)->real; }

/* SAFEKIOSK_FAULT_WHEN_FILE (LD_PRELOAD only): no fault and no counting until this file exists. */
static const char* fault_trigger;
static atomic_int fault_triggered;

/* Counts one write or sync; true when it must fail. */
static int fault_now(void)
{
    if (fault_trigger && !atomic_load(&fault_triggered)) {
        if (access(fault_trigger, F_OK) != 0) return 0;
        atomic_store(&fault_calls, 0);
        atomic_store(&fault_triggered, 1);
    }
    long n = atomic_fetch_add(&fault_calls, 1) + 1;
    long after = atomic_load(&fault_after);
    if (after > 0 && n >= after) {
        atomic_fetch_add(&fault_failures, 1);
        return 1;
    }
    return 0;
}

/* The code a failing call returns; `ioerr` is the I/O error code of that call, used by the kind "nospace", which
 * also leaves errno at ENOSPC for the unix VFS's xGetLastError (sqlite3_system_errno) as a real full disk does. */
static int fault_code_for(int ioerr)
{
    switch (atomic_load(&fault_kind)) {
    case SK_FAULT_FULL: return SQLITE_FULL;
    case SK_FAULT_NOSPACE: errno = ENOSPC; return ioerr;
    default: return SQLITE_IOERR_WRITE;
    }
}
static int fault_code(void) { return fault_code_for(SQLITE_IOERR_WRITE); }

/* --- io methods: every call goes to the real file; xWrite and xSync may fail first. ---------------------------- */

static int f_close(sqlite3_file* f)
{
    sqlite3_file* r = real_of(f);
    int rc = r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
    f->pMethods = NULL;
    return rc;
}
static int f_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off)
{
    return real_of(f)->pMethods->xRead(real_of(f), buf, n, off);
}
static int f_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off)
{
    if (fault_now()) return fault_code();
    return real_of(f)->pMethods->xWrite(real_of(f), buf, n, off);
}
static int f_truncate(sqlite3_file* f, sqlite3_int64 size) { return real_of(f)->pMethods->xTruncate(real_of(f), size); }
static int f_sync(sqlite3_file* f, int flags)
{
    if (fault_now()) return fault_code_for(SQLITE_IOERR_FSYNC);
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}
static int f_file_size(sqlite3_file* f, sqlite3_int64* size) { return real_of(f)->pMethods->xFileSize(real_of(f), size); }
static int f_lock(sqlite3_file* f, int level) { return real_of(f)->pMethods->xLock(real_of(f), level); }
static int f_unlock(sqlite3_file* f, int level) { return real_of(f)->pMethods->xUnlock(real_of(f), level); }
static int f_check_reserved(sqlite3_file* f, int* out)
{
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
static int f_file_control(sqlite3_file* f, int op, void* arg)
{
    int rc = real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
    /* Name the shim in the VFS name chain (PRAGMA vfs_list / SQLITE_FCNTL_VFSNAME), as SQLite's own shims do. */
    if (op == SQLITE_FCNTL_VFSNAME && rc == SQLITE_OK && arg) {
        char* inner = *(char**)arg;
        *(char**)arg = sqlite3_mprintf("safekiosk-fault/%z", inner);
    }
    return rc;
}
static int f_sector_size(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
static int f_device_characteristics(sqlite3_file* f)
{
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
static int f_shm_map(sqlite3_file* f, int pg, int pgsz, int extend, void volatile** p)
{
    if (extend && atomic_load(&fault_kind) == SK_FAULT_NOSPACE && fault_now()) return fault_code_for(SQLITE_IOERR_SHMSIZE);
    return real_of(f)->pMethods->xShmMap(real_of(f), pg, pgsz, extend, p);
}
static int f_shm_lock(sqlite3_file* f, int offset, int n, int flags)
{
    return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
static void f_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
static int f_shm_unmap(sqlite3_file* f, int delete_flag) { return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag); }
static int f_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** pp)
{
    return real_of(f)->pMethods->xFetch(real_of(f), off, n, pp);
}
static int f_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) { return real_of(f)->pMethods->xUnfetch(real_of(f), off, p); }

#define FAULT_IO_METHODS(version)                                                                                      \
    {                                                                                                                  \
        version, f_close, f_read, f_write, f_truncate, f_sync, f_file_size, f_lock, f_unlock, f_check_reserved,        \
            f_file_control, f_sector_size, f_device_characteristics, f_shm_map, f_shm_lock, f_shm_barrier,            \
            f_shm_unmap, f_fetch, f_unfetch                                                                            \
    }
/* The wrapper claims the same version as the file it wraps, so SQLite never calls a method the real file lacks. */
static const sqlite3_io_methods fault_io[3] = {FAULT_IO_METHODS(1), FAULT_IO_METHODS(2), FAULT_IO_METHODS(3)};

/* --- vfs methods ------------------------------------------------------------------------------------------------ */

static int v_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags)
{
    (void)vfs;
    FaultFile* p = (FaultFile*)f;
    p->real = (sqlite3_file*)&p[1];
    int rc = real_vfs->xOpen(real_vfs, name, p->real, flags, out_flags);
    if (p->real->pMethods) {
        int v = p->real->pMethods->iVersion;
        p->base.pMethods = &fault_io[(v < 1 ? 1 : v > 3 ? 3 : v) - 1];
    } else {
        p->base.pMethods = NULL;
    }
    return rc;
}
static int v_delete(sqlite3_vfs* vfs, const char* name, int sync_dir)
{
    (void)vfs;
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}
static int v_access(sqlite3_vfs* vfs, const char* name, int flags, int* out)
{
    (void)vfs;
    return real_vfs->xAccess(real_vfs, name, flags, out);
}
static int v_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out)
{
    (void)vfs;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}
static void* v_dlopen(sqlite3_vfs* vfs, const char* name)
{
    (void)vfs;
    return real_vfs->xDlOpen(real_vfs, name);
}
static void v_dlerror(sqlite3_vfs* vfs, int n, char* msg)
{
    (void)vfs;
    real_vfs->xDlError(real_vfs, n, msg);
}
static void (*v_dlsym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void)
{
    (void)vfs;
    return real_vfs->xDlSym(real_vfs, handle, symbol);
}
static void v_dlclose(sqlite3_vfs* vfs, void* handle)
{
    (void)vfs;
    real_vfs->xDlClose(real_vfs, handle);
}
static int v_randomness(sqlite3_vfs* vfs, int n, char* out)
{
    (void)vfs;
    return real_vfs->xRandomness(real_vfs, n, out);
}
static int v_sleep(sqlite3_vfs* vfs, int us)
{
    (void)vfs;
    return real_vfs->xSleep(real_vfs, us);
}
static int v_current_time(sqlite3_vfs* vfs, double* out)
{
    (void)vfs;
    return real_vfs->xCurrentTime(real_vfs, out);
}
static int v_get_last_error(sqlite3_vfs* vfs, int n, char* out)
{
    (void)vfs;
    return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, out) : 0;
}
static int v_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out)
{
    (void)vfs;
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}
static int v_set_system_call(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr p)
{
    (void)vfs;
    return real_vfs->xSetSystemCall(real_vfs, name, p);
}
static sqlite3_syscall_ptr v_get_system_call(sqlite3_vfs* vfs, const char* name)
{
    (void)vfs;
    return real_vfs->xGetSystemCall(real_vfs, name);
}
static const char* v_next_system_call(sqlite3_vfs* vfs, const char* name)
{
    (void)vfs;
    return real_vfs->xNextSystemCall(real_vfs, name);
}

int sk_fault_vfs_install(void)
{
    if (real_vfs) return sqlite3_vfs_register(&fault_vfs, 1);
    sqlite3_vfs* base = sqlite3_vfs_find(NULL);
    if (!base) return SQLITE_ERROR;
    real_vfs = base;
    fault_vfs.iVersion = base->iVersion < 3 ? base->iVersion : 3;
    fault_vfs.szOsFile = (int)sizeof(FaultFile) + base->szOsFile;
    fault_vfs.mxPathname = base->mxPathname;
    fault_vfs.zName = "safekiosk-fault";
    fault_vfs.xOpen = v_open;
    fault_vfs.xDelete = v_delete;
    fault_vfs.xAccess = v_access;
    fault_vfs.xFullPathname = v_full_pathname;
    fault_vfs.xDlOpen = v_dlopen;
    fault_vfs.xDlError = v_dlerror;
    fault_vfs.xDlSym = v_dlsym;
    fault_vfs.xDlClose = v_dlclose;
    fault_vfs.xRandomness = v_randomness;
    fault_vfs.xSleep = v_sleep;
    fault_vfs.xCurrentTime = v_current_time;
    fault_vfs.xGetLastError = v_get_last_error;
    if (fault_vfs.iVersion >= 2) fault_vfs.xCurrentTimeInt64 = v_current_time_int64;
    if (fault_vfs.iVersion >= 3) {
        fault_vfs.xSetSystemCall = v_set_system_call;
        fault_vfs.xGetSystemCall = v_get_system_call;
        fault_vfs.xNextSystemCall = v_next_system_call;
    }
    return sqlite3_vfs_register(&fault_vfs, 1);
}

void sk_fault_vfs_arm(long after, enum sk_fault_kind kind)
{
    atomic_store(&fault_after, 0);
    atomic_store(&fault_kind, (int)kind);
    atomic_store(&fault_calls, 0);
    atomic_store(&fault_failures, 0);
    atomic_store(&fault_after, after > 0 ? after : 0);
}

void sk_fault_vfs_disarm(void) { sk_fault_vfs_arm(0, SK_FAULT_IOERR); }

long sk_fault_vfs_calls(void) { return atomic_load(&fault_calls); }
long sk_fault_vfs_failures(void) { return atomic_load(&fault_failures); }

#ifdef SK_FAULT_VFS_PRELOAD
/* LD_PRELOAD: become the default VFS before main() and arm from the environment. A malformed setting stops the
 * program at once rather than running it without the fault that was asked for. */
__attribute__((constructor)) static void sk_fault_vfs_preload(void)
{
    if (sk_fault_vfs_install() != SQLITE_OK) {
        fprintf(stderr, "fault_vfs: cannot register the fault VFS\n");
        exit(125);
    }
    const char* after = getenv("SAFEKIOSK_FAULT_AFTER_WRITES");
    const char* kind = getenv("SAFEKIOSK_FAULT_KIND");
    enum sk_fault_kind k = SK_FAULT_IOERR;
    if (kind && *kind) {
        if (strcmp(kind, "full") == 0) k = SK_FAULT_FULL;
        else if (strcmp(kind, "nospace") == 0) k = SK_FAULT_NOSPACE;
        else if (strcmp(kind, "ioerr") != 0) {
            fprintf(stderr, "fault_vfs: SAFEKIOSK_FAULT_KIND must be ioerr, full or nospace, not '%s'\n", kind);
            exit(125);
        }
    }
    const char* when = getenv("SAFEKIOSK_FAULT_WHEN_FILE");
    if (when && *when) fault_trigger = when;
    if (after && *after) {
        char* end = NULL;
        long n = strtol(after, &end, 10);
        if (*end != '\0' || n < 1) {
            fprintf(stderr, "fault_vfs: SAFEKIOSK_FAULT_AFTER_WRITES must be a whole number 1 or more, not '%s'\n", after);
            exit(125);
        }
        sk_fault_vfs_arm(n, k);
    }
}

/* SAFEKIOSK_FAULT_REPORT=FILE: at a normal exit, FILE gets "CALLS FAILURES" (the xWrite/xSync calls the program
 * made and how many failed), so a test can place a fault on the N-th write of a run it measured before. */
__attribute__((destructor)) static void sk_fault_vfs_report(void)
{
    const char* path = getenv("SAFEKIOSK_FAULT_REPORT");
    if (!path || !*path) return;
    FILE* f = fopen(path, "w");
    if (!f) return;
    fprintf(f, "%ld %ld\n", sk_fault_vfs_calls(), sk_fault_vfs_failures());
    fclose(f);
}
#endif
