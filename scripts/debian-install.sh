#!/bin/sh
# Install Debian packages for the set-up scripts: `sh scripts/debian-install.sh LABEL PACKAGE...`.
# Used by tests/setup_browser.sh (chromium) and cms/setup_node.sh (nodejs, npm), so that
# `make test` and `make serve` need nothing done by hand on a fresh machine. Runs apt-get
# as root, or through sudo when it needs no password; otherwise says why, prefixed with
# LABEL, and exits 1. Progress goes to standard error.
set -u
label="$1"
shift

if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "$label: installing $* needs root or sudo" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$label: installing $* needs apt-get, and this is not a Debian or Ubuntu system" >&2
    exit 1
fi
echo "$label: installing Debian's $*" >&2
$SUDO apt-get update -qq >&2 || { echo "$label: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086  # SUDO is empty or two words
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null 2>&2 \
    || { echo "$label: apt-get install $* failed" >&2; exit 1; }
