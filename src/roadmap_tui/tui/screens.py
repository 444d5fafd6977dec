"""Modal screens: help (built from the bindings), note editor, picker, pace and history,
and the question asked when quitting with unsaved changes (search: search_screen.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from roadmap_tui.stats import Stats
from roadmap_tui.text import visible
from roadmap_tui.tracker import Tracker

ResultType = TypeVar("ResultType")


class Modal(ModalScreen[ResultType]):
    """A window over the main screen, centred, drawn in one box style (app.tcss: Modal,
    .modal-box); each screen composes a `Vertical` with class ``modal-box``."""


class HelpScreen(Modal[None]):
    """Every key, listed from the app's bindings (never a hand-kept table)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    def __init__(
        self, rows: Sequence[tuple[str, str, str]], legend: Sequence[tuple[str, str]]
    ) -> None:
        """``rows``: (keys, description, binding id for keymap.toml or "")."""
        super().__init__()
        self.rows = rows
        self.legend = legend

    def compose(self) -> ComposeResult:
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        keys.add_column(style="dim", no_wrap=True)
        for key, description, binding_id in self.rows:
            keys.add_row(Text(key), Text(description), Text(binding_id))
        legend = Table.grid(padding=(0, 2))
        legend.add_column(no_wrap=True)
        legend.add_column()
        for glyph, meaning in self.legend:
            legend.add_row(Text(glyph), Text(meaning))
        with Vertical(id="help-box", classes="modal-box"):
            yield Static(Text("Keys", style="bold"), classes="help-title")
            with VerticalScroll():
                yield Static(keys)
                yield Static(Text("\nBoxes", style="bold"))
                yield Static(legend)
            yield Static(
                Text("escape closes · the grey names are for keymap.toml", style="dim"),
                classes="help-hint",
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class NoteScreen(Modal[str | None]):
    """Edit a topic's note. ctrl+s saves, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.topic_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="modal-box"):
            yield Static(Text(f"Note: {visible(self.topic_title)}", style="bold"))
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            yield Static(Text("ctrl+s save · escape cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickerScreen(Modal[str | None]):
    """Choose one of several options (used by "Open roadmap…")."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, str]]) -> None:
        """``options``: (value, label) pairs."""
        super().__init__()
        self.heading = title
        self.choices = options

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="modal-box"):
            yield Static(Text(self.heading, style="bold"))
            yield OptionList(
                *(Option(Text(visible(label)), id=value) for value, label in self.choices),
                id="picker-options",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


class StatsScreen(Modal[None]):
    """Pace and history: topics finished per week, streaks, level dates, projection."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "dismiss", "Close"),
    ]

    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        stats = self.stats
        chart = Table.grid(padding=(0, 1))
        chart.add_column(style="dim", no_wrap=True)
        chart.add_column(no_wrap=True)
        chart.add_column(justify="right", no_wrap=True)
        most = max((count for _, count in stats.weeks), default=0) or 1
        for monday, count in stats.weeks:
            cells = round(count / most * 30)
            chart.add_row(
                Text(f"week of {monday.isoformat()}"),
                Text("█" * cells + ("▏" if count and not cells else ""), style="green"),
                Text(str(count)),
            )
        levels = Table.grid(padding=(0, 2))
        levels.add_column(no_wrap=True)
        levels.add_column(no_wrap=True)
        levels.add_column(no_wrap=True)
        levels.add_row(
            Text("Level", style="bold"),
            Text("Started", style="bold"),
            Text("Finished", style="bold"),
        )
        for level in stats.levels:
            levels.add_row(
                Text(f"{level.number:>2} {visible(level.title)}"),
                Text(level.started.isoformat() if level.started else "—"),
                Text(level.finished.isoformat() if level.finished else "—"),
            )
        streak = (
            f"Current streak: {stats.current_streak} day{'s' * (stats.current_streak != 1)} · "
            f"longest: {stats.longest_streak} day{'s' * (stats.longest_streak != 1)} "
            "(days with at least one topic finished)"
        )
        with Vertical(id="stats-box", classes="modal-box"):
            yield Static(Text("Pace and history", style="bold"))
            with VerticalScroll():
                yield Static(Text("Topics finished per week", style="bold"))
                yield Static(chart)
                yield Static(Text("\n" + streak))
                yield Static(Text(stats.pace_sentence()))
                yield Static(Text(""))
                yield Static(levels)
            yield Static(Text("escape closes", style="dim"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class UnsavedScreen(Modal[str | None]):
    """Quitting while changes are not on disk: say so, and let the user retry, wait or
    quit knowingly. Dismissed with "saved" as soon as they land (the app then quits),
    "quit" to quit anyway (they go to a recovery journal), None to go back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry now"),
        Binding("q,ctrl+c", "quit_anyway", "Quit anyway", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, tracker: Tracker) -> None:
        super().__init__()
        self.tracker = tracker

    def compose(self) -> ComposeResult:
        with Vertical(id="unsaved-box", classes="modal-box"):
            yield Static(id="unsaved-text")
            yield Static(
                Text.assemble(
                    ("r", "bold"),
                    " retry now · ",
                    ("q", "bold"),
                    " quit anyway (they are kept in a recovery file) · ",
                    ("escape", "bold"),
                    " back",
                ),
                classes="help-hint",
            )

    def on_mount(self) -> None:
        self.update_text()
        self.set_interval(0.2, self.check)

    def update_text(self) -> None:
        saver = self.tracker.saver
        count = len(saver.unsaved())
        reason = saver.state.error or "the save is taking longer than usual"
        text = Text()
        text.append(f"{count} change{'s' * (count != 1)} not saved yet\n", style="bold")
        text.append("Why: ")
        text.append(visible(reason))
        text.append(
            "\n\nroadmap-tui keeps retrying and quits by itself as soon as they are saved.",
            style="dim",
        )
        self.query_one("#unsaved-text", Static).update(text)

    def check(self) -> None:
        if not self.tracker.saver.unsaved():
            self.dismiss("saved")
        else:
            self.update_text()

    def action_retry(self) -> None:
        self.tracker.saver.retry_now()

    def action_quit_anyway(self) -> None:
        self.dismiss("quit")

    def action_back(self) -> None:
        self.dismiss(None)
