"""The app's panes: overall bar, level list, topic tree, details."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from roadmap_tui.counts import LevelCounts, RoadmapCounts, bar
from roadmap_tui.model import Item, Level, State
from roadmap_tui.saver import SaveState
from roadmap_tui.text import visible
from roadmap_tui.tracker import Tracker

# Plain ASCII boxes: they render in every terminal font, no Nerd Font needed. The
# second value names the style that colours a box (see `theme_styles`).
GLYPHS: dict[State, tuple[str, str]] = {
    State.TODO: ("[ ]", "status--todo"),
    State.IN_PROGRESS: ("[>]", "status--in-progress"),
    State.DONE: ("[x]", "status--done"),
    State.SKIPPED: ("[-]", "status--skipped"),
    State.PARTIAL: ("[~]", "status--partial"),
}
STATE_WORDS: dict[State, str] = {
    State.TODO: "to do",
    State.IN_PROGRESS: "in progress",
    State.DONE: "done",
    State.SKIPPED: "skipped",
    State.PARTIAL: "partly done",
}
BOX_WIDTH = 3
CURSOR = ("▶", "›")
"""The mark on each pane's current row (focused, not focused): a glyph, so the row shows
with NO_COLOR, in ansi themes and in light ones, where a highlight colour may not."""
MARK_WIDTH = 2  # the topic tree's mark and the space after it


def literal(text: str, style: str | Style = "") -> Text:
    """Roadmap text as-is: never markup, never a terminal escape."""
    return Text(visible(text), style=style)


def theme_styles(theme: Theme) -> dict[str, Style]:
    """Statuses, bars and marks in ``theme``'s own colours (so every built-in theme,
    light ones too, shows them legibly; NO_COLOR drops the colours and keeps the words
    and boxes). "Muted" text is dim rather than a fixed grey."""

    def colour(value: str | None, fallback: str) -> RichColor:
        # Textual's colour names ("ansi_bright_red" in the ansi themes) are not rich's.
        return Color.parse(value or fallback).rich_color

    success = colour(theme.success, "green")
    return {
        "status--todo": Style(),
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


def plural(count: int, noun: str) -> str:
    """``1 topic``, ``2 topics``."""
    return f"{count} {noun}{'s' * (count != 1)}"


def fit(left: Text, right: Text, width: int) -> Text:
    """``left`` truncated with an ellipsis so that ``right`` ends at ``width`` cells."""
    room = max(1, width - right.cell_len - 1)
    left = left.copy()
    left.truncate(room, overflow="ellipsis", pad=True)
    return Text.assemble(left, " ", right)


class Styled:
    """A widget that colours statuses, bars and marks from the app's current theme."""

    def style(self, name: str) -> Style:
        """The style called ``name`` (see `theme_styles`) in the current theme."""
        assert isinstance(self, Widget)
        return theme_styles(self.app.current_theme)[name]


class OverallBar(Styled, Static):
    """The roadmap's title with the overall bar, count and percentage; READ-ONLY for a
    file from a newer version; while saves fail, how many changes are unsaved and why,
    in place of the title. Its state is reactive: setting it repaints the bar."""

    title: reactive[str] = reactive("")
    progress: reactive[RoadmapCounts | None] = reactive(None)
    read_only: reactive[bool] = reactive(False)
    save_state: reactive[SaveState] = reactive(SaveState)
    sync_words: reactive[str] = reactive("")  # "synced 3 min ago" (tui.synclink.SyncLink)

    def show(self, title: str, progress: RoadmapCounts) -> None:
        self.title = title
        self.progress = progress

    def render(self) -> Text:
        if self.progress is None:
            return Text()
        overall = self.progress.overall
        parts = [f"{overall.done}/{overall.total} · {overall.percent}%"]
        if self.read_only:
            parts.insert(0, "READ-ONLY")
        if overall.in_progress:
            parts.append(f"{overall.in_progress} in progress")
        if overall.skipped:
            parts.append(f"{overall.skipped} skipped")
        if self.sync_words:
            parts.append(visible(self.sync_words))
        left = literal(self.title, "bold")
        state = self.save_state
        if state.failing:
            left = Text.assemble(
                (f"⚠ {plural(state.unsaved, 'unsaved change')}", self.style("unsaved")),
                " ",
                literal(f"{state.reason} (retrying)", self.style("unsaved-reason")),
            )
        counts = Text.assemble(
            (bar(overall.fraction, 16), self.style("bar--overall")), " ", " · ".join(parts)
        )
        return fit(left, counts, self.content_region.width or 80)


