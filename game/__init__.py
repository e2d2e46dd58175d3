"""Détente: crisis-management training game. Kept import-light on purpose: start-up time matters."""
__version__ = "0.1.0"
