"""The export window (`e`): a format, whether notes go in (they are private: left out
unless ticked), and the file it writes, shown and editable. An existing file is never
replaced without asking, the same rule as `roadmap-tui export` (which needs --force)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from roadmap_tui.base.text import visible
from roadmap_tui.export.markdown import FORMATS
from roadmap_tui.tui.bindings import EXPORT_BINDINGS, REPLACE_BINDINGS
from roadmap_tui.tui.screens.dialogs import Modal
from roadmap_tui.tui.widgets.common import MarkedList

NOTES_WORDS = {
    False: "Notes: left out, they are private (n puts them in)",
    True: "Notes: put in (n leaves them out)",
}


@dataclass(frozen=True)
class ExportChoice:
    """What the window was closed with: the format, the file, notes in or not, and
    whether the user agreed to replace the file that is there."""

    fmt: str
    path: Path
    notes: bool
    replace: bool


def exists(path: Path) -> bool:
    """A file (or link) is at ``path`` that a write would replace; a stream the user
    names (`/dev/stdout`, a named pipe) is written into, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return os.path.lexists(path)
    return not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode))


class ExportScreen(Modal[ExportChoice | None]):
    """Choose a format (Markdown first), notes in or out (`n`, or the box), and the file:
    it follows the format until you edit it. `enter` exports."""

    BINDINGS: ClassVar[list[BindingType]] = list(EXPORT_BINDINGS)

    def __init__(self, folder: Path, roadmap_id: str) -> None:
        super().__init__()
        self.folder = folder
        self.roadmap_id = roadmap_id
        self.fmt = next(iter(FORMATS))

    def default_path(self, fmt: str) -> str:
        return str(self.folder / f"{self.roadmap_id}.{fmt}")

    def compose(self) -> ComposeResult:
        options = [
            Option(Text.assemble("  ", f"{name:<5}{what}", no_wrap=True), id=name)
            for name, what in FORMATS.items()
        ]
        with Vertical(id="export-box", classes="modal-box"):
            yield Static(Text("Export progress as", style="bold"))
            yield MarkedList(*options, id="export-formats")
            yield Checkbox(NOTES_WORDS[False], id="export-notes")
            yield Static(Text("Write to (a file already there: asked first):"))
            yield Input(self.default_path(self.fmt), id="export-path")
            yield Static(
                Text("enter exports · tab: the notes, the file · escape closes"),
                classes="help-hint",
            )

    def on_mount(self) -> None:
        formats = self.query_one(OptionList)
        formats.highlighted = 0
        formats.focus()
        self.call_after_refresh(self._show_the_end)

    def _show_the_end(self) -> None:
        """A long path shows its end, the file's name (moving the cursor scrolls)."""
        self.path_field.cursor_position = 0
        self.path_field.action_end()

    @property
    def path_field(self) -> Input:
        return self.query_one("#export-path", Input)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        old, self.fmt = self.fmt, str(event.option.id)
        field = self.path_field
        if field.value == self.default_path(old):  # not edited: it follows the format
            field.value = self.default_path(self.fmt)
            self._show_the_end()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.fmt = str(event.option.id)
        self.submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = NOTES_WORDS[event.value]  # in words: no colour needed

    def action_toggle_notes(self) -> None:
        self.query_one(Checkbox).toggle()

    def action_move(self, step: int) -> None:
        formats = self.query_one(OptionList)
        (formats.action_cursor_down if step > 0 else formats.action_cursor_up)()

    def submit(self) -> None:
        """Export to the file named, asking first if one is there."""
        name = self.path_field.value.strip()
        if not name:
            self.notify("Name a file to write.", severity="error", timeout=4)
            self.path_field.focus()
            return
        path = Path(name).expanduser()
        notes = self.query_one(Checkbox).value
        if not exists(path) or os.path.isdir(path):  # a folder: the write says why not
            self.dismiss(ExportChoice(self.fmt, path, notes, replace=False))
            return

        def answer(replace: bool | None) -> None:
            if replace:
                self.dismiss(ExportChoice(self.fmt, path, notes, replace=True))
            else:
                self.path_field.focus()  # change the name, or escape

        self.app.push_screen(ReplaceQuestion(path), answer)


class ReplaceQuestion(Modal[bool]):
    """The export's file is there already: replace it, or keep it (and choose another)."""

    BINDINGS: ClassVar[list[BindingType]] = list(REPLACE_BINDINGS)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="question-box", classes="modal-box"):
            yield Static(Text("This file exists. Replace it?", style="bold"))
            yield Static(Text(visible(str(self.path))))
            yield Static(
                Text.assemble(("y", "bold"), " replace · ", ("n", "bold"), " keep it"),
                classes="help-hint",
            )

    def action_choose(self, replace: bool) -> None:
        self.dismiss(replace)
