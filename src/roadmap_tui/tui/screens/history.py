"""Pace and history (`p`): the last 12 weeks as bars, a year of finished topics as a
heatmap (a contribution graph), streaks, pace, and each level's dates and duration.

The heatmap says how busy a day was by its glyph (· ░ ▒ ▓ █), not only by colour, so it
reads in every theme and with NO_COLOR."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from roadmap_tui.base.text import plural, visible
from roadmap_tui.numbers.pace import Stats
from roadmap_tui.tui.bindings import PLAN_INPUT_BINDINGS, STATS_BINDINGS
from roadmap_tui.tui.screens.dialogs import Modal
from roadmap_tui.tui.widgets.common import theme_styles

if TYPE_CHECKING:
    from roadmap_tui.numbers.plan import PlanState

HEAT = ((0, "·"), (1, "░"), (2, "▒"), (3, "▓"), (5, "█"))
"""(fewest topics finished in a day, glyph): each glyph covers counts up to the next."""
REVIEWED = "+"
"""A day with reviews and no topic finished (a day with both shows its finishes)."""
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def heat_glyph(count: int) -> str:
    return [glyph for least, glyph in HEAT if count >= least][-1]


def heatmap(
    stats: Stats, busy: Style, quiet: Style, weeks: int | None = None, review: Style | None = None
) -> Text:
    """The year as 7 rows (Monday to Sunday) of weeks, oldest on the left, with month
    names above and a legend below; days with a finish in ``busy``, days with only
    reviews as `REVIEWED` in ``review``, others ``quiet``. ``weeks``: only the last ones
    (a narrow window shows the most recent weeks)."""
    review = review or busy
    grid = stats.year_grid()
    first = max(0, len(grid) - weeks) if weeks else 0
    grid = grid[first:]
    months = [" "] * len(grid)
    for column, name in month_labels(stats, first, len(grid)):
        months[column : column + 3] = list(name)
    # Cut at the window's edge, never wrapped (a wrapped row would break the grid).
    text = Text(
        "    " + "".join(months).rstrip() + "\n", style=quiet, no_wrap=True, overflow="crop"
    )
    for row, name in enumerate(WEEKDAYS):
        text.append(f"{name} ", style=quiet)
        for column, week in enumerate(grid):
            count = week[row]
            day = stats.year_start + timedelta(weeks=first + column, days=row)
            if count is None:
                text.append(" ")
            elif not count and stats.reviewed_per_day.get(day):
                text.append(REVIEWED, style=review)
            else:
                text.append(heat_glyph(count), style=busy if count else quiet)
        text.append("\n")
    text.append("    ")
    for least, glyph in HEAT:
        following = [other for other, _ in HEAT if other > least]
        upto = following[0] - 1 if following else None
        label = "none" if least == 0 else str(least) if upto == least else f"{least}+"
        if upto is not None and upto > least:
            label = f"{least}–{upto}"
        text.append(glyph, style=busy if least else quiet)
        text.append(f" {label}  ", style=quiet)
    text.append("topics a day", style=quiet)
    if stats.reviewed_per_day:
        text.append("  ")
        text.append(REVIEWED, style=review)
        text.append(" reviews only", style=quiet)
    return text


def month_labels(stats: Stats, first: int, columns: int) -> list[tuple[int, str]]:
    """(column, "Jan") for each month that starts in the ``columns`` weeks shown (from
    week ``first`` of the year), above its first week; the current month always has
    its label, ending at the last column when it starts too late for three letters
    (the label before it then gives way, if the two would touch)."""
    labels: list[tuple[int, str]] = []
    last = None
    for column in range(columns):
        monday = stats.year_start + timedelta(weeks=first + column)
        if monday.month != last:
            if last is not None or monday.day <= 7 or column == columns - 1:
                labels.append((column, monday.strftime("%b")))
            last = monday.month
    if labels and columns >= 3:
        column, name = labels[-1]
        labels[-1] = (min(column, columns - 3), name)
    kept: list[tuple[int, str]] = []
    for column, name in reversed(labels):  # from the current month back
        if column + 3 <= columns and (not kept or column + 4 <= kept[-1][0]):
            kept.append((column, name))
    return kept[::-1]


def took(days: int | None) -> str:
    if days is None:
        return "—"
    return "same day" if days == 0 else plural(days, "day")


class Heatmap(Static):
    """The heatmap with as many of the last weeks as its width has room for."""

    def __init__(self, stats: Stats, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stats = stats

    def on_resize(self) -> None:
        styles = theme_styles(self.app.current_theme)
        weeks = max(4, self.content_region.width - 4)  # less the day names
        self.update(
            heatmap(self.stats, styles["bar--met"], styles["muted"], weeks, styles["bar--level"])
        )


def plan_text(state: PlanState | None) -> Text:
    """The plan's line: ``Plan: by 2027-03-01 · 3 topics behind (…) · at this pace you
    finish around …`` (`PlanState.text`, as `status` says it), or how to set one."""
    if state is None:
        return Text("No plan yet: d sets a date to aim for (or topics a week).", style="dim")
    return Text.assemble(visible(state.text), (" · d changes it, or clears it", "dim"))


class PlanInput(Modal[str | None]):
    """The plan, typed: a day, topics a week, or nothing to clear it."""

    BINDINGS: ClassVar[list[BindingType]] = list(PLAN_INPUT_BINDINGS)
    TAKES_TEXT = True

    def __init__(self, now: str) -> None:
        super().__init__()
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="plan-box", classes="modal-box"):
            yield Static(Text("Aim to finish", style="bold"))
            yield Static(
                Text(
                    "by a day (2027-03-01), or at topics a week (3/week); "
                    "empty clears the plan. enter sets it, escape closes.",
                    style="dim",
                )
            )
            yield Input(value=self.now, placeholder="YYYY-MM-DD or 3/week", id="plan-input")

    def text_field(self) -> Input:
        return self.query_one(Input)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_close(self) -> None:
        self.dismiss(None)


SetPlan = Callable[[str], tuple[str | None, "PlanState | None"]]
"""Sets the plan typed (the screen that opened the pace screen does): a sentence when
it could not, and the plan's standing now."""


