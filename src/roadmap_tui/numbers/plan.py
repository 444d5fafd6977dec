"""A plan: a date to aim for (or topics a week), and where someone stands against it.

A plan (`progress.entries.Plan`, saved in the roadmap's progress file) draws a straight
line from the day it was set, with the topics done then, to every topic it needs done
by the end of its target day (`--by`), or rises by ``per_week`` topics a week
(`--per-week`). As of a day, the topics **due** are the line's value at the start of
that day (`rules.plan_due`); someone is **on track** with exactly that many done,
**N behind** with fewer, **N ahead** with more. The topics a plan counts
(`RoadmapCounts.goal_counts`): skipped topics don't count; a level with ``pick``
counts its goal, one topic per choice. The **projected finish** is the pace's
(`pace.Stats.projected_finish`), which counts the same topics. docs/progress.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from roadmap_tui.numbers import rules as counting
from roadmap_tui.numbers.counts import RoadmapCounts
from roadmap_tui.numbers.pace import Stats
from roadmap_tui.progress.codec import MAX_PER_WEEK, MIN_PER_WEEK
from roadmap_tui.progress.entries import Plan


class PlanError(ValueError):
    """A plan that can't be set: the sentence says why (a date in the past, a rate of 0)."""


def new_plan(
    progress: RoadmapCounts,
    today: date,
    now: datetime,
    *,
    by: date | None = None,
    per_week: float | None = None,
) -> Plan:
    """A plan set ``today`` (the local day of ``now``) from where ``progress`` stands:
    ``by`` a day (today at the earliest) or ``per_week`` topics a week (`MIN_PER_WEEK`
    to `MAX_PER_WEEK`); neither: a cleared plan. `PlanError` for a target that can't be."""
    if by is not None and per_week is not None:
        raise PlanError("a plan has a date or a rate, not both: give --by or --per-week")
    if by is not None and by < today:
        raise PlanError(f"{by.isoformat()} is in the past; aim for today or a later day")
    if per_week is not None and not MIN_PER_WEEK <= per_week <= MAX_PER_WEEK:  # (NaN: never)
        raise PlanError(
            f"--per-week takes a number of topics from {MIN_PER_WEEK} to {MAX_PER_WEEK:,}"
        )
    done, _ = progress.goal_counts
    return Plan(by, per_week, today, done, now)


@dataclass(frozen=True, slots=True)
class PlanState:
    """Where someone stands against a plan on ``today``."""

    plan: Plan
    today: date
    done: int
    """Topics done, as a plan counts them."""
    needed: int
    """Topics the plan needs done (done ones included)."""
    due: int
    """Topics the plan expects done by the start of ``today``."""
    projected_finish: date | None
    """The day every needed topic is done at the current pace; None without a pace."""

    @property
    def finished(self) -> bool:
        return self.done >= self.needed

    @property
    def behind(self) -> int:
        """Topics behind the plan (0 when on track or ahead)."""
        return 0 if self.finished else max(0, self.due - self.done)

    @property
    def ahead(self) -> int:
        """Topics ahead of the plan (0 when on track or behind)."""
        return 0 if self.finished else max(0, self.done - self.due)

    @property
    def on_track(self) -> bool:
        """Finished, ahead, or exactly where the plan expects."""
        return self.behind == 0

    @property
    def state(self) -> str:
        """``finished``, ``on_track``, ``behind`` or ``ahead`` (`status --json`)."""
        if self.finished:
            return "finished"
        return "behind" if self.behind else "ahead" if self.ahead else "on_track"

    @property
    def target(self) -> date:
        """The day the plan finishes: its ``by``, or the day ``per_week`` reaches every
        needed topic from where it was set."""
        if self.plan.by is not None:
            return self.plan.by
        rate = self.plan.per_week or 1.0
        left = max(0, self.needed - self.plan.done_then)
        try:
            return self.plan.since + timedelta(days=math.ceil(left / rate * 7))
        except OverflowError:  # past the calendar's end (a plan from a hand-edited file)
            return date.max

    @property
    def word(self) -> str:
        """``on track``, ``3 behind``, ``2 ahead`` or ``finished`` (`rules.plan_text`)."""
        return counting.plan_text(self.done, self.due, self.needed)

    @property
    def standing(self) -> str:
        """``on track``, ``3 topics behind``, ``1 topic ahead``, ``finished``."""
        if self.behind or self.ahead:
            count = self.behind or self.ahead
            return f"{count} topic{'s' * (count != 1)} {'behind' if self.behind else 'ahead'}"
        return "finished" if self.finished else "on track"

    @property
    def aim(self) -> str:
        """What the plan is: ``by 2027-03-01`` or ``3 topics a week (to 2027-03-01)``."""
        if self.plan.by is not None:
            return f"by {self.plan.by.isoformat()}"
        rate = f"{self.plan.per_week:g}"
        return f"{rate} topic{'s' * (rate != '1')} a week (to {self.target.isoformat()})"

    @property
    def text(self) -> str:
        """One line for `status`, `plan` and the app: ``Plan: by 2027-03-01 · 3 topics
        behind (12 of 61 done, 15 due) · at this pace you finish around 2027-04-02``."""
        line = f"Plan: {self.aim} · {self.standing}"
        if not self.finished:
            line += f" ({self.done} of {self.needed} done, {self.due} due)"
            finish = self.projected_finish
            line += (
                f" · at this pace you finish around {finish.isoformat()}"
                if finish is not None
                else " · no pace yet to project a finish"
            )
        return line


def plan_state(plan: Plan | None, progress: RoadmapCounts, stats: Stats) -> PlanState | None:
    """Where ``progress`` stands against ``plan`` on ``stats.today``; None without an
    active plan. ``stats`` gives the day and the projected finish (`pace.compute_stats`)."""
    if plan is None or not plan.active:
        return None
    done, needed = progress.goal_counts
    today = stats.today
    due = counting.plan_due(
        plan.done_then,
        needed,
        plan.since.toordinal(),
        today.toordinal(),
        None if plan.by is None else plan.by.toordinal(),
        plan.per_week,
    )
    return PlanState(plan, today, done, needed, due, stats.projected_finish)
