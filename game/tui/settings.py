"""Player settings (the colour theme) kept between runs in a small JSON file.

Settings are a convenience: a missing, unreadable or malformed file silently means the
defaults, and a failed write is reported once, never fatal.  ``$DETENTE_CONFIG_DIR``
moves the file (tests point it at a temporary directory).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

ENV_DIR = "DETENTE_CONFIG_DIR"
DEFAULT_THEME = "textual-dark"


@dataclass
class Settings:
    theme: str = DEFAULT_THEME


def settings_path() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override) / "settings.json"
    from platformdirs import user_config_dir

    return Path(user_config_dir("detente")) / "settings.json"


def load_settings() -> Settings:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    theme = data.get("theme") if isinstance(data, dict) else None
    return Settings(theme=theme if isinstance(theme, str) and theme else DEFAULT_THEME)


def save_settings(settings: Settings) -> str:
    """Write the settings; '' on success, else a one-line problem."""
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        return f"settings not saved: {exc.strerror or exc}"
    return ""
