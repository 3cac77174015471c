#!/bin/sh
# The Debian packages, as a technician gets them: `cpack -G DEB` from the build folder, the control fields and
# maintainer scripts, lintian (no errors), the packages extracted into a folder, `systemd-analyze verify` on the
# unit, and the extracted programs run on the demo (docs/operations.md).
# Usage: package_test.sh BUILD_DIR. Prints "SKIPPED: …" (ctest: skipped) when dpkg-deb or cpack is missing.
set -eu
build=$1

for tool in dpkg-deb cpack; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIPPED: $tool is missing (apt-get install dpkg-dev cmake)"
        exit 0
    fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

# 1. The packages.
if ! cpack -G DEB -B "$tmp/debs" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log" >&2
    fail "cpack -G DEB"
fi
kiosk=$(ls "$tmp"/debs/safekiosk_*.deb)
admin=$(ls "$tmp"/debs/safekiosk-admin_*.deb)
echo "built: $(basename "$kiosk") $(basename "$admin")"

# 2. Control fields: Debian's package names for what the programs need.
depends=$(dpkg-deb -f "$kiosk" Depends)
for need in cage fonts-wqy-microhei adduser libsystemd0 libsdl2-2.0-0 libsqlite3-0; do
    echo "$depends" | grep -q "\b$need\b" || fail "safekiosk does not depend on $need: $depends"
done
admin_depends=$(dpkg-deb -f "$admin" Depends)
for need in fonts-wqy-microhei libcups2 libpq5; do
    echo "$admin_depends" | grep -q "\b$need\b" || fail "safekiosk-admin does not depend on $need: $admin_depends"
done
[ "$(dpkg-deb -f "$kiosk" Package)" = safekiosk ] || fail "package name"
[ "$(dpkg-deb -f "$admin" Package)" = safekiosk-admin ] || fail "package name"

# 3. Maintainer scripts: valid shell; postinst makes the user and a 0700 data folder and never names the database.
dpkg-deb -e "$kiosk" "$tmp/control"
for script in postinst prerm postrm; do
    [ -x "$tmp/control/$script" ] || fail "$script missing or not executable"
    sh -n "$tmp/control/$script" || fail "$script is not valid shell"
done
grep -q 'adduser --system --group' "$tmp/control/postinst" || fail "postinst makes no system user"
grep -q 'chmod 0700 /var/lib/safekiosk' "$tmp/control/postinst" || fail "postinst makes no 0700 data folder"
if grep -q 'safekiosk\.db' "$tmp/control/postinst"; then fail "postinst touches the database"; fi
grep -q 'stop safekiosk.service' "$tmp/control/prerm" || fail "prerm does not stop the service"
grep -qx '/etc/pam.d/safekiosk' "$tmp/control/conffiles" || fail "/etc/pam.d/safekiosk is not a conffile"

# 4. lintian: no errors (its warnings are explained in docs/operations.md).
if command -v lintian >/dev/null; then
    lintian --fail-on error "$kiosk" "$admin" >"$tmp/lintian.log" 2>&1 || { cat "$tmp/lintian.log" >&2; fail "lintian reports errors"; }
    grep -v 'running with root privileges' "$tmp/lintian.log" || true
else
    echo "lintian is missing: not run"
fi

# 5. Extracted into a folder.
root="$tmp/root"
mkdir "$root"
dpkg-deb -x "$kiosk" "$root"
dpkg-deb -x "$admin" "$root"
unit="$root/lib/systemd/system/safekiosk.service"
[ -f "$unit" ] || fail "no systemd unit in the package"
for line in 'Restart=always' 'RestartSec=2' 'WatchdogSec=30' 'NotifyAccess=all' 'Type=notify' 'User=safekiosk' \
            'TTYPath=/dev/tty1' 'StandardOutput=journal' 'ExecStart=/usr/bin/cage -d -- /usr/bin/safekiosk'; do
    grep -qx "$line" "$unit" || fail "the unit lacks $line"
done
if grep -q 'cage.* -s' "$unit"; then fail "cage runs with VT switching (-s)"; fi
if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify --man=no "$unit" >"$tmp/verify.log" 2>&1 || { cat "$tmp/verify.log" >&2; fail "systemd-analyze verify"; }
    if [ -s "$tmp/verify.log" ]; then cat "$tmp/verify.log" >&2; fail "systemd-analyze verify has warnings"; fi
    echo "systemd-analyze verify: $(basename "$unit") accepted"
else
    echo "systemd-analyze is missing: the unit was not verified"
fi

# The centre collector's template unit (safekiosk-admin), verified as an instance.
collect="$root/lib/systemd/system/safekiosk-centre-collect@.service"
[ -f "$collect" ] || fail "no centre collector unit in safekiosk-admin"
for line in 'User=%i' 'Restart=always' 'ExecStart=/usr/bin/safekiosk-admin --db ${SAFEKIOSK_CENTRE_DB} centre collect'; do
    grep -qxF "$line" "$collect" || fail "the collector's unit lacks $line"
done
[ -f "$root/usr/share/doc/safekiosk-admin/exam-centre.md" ] || fail "the unit's documentation is not in the package"
if command -v systemd-analyze >/dev/null; then
    mkdir "$tmp/units"
    # The program as extracted (it is not installed on this machine).
    sed "s|/usr/bin/safekiosk-admin|$root/usr/bin/safekiosk-admin|" "$collect" >"$tmp/units/safekiosk-centre-collect@exam_office.service"
    systemd-analyze verify --man=no "$tmp/units/safekiosk-centre-collect@exam_office.service" >"$tmp/verify.log" 2>&1 ||
        { cat "$tmp/verify.log" >&2; fail "systemd-analyze verify (collector)"; }
    if [ -s "$tmp/verify.log" ]; then cat "$tmp/verify.log" >&2; fail "systemd-analyze verify has warnings (collector)"; fi
    echo "systemd-analyze verify: $(basename "$collect") accepted"
fi

# 6. The extracted programs on the demo.
demo="$tmp/demo"
mkdir -m 700 "$demo"
db="$demo/safekiosk.db"
sk_admin="$root/usr/bin/safekiosk-admin"
"$sk_admin" --db "$db" content import "$root/usr/share/safekiosk/media/demo-pack" >"$tmp/import.log" 2>&1 ||
    { cat "$tmp/import.log" >&2; fail "the extracted safekiosk-admin cannot import the packaged demo pack"; }
# The demo photos come from the package's media beside the program.
"$sk_admin" --db "$db" --json demo setup >"$tmp/demo.json" 2>"$tmp/demo.err" ||
    { cat "$tmp/demo.err" >&2; fail "demo setup with the extracted program"; }
grep -q '"examinees"' "$tmp/demo.json" || fail "demo setup gave no examinees"
"$sk_admin" --db "$db" doctor --min-free-mb 1 >"$tmp/doctor.log" 2>&1 || { cat "$tmp/doctor.log" >&2; fail "doctor on the demo"; }
grep -q 'all is well' "$tmp/doctor.log" || fail "doctor does not say all is well"
printf 'expect-screen attract\nexpect-text 开始\n' >"$tmp/script.txt"
"$root/usr/bin/safekiosk" --headless --db "$db" --script "$tmp/script.txt" >"$tmp/kiosk.log" 2>&1 ||
    { cat "$tmp/kiosk.log" >&2; fail "the extracted kiosk on the demo"; }
cat "$tmp/kiosk.log"
echo "the packages install, verify and run"
