"""Compile the rules engine and the bots with mypyc, in place -- optional, for speed.

    .venv/bin/python tools/build_native.py [--force] [--strict] [--clean] [--background]

``--background`` is what ``make play`` runs: when the build is missing or older than its
sources and this machine has a C compiler, it starts the build in a detached, low-priority
process (installing mypy first if needed) and returns at once, so the menu opens without
waiting; the game plays pure Python until the build is complete (``game/native.py``
never loads half a build) and compiled from the next start.  Its log is
``.venv/native-build.log``.

Why: playtests and advisor rollouts resolve hundreds of thousands of turns; compiled
with mypyc (part of mypy, already our type checker) the same typed Python runs about
twice as fast.  The game never depends on it: without a C compiler or mypy the build is
skipped with a one-line note and every module runs as plain Python, with the same
results (tests/test_native.py checks compiled and pure runs give identical hashes).

The extension modules land next to their sources (``game/engine/rules.cpython-*.so``;
Python prefers them to the ``.py``), with ``game/native.json`` recording a digest of the
sources they were built from.  Nothing is rebuilt while the digest matches; a source
changed since the build makes ``make test`` rebuild, and tests/test_native.py fails on
stale modules rather than test old code.  ``--clean`` removes them (pure Python again).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if __name__ == "__main__":  # the build reads sources: no word about the state of the build it replaces
    os.environ["DETENTE_BUILDING"] = "1"
from game import native  # noqa: E402  (the list of modules, and where the stamp goes)

STAMP = Path(native.STAMP)
MODULES = tuple(f"game/{m.replace('.', '/')}.py" for m in native.MODULES)


def ext_suffix() -> str:
    return str(sysconfig.get_config_var("EXT_SUFFIX") or ".so")


def built_files() -> list[Path]:
    """Every extension module this build makes (present or not)."""
    suffix = ext_suffix()
    out = [ROOT / (m[: -len(".py")] + suffix) for m in MODULES]
    out += [ROOT / (m[: -len(".py")] + "__mypyc" + suffix) for m in MODULES]
    return out


def digest() -> str:
    """What the extension modules depend on: the sources, mypy's version, the interpreter."""
    import mypy.version

    h = hashlib.sha256()
    h.update(f"{mypy.version.__version__}|{sys.version}|{ext_suffix()}".encode())
    for m in MODULES:
        h.update(m.encode() + b"\0" + (ROOT / m).read_bytes() + b"\0")
    return h.hexdigest()


def clean() -> None:
    """Remove every extension module under game/ (also those of modules no longer listed)."""
    for f in (ROOT / "game").rglob(f"*{ext_suffix()}"):
        f.unlink(missing_ok=True)
    STAMP.unlink(missing_ok=True)


def up_to_date() -> bool:
    try:
        stamp = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return False
    return stamp.get("digest") == digest() and all(f.exists() for f in built_files())


def compiler() -> str:
    """The C compiler Python's own build used, if this machine has it ('' if not)."""
    cc = (sysconfig.get_config_var("CC") or "cc").split()
    return shutil.which(cc[0]) or "" if cc else ""


def build(opt_level: str) -> None:
    if not compiler():
        raise RuntimeError("no C compiler found")
    from mypyc.build import mypycify
    from setuptools import Distribution

    work = Path(tempfile.mkdtemp(prefix="detente-native-"))
    cwd = os.getcwd()
    os.chdir(ROOT)  # mypyc names modules by their path from here
    try:
        # separate: one C file and library per module, so the C compiler runs in parallel
        exts = mypycify(list(MODULES), opt_level=opt_level, separate=True, target_dir=str(work / "c"))
        dist = Distribution({"name": "detente-native", "ext_modules": exts})
        dist.script_args = ["-q", "build_ext", "--inplace", "--parallel", str(os.cpu_count() or 1),
                            "--build-temp", str(work / "tmp")]
        dist.parse_command_line()
        dist.run_commands()
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)


LOG = Path(sys.prefix) / "native-build.log"
LOCK = Path(sys.prefix) / "native-build.pid"


def _running() -> bool:
    """A background build is under way (its pid file names a live process)."""
    try:
        pid = int(LOCK.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def background() -> int:
    """Start the build in the background when it is needed and can be made; say so in one line."""
    if os.environ.get("DETENTE_PURE") == "1":
        return 0
    if up_to_date():
        STAMP.touch()
        return 0
    if not compiler():
        print("native: no C compiler here: the game runs as pure Python (same results, slower)")
        return 0
    if _running():
        print(f"native: the compiled engine is still being built in the background (log: {LOG})")
        return 0
    log = LOG.open("ab")
    child = [sys.executable, str(Path(__file__).resolve()), "--build-in-background"]
    proc = subprocess.Popen(child, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                            start_new_session=True, preexec_fn=lambda: os.nice(10))  # noqa: PLW1509
    LOCK.write_text(str(proc.pid))
    print(f"native: building the compiled engine in the background (about a minute; log: {LOG}); "
          "this game runs as pure Python, the next one compiled")
    return 0


def _build_in_background() -> int:
    try:
        try:
            import mypyc  # noqa: F401
        except ImportError:
            print("native: installing mypy (the compiler of the build)", flush=True)
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[native]"], check=True)
        return main([])
    finally:
        LOCK.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--force", action="store_true", help="rebuild even if up to date")
    ap.add_argument("--strict", action="store_true", help="fail (exit 1) instead of falling back to pure Python")
    ap.add_argument("--clean", action="store_true", help="remove the compiled modules (pure Python again)")
    ap.add_argument("--background", action="store_true", help="build in a detached process if needed (make play)")
    ap.add_argument("--build-in-background", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--opt", default=os.environ.get("MYPYC_OPT_LEVEL", "3"), help="C optimisation level (default 3)")
    args = ap.parse_args(argv)
    if args.background:
        return background()
    if args.build_in_background:
        return _build_in_background()
    if args.clean:
        clean()
        print("native: removed the compiled modules; the game runs as pure Python")
        return 0
    try:
        if not args.force and up_to_date():
            STAMP.touch()  # same sources, same build: newer than any source again (make, game/native.py)
            print("native: compiled modules are up to date")
            return 0
        clean()
        t0 = time.monotonic()
        print(f"native: compiling {len(MODULES)} modules of the engine and bots with mypyc (about a minute)...",
              flush=True)
        build(args.opt)
        STAMP.write_text(json.dumps({"digest": digest(), "modules": list(MODULES)}, indent=1) + "\n")
        print(f"native: done in {time.monotonic() - t0:.0f} s")
        return 0
    except (Exception, SystemExit) as exc:  # no compiler, no mypy, a mypyc error: stay pure Python
        clean()
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        print(f"native: build skipped ({reason}); the game runs as pure Python, only slower")
        return 1 if args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
