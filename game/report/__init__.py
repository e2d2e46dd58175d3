"""After-action review: build it from a game (`aar.build_aar`) and render it (Markdown, HTML, JSON)."""
