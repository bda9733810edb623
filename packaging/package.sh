#!/usr/bin/env bash
# `make package`: build the standalone folder app dist/certdesk/ with PyInstaller, run its
# self-test offscreen and under Xvfb, check the size budget, and write
# dist/certdesk-linux-x86_64.tar.gz (the folder, a .desktop file and the icon).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PACKAGE_PYTHON:-.venv/bin/python}
MAX_DIST_BYTES=150000000   # 150 MB unpacked (DESIGN.md's budget)
MAX_TAR_BYTES=60000000     # 60 MB download
APP=dist/certdesk
TARBALL=dist/certdesk-linux-x86_64.tar.gz

missing=()
for tool in readelf strip objdump xvfb-run; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "make package needs: ${missing[*]} (apt-get install binutils xvfb xauth)" >&2
  exit 1
fi

step() { printf '\n== %s\n' "$*"; }

step "build $APP (PyInstaller, onedir, stripped, no UPX)"
rm -rf "$APP" "$TARBALL"
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build \
  packaging/certdesk.spec
cp packaging/certdesk.desktop packaging/install-menu-entry.sh "$APP/"
cp certdesk/resources/icons/certdesk.png "$APP/certdesk.png"

step "self-test, offscreen"
env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen "$APP/certdesk" --self-test

step "self-test, on an X server (Xvfb)"
env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY \
  xvfb-run --auto-servernum --server-args="-screen 0 1366x768x24" "$APP/certdesk" --self-test

step "sizes"
dist_bytes=$(du -sb "$APP" | cut -f1)
echo "ten biggest files:"
find "$APP" -type f -printf '%s\t%P\n' | sort -rn \
  | awk -F'\t' 'NR <= 10 {printf "  %6.1f MB  %s\n", $1 / 1e6, $2}'

step "glibc the bundle needs (its floor: the build machine's)"
floor=$( (find "$APP" -type f \( -name '*.so*' -o -name certdesk \) -exec objdump -T {} + 2>/dev/null || true) \
  | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
echo "newest glibc symbol version used: ${floor#GLIBC_}; built with $(ldd --version 2>&1 | sed -n 1p)"

step "write $TARBALL"
mtime=$(git log -1 --format=%ct 2>/dev/null || date +%s)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -C dist -cf - certdesk \
  | gzip -9n > "$TARBALL"
tar_bytes=$(stat -c %s "$TARBALL")

size_line() { awk -v n="$1" -v b="$2" -v m="$3" 'BEGIN { printf "%-34s %6.1f MB (budget %d MB)\n", n, b / 1e6, m / 1e6 }'; }
echo
size_line "$APP" "$dist_bytes" "$MAX_DIST_BYTES"
size_line "$TARBALL" "$tar_bytes" "$MAX_TAR_BYTES"
status=0
if [ "$dist_bytes" -gt "$MAX_DIST_BYTES" ]; then echo "over budget: $APP" >&2; status=1; fi
if [ "$tar_bytes" -gt "$MAX_TAR_BYTES" ]; then echo "over budget: $TARBALL" >&2; status=1; fi
[ $status -eq 0 ] && echo "package ok"
exit $status
