"""The progress file's format: TOML written with tomli-w, read with tomllib::

    schema = 1
    roadmap = "backend"

    [items.cs-basics]
    status = "done"
    changed = 2026-11-26T08:00:00.123456+00:00
    started = 2026-11-20T19:02:11+00:00
    finished = 2026-11-26T08:00:00.123456+00:00

    [view]
    level = "databases"
    item = "nosql"

    [plan]                  # a date to aim for (or per_week = 3), since the day it was set
    by = 2027-03-01
    since = 2026-12-07
    done_then = 12
    changed = 2026-12-07T15:00:00+00:00

    reviews = [             # the review log (reviews.py): only ever added to
        { topic = "cs-basics", at = 2026-11-27T09:00:00+00:00, rating = 3 },
    ]

Fields this version does not know are kept and written back (a newer roadmap-tui's).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from roadmap_tui.progress.entries import EPOCH, Entry, Plan, ProgressData, View
from roadmap_tui.progress.reviews import decode_reviews, encode_reviews
from roadmap_tui.roadmap.model import parse_status

SCHEMA_VERSION = 1
MIN_PER_WEEK, MAX_PER_WEEK = 0.01, 10_000
"""The fewest and most topics a week a plan may ask for (`plan --per-week`)."""


def _as_utc(value: Any, where: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValueError(f"{where} is not a date and time")
    when: datetime = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{where} is outside the calendar") from None


_ENTRY_KEYS = frozenset(
    {"status", "changed", "started", "finished", "note", "note_changed", "imported"}
)
_TOP_KEYS = frozenset({"schema", "roadmap", "items", "view", "plan", "reviews"})


def decode(data: dict[str, Any], roadmap_id: str) -> ProgressData:
    """Progress from the parsed TOML, or ValueError naming what is wrong.

    Status words are read case-insensitively (aliases such as "doing" too); fields this
    version doesn't know are kept (``extra``) so that saving never drops them."""
    items = data.get("items", {})
    if not isinstance(items, dict):
        raise ValueError("'items' is not a table")
    entries: dict[str, Entry] = {}
    for key, raw in items.items():
        if not isinstance(raw, dict):
            raise ValueError(f"the entry for {key!r} is not a table")
        word = raw.get("status", "todo")
        status = parse_status(word) if isinstance(word, str) else None
        if status is None:
            raise ValueError(f"the entry for {key!r} has an unknown status {word!r}")
        note = raw.get("note", "")
        if not isinstance(note, str):
            raise ValueError(f"the note of {key!r} is not text")
        given = raw.get("imported")
        imported = parse_status(given) if isinstance(given, str) else None

        def opt(name: str, raw: dict[str, Any] = raw, key: str = key) -> datetime | None:
            value = raw.get(name)
            return None if value is None else _as_utc(value, f"{name} of {key!r}")

        entries[key] = Entry(
            status=status,
            changed=opt("changed") or EPOCH,
            started=opt("started"),
            finished=opt("finished"),
            note=note,
            note_changed=opt("note_changed"),
            imported=imported,
            extra={k: v for k, v in raw.items() if k not in _ENTRY_KEYS},
        )
    raw_view = data.get("view", {})
    view = View()
    view_extra: dict[str, Any] = {}
    if isinstance(raw_view, dict):
        view = View(str(raw_view.get("level", "")), str(raw_view.get("item", "")))
        view_extra = {k: v for k, v in raw_view.items() if k not in ("level", "item")}
    plan = decode_plan(data.get("plan"))
    top = _TOP_KEYS if plan is not None else _TOP_KEYS - {"plan"}
    log = data.get("reviews")
    if not isinstance(log, list):  # not a log this version reads: kept as it is
        top, log = top - {"reviews"}, None
    extra = {k: v for k, v in data.items() if k not in top}
    reviews, kept = decode_reviews(log)
    return ProgressData(roadmap_id, entries, view, plan, reviews, kept, extra, view_extra)


def decode_plan(raw: Any) -> Plan | None:
    """The ``[plan]`` table as a `Plan`, or None when there is none or it is not one
    this version can read (then it is kept in the file as it is, and no plan is shown)."""
    if not isinstance(raw, dict):
        return None
    by, per_week, since = raw.get("by"), raw.get("per_week"), raw.get("since")
    done_then, changed = raw.get("done_then", 0), raw.get("changed")
    if by is not None and (not isinstance(by, date) or isinstance(by, datetime)):
        return None
    if per_week is not None and (
        isinstance(per_week, bool)
        or not isinstance(per_week, int | float)
        or not MIN_PER_WEEK <= per_week <= MAX_PER_WEEK
    ):
        return None
    if not isinstance(since, date) or isinstance(since, datetime):
        return None
    if isinstance(done_then, bool) or not isinstance(done_then, int) or done_then < 0:
        return None
    try:
        when = _as_utc(changed, "changed of the plan")
    except ValueError:
        return None
    rate = None if per_week is None else float(per_week)
    return Plan(by, None if by is not None else rate, since, done_then, when)


def _plan_table(plan: Plan) -> dict[str, Any]:
    table: dict[str, Any] = {}
    if plan.by is not None:
        table["by"] = plan.by
    elif plan.per_week is not None:
        table["per_week"] = plan.per_week
    table.update(since=plan.since, done_then=plan.done_then, changed=plan.changed)
    return table


def _entry_table(entry: Entry) -> dict[str, Any]:
    table: dict[str, Any] = {"status": entry.status.value, "changed": entry.changed}
    if entry.started:
        table["started"] = entry.started
    if entry.finished:
        table["finished"] = entry.finished
    if entry.note or entry.note_changed:
        table["note"] = entry.note
    if entry.note_changed:
        table["note_changed"] = entry.note_changed
    if entry.imported is not None:
        table["imported"] = entry.imported.value
    for name, value in entry.extra.items():
        table.setdefault(name, value)
    return table


def encode(progress: ProgressData) -> str:
    items: dict[str, dict[str, Any]] = {}
    for key in sorted(progress.entries):
        items[key] = _entry_table(progress.entries[key])
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "roadmap": progress.roadmap_id}
    for name, value in progress.extra.items():
        doc.setdefault(name, value)
    if progress.view.level or progress.view.item or progress.view_extra:
        doc["view"] = {"level": progress.view.level, "item": progress.view.item}
        for name, value in progress.view_extra.items():
            doc["view"].setdefault(name, value)
    if progress.plan is not None:
        doc["plan"] = _plan_table(progress.plan)
    if progress.reviews or progress.reviews_kept:
        doc["reviews"] = encode_reviews(progress.reviews, progress.reviews_kept)
    doc["items"] = items
    import tomli_w

    header = "# roadmap-tui progress. Safe to read; edit only while roadmap-tui is closed.\n"
    return header + tomli_w.dumps(doc)


MAX_DEPTH = 32  # tables and arrays in a progress file (ours are 3 deep)


def check_depth(doc: dict[str, Any]) -> None:
    """ValueError for nesting deeper than MAX_DEPTH, checked without recursion (so that
    neither decoding nor writing the kept unknown fields back can hit RecursionError)."""
    stack: list[tuple[Any, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"values are nested more than {MAX_DEPTH} deep")
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)
