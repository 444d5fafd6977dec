"""The plan in the app: where you stand against it (the core's `numbers.plan`, the same
words as `status` and `plan`), and setting or clearing it from the pace screen, saved
with the roadmap's progress like `roadmap-tui plan` saves it."""

from __future__ import annotations

import re
from datetime import date

from roadmap_tui.base.text import visible
from roadmap_tui.numbers.pace import compute_stats, local_tz
from roadmap_tui.numbers.plan import PlanError, PlanState, new_plan, plan_state
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.tracking.tracker import Tracker

PER_WEEK = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/\s*w(?:ee)?k|a\s+week|per\s+week)?\s*$", re.I)
CLEAR = {"", "clear", "none", "-"}


def plan_now(tracker: Tracker) -> PlanState | None:
    """Where the tracker's progress stands against its plan today; None without one."""
    plan = tracker.data.plan
    if plan is None or not plan.active:
        return None
    progress = tracker.progress()
    stats = compute_stats(
        tracker.roadmap, tracker.data.entries, tracker.store.clock(), local_tz(), progress
    )
    return plan_state(plan, progress, stats)


def plan_words(state: PlanState | None) -> tuple[str, str]:
    """The top bar's words: ``on track`` / ``3 behind`` / ``2 ahead``, and the finish."""
    if state is None:
        return "", ""
    finish = state.projected_finish
    if state.finished or finish is None:
        return state.word, ""
    return state.word, f"finish ~{finish.isoformat()}"


def parse_target(text: str) -> tuple[date | None, float | None]:
    """What was typed as a plan: a day (``2027-03-01``), topics a week (``3``,
    ``3/week``, ``2.5 a week``), or nothing (clear it). ValueError in words."""
    typed = text.strip()
    if typed.lower() in CLEAR:
        return None, None
    try:
        return date.fromisoformat(typed), None
    except ValueError:
        pass
    rate = PER_WEEK.match(typed)
    if rate:
        return None, float(rate.group(1))
    raise ValueError(f"{visible(typed)!r} is neither a day (YYYY-MM-DD) nor topics a week (3/week)")


def set_plan(tracker: Tracker, text: str) -> str | None:
    """Set the plan ``text`` says (`parse_target`) from where progress stands now, or
    clear it, and save it in the progress file at once (under its lock, as `plan`
    does: it syncs like a status). None when done; else the sentence saying why not."""
    if tracker.read_only:
        return "This progress file is read-only here: the plan can't be changed."
    try:
        by, per_week = parse_target(text)
        now = tracker.store.clock()
        today = now.astimezone(local_tz()).date()
        plan = new_plan(tracker.progress(), today, now, by=by, per_week=per_week)
    except (ValueError, PlanError) as exc:
        return str(exc)
    store = tracker.store
    writer = ProgressStore(store.path, store.roadmap_id, clock=store.clock)  # the saver's own
    writer.lock_timeout = store.lock_timeout  # thread may be writing with the other one
    try:
        saved = writer.save_plan(plan)
    except Exception as exc:  # a user-caused failure (a full disk, a lock): shown
        return f"The plan was not saved: {visible(str(exc))}"
    tracker.data.plan = saved.plan
    return None
