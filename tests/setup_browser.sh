#!/bin/sh
# Find a Chromium or Chrome that runs, installing Debian's chromium when there is none.
# Prints the browser's path on standard output; everything else goes to standard error.
#
# `make test` and `make screenshots` call this, so a fresh machine needs nothing by hand.
# Playwright's own browser download is not used: these machines reach package
# registries only. Order:
#   1. $PAPERTRAIL_BROWSER, if set (it must run);
#   2. a system Chromium or Chrome that runs;
#   3. a private copy in .cache/browser/ from an earlier run;
#   4. `apt-get install chromium` (root, or sudo without a password);
#   5. when dpkg already counts chromium as installed but its program does not run
#      (a damaged install, or one hidden by a mount), the chromium and chromium-common
#      packages unpacked privately into .cache/browser/ with `apt-get download` +
#      `dpkg -x` (the libraries they need are installed already): nothing under /usr is
#      touched.
set -u

PRIVATE_DIR=".cache/browser"
PRIVATE="$PRIVATE_DIR/usr/lib/chromium/chromium"
CANDIDATES="/usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable"

# A browser "runs" when it renders a page headless: an empty file in its place does
# not count, and neither does a program without its data files (Debian keeps those in
# chromium-common; `--version` works without them, a page does not).
# Its profile is a folder of its own, removed after (one was left in /tmp by every run).
runs() {
    [ -f "$1" ] && [ -x "$1" ] || return 1
    profile="$(mktemp -d)"
    timeout 60 "$1" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --no-first-run \
        --user-data-dir="$profile" --dump-dom 'data:text/html,<p>papertrail</p>' 2>/dev/null \
        | grep -q '<p>papertrail</p>'
    ran=$?
    rm -rf "$profile"
    return $ran
}

first_that_runs() {
    for candidate in "$@"; do
        if runs "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

give_up() {
    echo "browser: $1; install Debian's chromium (sudo apt-get install chromium) or set PAPERTRAIL_BROWSER to a Chromium or Chrome program, then run make test again" >&2
    exit 1
}

if [ -n "${PAPERTRAIL_BROWSER:-}" ]; then
    runs "$PAPERTRAIL_BROWSER" || give_up "PAPERTRAIL_BROWSER=$PAPERTRAIL_BROWSER does not run"
    echo "$PAPERTRAIL_BROWSER"
    exit 0
fi

# shellcheck disable=SC2086  # the list is split on purpose
first_that_runs $CANDIDATES "$PWD/$PRIVATE" && exit 0

echo "browser: no Chromium found" >&2
sh scripts/debian-install.sh browser chromium || give_up "no Chromium or Chrome found, and none could be installed"
# shellcheck disable=SC2086
first_that_runs $CANDIDATES && exit 0

echo "browser: chromium is installed but its program does not run; unpacking a private copy into $PRIVATE_DIR" >&2
rm -rf "$PRIVATE_DIR" && mkdir -p "$PRIVATE_DIR"
(cd "$PRIVATE_DIR" && apt-get download -qq chromium chromium-common >&2 \
    && for deb in ./*.deb; do dpkg -x "$deb" . || exit 1; done && rm -f ./*.deb) \
    || give_up "could not unpack chromium into $PRIVATE_DIR"
first_that_runs "$PWD/$PRIVATE" && exit 0
give_up "chromium was installed but does not run"
