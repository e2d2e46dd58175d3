"""Textual shell: screens call the engine, widgets show state and post intents."""
