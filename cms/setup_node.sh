#!/bin/sh
# Make sure Node.js and npm are there for the web editor, installing Debian's when not.
# `make cms` (and so `make serve` and `make test`) calls this: a fresh machine needs
# nothing by hand. Node serves two things only: `npm` fetches Decap CMS and
# decap-server from the npm registry, and decap-server is the local backend.
set -u

give_up() {
    echo "web editor: $1; install Node.js and npm (sudo apt-get install nodejs npm), then run make again" >&2
    exit 1
}

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    give_up "no node or npm found, and installing them needs root or sudo"
fi
command -v apt-get >/dev/null 2>&1 || give_up "no node or npm found, and this is not a Debian or Ubuntu system"
echo "web editor: installing Debian's nodejs and npm" >&2
$SUDO apt-get update -qq >&2 || give_up "apt-get update failed"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null || give_up "apt-get install nodejs npm failed"
command -v npm >/dev/null 2>&1 || give_up "npm is still missing after installing it"
