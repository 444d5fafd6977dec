"""`plan [--by DATE | --per-week N | --clear]`: a date to aim for, saved with the
roadmap's progress (it syncs like a status); without an option, the plan and where you
stand (`cli.standing` words it, as `status` does)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, TextIO

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.text import visible
from roadmap_tui.cli.commands import Context, open_context
from roadmap_tui.cli.output import warn
from roadmap_tui.cli.standing import next_line, state_of, stats_of, today_of

if TYPE_CHECKING:
    from roadmap_tui.numbers.counts import RoadmapCounts
    from roadmap_tui.progress.entries import ProgressData


def parse_day(text: str) -> date:
    """A day given as YYYY-MM-DD, or one sentence saying how to write one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise RoadmapTuiError(
            f"--by takes a day as YYYY-MM-DD (2027-03-01), not {text!r}", exit_code=2
        ) from None


def cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui.numbers.counts import compute_progress
    from roadmap_tui.numbers.plan import PlanError, new_plan

    chosen = [args.by is not None, args.per_week is not None, bool(args.clear)]
    if sum(chosen) > 1:
        raise RoadmapTuiError("give one of --by, --per-week and --clear", exit_code=2)
    by = None if args.by is None else parse_day(args.by)
    ctx = open_context(args)
    if not any(chosen):
        saved = ctx.store.load(move_corrupt=False)  # a read-only look never writes
        warn(ctx.store)
        progress = compute_progress(ctx.roadmap, saved.statuses())
        _show(ctx, saved, progress, out)
        return 0
    saved = ctx.store.load()
    warn(ctx.store)
    progress = compute_progress(ctx.roadmap, saved.statuses())
    now = ctx.store.clock()
    try:
        plan = new_plan(progress, today_of(now), now, by=by, per_week=args.per_week)
    except PlanError as exc:
        raise RoadmapTuiError(str(exc), exit_code=2) from None
    had = saved.plan is not None and saved.plan.active
    saved = ctx.store.save_plan(plan)
    warn(ctx.store)
    if not plan.active:
        out.write("Plan cleared.\n" if had else "There was no plan; nothing to clear.\n")
        return 0
    _show(ctx, saved, progress, out)
    return 0


def _show(ctx: Context, saved: ProgressData, progress: RoadmapCounts, out: TextIO) -> None:
    state = state_of(saved, progress, stats_of(ctx.roadmap, saved, progress, ctx.store.clock()))
    if state is None:
        title = visible(repr(ctx.roadmap.title))
        out.write(f"No plan for {title}. Set one with --by YYYY-MM-DD or --per-week N.\n")
        return
    out.write(visible(state.text) + "\n")
    out.write(visible(next_line(ctx.roadmap, saved, progress)) + "\n")
