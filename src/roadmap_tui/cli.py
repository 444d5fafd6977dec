"""The `roadmap-tui` command. Subcommands never import Textual: only opening the app does."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from roadmap_tui import __version__
from roadmap_tui.errors import ProgressError, RoadmapTuiError
from roadmap_tui.model import STATUS_ALIASES, Roadmap, Status, compute_progress, parse_status
from roadmap_tui.paths import data_dir, progress_path, roadmaps_dir
from roadmap_tui.store import ProgressStore
from roadmap_tui.text import visible

PROG = "roadmap-tui"


@dataclass
class Context:
    """What every command works on: one roadmap, its progress store, the data folder."""

    roadmap: Roadmap
    roadmap_path: Path
    bundled: bool
    data: Path
    store: ProgressStore


def open_context(args: argparse.Namespace) -> Context:
    from roadmap_tui.roadmap import bundled_roadmap_path, load_roadmap

    base = data_dir(args.data_dir)
    bundled = args.roadmap is None
    path = bundled_roadmap_path() if bundled else resolve_roadmap(args.roadmap, base)
    roadmap = load_roadmap(path)
    store = ProgressStore(progress_path(base, roadmap.id), roadmap.id)
    return Context(roadmap, path, bundled, base, store)


def resolve_roadmap(name: str, base: Path) -> Path:
    """``--roadmap`` takes a file, or the id of a roadmap in the user's roadmaps folder."""
    import os

    # lexists: False (not an exception) for names the system refuses, such as too long
    # ones; reading the path then says why in one line.
    path = Path(name).expanduser()
    if not os.path.lexists(path) and path.suffix == "" and "/" not in name:
        candidate = roadmaps_dir(base) / f"{name}.toml"
        if os.path.lexists(candidate):
            return candidate
    return path


def _warn(store: ProgressStore) -> None:
    for notice in store.notices:
        print(f"{PROG}: warning: {visible(notice)}", file=sys.stderr)
    store.notices.clear()


def _json(data: object) -> str:
    """JSON for scripts: readable Unicode, but no control character reaches a terminal
    raw (json escapes C0 controls; DEL and C1 are escaped here too)."""
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if 0x7F <= ord(c) <= 0x9F else c for c in text) + "\n"


# ----------------------------------------------------------------------------- commands


def cmd_status(args: argparse.Namespace, out: TextIO) -> int:
    template = args.format
    if args.json and template is not None:
        raise RoadmapTuiError("--format is for the --short line, not --json")
    if args.short or template is not None:
        from roadmap_tui import short

        template = template if template is not None else short.DEFAULT_FORMAT
        try:
            short.check_template(template)
        except short.TemplateError as exc:
            raise RoadmapTuiError(str(exc)) from None
    ctx = open_context(args)
    saved = ctx.store.load(move_corrupt=False)  # a read-only command never writes
    _warn(ctx.store)
    progress = compute_progress(ctx.roadmap, saved.statuses())
    if template is not None:  # the fast route's line (short.py), from the same numbers
        rows = [
            (lp.level.id, lp.level.title, _tally(lp.counts), lp.goal_met) for lp in progress.levels
        ]
        values = short.fields(ctx.roadmap.title, ctx.roadmap.id, rows)
        out.write(short.render(template, values) + "\n")
        return 0
    from roadmap_tui.stats import compute_stats, local_tz

    stats = compute_stats(ctx.roadmap, saved.entries, ctx.store.clock(), local_tz(), progress)
    if args.json:
        data = status_json(ctx, progress)
        finish = stats.projected_finish
        data["pace"] = {
            "per_week": round(stats.pace_per_week, 2),
            "finished_last_4_weeks": stats.finished_last_4_weeks,
            "remaining": stats.remaining,
            "projected_finish": finish.isoformat() if finish else None,
            "current_streak_days": stats.current_streak,
            "longest_streak_days": stats.longest_streak,
        }
        write_utf8(out, _json(data))
        return 0
    from roadmap_tui.tables import render_status

    render_status(ctx.roadmap, progress, out)
    out.write(stats.pace_sentence() + "\n")
    return 0


