"""Modal screens: help (built from the bindings), note editor, picker, pace and history,
and the question asked when quitting with unsaved changes (search: search_screen.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from roadmap_tui.stats import Stats
from roadmap_tui.text import plural, visible
from roadmap_tui.tracker import Tracker
from roadmap_tui.tui.bindings import (
    HELP_BINDINGS,
    NOTE_BINDINGS,
    NOTE_QUESTION_BINDINGS,
    PICKER_BINDINGS,
    STATS_BINDINGS,
    UNSAVED_BINDINGS,
)
from roadmap_tui.tui.widgets import CURSOR

ResultType = TypeVar("ResultType")


class Modal(ModalScreen[ResultType]):
    """A window over the main screen, centred, drawn in one box style (app.tcss: Modal,
    .modal-box); each screen composes a `Vertical` with class ``modal-box``."""


class HelpScreen(Modal[None]):
    """Every key, listed from the app's bindings (never a hand-kept table)."""

    BINDINGS: ClassVar[list[BindingType]] = list(HELP_BINDINGS)

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

    BINDINGS: ClassVar[list[BindingType]] = list(NOTE_BINDINGS)

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
        """Escape: close at once if nothing changed; else ask what to do with the text."""
        if self.query_one(TextArea).text.strip() == self.note.strip():
            self.dismiss(None)
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
            elif choice == "discard":
                self.dismiss(None)
            else:
                self.query_one(TextArea).focus()

        self.app.push_screen(NoteQuestion(), answer)


class NoteQuestion(Modal[str | None]):
    """Escape on a changed note: save it, throw the change away, or keep editing."""

    BINDINGS: ClassVar[list[BindingType]] = list(NOTE_QUESTION_BINDINGS)

    def compose(self) -> ComposeResult:
        with Vertical(id="question-box", classes="modal-box"):
            yield Static(Text("The note has changed. Save it?", style="bold"))
            yield Static(
                Text.assemble(
                    ("s", "bold"),
                    " save · ",
                    ("d", "bold"),
                    " discard the change · ",
                    ("escape", "bold"),
                    " keep editing",
                ),
                classes="help-hint",
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)


class PickerScreen(Modal[str | None]):
    """Choose one of several options (used by "Open roadmap…"); the current one is
    marked and highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = list(PICKER_BINDINGS)

    def __init__(
        self, title: str, options: Sequence[tuple[str, str, str]], current: str | None = None
    ) -> None:
        """``options``: (value, label, where it comes from, shown dim)."""
        super().__init__()
        self.heading = title
        self.choices = options
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Text.assemble(
                    f"{CURSOR[0] if value == self.current else ' '} ",
                    visible(label),
                    (f"  {visible(where)}", "dim"),
                ),
                id=value,
            )
            for value, label, where in self.choices
        ]
        with Vertical(id="picker-box", classes="modal-box"):
            yield Static(Text(self.heading, style="bold"))
            yield OptionList(*options, id="picker-options")
            yield Static(Text(f"{CURSOR[0]} open now · enter opens · escape closes", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        values = [value for value, _, _ in self.choices]
        if self.current in values:
            options.highlighted = values.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


class StatsScreen(Modal[None]):
    """Pace and history: topics finished per week, streaks, level dates, projection."""

    BINDINGS: ClassVar[list[BindingType]] = list(STATS_BINDINGS)

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
            f"Current streak: {plural(stats.current_streak, 'day')} · "
            f"longest: {plural(stats.longest_streak, 'day')} "
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

    BINDINGS: ClassVar[list[BindingType]] = list(UNSAVED_BINDINGS)

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
        text.append(f"{plural(count, 'change')} not saved yet\n", style="bold")
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
