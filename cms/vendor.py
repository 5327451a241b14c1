"""Vendor Decap CMS's built script for the site's /admin/ page (run by `make cms`).

Decap CMS is a dev dependency in package.json, pinned to one version, and
package-lock.json holds its integrity hash. Only its built ``dist/`` scripts are
served, so it is not installed with its 600 build-time packages: the registry's
tarball of exactly that version is fetched with ``npm pack``, checked against the
lock's hash, and its scripts and licence are copied to ``cms/vendor/decap-cms/``,
which the plugin's ``web_editor`` option points at. Nothing is fetched when the
vendored copy already matches the lock.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor" / "decap-cms"
STAMP = VENDOR / ".integrity"


def pinned() -> tuple[str, str]:
    """Decap CMS's version and integrity (``sha512-…``) from package-lock.json."""
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/decap-cms"]
    return entry["version"], entry["integrity"]


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity form npm records: ``sha512-`` and the base64 digest."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def main() -> int:
    version, integrity = pinned()
    if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == integrity:
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        packed = subprocess.run(
            ["npm", "pack", f"decap-cms@{version}", "--pack-destination", scratch, "--json", "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        if packed.returncode != 0:
            print(f"cms/vendor.py: npm pack decap-cms@{version} failed:\n{packed.stderr}", file=sys.stderr)
            return 1
        tarball = Path(scratch) / json.loads(packed.stdout)[0]["filename"]
        data = tarball.read_bytes()
        if integrity_of(data) != integrity:
            print(f"cms/vendor.py: decap-cms@{version} differs from the lock's hash", file=sys.stderr)
            return 1
        VENDOR.mkdir(parents=True, exist_ok=True)
        for old in VENDOR.iterdir():
            old.unlink()
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                name = member.name.removeprefix("package/")
                # The scripts (the main one and its lazily loaded chunks) and the licence;
                # no source maps, no sources.
                keep = name == "LICENSE" or (name.startswith("dist/") and name.endswith("decap-cms.js"))
                if not keep or not member.isfile() or "/" in name.removeprefix("dist/"):
                    continue
                extracted = archive.extractfile(member)
                if extracted is not None:
                    (VENDOR / Path(name).name).write_bytes(extracted.read())
    STAMP.write_text(integrity, encoding="utf-8")
    print(f"vendored decap-cms {version} into {VENDOR.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
