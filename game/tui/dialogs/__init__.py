"""Modal dialogs: they return a value to the screen that opened them and change nothing."""
