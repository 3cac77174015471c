#!/usr/bin/env bash
# Makes a virtual PDF printer available for the printing test (tests/certs/print_test.cpp) and for trying
# printing by hand: installs CUPS and cups-pdf when missing, starts cupsd when it is not running, adds a queue named
# PDF (cups-pdf backend) when absent and has it render with Cairo, and prints as its last line where cups-pdf writes the printed files:
#   CUPS_PDF_OUT=<folder>[:<folder>]
# Exits non-zero (with the reason) when no cupsd can be started; the test then skips with that message.
set -euo pipefail

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

need=()
command -v cupsd >/dev/null 2>&1 || [ -x /usr/sbin/cupsd ] || need+=(cups)
[ -e /usr/lib/cups/backend/cups-pdf ] || need+=(printer-driver-cups-pdf)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends "${need[@]}" >&2 || {
    $sudo apt-get update >&2
    $sudo apt-get install -y --no-install-recommends "${need[@]}" >&2
  }
fi
PATH=$PATH:/usr/sbin

running() { lpstat -r 2>/dev/null | grep -q "is running"; }

if ! running; then
  $sudo mkdir -p /run/cups
  $sudo /usr/sbin/cupsd >&2 || { echo "cupsd could not be started" >&2; exit 1; }
  for _ in $(seq 1 50); do
    running && break
    sleep 0.2
  done
  running || { echo "cupsd was started but does not answer" >&2; exit 1; }
fi

if ! lpstat -p PDF >/dev/null 2>&1; then
  ppd=$(lpinfo -m 2>/dev/null | awk 'tolower($0) ~ /cups-pdf/ { print $1; exit }')
  if [ -n "$ppd" ]; then
    $sudo lpadmin -p PDF -v cups-pdf:/ -m "$ppd" -E
  else
    $sudo lpadmin -p PDF -v cups-pdf:/ -E
  fi
fi
# Ghostscript's PDF-to-PostScript step loses the text of CID-keyed (Chinese) fonts; Cairo keeps it (Debian's
# cups-pdf README recommends this renderer for the PDF queue, Debian bug #928738).
$sudo lpadmin -p PDF -o pdftops-renderer-default=pdftocairo
$sudo cupsenable PDF
$sudo cupsaccept PDF

# cups-pdf writes to "Out" of /etc/cups/cups-pdf.conf (${HOME}/PDF of the job's user, by default) and to the
# AnonDirName folder for jobs of unknown users.
conf=/etc/cups/cups-pdf.conf
out=$(awk '$1 == "Out" { print $2 }' "$conf" 2>/dev/null | tail -1)
[ -n "$out" ] || out='${HOME}/PDF'
home=$(getent passwd "$(id -un)" | cut -d: -f6)
out=${out//\$\{HOME\}/$home}
anon=$(awk '$1 == "AnonDirName" { print $2 }' "$conf" 2>/dev/null | tail -1)
[ -n "$anon" ] || anon=/var/spool/cups-pdf/ANONYMOUS
echo "CUPS_PDF_OUT=$out:$anon"
