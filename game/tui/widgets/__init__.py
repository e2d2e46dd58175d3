"""Widgets show state they are given and post messages up; none of them reads the engine."""
