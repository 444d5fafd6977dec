"""The main screen as a guide: the next-up box and its key, a level finished as a moment
(a notice with what it took and what comes next; the empty hide-done pane saying the
same), and the panes sized to what they hold (fitting.py). `MainScreen` (screen.py)
builds on it; the panes themselves are panes.py's."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.geometry import Size

from roadmap_tui.numbers.counts import RoadmapCounts
from roadmap_tui.numbers.nextup import LevelFinish, NextTopic, level_finish, next_topic
from roadmap_tui.prefs.settings import DAILY_REVIEWS
from roadmap_tui.tui.bindings import key_rows
from roadmap_tui.tui.main.details import LevelContext, head_lines
from roadmap_tui.tui.main.fitting import BORDER, pane_heights
from roadmap_tui.tui.main.nextup import LevelDone, NextUp, finished_words, next_words
from roadmap_tui.tui.main.panes import Panes
from roadmap_tui.tui.widgets.common import OverallBar

BARS = 2  # the top bar and the footer
if TYPE_CHECKING:
    from roadmap_tui.numbers.plan import PlanState

PADDING = 2  # the topics pane's context and done lines: a cell each side
DETAILS_GAP = 2  # the details' text: a cell before the scrollbar, and the scrollbar


class Guide(Panes):
    """The panes with what comes next: the next-up box, the level-finished notice, the
    empty pane's words, and every pane as tall as its content."""

    _head_cache: tuple[tuple[str, int], int] = (("", 0), 0)

    def key_for(self, action: str) -> str | None:
        """The key bound to ``action`` now (after any remapping), as the footer shows it."""
        row = next((row for row in key_rows(self) if row.action == action), None)
        return row.keys[0] if row and row.keys else None

    # -- next up

    def next_topic(self) -> NextTopic | None:
        """The first topic in progress, else the first to do of the current level
        (`numbers.nextup.next_topic`); None once nothing is left."""
        tracker = self.tracker
        return next_topic(self.roadmap, tracker.statuses, tracker.progress())

    def show_next_up(self) -> None:
        self.query_one(NextUp).show(self.next_topic(), self.key_for("next_up"))

    def action_next_up(self) -> None:
        """Go to the next topic: its level, the cursor on it, the topics pane focused."""
        found = self.next_topic()
        if found is None:
            self.notify("Every level's goal is met: nothing is next.", timeout=3)
            return
        self.select_level(found.number, select=found.item.id)
        self.set_focus(self.topics)

    # -- a level finished

    def level_finish(self, number: int) -> LevelFinish:
        """What finishing level ``number`` took (`numbers.nextup.level_finish`)."""
        from roadmap_tui.numbers.pace import local_tz

        tracker = self.tracker
        entries = tracker.data.entries
        return level_finish(self.roadmap, entries, number, local_tz(), tracker.progress())

    def announce_finished(self, before: RoadmapCounts, after: RoadmapCounts) -> None:
        """A notice for a level whose goal a change just met: what it took, and what
        comes next with the key that goes there."""
        finished = [
            lp
            for old, lp in zip(before.levels, after.levels, strict=True)
            if lp.goal_met and not old.goal_met
        ]
        if not finished:
            return
        words = finished_words(self.level_finish(finished[-1].number))
        nexts = next_words(self.next_topic(), self.key_for("next_up"))
        self.notify(f"{words}.\n{nexts}", title="Level finished", timeout=10, markup=False)

    def show_level_done(self, hide_done: bool) -> None:
        """When hide-done leaves the level's pane empty: the level is done and what
        comes next, in the pane; the cursor goes to the levels pane, on this level."""
        done = self.query_one(LevelDone)
        empty = not self.topics.nodes
        done.display = empty
        if not empty:
            return
        if not self.level.items:
            done.show(["This level has no topics."])
        else:
            hide = self.key_for("hide_done")
            lines = [
                finished_words(self.level_finish(self.level_number)),
                next_words(self.next_topic(), self.key_for("next_up")),
            ]
            if hide_done and hide:
                lines.append(f"Done topics are hidden: {hide} shows them.")
            done.show(lines)
        if self.focused is self.topics:
            self.set_focus(self.levels)

    # -- heights

    def fit_panes(self) -> None:
        """Every pane as tall as its content, the rest to the details (fitting.py).
        Measured from the terminal's size and the levels pane's width, both known at
        once (never from a layout still to come), so a resize fits them in one step."""
        body = self.app.size.height - BARS
        right = self.app.size.width - self.levels.pane_width - BORDER  # inside its border
        width = right - PADDING
        if body <= 0 or width <= 0:
            return
        container = Size(width, body)
        lines = sum(
            part.get_content_height(container, self.app.size, width)
            for part in self._context_parts()
        )
        heads = self._heads(right - PADDING - DETAILS_GAP)
        rows = len(self.topics.nodes)
        heights = pane_heights(body, len(self.roadmap.levels), lines, rows, heads)
        self.levels.styles.height = heights.levels
        self.query_one("#topics-box").styles.height = heights.topics

    def _heads(self, width: int) -> int:
        """The level's longest topic heading in the details at ``width`` (once a level
        and width: the rows of every topic are measured)."""
        key = (self.level.id, width)
        if self._head_cache[0] != key:
            self._head_cache = (key, head_lines(self.level, max(1, width), self.app.console))
        return self._head_cache[1]

    def _context_parts(self) -> Iterable[LevelContext | LevelDone]:
        for part in (self.query_one(LevelContext), self.query_one(LevelDone)):
            if part.display:
                yield part

    # -- pace, history and the plan

    def refresh_overall(self) -> None:
        from roadmap_tui.tui.main.planning import plan_now, plan_words

        bar = self.query_one(OverallBar)
        bar.show(self.roadmap.title, self.tracker.progress())
        bar.plan_words = plan_words(plan_now(self.tracker))
        if self._reviews_counted:
            self.refresh_reviews()

    # -- reviews

    review_cap = DAILY_REVIEWS
    """Reviews a day (`reviews_per_day` in config.toml; the app sets it)."""
    _reviews_counted = False  # the top bar's "N to review": from after the first paint

    def start_reviews(self) -> None:
        """After the first paint (the scheduler's import stays out of it): the top bar's
        "N to review", counted again after each change and every minute (a new day)."""
        self._reviews_counted = True
        self.refresh_reviews()
        self.set_interval(60, self.refresh_reviews)

    def refresh_reviews(self) -> None:
        from roadmap_tui.numbers.pace import local_tz
        from roadmap_tui.numbers.review import due_count

        tracker = self.tracker
        due = due_count(
            tracker.index.items, tracker.data, tracker.store.clock(), local_tz(), self.review_cap
        )
        self.query_one(OverallBar).review_words = f"{due} to review" if due else ""

    def action_stats(self) -> None:
        from roadmap_tui.numbers.pace import compute_stats, local_tz
        from roadmap_tui.tui.main.planning import plan_now, set_plan
        from roadmap_tui.tui.screens.history import StatsScreen

        tracker = self.tracker
        stats = compute_stats(
            self.roadmap,
            tracker.data.entries,
            tracker.store.clock(),
            local_tz(),
            tracker.progress(),
            tracker.data.reviews,
        )

        def set_target(typed: str) -> tuple[str | None, PlanState | None]:
            problem = set_plan(tracker, typed)
            self.refresh_overall()
            return problem, plan_now(tracker)

        self.app.push_screen(StatsScreen(stats, plan_now(tracker), set_target))
