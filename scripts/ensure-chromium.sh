#!/usr/bin/env bash
# Installs Debian's Chromium for the status board's browser test (playwright-core drives it at
# /usr/bin/chromium). Does nothing when it is already there. Needs root (or sudo) and apt.
set -euo pipefail

BIN=/usr/bin/chromium

if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
  echo "chromium present: $("$BIN" --version)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: $BIN is missing and this user cannot run apt-get (not root, no sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium

if ! "$BIN" --version >/dev/null 2>&1; then
  echo "ensure-chromium: apt-get installed chromium but $BIN does not run" >&2
  exit 1
fi
echo "chromium installed: $("$BIN" --version)"
