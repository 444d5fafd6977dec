"""`restore [N | FILE]`: without an argument, the copies kept of the progress file (the
daily backups, the one before an upgrade or a restore, the unreadable files moved
aside), newest first, numbered, with the topics done in each; with one, that copy put
back (progress/restore.py does the work)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.text import visible
from roadmap_tui.cli.commands import Context, open_context
from roadmap_tui.cli.output import warn
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.progress.entries import ProgressData
from roadmap_tui.progress.restore import Copy, copies, read_copy, restore


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    ctx = open_context(args)
    found = copies(ctx.store.path, ctx.roadmap.id)
    if args.which is None:
        _list(ctx, found, out)
        return 0
    source = _chosen(args.which, found)
    data = read_copy(source, ctx.roadmap.id)
    kept = restore(ctx.store, source)
    sentence = f"Restored {ctx.store.path} from {source}: {_done(ctx, data)}."
    if kept is not None:
        sentence += f" The file it replaced is kept as {kept} (`roadmap-tui restore` lists it)."
    out.write(visible(sentence) + "\n")
    return 0


def _done(ctx: Context, data: ProgressData) -> str:
    overall = compute_progress(ctx.roadmap, data.statuses()).overall
    return f"{overall.done} of {overall.total} topics done"


def _list(ctx: Context, found: list[Copy], out: TextIO) -> None:
    saved = ctx.store.load(move_corrupt=False)  # listing never writes
    warn(ctx.store)
    out.write(visible(f"{ctx.roadmap.title}: {ctx.store.path} ({_done(ctx, saved)} now)") + "\n")
    if not found:
        out.write(
            "No copies are kept yet: a daily backup is made before the first change of each day.\n"
        )
        return
    out.write("Copies kept, newest first (times in UTC):\n")
    for number, copy in enumerate(found, 1):
        daily = copy.kind == "daily backup"
        when = copy.when.strftime("%Y-%m-%d" if daily else "%Y-%m-%d %H:%M")
        what = _done(ctx, copy.data) if copy.data is not None else copy.problem
        out.write(visible(f"{number:>3}  {when:<16}  {copy.kind:<23}  {what}") + "\n")
        out.write(visible(f"     {copy.path}") + "\n")
    out.write(
        "`roadmap-tui restore N` puts copy N back; the current file is kept as a copy "
        "first, so a restore can be undone the same way.\n"
    )


def _chosen(which: str, found: list[Copy]) -> Path:
    """Copy number ``which`` of the list, or the file it names."""
    if which.isdigit():
        number = int(which)
        if not 1 <= number <= len(found):
            kept = f"there are {len(found)}" if found else "none are kept yet"
            raise RoadmapTuiError(
                f"no copy number {number} ({kept}; `roadmap-tui restore` lists them)"
            )
        return found[number - 1].path
    for copy in found:
        if which == copy.path.name:
            return copy.path
    return Path(which).expanduser()
