"""History and pace: topics finished per week, streaks, level dates, projected finish.

Everything is derived from the ``started`` / ``finished`` times the progress file keeps
for each topic (docs/progress.md): no log grows without bound. Days and weeks are the
user's local ones (weeks start on Monday); a test passes the time zone explicitly.

Definitions (docs/progress.md repeats them):

* a *streak* is a run of consecutive days with at least one topic finished or reviewed
  (a review of the review log, none taken back); the current streak still counts today
  before anything is done today (it ends only once a whole day passes without either);
* *pace* is the number of topics finished in the last 28 days (today included), or
  since the first activity (the earliest start or finish saved) when that is more
  recent, per week; with less than `MIN_PACE_DAYS` days since the first activity
  there is not enough data yet, and no pace;
* the *projected finish* is today plus the remaining topics (not done, not skipped;
  a level with ``pick`` counts only the choices its goal still needs:
  `RoadmapCounts.goal_counts`) divided by the pace per day, rounded up; none when
  there is no pace or it is zero;
* the *weekly history* starts at the first active week (at most `WEEKS_SHOWN` weeks);
* a level *started* on the earliest day one of its topics was started (or finished),
  and *finished* on the day its last non-skipped topic was done — for a level with a
  ``pick`` goal, the day its goal was met; it *took* the days between the two;
* the *year* is the last 53 weeks (Monday to Sunday, this week included): topics
  finished on each of its days, and reviews made on each, for the heatmap.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from roadmap_tui.numbers.counts import RoadmapCounts, compute_progress
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.reviews import REVIEW, UNDONE, Review
from roadmap_tui.roadmap.model import Level, Roadmap, Status

WEEKS_SHOWN = 12
PACE_DAYS = 28
YEAR_WEEKS = 53
SPARKS = "▁▂▃▄▅▆▇█"
ASCII_SPARKS = "_.:-=+*#"
MIN_PACE_DAYS = 3
"""Days since the first activity (today included) before a pace is worth showing."""


@dataclass(frozen=True, slots=True)
class LevelDates:
    """When a level was first started and when its goal was met (local days)."""

    number: int
    title: str
    started: date | None
    finished: date | None

    @property
    def took(self) -> int | None:
        """Days from the first start to the goal met (0: the same day); None until met."""
        if self.started is None or self.finished is None:
            return None
        return max(0, (self.finished - self.started).days)


@dataclass(frozen=True, slots=True)
class Stats:
    """Pace and history: topics finished per week, streaks, pace, projected finish."""

    today: date
    weeks: tuple[tuple[date, int], ...]  # (Monday, topics finished that week), oldest first
    pace_days: int  # days the pace is measured over (0: not enough data yet)
    current_streak: int
    longest_streak: int
    finished_last_4_weeks: int
    remaining: int
    levels: tuple[LevelDates, ...]
    per_day: Mapping[date, int] = field(default_factory=dict)
    """Topics finished on each day of the year (`YEAR_WEEKS` weeks); days without
    a finish are absent."""
    reviewed_per_day: Mapping[date, int] = field(default_factory=dict)
    """Reviews made on each day of the year (none taken back); days without are absent."""
    reviewed_last_4_weeks: int = 0

    @property
    def year_start(self) -> date:
        """The Monday the heatmap's year starts on."""
        return _monday(self.today) - timedelta(weeks=YEAR_WEEKS - 1)

    def year_grid(self) -> list[list[int | None]]:
        """The year as columns of weeks (oldest first), each Monday to Sunday: topics
        finished per day, None for the days after today."""
        start = self.year_start
        return [
            [
                None if day > self.today else self.per_day.get(day, 0)
                for day in (start + timedelta(days=7 * week + weekday) for weekday in range(7))
            ]
            for week in range(YEAR_WEEKS)
        ]

    def last_weeks(self) -> list[tuple[date, int]]:
        """Always the last `WEEKS_SHOWN` weeks (Monday, topics finished), oldest first:
        the sparkline keeps its width from day to day, unlike the history's rows, which
        start at the first active week."""
        this_monday = _monday(self.today)
        mondays = [this_monday - timedelta(weeks=back) for back in range(WEEKS_SHOWN - 1, -1, -1)]
        return [
            (monday, sum(self.per_day.get(monday + timedelta(days=d), 0) for d in range(7)))
            for monday in mondays
        ]

    def sparkline(self, sparks: str = SPARKS) -> str:
        """The last weeks as one line of ``sparks`` (the lowest: no topic finished)."""
        return sparkline([count for _, count in self.last_weeks()], sparks)

    def sparkline_sentence(self, sparks: str = SPARKS) -> str:
        """One line for `roadmap-tui status`: the last weeks and how many topics."""
        total = sum(count for _, count in self.last_weeks())
        return (
            f"Last {WEEKS_SHOWN} weeks: {self.sparkline(sparks)} "
            f"{total} topic{'s' * (total != 1)} finished"
        )

    @property
    def pace_per_week(self) -> float | None:
        """Topics finished per week; None while there is not enough data yet. Every
        finish counted is on or after the first activity, so those of the last 28 days
        are exactly those of the `pace_days`."""
        if not self.pace_days:
            return None
        return self.finished_last_4_weeks / self.pace_days * 7

    @property
    def projected_finish(self) -> date | None:
        if self.remaining == 0:
            return self.today
        if not self.pace_days or self.finished_last_4_weeks == 0:
            return None
        per_day = self.finished_last_4_weeks / self.pace_days
        return self.today + timedelta(days=math.ceil(self.remaining / per_day))

    def pace_sentence(self) -> str:
        """One line for `roadmap-tui status` and the stats screen."""
        if self.remaining == 0:
            return "Nothing left to do: finished."
        if self.pace_per_week is None:
            return (
                "Pace: not enough data yet (it is measured from your first activity, "
                f"once that is {MIN_PACE_DAYS} days old)."
            )
        since = (
            "over the last 4 weeks"
            if self.pace_days == PACE_DAYS
            else f"over {self.pace_days} days, since your first activity"
        )
        pace = f"Pace: {self.pace_per_week:.1f} topics/week {since}"
        finish = self.projected_finish
        if finish is None:
            return f"{pace}; finish a topic to see a projected date."
        return f"{pace}; at this pace you finish around {finish.isoformat()}."


