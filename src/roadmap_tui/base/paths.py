"""Per-user paths. Functions, never module constants: nothing is resolved or created
at import time, and tests point everything at a temporary folder through the
environment."""

from __future__ import annotations

import os
from pathlib import Path

from roadmap_tui.base.locate import APP_NAME, CONFIG_DIR_ENV, cache_folder, data_folder


def data_dir(override: Path | str | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``$ROADMAP_TUI_DATA_DIR``, else platformdirs'."""
    return Path(data_folder(str(override) if override else None))


def cache_dir() -> Path:
    """Validated roadmaps are cached here: ``$ROADMAP_TUI_CACHE_DIR``, else platformdirs'."""
    return Path(cache_folder())


def config_dir() -> Path:
    """The user's settings folder: ``$ROADMAP_TUI_CONFIG_DIR``, else platformdirs'
    per-user config folder."""
    env = os.environ.get(CONFIG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def keymap_path() -> Path:
    """The user's key remapping (docs/usage.md, "Changing keys")."""
    return config_dir() / "keymap.toml"


def settings_path() -> Path:
    """The app's settings that stick, beside the keymap (settings.py)."""
    return config_dir() / "config.toml"


def progress_path(base: Path, roadmap_id: str) -> Path:
    """One progress file per roadmap id."""
    return base / "progress" / f"{roadmap_id}.toml"


def roadmaps_dir(base: Path) -> Path:
    """Roadmaps the user imported (``roadmap-tui import`` without ``-o``)."""
    return base / "roadmaps"


def resolve_roadmap(name: str, base: Path) -> Path:
    """``--roadmap`` takes a file, else the id of a roadmap in the user's roadmaps
    folder; never a folder (``import todo/TODO.md`` makes the id ``todo`` beside the
    folder ``todo``)."""
    # lexists: False (not an exception) for names the system refuses, such as too long
    # ones; reading the path then says why in one line.
    path = Path(name).expanduser()
    a_file = os.path.lexists(path) and not os.path.isdir(path)
    if not a_file and path.suffix == "" and "/" not in name:
        candidate = roadmaps_dir(base) / f"{name}.toml"
        if os.path.lexists(candidate):
            return candidate
    return path


def exports_dir(base: Path) -> Path:
    """Where the app's ``e`` key writes Markdown exports."""
    return base / "exports"


def backups_dir(progress_file: Path) -> Path:
    """Daily and pre-upgrade copies of a progress file (docs/data-safety.md)."""
    return progress_file.parent / "backups"
