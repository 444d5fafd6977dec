"""The app's panes: overall bar, topic tree (the level list: levels.py; the details:
details.py), and what they share: status glyphs, theme styles, fitting text to a width."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.color import Color
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import OptionList, Static, Tree
from textual.widgets.tree import TreeNode

from roadmap_tui.base.text import plural, visible
from roadmap_tui.numbers.counts import RoadmapCounts, bar
from roadmap_tui.roadmap.model import Item, Level, State
from roadmap_tui.tracking.saver import SaveState
from roadmap_tui.tracking.tracker import Tracker
from roadmap_tui.tui.bindings import LIST_BINDINGS

# Plain ASCII boxes: they render in every terminal font, no Nerd Font needed. The
# second value names the style that colours a box (see `theme_styles`).
GLYPHS: dict[State, tuple[str, str]] = {
    State.TODO: ("[ ]", "status--todo"),
    State.IN_PROGRESS: ("[>]", "status--in-progress"),
    State.DONE: ("[x]", "status--done"),
    State.SKIPPED: ("[-]", "status--skipped"),
    State.PARTIAL: ("[~]", "status--partial"),
}
BOX_WIDTH = 3
CURSOR = ("▶", "›")
"""The mark on each pane's current row (focused, not focused): a glyph, so the row shows
with NO_COLOR, in ansi themes and in light ones, where a highlight colour may not."""
MARK_WIDTH = 2  # the topic tree's mark and the space after it
SYNC_WORDS_MIN = 12
"""The fewest cells sync's words are cut to in the top bar (else they give way)."""


def literal(text: str, style: str | Style = "") -> Text:
    """Roadmap text as-is: never markup, never a terminal escape."""
    return Text(visible(text), style=style)


_STYLES: list[tuple[Theme, dict[str, Style]]] = []  # the last theme's, made once


def theme_styles(theme: Theme) -> dict[str, Style]:
    """Statuses, bars and marks in ``theme``'s own colours (so every built-in theme,
    light ones too, shows them legibly; NO_COLOR drops the colours and keeps the words
    and boxes). "Muted" text is dim rather than a fixed grey. Every row asks, on every
    redraw: the last theme's styles are kept."""
    if _STYLES and _STYLES[0][0] is theme:
        return _STYLES[0][1]
    styles = _make_styles(theme)
    _STYLES[:] = [(theme, styles)]
    return styles


