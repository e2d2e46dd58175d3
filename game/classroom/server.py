"""`detente class serve`: one process that owns a session and serves every seat in a browser.

Each browser connection gets its own seat process on this machine, started by
textual-serve (`detente class seat S`): the seat app runs here and only its screen
travels to the browser, so the session file never leaves the server machine.  The seat
asks for its code on its first screen.  This process also owns the turn clock: a
thread with its own connection claims the clock's lease in the store and ticks it twice
a second, so a turn closes on time even when no facilitator console is open, and —
because a tick resolves inside one write transaction — never twice.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import socket
import sys
import threading
from pathlib import Path
from typing import Any

from .session import Session, SessionError

TICK_SECONDS = 0.5


class ClockThread(threading.Thread):
    """Ticks one session's turn clock until stopped (its own SQLite connection)."""

    def __init__(self, path: Path, owner: str) -> None:
        super().__init__(name="detente-clock", daemon=True)
        self.path = path
        self.owner = owner
        self.stop_event = threading.Event()
        self.resolved: list[int] = []
        self.error = ""

    def run(self) -> None:
        try:
            s = Session.open(self.path)
        except SessionError as exc:
            self.error = str(exc)
            return
        try:
            while not self.stop_event.wait(TICK_SECONDS):
                try:
                    if s.claim_clock(self.owner):
                        turn = s.game().turn
                        if s.tick():
                            self.resolved.append(turn)
                except SessionError as exc:  # a broken record: say so once, keep serving seats
                    if not self.error:
                        self.error = str(exc)
                        print(f"detente class serve: clock stopped: {exc}", file=sys.stderr)
        finally:
            try:
                s.release_clock(self.owner)
            finally:
                s.close()

    def stop(self) -> None:
        self.stop_event.set()
        self.join(timeout=5)


def seat_command(save_dir: Path, name: str) -> str:
    """The shell command textual-serve runs for each browser connection (a light entry point:
    `detente class seat` would build the whole command line first)."""
    return shlex.join([sys.executable, "-m", "game.tui.classroom.seat_main", str(save_dir), name])


def make_server(session: Session, save_dir: Path, host: str, port: int, codes: dict[str, Any]) -> Any:
    from aiohttp import web
    from textual_serve.server import Server

    class ClassroomServer(Server):
        """textual-serve with our banner, our clock, and links that follow the address used."""

        clock: ClockThread | None = None
        seats: set[asyncio.Task[Any]] = set()

        async def on_startup(self, app: web.Application) -> None:
            owner = f"serve:{socket.gethostname()}:{os.getpid()}"
            self.clock = ClockThread(session.store.path, owner)
            self.clock.start()
            print_banner(session, host, port, codes)

        async def on_shutdown(self, app: web.Application) -> None:
            # aiohttp would wait for every open websocket to close by itself; a seat's
            # draft is already in the store, so close the seats now (each seat process is
            # told to quit and waited for).
            for task in list(self.seats):
                task.cancel()
            if self.seats:
                await asyncio.wait(list(self.seats), timeout=10)
            if self.clock is not None:
                self.clock.stop()
            print("detente class serve: stopped; the session is saved (every order and draft is in the store).",
                  flush=True)

        async def handle_index(self, request: web.Request) -> Any:
            # The page's websocket must point where the browser reached us (a name or an
            # address on the classroom network), not at the address we listen on.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task = asyncio.current_task()
            if task is not None:
                self.seats.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                if task is not None:
                    self.seats.discard(task)

        def initialize_logging(self) -> None:
            import logging

            logging.basicConfig(level="WARNING", format="detente class serve: %(message)s")
            logging.getLogger("asyncio").setLevel(logging.ERROR)  # child-watcher noise at shutdown

    return ClassroomServer(seat_command(save_dir, session.name), host=host, port=port, title="Détente classroom")


def print_banner(session: Session, host: str, port: int, codes: dict[str, Any]) -> None:
    from .codes import code_lines

    shown = "127.0.0.1" if host in ("127.0.0.1", "localhost") else host
    print(f"Détente classroom: {session.cs.title} — session {session.name}")
    print(f"Open in a browser:  http://{shown}:{port}/   (each seat enters its code)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"  listening on {host}: anyone who can reach this machine can open the page; a seat code "
              "is still needed for every seat")
    print("\n".join(code_lines(codes, session.name)))
    print("Ctrl+C stops the server; the session stays on disk.", flush=True)


def serve(session: Session, save_dir: Path, host: str, port: int, codes: dict[str, Any]) -> int:
    if not 1 <= port <= 65535:
        raise SessionError(f"--port must be 1-65535 (got {port})")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise SessionError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server = make_server(session, Path(save_dir).resolve(), host, port, codes)
    # Seat processes inherit this environment.  A seat replays a few turns, never thousands
    # of games: the compiled hot path would cost each of them about 2 MiB of mapped code for
    # nothing, and one malloc arena per thread a little more (benchmarks/bench_classroom.py).
    os.environ["DETENTE_PURE"] = "1"
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    server.serve()
    return 0
