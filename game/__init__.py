"""Détente: crisis-management training game. Kept import-light on purpose: start-up time matters."""
from . import native as _native

__version__ = "0.1.0"
_native.ensure()  # a compiled engine older than its sources must not run (see game/native.py)
