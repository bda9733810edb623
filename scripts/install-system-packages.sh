#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages certdesk needs when they are missing: Python's venv
# module and the libraries Qt 6 loads (xcb for a real screen, EGL/GL, fontconfig, xkbcommon),
# plus fonts so CJK names show on screen. Does nothing when all are present.
set -euo pipefail

packages=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1 fonts-dejavu-core
  fonts-droid-fallback
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install Qt 6's runtime libraries with your package manager." >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
  ver=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  missing+=("python${ver}-venv")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Please install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Names differ a little between releases: install what exists, one by one if the batch fails.
if ! $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  for pkg in "${missing[@]}"; do
    $sudo apt-get install -y -qq --no-install-recommends "$pkg" || echo "skipped $pkg (not in this release)"
  done
fi
