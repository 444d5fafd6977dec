"""`roadmap-tui import FILE|URL`: read a checklist, plan where it goes (import_plan),
write the roadmap and its progress, and say what happened."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.paths import data_dir, roadmaps_dir
from roadmap_tui.base.text import plural, visible
from roadmap_tui.cli.output import PROG, warn

if TYPE_CHECKING:  # imported when an import runs: `roadmap-tui status` never needs them
    from roadmap_tui.importing.plan import Changes, Plan
    from roadmap_tui.importing.reader import Imported


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    base = data_dir(args.data_dir)
    output = Path(args.output).expanduser() if args.output else None
    done = run_import(args.file, base, output=output, force=args.force, update=args.update)
    _import_summary(done.imported, done.plan, done.changes, out)
    out.write(f"Open it with: {open_hint(done.plan.roadmap_id, done.plan.target, args.data_dir)}\n")
    return 0


def open_hint(roadmap_id: str, target: Path, data_dir_option: str | None) -> str:
    """The command that opens the imported roadmap from the folder the import ran in:
    its id when ``--roadmap ID`` finds it there, else its path; with the same
    ``--data-dir``, where its progress is."""
    import shlex

    from roadmap_tui.base.paths import resolve_roadmap

    base = data_dir(data_dir_option)
    found = resolve_roadmap(roadmap_id, base)
    same = found.exists() and found.resolve() == target.resolve()
    shown = roadmap_id if same else shlex.quote(str(target))
    option = f"--data-dir {shlex.quote(data_dir_option)} " if data_dir_option else ""
    return f"roadmap-tui {option}--roadmap {shown}"


@dataclass
class Done:
    """What an import did: the roadmap, where it went, the progress it brought, and
    whether the roadmap file changed."""

    imported: Imported
    plan: Plan
    changes: Changes
    written: bool


def run_import(
    name: str,
    base: Path,
    *,
    output: Path | None = None,
    force: bool = False,
    update: str | None = None,
) -> Done:
    """Import the checklist ``name`` (a file or a URL) into ``base``'s roadmaps folder
    (or ``output``): the one route of `import` and of ``--roadmap FILE.md``."""
    from roadmap_tui.base.files import ensure_folder
    from roadmap_tui.importing import plan as import_plan
    from roadmap_tui.importing.reader import build_import, read_checklist
    from roadmap_tui.roadmap.load import roadmap_toml

    _check_import_size(Path(name).expanduser())  # a URL has no size here: fetch's limit
    source = import_plan.read_source(name)
    checklist = read_checklist(source.text, source.where, source.base_url)
    plan = import_plan.plan(checklist, source, base, output=output, force=force, update=update)
    imported = build_import(
        checklist, plan.roadmap_id, where=source.where, source=source.key, previous=plan.previous
    )
    if output is None:
        ensure_folder(roadmaps_dir(base))
    store = import_plan.store_for(base, plan.roadmap_id)
    changes = import_plan.progress_changes(imported, store)
    warn(store)
    written = import_plan.write(plan.target, roadmap_toml(imported.roadmap), store, changes.entries)
    return Done(imported, plan, changes, written)


def open_markdown(name: str, base: Path, err: TextIO) -> Path:
    """``--roadmap FILE.md``: the checklist imported as `roadmap-tui import FILE.md`
    would (the same roadmap in the roadmaps folder, the same ids, the same progress
    file; updated when the file changed); the imported roadmap's path. Says what it did
    on ``err`` only when the roadmap changed."""
    done = run_import(name, base)
    if done.written:
        lines = StringIO()
        _import_summary(done.imported, done.plan, done.changes, lines)
        for line in lines.getvalue().splitlines():
            err.write(f"{PROG}: {line}\n")
    return done.plan.target


MAX_WARNINGS_SHOWN = 20


def _import_summary(imported: Any, plan: Any, changes: Any, out: TextIO) -> None:
    from roadmap_tui.numbers.counts import compute_progress

    roadmap = imported.roadmap
    overall = compute_progress(roadmap, imported.statuses).overall  # leaves, as `list` counts
    verb = "Updated" if plan.previous is not None else "Imported"
    levels = plural(len(roadmap.levels), "level")
    lines = [
        f"{verb} {roadmap.title!r}: {levels}, {plural(overall.total, 'topic')} "
        f"(done {overall.progress_text})."
    ]
    followed = imported.followed
    if followed is not None:
        removed = len(followed.removed)
        lines.append(
            f"{plural(followed.kept, 'topic')} kept, {followed.added} added, {removed} removed"
            + (" (their progress is kept, and returns if they do)." if removed else ".")
        )
    lines.append(f"Saved to {plan.target}")
    lines += plan.notices
    if changes.followed:
        lines.append(
            f"The file's ticks changed on {plural(changes.followed, 'topic')} you had not "
            "changed yourself: they follow the file."
        )
    if changes.kept:
        lines.append(
            f"Kept your existing progress on {changes.kept} topics "
            "(the file's ticks were not applied)."
        )
    warnings = imported.warnings
    if warnings:
        lines.append(f"Worth a look ({len(warnings)}):")
        lines += [f"  {w}" for w in warnings[:MAX_WARNINGS_SHOWN]]
        if len(warnings) > MAX_WARNINGS_SHOWN:
            lines.append(f"  … and {len(warnings) - MAX_WARNINGS_SHOWN} more")
    out.write(visible("\n".join(lines) + "\n"))


IMPORT_LIMIT = 10 * 1024 * 1024


def _check_import_size(source: Path) -> None:
    """Refuse a checklist past the limit before reading it (a file that can't be
    looked at is left to the importer, which names the problem)."""
    try:
        size = source.stat().st_size
    except OSError:
        return
    if size > IMPORT_LIMIT and source.is_file():
        raise RoadmapTuiError(
            f"this checklist is larger than {IMPORT_LIMIT // 2**20} MiB, more than import "
            "reads; split it into several roadmaps",
            path=source,
        )
