"""The team screen: every member of the sync remote (`roadmap_tui.sync.team.team`).

git runs in a thread of its own, never on the thread that handles keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from roadmap_tui.base.text import visible
from roadmap_tui.roadmap.model import Roadmap
from roadmap_tui.tui.bindings import TEAM_BINDINGS
from roadmap_tui.tui.screens.dialogs import Modal

if TYPE_CHECKING:
    from roadmap_tui.sync.team import Team


class TeamScreen(Modal[None]):
    """Every member of the sync remote: bar, done/total, done per level, last activity."""

    DEFAULT_CSS = "#team-box { width: 96; max-width: 98%; height: 90%; }"
    BINDINGS: ClassVar[list[BindingType]] = list(TEAM_BINDINGS)

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
        from roadmap_tui.base.errors import RoadmapTuiError
        from roadmap_tui.sync import config as sync_config
        from roadmap_tui.sync import team

        result: Team | str
        try:
            if sync_config.load_config(self.data) is None:
                result = (
                    "Sync is not set up. Connect a git remote (yours or your team's) with\n"
                    "  roadmap-tui sync init REMOTE --as NAME\n"
                    "`roadmap-tui docs sync` explains how."
                )
            else:
                result = team.team(self.data, self.roadmap)
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
        from roadmap_tui.progress.entries import utcnow
        from roadmap_tui.views.tables import NO_TEAM, team_table

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
