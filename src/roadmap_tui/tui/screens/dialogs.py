"""Modal screens: help (built from the bindings), note editor, picker (also the
export formats), and the question asked when quitting with unsaved changes. Search is
in search_screen.py, pace and history in history.py, the team in team.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, TypeVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from roadmap_tui.base.text import plural, visible
from roadmap_tui.tracking.tracker import Tracker
from roadmap_tui.tui.bindings import (
    HELP_BINDINGS,
    NOTE_BINDINGS,
    NOTE_QUESTION_BINDINGS,
    PICKER_BINDINGS,
    UNSAVED_BINDINGS,
)
from roadmap_tui.tui.widgets.common import MarkedList

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
        # A printable key reaching the window while nothing in it has focus yet was
        # typed in the burst that opened it. (Keys of a focused widget bubble here too:
        # a field keeps the keys it types, a list's keys are its bindings.)
        if (
            self.focused is None
            and event.is_printable
            and event.character
            and self.type_ahead(event.character)
        ):
            event.stop()
            event.prevent_default()


class HelpScreen(Modal[None]):
    """Every key, listed from the app's bindings (never a hand-kept table)."""

    BINDINGS: ClassVar[list[BindingType]] = list(HELP_BINDINGS)

    def __init__(
        self,
        rows: Sequence[tuple[str, str, str]],
        legend: Sequence[tuple[str, str]],
        notes: Sequence[str] = (),
    ) -> None:
        """``rows``: (keys, description, binding id for keymap.toml or ""); ``notes``:
        what a key's name alone would promise too much of (undo's history)."""
        super().__init__()
        self.rows = rows
        self.legend = legend
        self.notes = notes

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
                for note in self.notes:
                    yield Static(Text(note, style="dim"), classes="help-note")
                yield Static(Text("\nBoxes", style="bold"))
                yield Static(legend)
            yield Static(
                Text("escape closes · the grey names are for keymap.toml", style="dim"),
                classes="help-hint",
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class NoteScreen(Modal[str | None]):
    """Edit a topic's note. ctrl+s saves; escape (and ctrl+c) ask before dropping a
    change. A draft the window is closed on without an answer (a signal, a crash, a
    browser tab closed) is handed to ``keep``, which keeps it in a recovery journal."""

    BINDINGS: ClassVar[list[BindingType]] = list(NOTE_BINDINGS)

    def __init__(self, title: str, note: str, keep: Callable[[str], object] | None = None) -> None:
        super().__init__()
        self.topic_title = title
        self.note = note
        self.keep = keep
        self.text = note
        """What the field holds, kept as it changes (read when the app must close)."""
        self.settled = False
        """The draft was saved, discarded or kept: nothing more to do with it."""
        self.quit_after = False
        """ctrl+c asked about the draft: the app quits once the window has closed."""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="modal-box"):
            yield Static(Text(f"Note: {visible(self.topic_title)}", style="bold"))
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            yield Static(Text("ctrl+s save · escape cancel", style="dim"))

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)  # go on writing where the note ends
        area.focus()

    TAKES_TEXT = True

    def text_field(self) -> TextArea:
        return self.query_one(TextArea)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.text = event.text_area.text

    def draft(self) -> str | None:
        """The changed text, or None when there is nothing a user could lose."""
        text = self.text.strip()
        return None if self.settled or text == self.note.strip() else text

    def keep_draft(self) -> None:
        """Hand an unanswered draft to ``keep`` (once)."""
        draft = self.draft()
        self.settled = True
        if draft is not None and self.keep is not None:
            self.keep(draft)

    def on_unmount(self) -> None:
        self.keep_draft()  # closed under it: never dropped

    def action_save(self) -> None:
        self.settled = True
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self, then_quit: bool = False) -> None:
        """Escape: close at once if nothing changed; else ask what to do with the text.
        ``then_quit`` (ctrl+c): `quit_after` is set until the question is answered."""
        if self.draft() is None:
            self.settled = True
            self.dismiss(None)
            return

        self.quit_after = then_quit

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
            elif choice == "discard":
                self.settled = True
                self.dismiss(None)
            else:
                self.quit_after = False
                self.query_one(TextArea).focus()

        self.app.push_screen(NoteQuestion(then_quit), answer)


def asks_about_a_draft(screen: object) -> bool:
    """Quitting (`q`, ctrl+c) over a note being written: the editor asks about the
    draft first, as escape does, and the app quits once it is answered. True when the
    quit waits for that answer."""
    if isinstance(screen, NoteScreen) and screen.draft() is not None:
        screen.action_cancel(then_quit=True)
        return True
    if isinstance(screen, NoteQuestion):
        screen.app.bell()  # the question about the draft is answered first
        return True
    return False


class NoteQuestion(Modal[str | None]):
    """Escape on a changed note: save it, throw the change away, or keep editing."""

    BINDINGS: ClassVar[list[BindingType]] = list(NOTE_QUESTION_BINDINGS)

    def __init__(self, then_quit: bool = False) -> None:
        super().__init__()
        self.then_quit = then_quit

    def compose(self) -> ComposeResult:
        after = " and quit" if self.then_quit else ""
        with Vertical(id="question-box", classes="modal-box"):
            yield Static(Text("The note has changed. Save it?", style="bold"))
            yield Static(
                Text.assemble(
                    ("s", "bold"),
                    f" save{after} · ",
                    ("d", "bold"),
                    f" discard the change{after} · ",
                    ("escape", "bold"),
                    " keep editing",
                ),
                classes="help-hint",
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)


class PickerScreen(Modal[str | None]):
    """Choose one of several options ("Open roadmap…", the export formats of `e`); the
    current one, if any, is marked and highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = list(PICKER_BINDINGS)

    def __init__(
        self,
        title: str,
        options: Sequence[tuple[str, str, str]],
        current: str | None = None,
        hint: str = "",
    ) -> None:
        """``options``: (value, label, where it comes from, shown dim); ``hint``: a dim
        line below them."""
        super().__init__()
        self.heading = title
        self.choices = options
        self.current = current
        self.hint = hint

    def compose(self) -> ComposeResult:
        options = []
        for value, label, where in self.choices:
            prompt = Text.assemble(
                "  ",  # the highlighted row's mark (MarkedList) and a space
                visible(label),
                (" (open now)", "bold") if value == self.current else "",
                (f"  {visible(where)}" if where else "", "dim"),
                no_wrap=True,
                overflow="ellipsis",
            )
            options.append(Option(prompt, id=value))
        with Vertical(id="picker-box", classes="modal-box"):
            yield Static(Text(self.heading, style="bold"))
            yield MarkedList(*options, id="picker-options")
            keys = "enter opens" if self.current is not None else "enter chooses"
            keys += " · escape closes"
            yield Static(Text(visible(f"{self.hint}\n{keys}" if self.hint else keys), style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        values = [value for value, _, _ in self.choices]
        if self.current in values:
            options.highlighted = values.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            self.app.bell()
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_move(self, step: int) -> None:
        """`j`/`k`, as in the panes (the list has the arrows itself)."""
        options = self.query_one(OptionList)
        (options.action_cursor_down if step > 0 else options.action_cursor_up)()

    def action_close(self) -> None:
        self.dismiss(None)


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
        # This window says why the changes are not saved: no notice may cover its keys
        # (the app keeps new ones away while it is open).
        self.app.clear_notifications()
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