def _tally(counts: Any) -> tuple[int, int, int, int]:
    return counts.done, counts.in_progress, counts.skipped, counts.total


def _counts_json(counts: Any) -> dict[str, int]:
    return {
        "done": counts.done,
        "in_progress": counts.in_progress,
        "skipped": counts.skipped,
        "todo": counts.todo,
        "total": counts.total,
        "percent": counts.percent,
    }


def status_json(ctx: Context, progress: Any) -> dict[str, Any]:
    return {
        "roadmap": {"id": ctx.roadmap.id, "title": ctx.roadmap.title},
        "overall": _counts_json(progress.overall),
        "levels": [
            {
                "number": lp.number,
                "id": lp.level.id,
                "title": lp.level.title,
                **_counts_json(lp.counts),
                "goal_met": lp.goal_met,
            }
            for lp in progress.levels
        ],
    }


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui.export import export_markdown

    ctx = open_context(args)
    saved = ctx.store.load(move_corrupt=False)  # a read-only command never writes
    _warn(ctx.store)
    text = export_markdown(ctx.roadmap, saved.entries, date.today())
    if args.output in (None, "-"):
        write_utf8(out, text)
        return 0
    from roadmap_tui.files import write_user_file

    write_user_file(Path(args.output).expanduser(), text, force=args.force)
    print(f"Exported {visible(ctx.roadmap.title)} to {args.output}", file=sys.stderr)
    return 0


