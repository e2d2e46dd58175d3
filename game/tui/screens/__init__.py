"""One screen per module; screens call the session/engine, widgets only display."""
