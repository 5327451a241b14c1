"""Try the newest release of every dependency, and name the one that breaks the suite.

The lock (``uv.lock``) keeps every install on versions the suite passed with, so an
upstream release can never turn an editor's pull request red (PyYAML 6.0.4 did, before
there was a lock). This script is the other half: the weekly *Upstream* workflow runs
it to learn early what the next lock update will bring.

1. ``uv lock --upgrade``: the newest release of everything ``pyproject.toml`` allows;
2. install that and run the suite (lint, type checks, pytest);
3. if it fails, bisect the upgraded packages (each half upgraded alone from the lock,
   the failing checks run again) down to the package, or the smallest set of packages,
   that breaks it, and print it with its old and new version.

``uv.lock`` is put back as it was at the end, whatever happens: upgrades reach ``main``
as Dependabot's pull requests, each run through the whole suite.

Usage: ``.venv/bin/python scripts/upstream.py`` (exit status 1 when the newest releases
fail, with the culprit named on the last lines and in the workflow's summary).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: pytest brings tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "uv.lock"
BIN = ROOT / ".venv" / "bin"


@dataclass(frozen=True)
class Upgrade:
    """One package whose newest release differs from the locked one."""

    name: str
    old: str | None  # None: new in the lock
    new: str | None  # None: gone from the lock

    def __str__(self) -> str:
        return f"{self.name} {self.old or '(new)'} -> {self.new or '(removed)'}"


def read_lock_versions(text: str) -> dict[str, set[str]]:
    """Every package in a uv lock with its versions (a universal lock may hold two)."""
    versions: dict[str, set[str]] = {}
    for package in tomllib.loads(text).get("package", []):
        if "version" in package:
            versions.setdefault(package["name"], set()).add(package["version"])
    return versions


def diff_locks(old: str, new: str) -> list[Upgrade]:
    """The packages whose versions differ between two lock texts, by name."""
    before, after = read_lock_versions(old), read_lock_versions(new)
    changed = []
    for name in sorted(before.keys() | after.keys()):
        if before.get(name) != after.get(name):
            was, now = before.get(name), after.get(name)
            changed.append(Upgrade(name, max(was) if was else None, max(now) if now else None))
    return changed


def find_culprits(candidates: Sequence[str], fails: Callable[[Sequence[str]], bool]) -> list[str]:
    """The smallest run of ``candidates`` found by halving for which ``fails`` holds.

    ``fails(names)`` says whether the suite fails with just those packages upgraded;
    it is known to hold for all of ``candidates``. A failure that needs two upgrades
    together (neither half fails alone) returns both halves' packages.
    """
    names = list(candidates)
    while len(names) > 1:
        half = len(names) // 2
        first, second = names[:half], names[half:]
        if fails(first):
            names = first
        elif fails(second):
            names = second
        else:
            break
    return names


class Suite:
    """Installs a lock and runs the project's checks on it."""

    def __init__(self, pytest_args: Sequence[str]) -> None:
        self.pytest_args = list(pytest_args)
        self.failed_tests: list[str] = []
        self.lint_failed = False

    def install(self) -> None:
        run([str(BIN / "uv"), "sync", "--locked", "--inexact", "--group", "test"])

    def passes(self, only_failed: bool) -> bool:
        """Lint, type checks and pytest (only the checks that failed the first time)."""
        lint_ok = True
        if not only_failed or self.lint_failed:
            lint_ok = run(["make", "--no-print-directory", "lint"], check=False) == 0
        tests_ok = True
        if not only_failed or self.failed_tests:
            with tempfile.TemporaryDirectory() as folder:
                report = Path(folder) / "junit.xml"
                args = self.failed_tests if only_failed else self.pytest_args
                status = run(
                    [str(BIN / "python"), "-m", "pytest", "-q", f"--junitxml={report}", *args], check=False
                )
                tests_ok = status == 0
                if not only_failed:
                    self.failed_tests = failed_test_ids(report) if report.exists() else []
        if not only_failed:
            self.lint_failed = not lint_ok
        return lint_ok and tests_ok


def failed_test_ids(report: Path) -> list[str]:
    """The node ids of failed or erroring tests in a JUnit XML report."""
    ids = []
    for case in ElementTree.parse(report).iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            module = (case.get("classname") or "").replace(".", "/")
            ids.append(f"{module}.py::{case.get('name')}")
    return ids


def run(command: list[str], check: bool = True) -> int:
    print("$", " ".join(command), flush=True)
    status = subprocess.run(command, cwd=ROOT).returncode
    if check and status != 0:
        raise SystemExit(f"upstream: {' '.join(command)} failed with status {status}")
    return status


def lock(*args: str) -> str:
    run([str(BIN / "uv"), "lock", *args])
    return LOCK.read_text(encoding="utf-8")


def summarise(lines: list[str]) -> None:
    """Print the result, and add it to the workflow run's summary page when there is one."""
    print("\n".join(lines))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pytest_args", nargs="*", default=["-n", "auto"], help="arguments for pytest")
    args = parser.parse_args(argv)
    saved = Path(tempfile.mkdtemp()) / "uv.lock"
    shutil.copy(LOCK, saved)
    locked = saved.read_text(encoding="utf-8")
    suite = Suite(args.pytest_args)
    try:
        upgrades = diff_locks(locked, lock("--upgrade"))
        if not upgrades:
            summarise(["upstream: the lock already has the newest release of every package"])
            return 0
        suite.install()
        if suite.passes(only_failed=False):
            summarise(["upstream: the suite passes with the newest releases:", *(f"- {u}" for u in upgrades)])
            return 0

        def fails(names: Sequence[str]) -> bool:
            shutil.copy(saved, LOCK)
            lock(*(arg for name in names for arg in ("--upgrade-package", name)))
            suite.install()
            return not suite.passes(only_failed=True)

        by_name = {u.name: u for u in upgrades}
        culprits = find_culprits([u.name for u in upgrades], fails)
        summarise(
            [
                "upstream: the suite FAILS with the newest releases; it breaks with:",
                *(f"- {by_name[name]}" for name in culprits),
                f"({len(upgrades)} packages had newer releases; the others pass with the lock's versions)",
            ]
        )
        return 1
    finally:
        shutil.copy(saved, LOCK)
        suite.install()


if __name__ == "__main__":
    sys.exit(main())