def write_utf8(out: TextIO, text: str) -> None:
    """``text`` as UTF-8 bytes whatever the terminal's encoding: Markdown and JSON are
    UTF-8 by definition (a stream without bytes underneath gets the text itself)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def cmd_mark(args: argparse.Namespace, out: TextIO) -> int:
    status = parse_status(args.status)
    if status is None:
        words = ", ".join(sorted(STATUS_ALIASES))
        raise RoadmapTuiError(f"unknown status {args.status!r}; use one of: {words}")
    ctx = open_context(args)
    index = ctx.roadmap.index()
    if args.id in index.levels:  # a level's id marks every topic in it
        level = index.levels[args.id]
        leaves = [leaf.id for leaf in level.leaves()]
        what = f"of level {level.title!r}"
    elif args.id in index.items:
        item = index.items[args.id]
        leaves = index.leaf_ids(args.id)
        what = f"under {item.title!r}" if item.children else ""
        if not item.children:  # one topic: always exactly what was asked
            _mark(ctx, leaves, status, keep_skipped=False)
            out.write(visible(f"Marked {item.title!r} {status.label}.\n"))
            return 0
    else:
        import difflib

        close = difflib.get_close_matches(args.id, list(index.items), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        hint += " (`roadmap-tui status --json` and the app's details pane show ids.)"
        raise RoadmapTuiError(f"no topic has the id {args.id!r} in {ctx.roadmap.title!r}.{hint}")
    # A level or parent: skipped topics stay skipped unless --all.
    keep = not args.all and status is not Status.SKIPPED
    saved = _mark(ctx, leaves, status, keep_skipped=keep)
    left = [key for key in leaves if keep and saved.entry(key).status is Status.SKIPPED]
    marked = len(leaves) - len(left)
    sentence = f"Marked {marked} topic{'' if marked == 1 else 's'} {what} {status.label}."
    if left:
        one = len(left) == 1
        sentence += (
            f" Left {len(left)} skipped topic{'' if one else 's'} as "
            f"{'it was' if one else 'they were'} (--all marks them too)."
        )
    out.write(visible(sentence + "\n"))
    return 0


def _mark(ctx: Context, leaves: list[str], status: Status, *, keep_skipped: bool) -> Any:
    ctx.store.load()
    if ctx.store.read_only:  # one sentence, not a warning and then an error
        ctx.store.notices.clear()
        raise ProgressError(
            ctx.store.read_only_reason or "this progress file is never written by this roadmap-tui",
            path=ctx.store.path,
            exit_code=1,
        )
    _warn(ctx.store)
    saved = ctx.store.set_status(leaves, status, keep_skipped=keep_skipped)
    _warn(ctx.store)
    return saved


def cmd_path(args: argparse.Namespace, out: TextIO) -> int:
    ctx = open_context(args)
    origin = " (bundled)" if ctx.bundled else ""
    out.write(f"roadmap:  {ctx.roadmap_path}{origin}\n")
    out.write(f"progress: {ctx.store.path}\n")
    out.write(f"data:     {ctx.data}\n")
    from roadmap_tui.paths import keymap_path

    out.write(f"keymap:   {keymap_path()}\n")
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui import import_plan
    from roadmap_tui.files import ensure_folder
    from roadmap_tui.importer import build_import, read_checklist
    from roadmap_tui.roadmap import roadmap_toml

    base = data_dir(args.data_dir)
    _check_import_size(Path(args.file).expanduser())  # a URL has no size here: fetch's limit
    source = import_plan.read_source(args.file)
    checklist = read_checklist(source.text, source.where, source.base_url)
    output = Path(args.output).expanduser() if args.output else None
    plan = import_plan.plan(
        checklist, source, base, output=output, force=args.force, update=args.update
    )
    imported = build_import(
        checklist, plan.roadmap_id, where=source.where, source=source.key, previous=plan.previous
    )
    if output is None:
        ensure_folder(roadmaps_dir(base))
    store = import_plan.store_for(base, plan.roadmap_id)
    changes, kept = import_plan.progress_changes(imported, store)
    _warn(store)
    import_plan.write(plan.target, roadmap_toml(imported.roadmap), store, changes)
    _import_summary(imported, plan, kept, out)
    shown = plan.target if args.output else plan.roadmap_id
    out.write(f"Open it with: roadmap-tui --roadmap {shown}\n")
    return 0


MAX_WARNINGS_SHOWN = 20


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _import_summary(imported: Any, plan: Any, kept: int, out: TextIO) -> None:
    roadmap = imported.roadmap
    topics = sum(1 for _ in roadmap.walk())
    done = sum(1 for s in imported.statuses.values() if s is Status.DONE)
    verb = "Updated" if plan.previous is not None else "Imported"
    levels = _plural(len(roadmap.levels), "level")
    lines = [f"{verb} {roadmap.title!r}: {levels}, {_plural(topics, 'topic')}, {done} done."]
    followed = imported.followed
    if followed is not None:
        removed = len(followed.removed)
        lines.append(
            f"{_plural(followed.kept, 'topic')} kept, {followed.added} added, {removed} removed"
            + (" (their progress is kept, and returns if they do)." if removed else ".")
        )
    lines.append(f"Saved to {plan.target}")
    lines += plan.notices
    if kept:
        lines.append(
            f"Kept your existing progress on {kept} topics (the file's ticks were not applied)."
        )
    warnings = imported.warnings
    if warnings:
        lines.append(f"Worth a look ({len(warnings)}):")
        lines += [f"  {w}" for w in warnings[:MAX_WARNINGS_SHOWN]]
        if len(warnings) > MAX_WARNINGS_SHOWN:
            lines.append(f"  … and {len(warnings) - MAX_WARNINGS_SHOWN} more")
    out.write(visible("\n".join(lines) + "\n"))


IMPORT_LIMIT = 10 * 1024 * 1024
"""The largest checklist `import` reads (docs/markdown.md)."""


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


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui.roadmap import available_roadmaps, load_roadmap

    base = data_dir(args.data_dir)
    rows: list[dict[str, Any]] = []
    for origin, path in available_roadmaps(base):
        try:
            roadmap = load_roadmap(path)
        except RoadmapTuiError as exc:
            rows.append({"origin": origin, "path": str(path), "error": exc.message})
            continue
        store = ProgressStore(progress_path(base, roadmap.id), roadmap.id)
        try:
            saved = store.load(move_corrupt=False)  # a read-only command never writes
        except ProgressError as exc:  # one roadmap's unreadable progress: its row says so
            rows.append({"origin": origin, "path": str(path), "error": str(exc)})
            continue
        overall = compute_progress(roadmap, saved.statuses()).overall
        _warn(store)
        rows.append(
            {
                "origin": origin,
                "path": str(path),
                "id": roadmap.id,
                "title": roadmap.title,
                "source": roadmap.source or None,
                **_counts_json(overall),
            }
        )
    if args.json:
        write_utf8(out, _json(rows))
        return 0
    from roadmap_tui.tables import render_list

    render_list(rows, out)
    return 0


def cmd_sync(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui import sync
    from roadmap_tui.entries import utcnow

    base = data_dir(args.data_dir)
    if args.sync_command == "status":
        out.write(
            "\n".join(visible(line) for line in sync.status_lines(sync.status(base), utcnow()))
        )
        out.write("\n")
        return 0
    if args.sync_command == "init":
        report = sync.init(base, args.remote, args.member)
    else:
        report = sync.sync(base)
    for notice in report.notices:
        print(f"{PROG}: warning: {visible(notice)}", file=sys.stderr)
    out.write(visible(report.summary()) + "\n")
    return 0


def cmd_team(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui import sync
    from roadmap_tui.entries import utcnow

    ctx = open_context(args)
    team = sync.team(ctx.data, ctx.roadmap)
    for notice in team.notices:
        print(f"{PROG}: warning: {visible(notice)}", file=sys.stderr)
    if args.json:
        out.write(_json(team_json(team)))
        return 0
    from roadmap_tui.tables import render_team

    render_team(team, utcnow(), out)
    return 0


def team_json(team: Any) -> dict[str, Any]:
    return {
        "roadmap": {"id": team.roadmap.id, "title": team.roadmap.title},
        "members": [
            {
                "name": member.name,
                "done": member.progress.overall.done,
                "total": member.progress.overall.total,
                "percent": member.progress.overall.percent,
                "levels": [
                    {"number": lp.number, "id": lp.level.id, **_counts_json(lp.counts)}
                    for lp in member.progress.levels
                ],
                "last_activity": member.last_activity.isoformat() if member.last_activity else None,
            }
            for member in team.members
        ],
    }


def cmd_app(args: argparse.Namespace, out: TextIO) -> int:
    import gc

    # Start-up allocates many long-lived objects; collecting while building them only
    # costs time (tens of ms). The app turns collection back on once it has painted.
    gc.disable()
    ctx = open_context(args)
    from roadmap_tui.keymap import load_keymap
    from roadmap_tui.paths import keymap_path
    from roadmap_tui.tui.app import RoadmapApp
    from roadmap_tui.tui.bindings import binding_ids

    keymap = load_keymap(keymap_path(), binding_ids())
    if not (sys.stdin.isatty() and sys.__stderr__ is not None and sys.__stderr__.isatty()):
        raise RoadmapTuiError(
            "the app needs a terminal (keyboard and screen); in scripts use "
            "`roadmap-tui status`, `export` or `mark`"
        )

    # The saver thread needs the GIL for a moment between its system calls; with
    # Python's default 5 ms switch interval a busy UI thread would stretch a 2 ms
    # save to tens of ms. A shorter interval keeps the tick-to-disk time low.
    sys.setswitchinterval(0.0005)
    app = RoadmapApp(
        ctx.roadmap,
        ctx.store,
        data=ctx.data,
        keymap=keymap,
        handle_signals=True,
        roadmap_path=None if ctx.bundled else ctx.roadmap_path,
        after_first_paint=_collect_again,
    )
    app.run()
    if app.exit_report:  # changes that could not be saved, and where they are kept
        print(visible(app.exit_report), file=sys.stderr, end="")
        if not app.exit_report.endswith("\n"):
            print(file=sys.stderr)
    return app.return_code or 0


def _collect_again() -> None:
    """After the app's first paint: garbage collection back on (cmd_app turned it off
    for start-up); what start-up built lives as long as the app, so it is frozen out of
    every later collection."""
    import gc

    gc.freeze()
    gc.enable()


# ----------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--roadmap",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="use this roadmap (TOML) instead of the bundled Backend roadmap",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep progress here (default: $ROADMAP_TUI_DATA_DIR, else the per-user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Track your progress through a learning roadmap. "
        "Without a command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("status", parents=[common], help="a table of levels with bars and counts")
    shapes = p.add_mutually_exclusive_group()
    shapes.add_argument("--json", action="store_true", help="the same numbers as JSON, for scripts")
    shapes.add_argument(
        "--short",
        action="store_true",
        help="one line for a shell prompt or status bar (docs/usage.md)",
    )
    p.add_argument(
        "--format",
        metavar="TEMPLATE",
        help="the --short line's template, e.g. '{done}/{total}' (implies --short; "
        "fields in docs/usage.md)",
    )
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("export", parents=[common], help="progress as GitHub-flavoured Markdown")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=cmd_export)

    statuses = ", ".join(s.value for s in Status)
    p = sub.add_parser(
        "mark",
        parents=[common],
        help="set a topic's status",
        description=f"Set a topic's status ({statuses}; aliases doing, skip). "
        "A parent's id sets all its children; a level's id, every topic of the level "
        "(skipped topics stay skipped unless --all).",
    )
    p.add_argument("id", help="the topic's (or level's) id")
    p.add_argument("status", help=statuses)
    p.add_argument(
        "--all", action="store_true", help="for a level or parent: change skipped topics too"
    )
    p.set_defaults(func=cmd_mark)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="turn a Markdown checklist into a roadmap",
        description="Turn any Markdown checklist (GitHub, Notion, Obsidian, our own export) "
        "into a roadmap file; its ticks become the new roadmap's progress. Importing the "
        "same file or URL again updates that roadmap: your progress follows its topics.",
    )
    p.add_argument(
        "file",
        metavar="FILE.md|URL",
        help="the Markdown file, or an https:// address (a raw file or a GitHub page)",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE.toml", help="write here (default: your roadmaps folder)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace (update) the output file even if it is not an import of this source",
    )
    p.add_argument(
        "--update",
        metavar="ID",
        help="update the imported roadmap ID from this source (when its source moved)",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", parents=[common], help="the roadmaps you have, with progress")
    p.add_argument("--json", action="store_true", help="as JSON, for scripts")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("path", parents=[common], help="where the roadmap and progress files are")
    p.set_defaults(func=cmd_path)

    add_sync_parsers(sub, common)
    return parser


def _tolerate_any_encoding() -> None:
    """On a terminal that can't show every character (Windows' cp1252, an ASCII locale),
    text the encoding lacks becomes "?" instead of a crash (Markdown and JSON are written
    as UTF-8 bytes instead: `write_utf8`)."""
    import io

    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        encoding = (stream.encoding or "").lower().replace("-", "").replace("_", "")
        if not encoding.startswith("utf") and stream.errors in ("strict", "surrogateescape"):
            stream.reconfigure(errors="replace")


def add_sync_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "sync",
        parents=[common],
        help="merge your progress with a git remote (docs/sync.md)",
        description="Without a subcommand: merge the progress of every roadmap with the "
        "git remote, both ways. docs/sync.md explains set-up, merging and recovery.",
    )
    p.set_defaults(func=cmd_sync, sync_command=None)
    actions = p.add_subparsers(dest="sync_command", metavar="[ACTION]")
    q = actions.add_parser("init", parents=[common], help="connect this data folder to a remote")
    q.add_argument("remote", metavar="REMOTE", help="a git URL or path (empty, or a team's)")
    q.add_argument(
        "--as", dest="member", metavar="NAME", help="your name there (default: git's user.name)"
    )
    actions.add_parser("status", parents=[common], help="what is set up; when it last synced")

    p = sub.add_parser("team", parents=[common], help="everyone's progress on the sync remote")
    p.add_argument("--json", action="store_true", help="as JSON, for scripts")
    p.set_defaults(func=cmd_team)


def main(argv: Sequence[str] | None = None, *, fast: bool = True) -> int:
    _tolerate_any_encoding()
    if fast:  # `status --short` answers before argparse is even built (short.py)
        from roadmap_tui.short import fast_status

        code = fast_status(sys.argv[1:] if argv is None else argv)
        if code is not None:
            return code
    parser = build_parser()
    args = parser.parse_args(argv)
    args.roadmap = getattr(args, "roadmap", None)
    args.data_dir = getattr(args, "data_dir", None)
    func = getattr(args, "func", cmd_app)
    try:
        return int(func(args, sys.stdout))
    except RoadmapTuiError as exc:
        print(f"{PROG}: error: {visible(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `roadmap-tui export | head`: the reader left; that is not an error.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
