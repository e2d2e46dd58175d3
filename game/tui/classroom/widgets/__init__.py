"""Widgets of the classroom app (the shared ones live in game/tui/widgets)."""
