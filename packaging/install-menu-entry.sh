#!/bin/sh
# Adds certdesk to your applications menu (for you only, no password needed), pointing at this
# folder. Run it again after moving the folder; `./install-menu-entry.sh --remove` takes it away.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/certdesk.desktop" "$icons/certdesk.png"
  echo "certdesk removed from the applications menu"
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/certdesk.png" "$icons/certdesk.png"
sed -e "s|^Exec=.*|Exec=\"$here/certdesk\"|" -e "s|^Icon=.*|Icon=$icons/certdesk.png|" \
  "$here/certdesk.desktop" > "$apps/certdesk.desktop"
chmod 644 "$apps/certdesk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "certdesk added to the applications menu ($apps/certdesk.desktop)"