def _luminance(color: Color) -> float:
    """WCAG's relative luminance of ``color``."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def legible(color: Color, background: Color, ratio: float = 3.0) -> Color:
    """``color``, darkened (on a light background) or lightened (on a dark one) until it
    stands ``ratio`` : 1 against ``background`` (WCAG's contrast): a theme's orange
    "warning" on a light grey panel is unreadable as it is, in colour and in grey."""
    dark_background = _luminance(background) < 0.4
    for _ in range(12):
        lighter, darker = sorted((_luminance(color), _luminance(background)), reverse=True)
        if (lighter + 0.05) / (darker + 0.05) >= ratio:
            break
        color = color.lighten(0.06) if dark_background else color.darken(0.06)
    return color


def _make_styles(theme: Theme) -> dict[str, Style]:
    background = Color.parse(theme.background or ("#000000" if theme.dark else "#ffffff"))

    def colour(value: str | None, fallback: str) -> RichColor:
        # Textual's colour names ("ansi_bright_red" in the ansi themes) are not rich's.
        parsed = Color.parse(value or fallback)
        if parsed.ansi is not None:  # an ansi theme: the terminal's own palette decides
            return parsed.rich_color
        return legible(parsed, background).rich_color

    success = colour(theme.success, "green")
    return {
        # Plain, but a style of its own: an SVG screenshot then draws the to-do box in
        # its own span at its own column, lined up with the coloured boxes.
        "status--todo": Style(bold=False),
        "status--in-progress": Style(color=colour(theme.warning, "yellow"), bold=True),
        "status--done": Style(color=success, bold=True),
        "status--skipped": Style(dim=True),
        "status--partial": Style(color=colour(theme.accent, "magenta")),
        "bar--overall": Style(color=success),
        "bar--level": Style(color=colour(theme.primary, "blue")),
        "bar--met": Style(color=success),
        "goal-met": Style(color=success, bold=True),
        "note-mark": Style(color=colour(theme.secondary, "magenta"), italic=True),
        "muted": Style(dim=True),
        "unsaved": Style(color=colour(theme.error, "red"), bold=True, reverse=True),
        "unsaved-reason": Style(color=colour(theme.error, "red")),
    }


def markup_literal(text: str) -> str:
    """Roadmap text for a place that only takes Textual markup (the command palette):
    every ``[`` escaped, so no tag, variable or link in it acts; controls made visible."""
    return visible(text).replace("[", "\\[")


def stamp(when: datetime | None) -> str:
    """A change time as the user's local time, to the minute."""
    if when is None or when.year < 1971:
        return "never"
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def fit(left: Text, right: Text, width: int) -> Text:
    """``left`` truncated with an ellipsis so that ``right`` ends at ``width`` cells."""
    room = max(1, width - right.cell_len - 1)
    left = left.copy()
    left.truncate(room, overflow="ellipsis", pad=True)
    return Text.assemble(left, " ", right)


class MarkedList(OptionList):
    """An option list whose highlighted option shows the `CURSOR` mark in its first
    cell (every prompt leaves that cell blank), so it is seen without colour too."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        line = self.scroll_offset.y + y
        lines = self._lines  # (option index, line of the option) for each line
        if self.highlighted is None or line >= len(lines) or lines[line] != (self.highlighted, 0):
            return strip
        style = next(iter(strip), Segment("")).style
        mark = Strip([Segment(CURSOR[0] if self.has_focus else CURSOR[1], style)], 1)
        return Strip.join([mark, strip.crop(1)])


class Styled:
    """A widget that colours statuses, bars and marks from the app's current theme."""

    def style(self, name: str) -> Style:
        """The style called ``name`` (see `theme_styles`) in the current theme."""
        assert isinstance(self, Widget)
        return theme_styles(self.app.current_theme)[name]


class OverallBar(Styled, Static):
    """The roadmap's title with the overall bar, count and percentage, the plan's words
    (``on track``, ``3 behind``, the projected finish) and sync's; READ-ONLY for a file
    from a newer version; while saves fail, how many changes are unsaved and why, in
    place of the title. Its state is reactive: setting it repaints the bar.

    When the line is too narrow, the words give way before the title is cut: sync's
    first (cut, then gone), the projected finish, the bar, how many are in progress
    and to review, the plan's; a sync failure is cut only after the bar has gone."""

    title: reactive[str] = reactive("")
    progress: reactive[RoadmapCounts | None] = reactive(None)
    read_only: reactive[bool] = reactive(False)
    save_state: reactive[SaveState] = reactive(SaveState)
    sync_words: reactive[str] = reactive("")  # "synced 3 min ago" (tui.synclink.SyncLink)
    plan_words: reactive[tuple[str, str]] = reactive(("", ""))
    """Where you stand against the plan and the projected finish (`PlanState.word`,
    ``finish ~2027-03-01``); empty without a plan."""
    review_words: reactive[str] = reactive("")  # "3 to review" (tui.main.guide)

    def show(self, title: str, progress: RoadmapCounts) -> None:
        self.title = title
        self.progress = progress

    def render(self) -> Text:
        if self.progress is None:
            return Text()
        overall = self.progress.overall
        standing, finish = self.plan_words
        sync = visible(self.sync_words)
        failed = sync.startswith("sync failed")  # a failure outlasts the bar
        # (text, the order it gives way in: lower goes first; 0 never goes)
        parts: list[tuple[str, int]] = [
            ("READ-ONLY" if self.read_only else "", 0),
            (overall.progress_text, 0),
            (f"{overall.in_progress} in progress" if overall.in_progress else "", 4),
            (self.review_words, 4),
            (f"plan: {standing}" if standing else "", 5),
            (finish, 1 if failed else 2),
            (sync, 3 if failed else 1),
        ]
        parts = [part for part in parts if part[0]]
        bar_rank = 2 if failed else 3
        left = self._left()
        width = self.content_region.width or 80
        with_bar = True
        for rank in (1, 2, 3, 4, 5):
            over = left.cell_len + 1 + self._cells(parts, with_bar) - width
            if over <= 0:
                break
            if rank == bar_rank:
                with_bar = False
            parts = [self._cut(part, over) if part[1] == rank else part for part in parts]
            parts = [part for part in parts if part[0]]
        counts = Text(" · ".join(text for text, _ in parts))
        if with_bar:
            counts = Text.assemble(
                (bar(overall.fraction, 16), self.style("bar--overall")), " ", counts
            )
        return fit(left, counts, width)

    def _cut(self, part: tuple[str, int], over: int) -> tuple[str, int]:
        """Sync's words cut by ``over`` cells (if they keep `SYNC_WORDS_MIN`); any other
        part, and those, gone."""
        text, rank = part
        if text == visible(self.sync_words) and cell_len(text) - over >= SYNC_WORDS_MIN:
            return set_cell_size(text, cell_len(text) - over - 1) + "…", rank
        return "", rank

    @staticmethod
    def _cells(parts: list[tuple[str, int]], with_bar: bool) -> int:
        return cell_len(" · ".join(text for text, _ in parts)) + (17 if with_bar else 0)

    def _left(self) -> Text:
        state = self.save_state
        if state.failing:
            return Text.assemble(
                (f"⚠ {plural(state.unsaved, 'unsaved change')}", self.style("unsaved")),
                " ",
                literal(f"{state.reason} (retrying)", self.style("unsaved-reason")),
            )
        return literal(self.title, "bold")


class TopicTree(Styled, Tree[str], inherit_bindings=False):
    """The selected level's topics. Node data is the item id."""

    ICON_NODE = ""
    ICON_NODE_EXPANDED = ""

    BINDINGS: ClassVar[list[BindingType]] = list(LIST_BINDINGS)

    class BoxClicked(Message):
        """The user clicked a topic's box."""

        def __init__(self, item_id: str) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("topics", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 3
        self.nodes: dict[str, TreeNode[str]] = {}
        self.level: Level | None = None

    def show_level(self, level: Level, tracker: Tracker, hide_done: bool) -> None:
        self.level = level
        self.clear()
        self.nodes = {}
        for item in level.items:
            self._add(self.root, item, tracker, hide_done)
        self.root.expand()
        self.cursor_line = 0 if self.nodes else -1

    def _add(self, parent: TreeNode[str], item: Item, tracker: Tracker, hide_done: bool) -> None:
        state = tracker.state(item)
        if hide_done and state is State.DONE:
            return
        label = self.label_for(item, tracker)
        if item.children:
            node = parent.add(label, data=item.id, expand=True, allow_expand=False)
            for child in item.children:
                self._add(node, child, tracker, hide_done)
        else:
            node = parent.add_leaf(label, data=item.id)
        self.nodes[item.id] = node

    def label_for(self, item: Item, tracker: Tracker) -> Text:
        state = tracker.state(item)
        glyph, name = GLYPHS[state]
        label = Text()
        # The space in the box's own span: an SVG screenshot (and some viewers) would
        # otherwise draw a title that starts with a space a cell early ("[x]Relational").
        label.append(f"{glyph} ", style=self.style(name))
        title_style = self.style("muted") + Style(strike=True) if state is State.SKIPPED else ""
        label.append_text(literal(item.title, title_style))
        # (Each space ends a span rather than starting the next: see the box above.)
        if tracker.entry(item.id).note:  # before the details, so narrow panes still show it
            label.append(" ")
            label.append("(note)", style=self.style("note-mark"))
        if item.details:
            label.append(" ")
            label.append_text(literal(f"— {item.details}", self.style("muted")))
        return label

    def get_label_width(self, node: TreeNode[str]) -> int:
        """The label's width without rendering it (Textual renders every row's label to
        measure the tree, on every change: on a level of 100 topics, most of a first
        paint). Rows never scroll sideways (they are cut with "…"), so this only sizes
        the tree."""
        label = node.label
        return (label.cell_len if isinstance(label, Text) else len(label)) + 2  # and the mark

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """The label after the `CURSOR` mark on the current row (two spaces elsewhere)."""
        label = super().render_label(node, base_style, style)
        if node is not self.cursor_node or self.cursor_line < 0:
            label = Text.assemble("  ", label)
        else:
            mark = CURSOR[0] if self.has_focus else CURSOR[1]
            label = Text.assemble((mark, style + Style(bold=True)), " ", label)
        room = self.scrollable_content_region.width - self._depth(node) * self.guide_depth
        if room > 0 and label.cell_len > room:
            label.truncate(room, overflow="ellipsis")  # a cut row ends in "…"
        return label

    def _depth(self, node: TreeNode[str]) -> int:
        """How many parents ``node`` has below the (hidden) root."""
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        return depth

    def refresh_item(self, item: Item, tracker: Tracker) -> None:
        node = self.nodes.get(item.id)
        if node is not None:
            node.set_label(self.label_for(item, tracker))

    @property
    def item_id(self) -> str | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def select_item(self, item_id: str) -> bool:
        node = self.nodes.get(item_id)
        if node is None:
            return False
        self.move_cursor(node)
        return True

    def action_first(self) -> None:
        if self.nodes:
            self.cursor_line = 0
            self.scroll_to_line(0, animate=False)

    def action_last(self) -> None:
        if self.nodes:
            self.cursor_line = self.last_line
            self.scroll_to_line(self.cursor_line, animate=False)

    async def _on_click(self, event: events.Click) -> None:
        """A click focuses the topic; a click on its box also toggles it."""
        event.prevent_default()
        meta = event.style.meta
        if "line" not in meta:
            return
        line = int(meta["line"])
        node = self.get_node_at_line(line)
        if node is None or node.data is None:
            return
        self.cursor_line = line
        offset = event.get_content_offset(self)
        if offset is not None and self._box_hit(node, offset.x + int(self.scroll_offset.x)):
            self.post_message(self.BoxClicked(node.data))

    def _box_hit(self, node: TreeNode[str], x: int) -> bool:
        start = self._depth(node) * self.guide_depth + MARK_WIDTH
        return start <= x < start + BOX_WIDTH + 1
