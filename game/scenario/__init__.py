"""Scenario layer: TOML files -> validated models, with positions for errors, lint and schema.

Import-light on purpose: submodules are imported where they are used.
"""
