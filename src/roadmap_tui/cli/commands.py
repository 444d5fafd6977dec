"""The subcommands that read or change progress: `status`, `export`, `mark`, `path`,
`list`, `topics`. Each is `cmd_NAME(args, out) -> exit code`; none imports Textual."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from roadmap_tui.base.errors import ProgressError, RoadmapTuiError
from roadmap_tui.base.paths import data_dir, progress_path, resolve_roadmap
from roadmap_tui.base.text import visible
from roadmap_tui.cli.output import stderr, to_stderr, warn
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.progress.entries import ProgressData
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import STATUS_ALIASES, Roadmap, Status, parse_status, typed_id

TOPICS_HINT = "`roadmap-tui topics`"


@dataclass
class Context:
    """What every command works on: one roadmap, its progress store, the data folder."""

    roadmap: Roadmap
    roadmap_path: Path
    bundled: bool
    data: Path
    store: ProgressStore


def open_context(args: argparse.Namespace) -> Context:
    from roadmap_tui.roadmap.load import bundled_roadmap_path, load_roadmap

    base = data_dir(args.data_dir)
    bundled = args.roadmap is None
    if bundled:
        path = bundled_roadmap_path()
    elif is_markdown(args.roadmap):  # a checklist: imported first, as `import` would
        from roadmap_tui.cli.import_cmd import open_markdown

        path = open_markdown(args.roadmap, base, stderr())
    else:
        path = resolve_roadmap(args.roadmap, base)
    roadmap = load_roadmap(path)
    store = ProgressStore(progress_path(base, roadmap.id), roadmap.id)
    return Context(roadmap, path, bundled, base, store)


def is_markdown(name: str) -> bool:
    """Whether ``--roadmap NAME`` names a Markdown checklist rather than a roadmap."""
    return name.lower().endswith((".md", ".markdown"))


def cmd_status(args: argparse.Namespace, out: TextIO) -> int:
    template = args.format
    if args.json and template is not None:
        raise RoadmapTuiError("--format is for the --short line, not --json")
    if args.short or template is not None:
        from roadmap_tui.cli import short

        template = template if template is not None else short.DEFAULT_FORMAT
        try:
            short.check_template(template)
        except short.TemplateError as exc:
            raise RoadmapTuiError(str(exc)) from None
    ctx = open_context(args)
    saved = ctx.store.load(move_corrupt=False)  # a read-only command never writes
    warn(ctx.store)
    progress = compute_progress(ctx.roadmap, saved.statuses())
    if template is not None:  # the fast route's line (short.py), from the same numbers
        from roadmap_tui.cli.standing import short_values

        due = "{due" in template.replace("{{", "")
        values = short_values(ctx.roadmap, saved, progress, ctx.store.clock(), due)
        out.write(short.render(template, values) + "\n")
        return 0
    from roadmap_tui.cli.standing import next_line, state_of, stats_of
    from roadmap_tui.numbers.nextup import next_topic

    stats = stats_of(ctx.roadmap, saved, progress, ctx.store.clock())
    plan = state_of(saved, progress, stats)
    if args.json:
        from roadmap_tui.export.data import status_data, to_json

        found = next_topic(ctx.roadmap, saved.statuses(), progress)
        write_utf8(out, to_json(status_data(ctx.roadmap, progress, stats, found, plan)))
        return 0
    from roadmap_tui.views.tables import Glyphs, render_status

    render_status(ctx.roadmap, progress, out)
    out.write(visible(next_line(ctx.roadmap, saved, progress)) + "\n")
    out.write(stats.sparkline_sentence(Glyphs(out).sparks) + "\n")
    out.write(stats.pace_sentence() + "\n")
    if plan is not None:
        out.write(visible(plan.text) + "\n")
    return 0


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui.export.markdown import export
    from roadmap_tui.numbers.pace import local_tz

    ctx = open_context(args)
    saved = ctx.store.load(move_corrupt=False)  # a read-only command never writes
    warn(ctx.store)
    now = ctx.store.clock()
    text = export(
        args.format,
        ctx.roadmap,
        saved.entries,
        now,
        local_tz(),
        notes=args.notes,
        reviews=saved.reviews,
    )
    if args.output in (None, "-"):
        write_utf8(out, text)
        return 0
    if not args.output:
        raise RoadmapTuiError("-o names no file; name a file to write, or - for the output")
    from roadmap_tui.base.files import write_user_file

    write_user_file(Path(args.output).expanduser(), text, force=args.force)
    to_stderr(f"Exported {visible(ctx.roadmap.title)} to {args.output}")
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
    args.id = typed_id(args.id)
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
        hint += f" ({TOPICS_HINT} lists every id.)"
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


def load_writable(ctx: Context) -> ProgressData:
    """The saved progress, for a command about to change it; a progress file this
    roadmap-tui never writes is one sentence (exit 1), not a warning and then an error."""
    saved = ctx.store.load()
    if ctx.store.read_only:  # one sentence, not a warning and then an error
        ctx.store.notices.clear()
        raise ProgressError(
            ctx.store.read_only_reason or "this progress file is never written by this roadmap-tui",
            path=ctx.store.path,
            exit_code=1,
        )
    warn(ctx.store)
    return saved


def _mark(ctx: Context, leaves: list[str], status: Status, *, keep_skipped: bool) -> Any:
    load_writable(ctx)
    saved = ctx.store.set_status(leaves, status, keep_skipped=keep_skipped)
    warn(ctx.store)
    return saved


def cmd_path(args: argparse.Namespace, out: TextIO) -> int:
    ctx = open_context(args)
    origin = " (bundled)" if ctx.bundled else ""
    out.write(f"roadmap:  {ctx.roadmap_path}{origin}\n")
    out.write(f"progress: {ctx.store.path}\n")
    out.write(f"data:     {ctx.data}\n")
    from roadmap_tui.base.paths import keymap_path, settings_path

    out.write(f"keymap:   {keymap_path()}\n")
    out.write(f"settings: {settings_path()}\n")
    return 0


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from roadmap_tui.export.data import counts_json, to_json
    from roadmap_tui.roadmap.load import available_roadmaps, load_roadmap

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
        warn(store)
        rows.append(
            {
                "origin": origin,
                "path": str(path),
                "id": roadmap.id,
                "title": roadmap.title,
                "source": roadmap.source or None,
                **counts_json(overall),
            }
        )
    if args.json:
        write_utf8(out, to_json(rows))
        return 0
    from roadmap_tui.views.tables import render_list

    render_list(rows, out)
    return 0


def cmd_topics(args: argparse.Namespace, out: TextIO) -> int:
    """Every topic's id, title and status, level by level (or of one level)."""
    from roadmap_tui.export.data import to_json
    from roadmap_tui.numbers.counts import item_state

    ctx = open_context(args)
    saved = ctx.store.load(move_corrupt=False)  # a read-only command never writes
    warn(ctx.store)
    statuses = saved.statuses()
    progress = compute_progress(ctx.roadmap, statuses)
    shown = list(progress.levels)
    if args.level is not None:
        shown = [_find_level(ctx.roadmap, progress, args.level)]
    if args.json:
        data = {
            "roadmap": {"id": ctx.roadmap.id, "title": ctx.roadmap.title},
            "levels": [
                {
                    "number": lp.number,
                    "id": lp.level.id,
                    "title": lp.level.title,
                    "topics": [
                        {
                            "id": item.id,
                            "title": item.title,
                            "status": item_state(item, statuses).value,
                            "depth": depth,
                            "parent": parent,
                        }
                        for item, depth, parent in _tree(lp.level.items)
                    ],
                }
                for lp in shown
            ],
        }
        write_utf8(out, to_json(data))
        return 0
    from roadmap_tui.views.tables import render_topics

    render_topics(ctx.roadmap.title, shown, statuses, out)
    return 0


def _tree(items: Any, depth: int = 0, parent: str | None = None) -> Any:
    """(item, depth, parent id) of every item under ``items``, depth first, in order."""
    for item in items:
        yield item, depth, parent
        yield from _tree(item.children, depth + 1, item.id)


def _find_level(roadmap: Roadmap, progress: Any, wanted: str) -> Any:
    """The level whose number or id is ``wanted``."""
    for lp in progress.levels:
        if typed_id(wanted) in (lp.level.id, str(lp.number)):
            return lp
    last = len(progress.levels) - 1
    raise RoadmapTuiError(
        f"no level {wanted!r} in {roadmap.title!r}: give a level's number (0–{last}) or "
        "its id (`roadmap-tui topics` shows both); another roadmap's topics: "
        "`roadmap-tui topics --roadmap ID`"
    )