def sparkline(counts: list[int], sparks: str = SPARKS) -> str:
    """One character per count: the first of ``sparks`` for zero, the last for the
    largest count, the others in proportion (any count above zero is above the first)."""
    most = max(counts, default=0)
    steps = len(sparks) - 1
    return "".join(
        sparks[0] if not count else sparks[max(1, math.ceil(count / most * steps))]
        for count in counts
    )


def _local_day(when: datetime, tz: tzinfo) -> date:
    return when.astimezone(tz).date()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def compute_stats(
    roadmap: Roadmap,
    entries: Mapping[str, Entry],
    now: datetime,
    tz: tzinfo,
    progress: RoadmapCounts | None = None,
    reviews: Iterable[Review] = (),
) -> Stats:
    """``progress``, when the caller has it already, saves computing it again;
    ``reviews``: the review log (its reviews count in the streak and the heatmap)."""
    today = _local_day(now, tz)
    reviewed = _review_days(reviews, tz)
    finished = {
        key: entry.finished
        for key, entry in entries.items()
        if entry.status is Status.DONE and entry.finished is not None
    }
    stamped = {
        key
        for key, entry in entries.items()
        if entry.started is not None or entry.finished is not None
    }
    leaf_ids: set[str] = set()  # the leaves with a start or finish time
    for level in roadmap.levels if stamped else ():
        leaf_ids.update(stamped.intersection(level.outline()[0]))  # a C loop over the leaves
    finish_days = [_local_day(when, tz) for key, when in finished.items() if key in leaf_ids]
    per_day = Counter(finish_days)
    first = _first_activity(entries, leaf_ids, tz)

    this_monday = _monday(today)
    per_week = Counter(_monday(day) for day in finish_days)
    shown = 1 if first is None else (this_monday - _monday(first)).days // 7 + 1
    weeks = tuple(
        (this_monday - timedelta(weeks=back), per_week.get(this_monday - timedelta(weeks=back), 0))
        for back in range(max(1, min(WEEKS_SHOWN, shown)) - 1, -1, -1)
    )
    active_days = (today - first).days + 1 if first is not None else 0
    pace_days = min(PACE_DAYS, active_days) if active_days >= MIN_PACE_DAYS else 0

    active = set(per_day) | set(reviewed)
    days = sorted(active)
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    cursor = today if today in active else today - timedelta(days=1)
    while cursor in active:
        current += 1
        cursor -= timedelta(days=1)

    year_start = this_monday - timedelta(weeks=YEAR_WEEKS - 1)
    year = {day: count for day, count in per_day.items() if year_start <= day <= today}

    window_start = today - timedelta(days=PACE_DAYS - 1)
    recent = sum(count for day, count in per_day.items() if window_start <= day <= today)
    reviewed_recent = sum(n for day, n in reviewed.items() if window_start <= day <= today)

    if progress is None:
        progress = compute_progress(roadmap, {key: entry.status for key, entry in entries.items()})
    done, needed = progress.goal_counts
    remaining = needed - done

    levels = [
        level_dates(number, level, entries, tz) for number, level in enumerate(roadmap.levels)
    ]

    return Stats(
        today=today,
        weeks=weeks,
        pace_days=pace_days,
        current_streak=current,
        longest_streak=longest,
        finished_last_4_weeks=recent,
        remaining=remaining,
        levels=tuple(levels),
        per_day=year,
        reviewed_per_day={day: n for day, n in reviewed.items() if year_start <= day <= today},
        reviewed_last_4_weeks=reviewed_recent,
    )


