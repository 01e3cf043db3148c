"""The real `vnsearch serve` in a child process, on a free port of the loopback."""
from __future__ import annotations

import http.client
import os
import re
import select
import subprocess
import sys
from contextlib import contextmanager

STARTUP_S = 60  # a slow machine's import time; the test does not measure it


@contextmanager
def served(index_dir, *options: str, env: dict | None = None, pids: list | None = None):
    """Yield (host, port) of a running `vnsearch serve --index index_dir --port 0`
    (its process id appended to `pids` if given)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "search.cli", "serve", "--index", str(index_dir), "--port", "0", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    try:
        ready, _, _ = select.select([process.stdout], [], [], STARTUP_S)
        line = process.stdout.readline() if ready else ""
        found = re.search(r"http://\[?([^\]/]+?)\]?:(\d+)/", line)
        assert found, f"the server did not start: {line!r} {process.stderr.read() if process.poll() is not None else ''}"
        if pids is not None:
            pids.append(process.pid)
        yield found.group(1), int(found.group(2))
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()


def get(host: str, port: int, path: str) -> tuple[int, dict, str]:
    """GET `path` exactly as written (no normalisation of ../ or %2e)."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def listening_addresses(port: int) -> list[str]:
    """The local addresses of the listening TCP sockets on `port` (from /proc/net/tcp{,6})."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table, encoding="ascii").read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.append(_address(address))
    return found


def _address(hex_address: str) -> str:
    if len(hex_address) == 8:  # IPv4, little-endian
        return ".".join(str(int(hex_address[i:i + 2], 16)) for i in (6, 4, 2, 0))
    return hex_address  # IPv6: compared only as "not 127.0.0.1"
