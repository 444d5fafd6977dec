"""The team screen, and the app's background sync with its word in the top bar.

Both only call the core (`roadmap_tui.sync`); git runs in threads, never on the
thread that handles keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from roadmap_tui.model import Roadmap
from roadmap_tui.textutil import visible
from roadmap_tui.tui.screens import Modal

if TYPE_CHECKING:
    from textual.app import App

    from roadmap_tui.sync import AutoSync, SyncReport, Team

SYNC_DELAY = 5.0
"""Seconds after the last change before the app syncs (a burst of ticks makes one sync)."""
SYNC_EVERY = 900.0
"""Seconds between syncs while nothing changes, to bring in other machines' changes."""


class TeamScreen(Modal[None]):
    """Every member of the sync remote: bar, done/total, done per level, last activity."""

    DEFAULT_CSS = "#team-box { width: 96; max-width: 98%; height: 90%; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,t", "dismiss", "Close", id="close-team"),
    ]

    def __init__(self, data: Path, roadmap: Roadmap) -> None:
        super().__init__()
        self.data = data
        self.roadmap = roadmap

    def compose(self) -> ComposeResult:
        with Vertical(id="team-box", classes="modal-box"):
            yield Static(Text("Team", style="bold"))
            with VerticalScroll():
                yield Static(Text("Fetching the team's progress…", style="dim"), id="team-body")
            yield Static(Text("escape: close", style="dim"))

    class Loaded(Message):
        """The team (or a sentence saying why there is none), from the fetch thread."""

        def __init__(self, result: Team | str) -> None:
            super().__init__()
            self.result = result

    def on_mount(self) -> None:
        import threading

        # A daemon thread, not a worker: quitting never waits for a slow remote.
        threading.Thread(target=self._fetch, name="roadmap-tui-team", daemon=True).start()

    def _fetch(self) -> None:
        from roadmap_tui import sync
        from roadmap_tui.errors import RoadmapTuiError

        result: Team | str
        try:
            if sync.load_config(self.data) is None:
                result = (
                    "Sync is not set up. Connect a git remote (yours or your team's) with\n"
                    "  roadmap-tui sync init REMOTE --as NAME\n"
                    "docs/sync.md explains how."
                )
            else:
                result = sync.team(self.data, self.roadmap)
        except RoadmapTuiError as exc:
            result = f"The team can't be shown: {exc}"
        except Exception as exc:  # never a silent "Fetching…" forever
            result = f"The team can't be shown: {type(exc).__name__}: {exc}"
        self.post_message(self.Loaded(result))

    def on_team_screen_loaded(self, message: Loaded) -> None:
        if isinstance(message.result, str):
            self._show_text(message.result)
        else:
            self._show_team(message.result)

    def _show_text(self, message: str) -> None:
        self.query_one("#team-body", Static).update(Text(visible(message)))

    def _show_team(self, team: Team) -> None:
        from roadmap_tui.progress import utcnow
        from roadmap_tui.status_table import NO_TEAM, team_table

        body = self.query_one("#team-body", Static)
        if not team.members:
            body.update(Text(NO_TEAM))
            return
        notes = "\n".join(visible(n) for n in team.notices)
        table = team_table(team, utcnow())
        if notes:
            from rich.console import Group

            body.update(Group(table, Text(notes, style="yellow")))
        else:
            body.update(table)


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
        from roadmap_tui import sync
        from roadmap_tui.errors import RoadmapTuiError

        self.app = app
        self.data = data
        self.auto: AutoSync | None = None
        self.last_error = ""
        try:
            config = sync.load_config(data)
        except RoadmapTuiError as exc:
            config, self.last_error = None, exc.message
        self.last_success = config.last_success if config else None
        if config is not None:
            self.auto = sync.AutoSync(
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

    def done(self, message: SyncDone) -> None:
        from roadmap_tui.progress import utcnow

        self.running = False
        if message.report is not None:
            self.last_success, self.last_error = utcnow(), ""
        else:
            self.last_error = message.error

    def words(self) -> str:
        """'synced 3 min ago', 'sync failed: …', 'syncing…', or '' without sync."""
        from roadmap_tui.progress import utcnow
        from roadmap_tui.sync import ago

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
