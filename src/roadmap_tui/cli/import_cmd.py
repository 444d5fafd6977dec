"""`roadmap-tui import FILE|URL`: read a checklist, plan where it goes (import_plan),
write the roadmap and its progress, and say what happened."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
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
    from roadmap_tui.roadmap.model import Status


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    base = data_dir(args.data_dir)
    output = Path(args.output).expanduser() if args.output else None
    fixes = attach_option(getattr(args, "attach", None) or [])
    done = run_import(
        args.file,
        base,
        output=output,
        force=args.force,
        update=args.update,
        attach=fixes,
        detach=getattr(args, "detach", None) or [],
    )
    _import_summary(done, out)
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
    statuses: dict[str, Status] = field(default_factory=dict)  # what `status` counts


def attach_option(values: list[str]) -> dict[str, str]:
    """``--attach OLD=NEW`` options as ``{OLD: NEW}``, or a usage error."""
    out: dict[str, str] = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise RoadmapTuiError(
                f"--attach {value}: give the orphan's id and the topic's, as OLD=NEW"
            )
        out[old.strip()] = new.strip()
    return out


def run_import(
    name: str,
    base: Path,
    *,
    output: Path | None = None,
    force: bool = False,
    update: str | None = None,
    attach: dict[str, str] | None = None,
    detach: list[str] | None = None,
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
    store = import_plan.store_for(base, plan.roadmap_id)
    if attach and plan.previous is not None:
        import_plan.check_orphans(attach, store, plan.previous)
    imported = build_import(
        checklist,
        plan.roadmap_id,
        where=source.where,
        source=source.key,
        previous=plan.previous,
        attach=attach,
        detach=detach or (),
    )
    if output is None:
        ensure_folder(roadmaps_dir(base))
    changes = import_plan.progress_changes(imported, store)
    warn(store)
    written = import_plan.write(plan.target, roadmap_toml(imported.roadmap), store, changes.entries)
    statuses = {**changes.saved, **{k: e.status for k, e in changes.entries.items()}}
    return Done(imported, plan, changes, written, statuses)


def open_markdown(name: str, base: Path, err: TextIO) -> Path:
    """``--roadmap FILE.md``: the checklist imported as `roadmap-tui import FILE.md`
    would (the same roadmap in the roadmaps folder, the same ids, the same progress
    file; updated when the file changed); the imported roadmap's path. Says what it did
    on ``err`` only when the roadmap changed."""
    done = run_import(name, base)
    if done.written:
        lines = StringIO()
        _import_summary(done, lines)
        for line in lines.getvalue().splitlines():
            err.write(f"{PROG}: {line}\n")
    return done.plan.target


MAX_WARNINGS_SHOWN = 20
MAX_NAMED = 10  # topics named (followed, added, removed), then "and N more"


def _import_summary(done: Done, out: TextIO) -> None:
    from roadmap_tui.numbers.counts import compute_progress

    imported, plan, changes = done.imported, done.plan, done.changes
    roadmap = imported.roadmap
    overall = compute_progress(roadmap, done.statuses).overall  # as `status` counts
    verb = "Updated" if plan.previous is not None else "Imported"
    levels = plural(len(roadmap.levels), "level")
    lines = [
        f"{verb} {roadmap.title!r}: {levels}, {plural(overall.total, 'topic')} "
        f"(done {overall.progress_text})."
    ]
    if imported.followed is not None:
        lines += _followed_lines(imported.followed)
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


def _followed_lines(followed: Any) -> list[str]:
    """What an update kept, followed, added and removed, topic by topic."""
    renamed, added, removed = followed.renamed, followed.added, followed.removed
    counts = [plural(followed.kept, "topic") + " kept"]
    if renamed:
        counts.append(f"{len(renamed)} followed after a change")
    counts += [f"{len(added)} added", f"{len(removed)} removed"]
    end = " (their progress is kept, and returns if they do)." if removed else "."
    lines = [", ".join(counts) + end]
    lines += [f"  attached: {t!r} ({old}, was {new})" for old, t, new in followed.attached]
    named = [
        *(f"  followed: {a!r} → {b!r} ({k}; undo: --detach {k})" for k, a, b in renamed),
        *(f"  added: {title!r} ({key})" for key, title in added),
        *(
            f"  removed: {title!r} ({key}; to put its progress on a topic: --attach {key}=ID)"
            for key, title in removed
        ),
    ]
    lines += named[:MAX_NAMED]
    if len(named) > MAX_NAMED:
        lines.append(f"  … and {len(named) - MAX_NAMED} more")
    return lines


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
