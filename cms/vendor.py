"""Vendor Decap CMS's built script (and yaml's) for the site's /admin/ page (run by `make cms`).

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
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor" / "decap-cms"
STAMP = VENDOR / ".integrity"


# What is vendored from each package: its files to keep (by their path in the tarball)
# and the folder under VENDOR they go to. ``yaml`` is already in the lock (Decap depends
# on it): its browser build edits front matter keeping comments, key order and list
# style (the web editor's own format, plugins/papertrail/tools/editor_formats.js).
PACKAGES = {
    "decap-cms": (
        lambda name: (
            name == "LICENSE"
            or (
                name.startswith("dist/")
                and name.endswith("decap-cms.js")
                and "/" not in name.removeprefix("dist/")
            )
        ),
        "",
    ),
    "yaml": (
        lambda name: (
            name == "LICENSE"
            or (
                name.startswith("browser/dist/")
                and name.endswith(".js")
                and "/" not in name.removeprefix("browser/dist/")
            )
        ),
        "yaml",
    ),
}


def pinned(package: str = "decap-cms") -> tuple[str, str]:
    """A package's version and integrity (``sha512-…``) from package-lock.json."""
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{package}"]
    return entry["version"], entry["integrity"]


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity form npm records: ``sha512-`` and the base64 digest."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def main() -> int:
    stamp = "\n".join(f"{name} {pinned(name)[1]}" for name in PACKAGES)
    if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == stamp:
        return 0
    VENDOR.mkdir(parents=True, exist_ok=True)
    for old in sorted(VENDOR.rglob("*"), reverse=True):
        old.rmdir() if old.is_dir() else old.unlink()
    for package, (keep, folder) in PACKAGES.items():
        if vendor(package, keep, VENDOR / folder) != 0:
            return 1
    STAMP.write_text(stamp, encoding="utf-8")
    return 0


def vendor(package: str, keep: Callable[[str], bool], into: Path) -> int:
    """Copy the kept files of ``package``'s tarball (checked against the lock) into ``into``."""
    version, integrity = pinned(package)
    with tempfile.TemporaryDirectory() as scratch:
        packed = subprocess.run(
            ["npm", "pack", f"{package}@{version}", "--pack-destination", scratch, "--json", "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        if packed.returncode != 0:
            print(f"cms/vendor.py: npm pack {package}@{version} failed:\n{packed.stderr}", file=sys.stderr)
            return 1
        tarball = Path(scratch) / json.loads(packed.stdout)[0]["filename"]
        data = tarball.read_bytes()
        if integrity_of(data) != integrity:
            print(f"cms/vendor.py: {package}@{version} differs from the lock's hash", file=sys.stderr)
            return 1
        into.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                # The scripts (and a package's lazily loaded chunks) and the licence; no
                # source maps, no sources.
                name = member.name.removeprefix("package/")
                if not keep(name) or not member.isfile():
                    continue
                extracted = archive.extractfile(member)
                if extracted is not None:
                    (into / Path(name).name).write_bytes(extracted.read())
    print(f"vendored {package} {version} into {into.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
