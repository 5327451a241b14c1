"""Before `make serve` starts anything: is its port free?

A port in use made the preview end in a traceback from deep inside the engine. This
says in one line which port is taken and how to choose another, and exits with
status 1.

Usage: ``python scripts/check_ports.py ADDR`` (what the Makefile passes).
"""

from __future__ import annotations

import socket
import sys


def port_in_use(host: str, port: int) -> bool:
    """Whether ``host:port`` cannot be listened on right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # The same option servers set, so a port left in TIME_WAIT by the last
        # preview counts as free, as it does for the preview itself.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def check_ports(addr: str) -> str | None:
    """The one line to print when the preview cannot start, else None."""
    host, _, port = addr.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return f"make serve: ADDR={addr!r} is not HOST:PORT; write it like ADDR=127.0.0.1:8000"
    if port_in_use(host, int(port)):
        return (
            f"make serve: port {port} on {host} is in use by another program: stop it, "
            f"or preview on another port: make serve ADDR={host}:{int(port) + 1}"
        )
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: check_ports.py ADDR", file=sys.stderr)
        return 2
    problem = check_ports(argv[0])
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