class StatsScreen(Modal[None]):
    """Pace and history: weeks, the year's heatmap, streaks, level dates, projection,
    and the plan (`d` sets or clears it)."""

    BINDINGS: ClassVar[list[BindingType]] = list(STATS_BINDINGS)

    def __init__(
        self, stats: Stats, plan: PlanState | None = None, set_plan: SetPlan | None = None
    ) -> None:
        super().__init__()
        self.stats = stats
        self.plan = plan
        self.set_plan = set_plan

    def action_plan(self) -> None:
        if self.set_plan is None:
            return
        current = self.plan.plan if self.plan else None
        now = ""
        if current is not None and current.by is not None:
            now = current.by.isoformat()
        elif current is not None and current.per_week is not None:
            now = f"{current.per_week:g}/week"
        self.app.push_screen(PlanInput(now), self._planned)

    def _planned(self, typed: str | None) -> None:
        if typed is None or self.set_plan is None:
            return
        problem, self.plan = self.set_plan(typed)
        if problem:
            self.notify(problem, severity="error", markup=False)
        else:
            self.notify("Plan cleared." if self.plan is None else "Plan set.", timeout=3)
        self.query_one("#plan-line", Static).update(plan_text(self.plan))

    def compose(self) -> ComposeResult:
        stats = self.stats
        styles = theme_styles(self.app.current_theme)
        busy = styles["bar--met"]
        chart = Table.grid(padding=(0, 1))
        chart.add_column(style="dim", no_wrap=True)
        chart.add_column(no_wrap=True)
        chart.add_column(justify="right", no_wrap=True)
        most = max((count for _, count in stats.weeks), default=0) or 1
        for monday, count in stats.weeks:
            cells = round(count / most * 30)
            chart.add_row(
                Text(f"week of {monday.isoformat()}"),
                Text("█" * cells + ("▏" if count and not cells else ""), style=busy),
                Text(str(count)),
            )
        streak = (
            f"Current streak: {plural(stats.current_streak, 'day')} · "
            f"longest: {plural(stats.longest_streak, 'day')} "
            "(days with at least one topic finished or reviewed)"
        )
        reviewed = (
            f"Reviews: {stats.reviewed_last_4_weeks} in the last 4 weeks, "
            f"{stats.reviewed_per_day.get(stats.today, 0)} today"
        )
        with Vertical(id="stats-box", classes="modal-box"):
            yield Static(Text("Pace and history", style="bold"))
            with VerticalScroll():
                yield Static(Text("Topics finished per week", style="bold"))
                yield Static(chart)
                yield Static(Text("\n" + streak))
                yield Static(Text(stats.pace_sentence()))
                if stats.reviewed_per_day or stats.reviewed_last_4_weeks:
                    yield Static(Text(reviewed))
                yield Static(plan_text(self.plan), id="plan-line")
                yield Static(Text("\nThe last year: topics finished each day", style="bold"))
                yield Heatmap(stats, id="heatmap")
                yield Static(Text(""))
                yield Static(self._levels(), id="level-dates")
            yield Static(Text("d sets the plan · escape closes", style="dim"))

    def _levels(self) -> Table:
        levels = Table.grid(padding=(0, 2))
        levels.add_column(overflow="fold")  # a long title wraps, never cut off
        for _ in range(3):
            levels.add_column(no_wrap=True)
        levels.add_row(
            *(Text(word, style="bold") for word in ("Level", "Started", "Goal met", "Took"))
        )
        for level in self.stats.levels:
            levels.add_row(
                Text(f"{level.number:>2} {visible(level.title)}"),
                Text(level.started.isoformat() if level.started else "—"),
                Text(level.finished.isoformat() if level.finished else "—"),
                Text(took(level.took)),
            )
        return levels

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
