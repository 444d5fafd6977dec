"""A plan (`numbers/plan.py`, `[plan]` in the progress file): on track, behind or ahead
as of a day, on a line from the day it was set; skipped topics and a `pick` level's
optional choices don't count; saved with the roadmap's progress and merged like a
status (the newest change wins, a clear included)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.samples import level, roadmap_text, topic

from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.numbers.pace import compute_stats
from roadmap_tui.numbers.plan import PlanError, new_plan, plan_state
from roadmap_tui.progress.codec import decode, encode
from roadmap_tui.progress.entries import Entry, Plan, ProgressData, merge
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import parse_roadmap
from roadmap_tui.roadmap.model import Status

D, S = Status.DONE, Status.SKIPPED
# Ten topics in a plain level, and a level of five choices of which one is needed.
ROADMAP = parse_roadmap(
    roadmap_text(
        "p",
        "Plan",
        level("ten", "Ten", *(topic(f"t{n}", f"T{n}") for n in range(10))),
        level("pick", "Pick", *(topic(f"c{n}", f"C{n}") for n in range(5)), pick=1),
    ),
    Path("p.toml"),
)
SET = datetime(2026, 3, 1, 9, tzinfo=UTC)  # a Sunday; the plan is set that morning


def state(statuses: dict[str, Status], plan: Plan, days_later: int) -> tuple[str, int, int]:
    now = SET + timedelta(days=days_later)
    entries = {
        key: Entry(status, SET, SET, SET if status is D else None)
        for key, status in statuses.items()
    }
    progress = compute_progress(ROADMAP, statuses)
    stats = compute_stats(ROADMAP, entries, now, UTC, progress)
    found = plan_state(plan, progress, stats)
    assert found is not None
    return found.word, found.due, found.needed


def test_the_plan_counts_goals_not_optional_choices_or_skips() -> None:
    progress = compute_progress(ROADMAP, {"t0": S, "c0": D, "c1": D})
    assert progress.goal_counts == (1, 10)  # 9 topics + 1 choice; the extra choice is optional


def test_by_a_date_one_topic_a_day_on_track_behind_and_ahead() -> None:
    # 11 topics needed, none done, by 2026-03-11: 11 days, one a day.
    plan = new_plan(compute_progress(ROADMAP, {}), SET.date(), SET, by=date(2026, 3, 11))
    assert state({}, plan, 0) == ("on track", 0, 11)  # the day it is set
    assert state({}, plan, 3) == ("3 behind", 3, 11)
    assert state({"t0": D, "t1": D, "t2": D}, plan, 3) == ("on track", 3, 11)
    assert state({f"t{n}": D for n in range(5)}, plan, 3) == ("2 ahead", 3, 11)
    # Skipping a topic takes it out: fewer needed, so fewer due.
    assert state({"t0": S}, plan, 10)[1:] == (9, 10)
    # After the day: everything is due.
    assert state({}, plan, 30) == ("11 behind", 11, 11)
    everything = {**{f"t{n}": D for n in range(10)}, "c3": D}
    assert state(everything, plan, 5)[0] == "finished"


def test_per_week_rises_by_the_rate_from_where_it_was_set() -> None:
    progress = compute_progress(ROADMAP, {"t0": D})
    plan = new_plan(progress, SET.date(), SET, per_week=2)
    assert plan.done_then == 1
    assert state({"t0": D}, plan, 7) == ("2 behind", 3, 11)
    assert state({"t0": D}, plan, 3)[1] == 1  # two a week: not one more due in 3 days
    found = plan_state(plan, progress, compute_stats(ROADMAP, {}, SET, UTC, progress))
    assert found is not None
    assert found.target == date(2026, 4, 5)  # 10 left at 2 a week: 35 days
    assert found.aim == "2 topics a week (to 2026-04-05)"


def test_the_projected_finish_is_the_pace_screens() -> None:
    statuses = {f"t{n}": D for n in range(4)}
    entries = {
        key: Entry(D, SET, SET - timedelta(days=n + 1), SET - timedelta(days=n))
        for n, key in enumerate(statuses)
    }
    progress = compute_progress(ROADMAP, statuses)
    stats = compute_stats(ROADMAP, entries, SET, UTC, progress)
    found = plan_state(new_plan(progress, SET.date(), SET, by=date(2026, 6, 1)), progress, stats)
    assert found is not None and stats.projected_finish is not None
    assert found.projected_finish == stats.projected_finish
    assert stats.remaining == found.needed - found.done == 7
    assert f"at this pace you finish around {stats.projected_finish.isoformat()}" in found.text


def test_a_plan_that_cannot_be_is_one_sentence() -> None:
    progress = compute_progress(ROADMAP, {})
    with pytest.raises(PlanError, match="in the past"):
        new_plan(progress, SET.date(), SET, by=date(2026, 2, 28))
    for rate in (0, -1, float("inf"), float("nan"), 10_001):
        with pytest.raises(PlanError, match=r"from 0\.01 to 10,000"):
            new_plan(progress, SET.date(), SET, per_week=rate)


def test_no_plan_and_a_cleared_plan_show_nothing() -> None:
    progress = compute_progress(ROADMAP, {})
    stats = compute_stats(ROADMAP, {}, SET, UTC, progress)
    assert plan_state(None, progress, stats) is None
    assert plan_state(new_plan(progress, SET.date(), SET), progress, stats) is None


def test_the_plan_is_saved_in_the_progress_file_and_read_back(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.toml", "p", clock=lambda: SET)
    plan = Plan(date(2026, 6, 1), None, SET.date(), 3, SET)
    store.save_plan(plan)
    text = (tmp_path / "p.toml").read_text(encoding="utf-8")
    assert "[plan]" in text and "by = 2026-06-01" in text
    assert ProgressStore(tmp_path / "p.toml", "p").load().plan == plan
    # Cleared: kept as a clear (so it syncs), and no longer active.
    store.save_plan(Plan(since=SET.date(), changed=SET))
    cleared = ProgressStore(tmp_path / "p.toml", "p").load().plan
    assert cleared is not None and not cleared.active and cleared.changed > SET


@pytest.mark.parametrize(
    "table",
    [
        'by = "soon"\nsince = 2026-03-01\nchanged = 2026-03-01T09:00:00Z',
        "per_week = 0\nsince = 2026-03-01\nchanged = 2026-03-01T09:00:00Z",
        "per_week = 3\nchanged = 2026-03-01T09:00:00Z",
        "per_week = 3\nsince = 2026-03-01",
    ],
)
def test_a_plan_table_this_version_cant_read_is_kept_and_ignored(table: str) -> None:
    import tomllib

    doc = tomllib.loads(f'schema = 1\nroadmap = "p"\n[plan]\n{table}\n')
    data = decode(doc, "p")
    assert data.plan is None
    assert tomllib.loads(encode(data))["plan"] == doc["plan"]  # written back as it was


def test_the_newest_plan_wins_a_merge_a_clear_included() -> None:
    old = Plan(date(2026, 6, 1), None, SET.date(), 0, SET)
    new = Plan(None, 3.0, SET.date(), 0, SET + timedelta(hours=1))
    cleared = Plan(since=SET.date(), changed=SET + timedelta(hours=2))
    base = ProgressData("p", plan=old)
    assert merge(base, {}, new).plan == new
    assert merge(ProgressData("p", plan=new), {}, old).plan == new
    assert merge(ProgressData("p", plan=new), {}, cleared).plan == cleared
    assert merge(base, {}, None).plan == old


@given(
    st.builds(
        Plan,
        by=st.none() | st.dates(),
        per_week=st.none() | st.floats(0.01, 10_000),
        since=st.dates(),
        done_then=st.integers(0, 10**12),
    ),
    # Today comes from the system clock, not the file: any day a computer can be set to.
    st.dates(min_value=date(1971, 1, 1), max_value=date(9998, 12, 31)),
)
def test_any_plan_a_file_can_hold_is_said_without_a_crash(plan: Plan, today: date) -> None:
    """A hand-edited plan (a day at the calendar's ends, a tiny rate, a huge count) is
    still shown: a standing, a target, one line of text."""
    from roadmap_tui.export.data import plan_json

    progress = compute_progress(ROADMAP, {"t0": D})
    now = datetime.combine(today, datetime.min.time(), UTC)
    found = plan_state(plan, progress, compute_stats(ROADMAP, {}, now, UTC, progress))
    if not plan.active:
        assert found is None
        return
    assert found is not None and found.text.startswith("Plan: ")
    assert found.behind >= 0 and found.ahead >= 0 and not (found.behind and found.ahead)
    data = plan_json(found)
    assert data is not None and data["state"] in {"on_track", "behind", "ahead", "finished"}
