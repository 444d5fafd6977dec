"""What the user is looking at, in words: the focused topic's details (the pane under
the topics, and the full-screen view on `enter`) and the selected level's context (its
goal, met or not, and its tip: the lines above the topics)."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import quote

from rich.console import Console, Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from roadmap_tui.base.text import plural, visible
from roadmap_tui.numbers.counts import STATE_WORDS, LevelCounts, item_counts
from roadmap_tui.roadmap.model import Item, Level, State
from roadmap_tui.tracking.tracker import Tracker
from roadmap_tui.tui.bindings import DETAIL_SCREEN_BINDINGS, SCROLL_BINDINGS
from roadmap_tui.tui.screens.dialogs import Modal
from roadmap_tui.tui.widgets.common import GLYPHS, Styled, literal, stamp

URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def link_target(url: str) -> str:
    """A URL as a terminal hyperlink's target (OSC 8): spaces, controls and non-ASCII
    percent-encoded, so nothing in it can end the escape sequence that carries it."""
    return quote(url, safe=URL_SAFE)


def link_line(url: str, indent: str = "  ") -> Text:
    """A URL on a line of its own that is never wrapped (a wrapped URL copies broken):
    too long for the pane, it is cut with a visible ellipsis, and the whole address stays
    clickable as a terminal hyperlink."""
    shown = url.removeprefix("https://")
    return Text(
        indent + visible(shown),
        style=Style(dim=True, link=link_target(url)),
        no_wrap=True,
        overflow="ellipsis",
    )


def note_markdown(note: str) -> RenderableType:
    """A note rendered as Markdown, with HTML shown as the text it is (Rich would drop
    it) and links as terminal hyperlinks. (Imported on the first note shown: markdown-it
    and rich's Markdown cost the app's start a tenth of its time otherwise.)"""
    from markdown_it import MarkdownIt
    from rich.markdown import Markdown

    rendered = Markdown(visible(note), hyperlinks=True)
    parser = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")
    rendered.parsed = parser.enable("table").parse(visible(note))
    return rendered


def topic_details(
    item: Item, tracker: Tracker, style: Styled, *, gap: bool = True
) -> RenderableType:
    """A topic in full: title, details, status line, the note right under it (as
    Markdown), what it is, and its links (titles and addresses as hyperlinks).
    ``gap``: a blank line before the description (the full screen has room for it;
    the pane gives that line to the description)."""
    state = tracker.state(item)
    entry = tracker.entry(item.id)
    glyph, name = GLYPHS[state]
    status_style = style.style(name)
    head = Text.assemble((f"{glyph} ", status_style), literal(item.title, "bold"))
    if item.details:
        head.append("\n")
        head.append_text(literal(item.details))
    head.append("\n")
    head.append(STATE_WORDS[state] + " ", style=status_style)  # (its span keeps the space)
    if item.children:
        counts = item_counts(item, tracker.statuses)
        head.append(f"· subtopics {counts.progress_text}", style="dim")
    elif entry.changed is not None and entry.changed.year >= 1971:
        since = "since" if state in (State.TODO, State.IN_PROGRESS) else "on"
        head.append(f"{since} {stamp(entry.changed)}", style="dim")
    parts: list[RenderableType] = [head]
    if entry.note:
        parts.append(Text("Note", style=style.style("note-mark") + Style(bold=True)))
        parts.append(note_markdown(entry.note))
    if item.description:
        lead = "\n" if gap or entry.note else ""  # (a note and the text stay apart)
        parts.append(Text.assemble(lead, literal(item.description)))
    for number, link in enumerate(item.links):
        title = literal(link.title, Style(underline=True, link=link_target(link.url)))
        lead = "\n" if number == 0 else ""
        parts.append(Text.assemble(lead, (f"{link.kind}: ", "dim"), title))
        parts.append(link_line(link.url))
    # Last, out of the way of the reading: the id that `roadmap-tui mark` and `note` take.
    parts.append(Text(f"\nid {item.id}", style="dim"))
    return Group(*parts)


LONGEST_STATUS = {
    True: "in progress since 2026-01-01 00:00",
    False: "partly done · subtopics 100/100 (100 skipped) · 100%",
}
"""A leaf's (True) and a parent's longest status line, for `head_lines`."""


def head_lines(level: Level, width: int, console: Console) -> int:
    """The most lines the title, details and status of one of ``level``'s topics take
    at ``width`` cells (its status line at its longest): what the details pane needs
    above the description."""
    most = 0
    for item in level.walk():
        parts = [f"[ ] {item.title}", item.details, LONGEST_STATUS[item.is_leaf]]
        lines = sum(len(Text(visible(part)).wrap(console, width)) for part in parts if part)
        most = max(most, lines)
    return most


class DetailsPane(Styled, Static):
    """The focused topic (see `topic_details`)."""

    def show_item(self, item: Item | None, level: Level, tracker: Tracker) -> None:
        if item is None:  # hide-done hid them all (the pane above says what is next)
            words = "Every topic of this level is done." if level.items else "No topics yet."
            self.update(Text.assemble(literal(level.title, "bold"), ("\n" + words, "dim")))
            return
        self.update(topic_details(item, tracker, self, gap=False))


class DetailsScroll(VerticalScroll, inherit_bindings=False):
    """The details pane's frame: scrolls by keyboard when focused (`tab` reaches it)."""

    BINDINGS: ClassVar[list[BindingType]] = list(SCROLL_BINDINGS)