def _review_days(reviews: Iterable[Review], tz: tzinfo) -> Counter[date]:
    """Reviews made on each local day, without those an ``undone`` entry takes back."""
    log = list(reviews)
    taken_back = {(r.topic, r.at, r.rating) for r in log if r.kind == UNDONE}
    return Counter(
        _local_day(r.at, tz)
        for r in log
        if r.kind == REVIEW and (r.topic, r.at, r.rating) not in taken_back
    )


def _first_activity(entries: Mapping[str, Entry], leaf_ids: set[str], tz: tzinfo) -> date | None:
    """The first local day a topic was started or finished (imported ticks without a
    time are no activity: nobody knows when they happened)."""
    stamps = [
        when
        for key, entry in entries.items()
        if key in leaf_ids
        for when in (entry.started, entry.finished)
        if when is not None
    ]
    return _local_day(min(stamps), tz) if stamps else None


def level_dates(number: int, level: Level, entries: Mapping[str, Entry], tz: tzinfo) -> LevelDates:
    """When the level was started (its first topic) and finished (its goal met)."""
    starts: list[date] = []
    finishes: list[date] = []
    complete = True
    leaves = level.outline()[0]
    if entries.keys().isdisjoint(leaves):  # nothing done here yet (most levels of a big one)
        return LevelDates(number, level.title, None, None)
    for key in leaves:
        entry = entries.get(key)
        if entry is None or entry.status is Status.TODO:
            complete = False
            continue
        when = entry.started or entry.finished
        if when is not None:
            starts.append(_local_day(when, tz))
        if entry.status is Status.DONE and entry.finished is not None:
            finishes.append(_local_day(entry.finished, tz))
        elif entry.status is not Status.SKIPPED:
            complete = False
    finished = max(finishes) if complete and finishes else None
    if level.pick is not None:
        finished = _goal_day(level.leaf_groups(), entries, level.pick, tz)
    return LevelDates(number, level.title, min(starts, default=None), finished)


def _goal_day(
    groups: list[tuple[str, ...]], entries: Mapping[str, Entry], pick: int, tz: tzinfo
) -> date | None:
    """The day the ``pick``-th top-level item was done (a parent: its last leaf), from
    the leaf ids under each top-level item."""
    days: list[date] = []
    for group in groups:
        leaf_days: list[date] = []
        for key in group:
            entry = entries.get(key)
            if entry is None or entry.status is not Status.DONE or entry.finished is None:
                break
            leaf_days.append(_local_day(entry.finished, tz))
        else:
            if leaf_days:
                days.append(max(leaf_days))
    days.sort()
    return days[pick - 1] if len(days) >= pick else None


def local_tz() -> tzinfo:
    """The machine's local time zone."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone
