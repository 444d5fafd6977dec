"""What `status` and `plan` say of the next topic and the plan: the table's lines, and
the `--short` line's ``{next}``, ``{next_id}`` and ``{plan}`` on the ordinary route, from
the core's `numbers.nextup` and `numbers.plan`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roadmap_tui.numbers.counts import RoadmapCounts
    from roadmap_tui.numbers.pace import Stats
    from roadmap_tui.numbers.plan import PlanState
    from roadmap_tui.progress.entries import ProgressData
    from roadmap_tui.roadmap.model import Roadmap


def today_of(now: datetime) -> date:
    """The user's local day at ``now`` (`pace.local_tz`)."""
    from roadmap_tui.numbers.pace import local_tz

    return now.astimezone(local_tz()).date()


def stats_of(
    roadmap: Roadmap, saved: ProgressData, progress: RoadmapCounts, now: datetime
) -> Stats:
    """Pace and history now, in the local time zone (what `status` shows)."""
    from roadmap_tui.numbers.pace import compute_stats, local_tz

    return compute_stats(roadmap, saved.entries, now, local_tz(), progress, saved.reviews)


def state_of(saved: ProgressData, progress: RoadmapCounts, stats: Stats) -> PlanState | None:
    from roadmap_tui.numbers.plan import plan_state

    return plan_state(saved.plan, progress, stats)


def daily_cap() -> int:
    """Reviews a day: `reviews_per_day` in config.toml (the app's setting too), else
    the default; a bad settings file is a warning, never a refusal to review."""
    from roadmap_tui.base.errors import RoadmapTuiError
    from roadmap_tui.base.paths import settings_path
    from roadmap_tui.prefs.settings import DAILY_REVIEWS, load_settings

    try:
        return load_settings(settings_path()).reviews_per_day
    except RoadmapTuiError as exc:
        from roadmap_tui.cli.output import say_warnings

        say_warnings([f"{exc}; using {DAILY_REVIEWS} reviews a day"])
        return DAILY_REVIEWS


def short_values(
    roadmap: Roadmap,
    saved: ProgressData,
    progress: RoadmapCounts,
    now: datetime,
    with_due: bool = False,
) -> dict[str, Any]:
    """The ``status --short`` template's values on the ordinary route (`short.fields`),
    from the same numbers as the fast route; ``{due}`` counted only ``with_due``."""
    from roadmap_tui.cli import short
    from roadmap_tui.numbers.nextup import next_topic

    rows: list[short.LevelRow] = [
        (
            lp.level.id,
            lp.level.title,
            (lp.counts.done, lp.counts.in_progress, lp.counts.skipped, lp.counts.total),
            lp.goal_met,
            lp.level.pick,
            lp.chosen,
            lp.choices,
        )
        for lp in progress.levels
    ]
    found = next_topic(roadmap, saved.statuses(), progress)
    plan = ""
    if saved.plan is not None and saved.plan.active:
        state = state_of(saved, progress, stats_of(roadmap, saved, progress, now))
        plan = "" if state is None else state.word
    after = ("", "", plan) if found is None else (found.title, found.item.id, plan)
    due = 0
    if with_due:
        from roadmap_tui.numbers.pace import local_tz
        from roadmap_tui.numbers.review import review_queue

        due = len(review_queue(roadmap, saved, now, local_tz(), daily_cap()).due)
    return short.fields(roadmap.title, roadmap.id, rows, after, due)


def next_line(roadmap: Roadmap, saved: ProgressData, progress: RoadmapCounts) -> str:
    """``Next up: Docker (Level 9 – DevOps)``, or that nothing is left (`status`)."""
    from roadmap_tui.numbers.nextup import next_topic

    found = next_topic(roadmap, saved.statuses(), progress)
    if found is None:
        return "Next up: nothing left to do; every goal is met or its topics skipped."
    return f"Next up: {found.text}"
