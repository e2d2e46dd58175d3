"""Screens of the classroom app: one per file."""