class LevelList(Styled, OptionList):
    """Levels with their number, title, a small bar, done/total and a goal mark."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.level_ids: list[str] = []
        self.progress: RoadmapCounts | None = None
        self._width = 0
        self._count_width = 3

    def show(self, progress: RoadmapCounts) -> None:
        highlighted = self.highlighted
        self.progress = progress
        self.level_ids = [lp.level.id for lp in progress.levels]
        self._width = self._row_width()
        self._count_width = max(
            (len(f"{lp.counts.total}/{lp.counts.total}") for lp in progress.levels), default=3
        )
        self.set_options(Option(self.prompt(lp), id=lp.level.id) for lp in progress.levels)
        if highlighted is not None and highlighted < len(self.level_ids):
            self.highlighted = highlighted

    def update_level(self, lp: LevelCounts) -> None:
        if self.progress is not None:
            levels = list(self.progress.levels)
            levels[lp.number] = lp
            self.progress = RoadmapCounts(tuple(levels), self.progress.overall)
        self.replace_option_prompt_at_index(lp.number, self.prompt(lp))

    def _row_width(self) -> int:
        width = self.scrollable_content_region.width
        if width <= 0:  # not laid out yet: estimate from the screen and the stylesheet
            width = min(52, max(30, int(self.app.size.width * 0.44))) - 2
            if len(self.level_ids) > self.app.size.height:  # it will scroll: a scrollbar
                width -= self.styles.scrollbar_size_vertical
        return max(20, width - 2)

    def _update_lines(self) -> None:
        """OptionList's line map, knowing that every level is one line (`prompt` fits
        it to the width): OptionList itself measures every prompt, on every change,
        which for the 1,000 levels of a huge roadmap costs more than all the rest of
        the first paint. (Textual is pinned; the snapshot and pilot tests cover this.)"""
        if not self.scrollable_content_region:
            return
        cache = self._line_cache
        for index in range(cache.lines[-1][0] + 1 if cache.lines else 0, len(self.options)):
            cache.index_to_line[index] = len(cache.lines)
            cache.heights[index] = 1
            cache.lines.append((index, 0))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        size = Size(width, len(cache.lines))
        if size != self.virtual_size:
            self.virtual_size = size
            self._scroll_update(size)

    def on_resize(self, event: events.Resize) -> None:
        if self.progress is not None and self._row_width() != self._width:
            self.show(self.progress)

    def render_line(self, y: int) -> Strip:
        """A row; the highlighted level's first cell (a space in every prompt) holds the
        `CURSOR` mark. Every level is one line, so line ``y`` is level ``y``."""
        strip = super().render_line(y)
        if self.highlighted is None or self.scroll_offset.y + y != self.highlighted:
            return strip
        style = next(iter(strip), Segment("")).style
        mark = Strip([Segment(CURSOR[0] if self.has_focus else CURSOR[1], style)], 1)
        return Strip.join([mark, strip.crop(1)])

    def prompt(self, lp: LevelCounts) -> Text:
        counts = lp.counts
        right = Text.assemble(
            (bar(counts.fraction, 5), self.style("bar--met" if lp.goal_met else "bar--level")),
            f" {counts.done}/{counts.total}".rjust(self._count_width + 1),
            (" ✓", self.style("goal-met")) if lp.goal_met else "  ",
        )
        left = Text.assemble((f" {lp.number:>2} ", self.style("muted")), literal(lp.level.title))
        return fit(left, right, self._width or 36)


class TopicTree(Styled, Tree[str], inherit_bindings=False):
    """The selected level's topics. Node data is the item id."""

    ICON_NODE = ""
    ICON_NODE_EXPANDED = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

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
        label.append(glyph, style=self.style(name))
        label.append(" ")
        title_style = self.style("muted") + Style(strike=True) if state is State.SKIPPED else ""
        label.append_text(literal(item.title, title_style))
        if tracker.entry(item.id).note:  # before the details, so narrow panes still show it
            label.append(" (note)", style=self.style("note-mark"))
        if item.details:
            label.append_text(literal(f" — {item.details}", self.style("muted")))
        return label

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """The label after the `CURSOR` mark on the current row (two spaces elsewhere)."""
        label = super().render_label(node, base_style, style)
        if node is not self.cursor_node or self.cursor_line < 0:
            return Text.assemble("  ", label)
        mark = CURSOR[0] if self.has_focus else CURSOR[1]
        return Text.assemble((mark, style + Style(bold=True)), " ", label)

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
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        start = depth * self.guide_depth + MARK_WIDTH
        return start <= x < start + BOX_WIDTH + 1


class DetailsPane(Styled, Static):
    """The focused topic: details, status, last change, description, links, note."""

    def show_item(
        self, item: Item | None, level: Level, level_number: int, tracker: Tracker
    ) -> None:
        text = Text()
        if item is None:
            text.append_text(literal(f"Level {level_number} – {level.title}", "bold"))
            text.append("\nNo topics to show here.", style="dim")
            self._level_text(text, level)
            self.update(text)
            return
        state = tracker.state(item)
        entry = tracker.entry(item.id)
        glyph, name = GLYPHS[state]
        style = self.style(name)
        text.append(glyph, style=style)
        text.append(" ")
        text.append_text(literal(item.title, "bold"))
        if item.details:
            text.append("\n")
            text.append_text(literal(item.details))
        text.append("\n")
        text.append(STATE_WORDS[state], style=style)
        if item.children:
            leaves = list(item.leaves())
            done = sum(1 for leaf in leaves if tracker.state(leaf) is State.DONE)
            text.append(f" · {done}/{len(leaves)} subtopics done", style="dim")
        else:
            text.append(f" · changed {stamp(entry.changed)}", style="dim")
        text.append(f" · id {item.id}", style="dim")
        if item.description:
            text.append("\n\n")
            text.append_text(literal(item.description))
        for link in item.links:
            text.append("\n")
            text.append(f"{link.kind}: ", style="dim")
            text.append_text(literal(link.title, "underline"))
            text.append_text(literal(f" {link.url}", "dim"))
        if entry.note:
            text.append("\n\nNote: ", style=self.style("note-mark") + Style(bold=True))
            text.append_text(literal(entry.note))
        self._level_text(text, level)
        self.update(text)

    @staticmethod
    def _level_text(text: Text, level: Level) -> None:
        if level.goal:
            pick = f" (pick {level.pick})" if level.pick else ""
            text.append(f"\n\nLevel goal{pick}: ", style="bold")
            text.append_text(literal(level.goal))
        if level.tip:
            text.append("\n")
            text.append_text(literal(level.tip, "italic"))
        if level.note:
            text.append("\n")
            text.append_text(literal(level.note, "dim"))