class LevelContext(Styled, Static):
    """The selected level's goal (pick count, met or not), tip and note, above its
    topics; once a pick goal is met, the key that skips the topics left to do."""

    def show_level(
        self, lp: LevelCounts, tracker: Tracker, keys: tuple[str, str | None] | None
    ) -> None:
        """``keys``: the keys bound now to skip the rest and to undo, when it is offered."""
        level = lp.level
        lines: list[Text] = []
        if level.goal or level.pick:
            lines.append(self._goal(lp, tracker, keys))
        if level.tip:
            lines.append(literal(level.tip, "italic"))
        if level.note:
            lines.append(literal(level.note, "dim"))
        self.display = bool(lines)
        self.update(Text("\n").join(lines))

    def _goal(self, lp: LevelCounts, tracker: Tracker, keys: tuple[str, str | None] | None) -> Text:
        """``Goal 0/1 picked: …``; once met, first the offer to skip the rest (so that
        it stays in view in a small terminal), then the goal's words."""
        level = lp.level
        mark = ("Goal met ✓", self.style("goal-met")) if lp.goal_met else ("Goal", "bold")
        text = Text.assemble(mark)
        if level.pick:
            done = sum(1 for item in level.items if tracker.state(item) is State.DONE)
            text.append(f" {min(done, level.pick)}/{level.pick} picked", style="bold")
        left = len(tracker.left_to_do(level.id)) if lp.goal_met and level.pick else 0
        if left and keys:
            skip, undo = keys
            text.append(" · ")
            text.append(skip, style="bold")
            text.append(f" skips the {plural(left, 'topic')} left")
            text.append(f" ({undo} undoes)" if undo else "")
            text.append("\n" if level.goal else "")
        elif level.goal:
            text.append(": ")
        text.append_text(literal(level.goal))
        return text


class DetailScreen(Styled, Modal[None]):
    """A topic's details on the whole screen (`enter`): scroll, escape or enter closes."""

    BINDINGS: ClassVar[list[BindingType]] = list(DETAIL_SCREEN_BINDINGS)

    def __init__(self, item: Item, tracker: Tracker) -> None:
        super().__init__()
        self.item = item
        self.tracker = tracker

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box", classes="modal-box"):
            with DetailsScroll(id="detail-scroll"):
                yield DetailsPane(id="detail-text")
            yield Static(
                Text("↑↓ j k scroll · escape or enter closes", style="dim"), classes="help-hint"
            )

    def on_mount(self) -> None:
        self.query_one(DetailsPane).update(topic_details(self.item, self.tracker, self))
        self.set_focus(self.query_one(DetailsScroll))

    def action_page_down(self) -> None:
        self.query_one(DetailsScroll).scroll_page_down(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
