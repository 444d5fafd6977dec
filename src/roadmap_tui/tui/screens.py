"""Modal screens: help (built from the bindings), search, note editor, picker (also the
export formats), and the question asked when quitting with unsaved changes. Pace and
history is in history.py, the team in team.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from roadmap_tui.text import visible
from roadmap_tui.tracker import Tracker

SEARCH_LIMIT = 200

ResultType = TypeVar("ResultType")


class Modal(ModalScreen[ResultType]):
    """A window over the main screen, centred, drawn in one box style (app.tcss: Modal,
    .modal-box); each screen composes a `Vertical` with class ``modal-box``."""

    TAKES_TEXT: ClassVar[bool] = False
    """The window has a text field (`text_field`) for keys typed as it opens."""

    _typed = ""  # text typed for the window's field before the window was ready
    _ready = False

    def text_field(self) -> Input | TextArea | None:
        """The field that keys typed while the window opens go to."""
        return None

    def type_ahead(self, text: str) -> bool:
        """Put ``text``, typed in the burst that opened the window (before its field could
        have focus), into its field, now or as soon as the window is ready. False for a
        window without a field."""
        if not self.TAKES_TEXT:
            return False
        if not self._ready:
            self._typed += text
            return True
        field = self.text_field()
        if isinstance(field, Input):
            field.insert_text_at_cursor(text)
        elif field is not None:
            field.insert(text)
        return True

    def on_mount(self) -> None:
        self._ready = True
        typed, self._typed = self._typed, ""
        if typed:
            self.type_ahead(typed)

    def on_key(self, event: events.Key) -> None:
        # A printable key reaching the window itself (not through its focused field,
        # which keeps the keys it types) was typed in the burst that opened it.
        if event.is_printable and event.character and self.type_ahead(event.character):
            event.stop()
            event.prevent_default()


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


class SearchScreen(Modal[str | None]):
    """Search every level's topics as you type; enter jumps, escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search"),
        Binding("down", "results_down", "Next result", show=False),
        Binding("up", "results_up", "Previous result", show=False),
        Binding("enter", "choose", "Go to topic"),
    ]

    def __init__(self, topics: Sequence[tuple[str, str, str]], query: str = "") -> None:
        """``topics``: (item id, where it is, searchable title) for every topic."""
        super().__init__()
        self.topics = topics
        self.folded = [
            (item_id, where, title, title.casefold()) for item_id, where, title in topics
        ]
        self.initial_query = query
        self.shown_query = query

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="modal-box"):
            yield Input(
                value=self.initial_query, placeholder="Search every level…", id="search-input"
            )
            yield OptionList(id="search-results")
            yield Static("", id="search-count")

    def on_mount(self) -> None:
        self.refresh_results(self.initial_query)

    TAKES_TEXT = True

    def text_field(self) -> Input:
        return self.query_one(Input)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_results(event.value)

    def refresh_results(self, query: str) -> None:
        self.shown_query = query
        words = query.casefold().split()
        results = self.query_one("#search-results", OptionList)
        matches = [
            (item_id, where, title)
            for item_id, where, title, folded in self.folded
            if all(word in folded for word in words)
        ]
        shown = matches[:SEARCH_LIMIT]
        results.set_options(
            Option(Text.assemble((visible(where) + "  ", "dim"), visible(title)), id=item_id)
            for item_id, where, title in shown
        )
        if shown:
            results.highlighted = 0
        more = f" (first {SEARCH_LIMIT} shown)" if len(matches) > SEARCH_LIMIT else ""
        # Results are rows (a parent topic is one too), so they are not called topics:
        # "topics" in a count means leaf topics only (docs/progress.md).
        found = len(matches)
        count = "nothing matches" if not found else f"{found} match{'es' * (found != 1)}{more}"
        self.query_one("#search-count", Static).update(Text(count, style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    def action_results_down(self) -> None:
        self.query_one("#search-results", OptionList).action_cursor_down()

    def action_results_up(self) -> None:
        self.query_one("#search-results", OptionList).action_cursor_up()

    def action_choose(self) -> None:
        query = self.query_one(Input).value
        if query != self.shown_query:  # typed in the same burst as this enter
            self.refresh_results(query)
        results = self.query_one("#search-results", OptionList)
        if results.highlighted is None:
            self.app.bell()
            return
        self.dismiss(results.get_option_at_index(results.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


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

    TAKES_TEXT = True

    def text_field(self) -> TextArea:
        return self.query_one(TextArea)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickerScreen(Modal[str | None]):
    """Choose one of several options ("Open roadmap…", the export formats of `e`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], hint: str = "") -> None:
        """``options``: (value, label) pairs; ``hint``: a dim line below them."""
        super().__init__()
        self.heading = title
        self.choices = options
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="modal-box"):
            yield Static(Text(self.heading, style="bold"))
            yield OptionList(
                *(Option(Text(visible(label)), id=value) for value, label in self.choices),
                id="picker-options",
            )
            hint = "enter chooses · escape closes"
            yield Static(Text(visible(f"{self.hint}\n{hint}" if self.hint else hint), style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


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
