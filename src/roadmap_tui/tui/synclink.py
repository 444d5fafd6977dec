"""The app's background sync (`roadmap_tui.sync.background.AutoSync`) and its words in the top bar.

Syncs run in a thread of their own: a key press never waits for git, and a sync that
fails costs nothing (changes are on disk first; the next sync carries them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App

    from roadmap_tui.sync.background import AutoSync
    from roadmap_tui.sync.merge import SyncReport

SYNC_DELAY = 5.0
"""Seconds after the last change before the app syncs (a burst of ticks makes one sync)."""
SYNC_EVERY = 900.0
"""Seconds between syncs while nothing changes, to bring in other machines' changes."""


class SyncDone(Message):
    """A background sync ended (sent from the sync thread)."""

    def __init__(self, report: SyncReport | None, error: str) -> None:
        super().__init__()
        self.report = report
        self.error = error


class SyncLink:
    """The app's background sync: on start, a few seconds after changes, and now and
    then; its state as a few words for the top bar. Does nothing until sync is set up
    (`roadmap-tui sync init`)."""

    def __init__(self, app: App[None], data: Path) -> None:
        from roadmap_tui.base.errors import RoadmapTuiError
        from roadmap_tui.sync import background as autosync
        from roadmap_tui.sync import config as sync_config

        self.app = app
        self.data = data
        self.auto: AutoSync | None = None
        self.last_error = ""
        try:
            config = sync_config.load_config(data)
        except RoadmapTuiError as exc:
            config, self.last_error = None, exc.message
        self.last_success = config.last_success if config else None
        if config is not None:
            self.auto = autosync.AutoSync(
                data,
                lambda report, error: app.post_message(SyncDone(report, error)),
                delay=SYNC_DELAY,
                every=SYNC_EVERY,
            )
            self.auto.request(0)
        self.running = self.auto is not None

    def changed(self) -> None:
        """Progress was saved: sync soon (a burst of changes makes one sync)."""
        if self.auto is not None:
            self.auto.request()

    def now(self) -> bool:
        """Sync now (`y`); False when sync is not set up."""
        if self.auto is None:
            return False
        self.running = True
        self.auto.request(0)
        return True

    def done(self, message: SyncDone) -> None:
        from roadmap_tui.progress.entries import utcnow

        self.running = False
        if message.report is not None:
            self.last_success, self.last_error = utcnow(), ""
        else:
            self.last_error = message.error

    def news(self, message: SyncDone) -> list[str]:
        """The sync's notices (a link on the remote replaced, a file refused, someone
        else changed your folder) that the last sync did not already show."""
        notices = list(message.report.notices) if message.report is not None else []
        new = [notice for notice in notices if notice not in self._shown]
        self._shown = set(notices)
        return new

    _shown: set[str] = set()  # noqa: RUF012 (replaced, never changed in place)

    def words(self) -> str:
        """'synced 3 min ago', 'sync failed: …', 'syncing…', or '' without sync."""
        from roadmap_tui.progress.entries import utcnow
        from roadmap_tui.sync.config import ago

        if self.auto is None and not self.last_error:
            return ""
        if self.last_error:
            return f"sync failed: {self.last_error}"
        if self.last_success is None:
            return "syncing…" if self.running else "not synced yet"
        return f"synced {ago(self.last_success, utcnow())}"

    def close(self) -> None:
        if self.auto is not None:
            self.auto.close()
