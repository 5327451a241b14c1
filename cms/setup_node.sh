#!/bin/sh
# Make sure Node.js and npm are there for the web editor, installing Debian's when not.
# `make cms` (and so `make serve` and `make test`) calls this: a fresh machine needs
# nothing by hand. Node serves one thing only: `npm pack` fetches Decap CMS from the
# npm registry (cms/vendor.py); the editor's local backend is the preview itself.
set -u

give_up() {
    echo "web editor: $1; install Node.js and npm (sudo apt-get install nodejs npm), then run make again" >&2
    exit 1
}

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    exit 0
fi
sh scripts/debian-install.sh "web editor" nodejs npm || give_up "no node or npm found, and none could be installed"
command -v npm >/dev/null 2>&1 || give_up "npm is still missing after installing it"
