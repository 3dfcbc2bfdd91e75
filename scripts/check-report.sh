#!/usr/bin/env bash
# Renders a NewsMiner HTML report in headless Chromium (Debian's package) and writes a PNG screenshot.
# Usage: scripts/check-report.sh REPORT.html [OUT.png]
# Installs chromium with apt-get when it is missing (as root). Every host name is mapped to nothing, so the page
# must render from the file alone: the check fails only if Chromium writes no image, never for a missing asset,
# and the screenshot shows whether the page is readable offline.
set -euo pipefail

report=${1:?usage: scripts/check-report.sh REPORT.html [OUT.png]}
out=${2:-${report%.html}.png}
[ -f "$report" ] || { echo "$report: no such file" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is not installed; install it with: sudo apt-get install -y chromium" >&2
    exit 3
  fi
  echo "installing chromium (Debian package)..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  browser=$(command -v chromium)
fi

abs="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --host-resolver-rules="MAP * ~NOTFOUND" --window-size=1280,2200 \
  --screenshot="$out" "file://$abs" >/dev/null 2>&1 || true

[ -s "$out" ] || { echo "$report: chromium wrote no screenshot" >&2; exit 2; }
signature=$(head -c 8 "$out" | od -An -tx1 | tr -d ' \n')
[ "$signature" = "89504e470d0a1a0a" ] || { echo "$out: not a PNG file" >&2; exit 2; }
echo "rendered $report to $out ($(stat -c %s "$out") bytes)"
