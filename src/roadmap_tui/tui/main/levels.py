"""The levels pane: each level's number, title, bar, count and goal mark.

Its width follows its content: as wide as the longest row needs (so on a wide terminal
the rest goes to the topics), at most `SHARE` of the terminal. When that is too narrow,
the bars shrink and go first; titles are cut last, with an ellipsis."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.widgets.option_list import Option

from roadmap_tui.base.text import visible
from roadmap_tui.numbers.counts import LevelCounts, RoadmapCounts, bar
from roadmap_tui.tui.bindings import LIST_BINDINGS
from roadmap_tui.tui.main.fitting import NEXT_UP_MIN
from roadmap_tui.tui.widgets.common import MarkedList, Styled, fit, literal

SHARE = 0.475
"""The most of the terminal's width the levels pane takes (titles whole at 100 columns
for the bundled roadmap; at 80 its titles fit once the bars are gone)."""
MIN_WIDTH = 24
BORDER = 2
BAR_WIDTHS = (5, 3, 0)
"""The bar's widths, tried in order until a whole title fits beside it."""
GOAL_WIDTH = 2  # " ✓"


class LevelList(Styled, MarkedList, inherit_bindings=False):
    """Levels with their number, title, a small bar, done/total and a goal mark; the
    selected one marked (`MarkedList`). Its `enter` is the screen's (`open`: go to the
    level's topics)."""

    BINDINGS: ClassVar[list[BindingType]] = list(LIST_BINDINGS)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.moved: Callable[[int], object] | None = None
        """Told at once when the highlight moves (a key, a click), so the screen shows
        that level before the next key is handled."""
        self.level_ids: list[str] = []
        self.progress: RoadmapCounts | None = None
        self._width = 0  # a row's cells
        self._pane = 0  # the pane's cells, borders included
        self._count_width = 3
        self._number_width = 2
        self._title_width = 0
        self._bar = BAR_WIDTHS[0]

    def show(self, progress: RoadmapCounts) -> None:
        highlighted = self.highlighted
        self.progress = progress
        levels = progress.levels
        self.level_ids = [lp.level.id for lp in levels]
        self._count_width = max(
            (len(f"{lp.counts.total}/{lp.counts.total}") for lp in levels), default=3
        )
        self._number_width = max(2, len(str(len(levels) - 1)))
        self._title_width = max((cell_len(visible(lp.level.title)) for lp in levels), default=0)
        self._fit()
        self.set_options(Option(self.prompt(lp), id=lp.level.id) for lp in levels)
        if highlighted is not None and highlighted < len(self.level_ids):
            self.highlighted = highlighted

    def _fit(self) -> None:
        """The pane's width, the rows' width and the bar's, for the terminal's size now."""
        scrollbar = 0
        room = self.app.size.height - 2 - BORDER - NEXT_UP_MIN  # the next-up box below
        if len(self.level_ids) > room:  # it will scroll
            scrollbar = self.styles.scrollbar_size_vertical
        whole = self._row_cells(self._title_width, BAR_WIDTHS[0]) + BORDER + scrollbar
        share = max(MIN_WIDTH, int(self.app.size.width * SHARE))
        self._pane = max(MIN_WIDTH, min(whole, share))
        self.styles.width = self._pane
        if self.parent is not None and self.parent.id == "left":  # the column, next-up too
            self.parent.styles.width = self._pane
        self._width = self._pane - BORDER - scrollbar
        self._bar = next(
            (w for w in BAR_WIDTHS if self._row_cells(self._title_width, w) <= self._width), 0
        )

    @property
    def pane_width(self) -> int:
        """The pane's cells, borders included, as `_fit` set them."""
        return self._pane

    def _row_cells(self, title: int, bar_width: int) -> int:
        prefix = 1 + self._number_width + 1  # the mark's cell, the number, a space
        right = bar_width + 1 if bar_width else 0
        right += self._count_width + GOAL_WIDTH
        return prefix + title + 1 + right

    def refit(self) -> None:
        """Fit the pane again after the terminal was resized (only if that changes it)."""
        if self.progress is None:
            return
        before = (self._pane, self._width, self._bar)
        self._fit()
        if (self._pane, self._width, self._bar) != before:
            self.show(self.progress)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self.moved is not None:
            self.moved(highlighted)

    def update_level(self, lp: LevelCounts) -> None:
        """One level's row anew. Every level is one line, so OptionList's line map
        stands and only this row's rendering is dropped (`replace_option_prompt_at_index`
        drops every row's and the map: on a 1,000-level roadmap, most of a tick's work).
        """
        if self.progress is None:
            return
        levels = list(self.progress.levels)
        levels[lp.number] = lp
        self.progress = RoadmapCounts(tuple(levels), self.progress.overall)
        option = self.get_option_at_index(lp.number)
        option._set_prompt(self.prompt(lp))
        cache = self._option_render_cache
        for key in [key for key in cache.keys() if key[0] is option]:  # noqa: SIM118 (no __iter__)
            cache.discard(key)
        self.refresh()

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
        self.refit()

    def prompt(self, lp: LevelCounts) -> Text:
        # The count of `LevelCounts.text`, every surface's: "3/5", "3/4, 1 skipped" (the
        # percentage is 3 ÷ 4), "✓ 1 of 5 chosen" once a pick goal is met. Counts end in
        # one column; a longer one (skipped, chosen) takes its room from the title.
        counts = lp.counts
        if lp.chosen_goal:
            right = Text(lp.text, style=self.style("goal-met"))
        else:
            right = Text.assemble(
                lp.text.rjust(self._count_width),
                (" ✓", self.style("goal-met")) if lp.goal_met else "  ",
            )
        if self._bar and not lp.chosen_goal:  # (chosen: the words say it, the title keeps room)
            style = self.style("bar--met" if lp.goal_met else "bar--level")
            right = Text.assemble((bar(counts.fraction, self._bar), style), " ", right)
        number = f" {lp.number:>{self._number_width}} "
        left = Text.assemble((number, self.style("muted")), literal(lp.level.title))
        return fit(left, right, self._width or 36)
