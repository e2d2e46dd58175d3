"""`detente class serve`: one process that serves every seat of one or more sessions in a browser.

Each browser connection gets its own seat process on this machine, started by
textual-serve (`detente class seat S`): the seat app runs here and only its screen
travels to the browser, so the session store never leaves the server.  The seat asks
for its code on its first screen.  One server may serve several sessions (a course's
sections): each has its page at /s/NAME/ (and / lists them; with one session, / is its
page), and scripts use the JSON API of `game.classroom.api`.  Several servers may serve
the same sessions from one PostgreSQL store.

This process also keeps the turn clocks: a thread with its own connections claims each
session's clock lease in the store and ticks it twice a second, so a turn closes on
time even when no facilitator console is open and, because a tick resolves inside one
write transaction and the lease is in the store, never twice — whichever server holds
the lease; if that server dies, another takes the lease over when it lapses.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import html
import os
import shlex
import socket
import sys
import threading
from pathlib import Path
from typing import Any

from .session import Session, SessionError

TICK_SECONDS = 0.5

#: The seat command of the page a websocket belongs to (textual-serve reads one command).
_seat_command: contextvars.ContextVar[str] = contextvars.ContextVar("detente_seat_command")


class ClockThread(threading.Thread):
    """Ticks the turn clocks of the sessions served until stopped.

    It borrows each session's connection from the server (`api.Served`, one thread at a
    time), so a server holds one connection per session (and, on PostgreSQL, one more
    that listens), whatever the number of seats and scripts.
    """

    def __init__(self, served: list[Any], owner: str) -> None:
        super().__init__(name="detente-clock", daemon=True)
        self.served = served
        self.owner = owner
        self.stop_event = threading.Event()
        self.resolved: list[tuple[str, int]] = []
        self.errors: dict[str, str] = {}

    def _tick(self, s: Session) -> None:
        meta = s.store.meta()  # no clock, or not running: nothing to keep (and no heartbeat to write)
        if not int(meta.get("turn_seconds", "0") or 0) or meta.get("status") != "running":
            return
        if s.claim_clock(self.owner):
            turn = s.game().turn
            if s.tick():
                self.resolved.append((s.name, turn))

    def run(self) -> None:
        try:
            while not self.stop_event.wait(TICK_SECONDS):
                for sv in self.served:
                    try:
                        sv.call(self._tick)
                        self.errors.pop(sv.session.name, None)
                    except SessionError as exc:  # a broken record, a lost store: say so, keep serving
                        self._say(sv.session.name, str(exc))
        finally:
            for sv in self.served:
                with contextlib.suppress(SessionError):  # the store is gone: the lease lapses by itself
                    sv.call(lambda s: s.release_clock(self.owner))

    def _say(self, name: str, message: str) -> None:
        if self.errors.get(name) != message:
            self.errors[name] = message
            print(f"detente class serve: clock of {name}: {message}", file=sys.stderr, flush=True)

    def stop(self) -> None:
        self.stop_event.set()
        self.join(timeout=5)


def seat_command(save_dir: Path, name: str) -> str:
    """The shell command textual-serve runs for each browser connection (a light entry point:
    `detente class seat` would build the whole command line first)."""
    return shlex.join([sys.executable, "-m", "game.tui.classroom.seat_main", str(save_dir), name])


def index_page(sessions: list[Session]) -> str:
    """/ when several sessions are served: one link per session (names and titles only)."""
    rows = "\n".join(
        f'<li><a href="/s/{html.escape(s.name)}/">{html.escape(s.name)}</a> — {html.escape(s.cs.title)}</li>'
        for s in sessions)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Détente classroom</title>"
            "</head><body><h1>Détente classroom</h1><p>Open your section's session; the seat asks for your code."
            f"</p><ul>{rows}</ul></body></html>")


def make_server(sessions: list[Session], save_dir: Path, host: str, port: int,
                codes: dict[str, dict[str, Any]]) -> Any:
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server

    from . import api

    by_name = {s.name: s for s in sessions}
    commands = {s.name: seat_command(save_dir, s.name) for s in sessions}
    single = sessions[0].name if len(sessions) == 1 else ""
    course_name = sessions[0].course()

    class ClassroomServer(Server):
        """textual-serve with our banner, our clocks, a page per session and the JSON API."""

        clock: ClockThread | None = None
        seats: set[asyncio.Task[Any]] = set()
        served: dict[str, api.Served] = {}
        announcing: asyncio.Task[None] | None = None

        @property
        def command(self) -> str:
            return _seat_command.get(self._default_command)

        @command.setter
        def command(self, value: str) -> None:
            self._default_command = value

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.router.add_get("/s/{name}/", self.handle_session_index)
            app.router.add_get("/s/{name}/ws", self.handle_session_websocket, name="session_websocket")
            app.router.add_routes(api.routes(self.served))
            return app

        async def on_startup(self, app: web.Application) -> None:
            owner = f"serve:{socket.gethostname()}:{os.getpid()}"
            # The store calls block on the network (PostgreSQL): more workers than cores.
            asyncio.get_running_loop().set_default_executor(
                concurrent.futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix="detente-store"))
            for s in sessions:
                self.served[s.name] = await asyncio.to_thread(api.Served, s.store.path, asyncio.get_running_loop())
                s.close()  # what opened it to check the code; the server keeps its own from here
            self.clock = ClockThread(list(self.served.values()), owner)
            self.clock.start()
            self.announcing = asyncio.get_running_loop().create_task(self.announce())

        async def announce(self) -> None:
            """The banner once the port takes connections (aiohttp binds after the startup hooks)."""
            for _ in range(200):
                try:
                    _r, w = await asyncio.open_connection("::1" if host == "::" else
                                                          ("127.0.0.1" if host in ("0.0.0.0", "") else host), port)
                    w.close()
                    break
                except OSError:
                    await asyncio.sleep(0.05)
            print_banner(sessions, host, port, codes, course_name)

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
            for sv in self.served.values():
                sv.session.close()
            print("detente class serve: stopped; the session is saved (every order and draft is in the store).",
                  flush=True)

        async def handle_index(self, request: web.Request) -> Any:
            # The page's websocket must point where the browser reached us (a name or an
            # address on the classroom network), not at the address we listen on.
            self.public_url = f"{request.scheme}://{request.host}"
            if single:
                return await super().handle_index(request)
            return web.Response(text=index_page(sessions), content_type="text/html")

        async def handle_session_index(self, request: web.Request) -> web.Response:
            name = request.match_info["name"]
            if name not in by_name:
                raise web.HTTPNotFound(text="no such session on this server")
            self.public_url = f"{request.scheme}://{request.host}"
            context = await Server.handle_index.__wrapped__(self, request)  # type: ignore[attr-defined]
            path = request.app.router["session_websocket"].url_for(name=name)
            scheme = "wss" if request.scheme == "https" else "ws"
            context["app_websocket_url"] = f"{scheme}://{request.host}{path}"
            context["application"] = {"name": f"Détente — {by_name[name].cs.title}"}
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def handle_session_websocket(self, request: web.Request) -> web.WebSocketResponse:
            name = request.match_info["name"]
            if name not in commands:
                raise web.HTTPNotFound(text="no such session on this server")
            _seat_command.set(commands[name])  # this request's task only
            return await self.handle_websocket(request)

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

    first = seat_command(save_dir, sessions[0].name)
    return ClassroomServer(first, host=host, port=port, title="Détente classroom")


def print_banner(sessions: list[Session], host: str, port: int, codes: dict[str, dict[str, Any]],
                 course: str = "") -> None:
    from .codes import code_lines

    shown = "127.0.0.1" if host in ("127.0.0.1", "localhost") else host
    if len(sessions) == 1:
        session = sessions[0]
        print(f"Détente classroom: {session.cs.title} — session {session.name}")
        print(f"Open in a browser:  http://{shown}:{port}/   (each seat enters its code)")
    else:
        print(f"Détente classroom: {len(sessions)} sessions")
        print(f"Open in a browser:  http://{shown}:{port}/   (lists them; each seat enters its code)")
        for s in sessions:
            print(f"  {s.name:<24} http://{shown}:{port}/s/{s.name}/   {s.cs.title}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"  listening on {host}: anyone who can reach this machine can open the page; a seat code "
              "is still needed for every seat")
    if len(sessions) == 1:
        print("\n".join(code_lines(codes[sessions[0].name], sessions[0].name)))
    else:
        where = f"detente course codes {course}" if course else "detente class codes SESSION"
        print(f"Seat codes: {where} (the facilitator's or the course's code shows them)")
    print(f"Scripts: the JSON API at http://{shown}:{port}/api/s/SESSION/ (see docs/classroom.md)")
    print("Ctrl+C stops the server; the session stays on disk.", flush=True)


def serve(sessions: list[Session], save_dir: Path, host: str, port: int, codes: dict[str, dict[str, Any]]) -> int:
    if not sessions:
        raise SessionError("no session to serve")
    if not 1 <= port <= 65535:
        raise SessionError(f"--port must be 1-65535 (got {port})")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise SessionError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server = make_server(sessions, Path(save_dir).resolve(), host, port, codes)
    # Seat processes inherit this environment.  A seat replays a few turns, never thousands
    # of games: the compiled hot path would cost each of them about 2 MiB of mapped code for
    # nothing, and one malloc arena per thread a little more (benchmarks/bench_classroom.py).
    os.environ["DETENTE_PURE"] = "1"
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    server.serve()
    return 0
