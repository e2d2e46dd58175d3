"""Modal dialogs of the classroom app: they collect a choice or a reason and return it."""
