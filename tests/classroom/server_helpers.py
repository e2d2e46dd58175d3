"""Start a real `detente class serve` on loopback for a test, and stop it cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(save_dir: Path, targets: list[str], code: str, port: int) -> subprocess.Popen[str]:
    """`detente class serve TARGETS…` (session names, or ["--course", NAME]) on loopback."""
    env = {**os.environ, "DETENTE_CODE": code, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "game", "class", "--save-dir", str(save_dir), "serve", *targets, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
    )


def wait_ready(proc: subprocess.Popen[str], timeout: float = 30.0) -> str:
    """The server's banner, once it says it is up (it prints it when the port takes connections)."""
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl+C stops the server" in line:
            break
    banner = "".join(lines)
    if "Open in a browser" not in banner:
        proc.kill()
        raise AssertionError(f"the server did not start:\n{banner}")
    return banner


@contextmanager
def running_server(save_dir: Path, name: str | list[str], facilitator_code: str, timeout: float = 30.0) -> Iterator[str]:
    """Yield the served address; on exit send Ctrl+C (SIGINT) and require a clean stop."""
    port = free_port()
    proc = start_server(save_dir, [name] if isinstance(name, str) else name, facilitator_code, port)
    banner = wait_ready(proc, timeout)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            rest, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            rest, _ = proc.communicate()
            raise AssertionError("the server did not stop on Ctrl+C") from None
        assert proc.returncode == 0, banner + rest
        assert "the session is saved" in rest, rest


def readable_js(js: str) -> str:
    """textual-serve's page script with xterm's screen-reader mirror on, refreshed at once.

    A test-side edit of the script the browser receives (the product serves it as it is):
    the terminal is drawn on a canvas, and the mirror is the only text a test can read;
    xterm refreshes the mirror at most once a second, which would add up to a second to
    every time a benchmark measures.
    """
    for old, new in (("screenReaderMode:!1", "screenReaderMode:!0"),
                     ("TimeBasedDebouncer=class{constructor(e,t=1e3)", "TimeBasedDebouncer=class{constructor(e,t=0)")):
        if old not in js:
            raise AssertionError(f"textual-serve's script changed: {old!r} not found")
        js = js.replace(old, new, 1)
    return js
