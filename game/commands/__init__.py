"""Subcommands of `detente`, one module each; `game/cli.py` registers them."""
