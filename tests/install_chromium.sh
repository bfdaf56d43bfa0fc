#!/usr/bin/env bash
# Installs headless Chromium for tests/test_site_browser.py. Debian/Ubuntu (apt-get), as
# root or with passwordless sudo; it never prompts. Exits 0 if Chromium is already there.
# Without it the browser test skips and says why; everything else runs regardless.
set -euo pipefail

for name in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$name" >/dev/null 2>&1; then
    echo "install_chromium.sh: found $(command -v "$name")"
    exit 0
  fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_chromium.sh: no apt-get here; install Chromium with your package manager" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "install_chromium.sh: needs root or passwordless sudo to run apt-get" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q chromium
echo "install_chromium.sh: installed $(command -v chromium)"
