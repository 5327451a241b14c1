"""Which Python makes ``.venv``: the ``python3`` that runs this, or the system's own.

Loading, checking and building are CPU-bound Python. A CPython configured without
``--enable-optimizations`` (no profile-guided optimisation: pyenv's default build) ran
them slower on this project's machine than Debian's build of the same Python (3.11,
profile-guided, though its configure arguments do not say so): load + check of 5,000
stories 6.2-6.9 s against 6.9-8.7 s (15-20%), alternated four times, and a cold build
of 1,000 stories about 6% (the rest of a build is not Python). The official Docker
images and GitHub's ``setup-python`` are configured with it, and are kept.

So the ``python3`` that runs this script is used unless its configure arguments lack
``--enable-optimizations`` and ``/usr/bin/python3``, the system's own build, is
another interpreter of Python 3.10 or later that can make a virtual environment. The
choice is printed; ``make PYTHON=/path/to/python3`` overrides it.

Usage: ``python3 scripts/venv_python.py`` (what the Makefile runs).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from functools import partial

SYSTEM_PYTHON = "/usr/bin/python3"
# The system's Python must be a supported version, with venv and the pip it installs.
_CAN_MAKE_VENV = "import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 10) else 1)"


def optimised(config_args: str) -> bool:
    """Whether a CPython configured with ``config_args`` was built with profile-guided
    optimisation."""
    return "--enable-optimizations" in config_args


def choose_python(here: str, config_args: str, system: str, system_usable: Callable[[], bool]) -> str:
    """The interpreter to make ``.venv`` with.

    Args:
        here: The running ``python3``.
        config_args: Its configure arguments (``sysconfig``'s ``CONFIG_ARGS``).
        system: The system's Python.
        system_usable: Whether ``system`` is Python 3.10+ and can make a venv (asked
            only when ``here`` is not optimised: it starts that Python).
    """
    if optimised(config_args) or not system_usable():
        return here
    return system


def _usable(system: str, here: str) -> bool:
    if not os.access(system, os.X_OK) or os.path.realpath(system) == os.path.realpath(here):
        return False
    try:
        done = subprocess.run([system, "-c", _CAN_MAKE_VENV], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def main() -> int:
    here = sys.executable
    config_args = str(sysconfig.get_config_var("CONFIG_ARGS") or "")
    print(choose_python(here, config_args, SYSTEM_PYTHON, partial(_usable, SYSTEM_PYTHON, here)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
