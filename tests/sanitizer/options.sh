# Sanitizer options for the ASan + UBSan build (build-san): sourced by scripts/test and scripts/fuzz, and by hand
# before running a test or program of build-san (`source tests/sanitizer/options.sh`). Exported, so the programs the
# tests start as children (safekiosk-admin, safekiosk) run with the same options. Options already set are kept.
_sk_san_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Leaks are errors; the first report stops the program (no cascade of reports after memory is corrupted).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:check_initialization_order=1:strict_init_order=1}
# Leak reports from inside system libraries (never our code): tests/sanitizer/lsan.supp says which and why.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$_sk_san_dir/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
unset _sk_san_dir
