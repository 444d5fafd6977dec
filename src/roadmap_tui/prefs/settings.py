"""The app's settings that stick across restarts: ``config.toml`` beside ``keymap.toml``
(docs/usage.md, "Settings that stick")::

    theme = "textual-light"
    hide_done = true
    reviews_per_day = 20

The app writes the file when a setting changes; a person may too. A bad file is one
sentence naming it, and the app then starts with the defaults and leaves the file alone
(never overwriting what the person wrote). Unknown keys are refused, as in the keymap.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from roadmap_tui.base.errors import RoadmapTuiError, os_reason

DAILY_REVIEWS = 20
"""Reviews a day unless `reviews_per_day` says otherwise (`numbers.review.DAILY_CAP`)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the app remembers: the theme's name (None: Textual's default), whether
    done topics are hidden, and how many reviews a day the review queue offers (the app's
    `R` and `roadmap-tui review`; a person sets it in the file)."""

    theme: str | None = None
    hide_done: bool = False
    reviews_per_day: int = DAILY_REVIEWS


_KINDS: dict[str, tuple[type, str]] = {
    "theme": (str, 'a theme\'s name in quotes, like "textual-light"'),
    "hide_done": (bool, "true or false"),
    "reviews_per_day": (int, "a whole number of reviews, 0 or more (0: no reviews)"),
}
MOST_REVIEWS_PER_DAY = 10_000


def load_settings(path: Path) -> Settings:
    """The settings in ``path`` (the defaults when there is no file), or a
    `RoadmapTuiError` with one sentence naming the file."""
    from roadmap_tui.base.files import read_toml

    if not os.path.lexists(path):
        return Settings()
    data = read_toml(path, "settings")
    for key, value in data.items():
        if key not in _KINDS:
            raise RoadmapTuiError(
                f"no setting is called {key!r}; settings: {', '.join(_KINDS)}", path=path
            )
        kind, words = _KINDS[key]
        wrong_int = kind is int and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        )
        if (
            wrong_int
            or not isinstance(value, kind)
            or (isinstance(value, str) and not value.strip())
        ):
            raise RoadmapTuiError(f"{key} must be {words}", path=path)
    theme = data.get("theme")
    return Settings(
        theme=theme.strip() if theme else None,
        hide_done=data.get("hide_done", False),
        reviews_per_day=min(data.get("reviews_per_day", DAILY_REVIEWS), MOST_REVIEWS_PER_DAY),
    )


class SettingsFile:
    """The settings as the app keeps them: loaded once (a bad file leaves the defaults
    and a problem to show, and is never written over), saved on every change until the
    disk refuses (then once more a problem to show, and the setting lasts the session)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.writable = True
        try:
            self.settings = load_settings(path)
        except RoadmapTuiError as exc:
            self.settings = Settings()
            self.writable = False
            self.problems.append(f"{exc}; using the default settings")

    def remember(self, **changes: Any) -> str | None:
        """Apply ``changes`` and save them; the sentence to show if saving just failed."""
        settings = replace(self.settings, **changes)
        if settings == self.settings:
            return None
        self.settings = settings
        if not self.writable:
            return None
        try:
            save_settings(self.path, settings)
        except RoadmapTuiError as exc:
            self.writable = False  # one notice, not one per change
            return f"{exc} (kept until the app closes)"
        return None


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` to ``path`` atomically (its folder made if need be); a
    `RoadmapTuiError` with one sentence if the disk refuses."""
    import tomli_w

    from roadmap_tui.base.files import atomic_write, ensure_folder

    data: dict[str, object] = {"hide_done": settings.hide_done}
    if settings.reviews_per_day != DAILY_REVIEWS:
        data["reviews_per_day"] = settings.reviews_per_day
    if settings.theme:
        data["theme"] = settings.theme
    text = "# roadmap-tui's settings (`roadmap-tui docs usage`); the app rewrites this file.\n"
    try:
        ensure_folder(path.parent)
        atomic_write(path, text + tomli_w.dumps(data))
    except OSError as exc:
        raise RoadmapTuiError(f"cannot save settings: {os_reason(exc)}", path=path) from None
