"""Progress entries and how two of them merge: the rules of "never lose a tick".

An `Entry` is one topic's saved state; `merge_entry` decides between two copies of it
(another window's, another machine's): the newest status change wins, and notes merge
on their own clock. `ProgressData` is a whole progress file's content in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from roadmap_tui.progress.reviews import Review, union_kept
from roadmap_tui.roadmap.model import Status

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


_STATUS_RANK = {Status.TODO: 0, Status.IN_PROGRESS: 1, Status.SKIPPED: 2, Status.DONE: 3}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Entry:
    """One item's saved state. ``changed`` is when its status last changed."""

    status: Status = Status.TODO
    changed: datetime = EPOCH
    started: datetime | None = None
    finished: datetime | None = None
    note: str = ""
    note_changed: datetime | None = None
    # The status the source file gave this topic at its last import (imported roadmaps
    # only): while ``status`` still equals it, the user never changed it, so the next
    # import may follow the file.
    imported: Status | None = None
    # Fields this version doesn't know (from a newer or hand-edited file): kept on save.
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def with_status(self, status: Status, now: datetime) -> Entry:
        """This entry moved to ``status`` at ``now``, keeping start/finish history."""
        started = self.started
        finished = self.finished
        if status is Status.TODO:
            started = finished = None
        elif status in (Status.IN_PROGRESS, Status.DONE):
            started = started or now
        if status is Status.DONE:
            finished = finished if self.status is Status.DONE else now
        else:
            finished = None
        changed = after(self.changed, now)
        return replace(self, status=status, changed=changed, started=started, finished=finished)

    def with_note(self, note: str, now: datetime) -> Entry:
        return replace(self, note=note, note_changed=after(self.note_changed or EPOCH, now))


def after(previous: datetime, now: datetime) -> datetime:
    """``now``, but strictly after ``previous``: a change always wins over what it replaces,
    even when the clock has not moved (coarse clocks, frozen test clocks)."""
    if now > previous:
        return now
    try:
        return previous + timedelta(microseconds=1)
    except OverflowError:  # a time at the very end of the calendar: nothing is later
        return previous


def merge_entry(a: Entry, b: Entry) -> Entry:
    """Newest status change wins; notes merge on their own clock. Commutative."""
    status_side = max(
        a,
        b,
        key=lambda e: (
            e.changed,
            _STATUS_RANK[e.status],
            e.started or EPOCH,
            e.finished or EPOCH,
        ),
    )
    note_side = max(a, b, key=lambda e: (e.note_changed or EPOCH, e.note))
    extra = status_side.extra
    other = b if status_side is a else a
    if other.extra:
        extra = {**other.extra, **status_side.extra}
    return replace(
        status_side, note=note_side.note, note_changed=note_side.note_changed, extra=extra
    )


@dataclass(frozen=True, slots=True)
class View:
    """Where the app's cursor was, so it comes back there."""

    level: str = ""
    item: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """A date to aim for, or a number of topics a week, set for one roadmap (`[plan]`
    in its progress file; docs/progress.md). It syncs like a topic's status: the newest
    ``changed`` wins (`newer_plan`); clearing a plan saves one with neither ``by`` nor
    ``per_week`` (``active`` False), so a clear made on one machine wins over the older
    plan of another.

    ``since`` is the local day it was set and ``done_then`` the topics done then, as a
    plan counts them (`RoadmapCounts.goal_counts`): the plan's line starts there."""

    by: date | None = None
    per_week: float | None = None
    since: date = date(1970, 1, 1)
    done_then: int = 0
    changed: datetime = EPOCH

    @property
    def active(self) -> bool:
        """A target is set (a cleared plan is kept only so the clear syncs)."""
        return self.by is not None or self.per_week is not None

    def after(self, old: Plan | None) -> Plan:
        """This plan, changed strictly after ``old``: a plan set now replaces it."""
        return self if old is None else replace(self, changed=after(old.changed, self.changed))


def newer_plan(a: Plan | None, b: Plan | None) -> Plan | None:
    """The plan that wins a merge: the newest change (``a`` on a tie)."""
    if a is None or (b is not None and b.changed > a.changed):
        return b
    return a


@dataclass(slots=True)
class ProgressData:
    """What a progress file holds: each topic's entry, where the app's cursor was, the
    review log (`progress.reviews`), and any fields a newer roadmap-tui wrote (kept on
    save)."""

    roadmap_id: str
    entries: dict[str, Entry] = field(default_factory=dict)
    view: View = field(default_factory=View)
    plan: Plan | None = None
    reviews: frozenset[Review] = frozenset()
    # Review log entries this version can't read: kept on save, after the others.
    reviews_kept: tuple[Any, ...] = ()
    # Top-level keys and keys of [view] this version doesn't know: kept on save.
    extra: dict[str, Any] = field(default_factory=dict)
    view_extra: dict[str, Any] = field(default_factory=dict)

    def statuses(self) -> dict[str, Status]:
        return {key: entry.status for key, entry in self.entries.items()}

    def entry(self, item_id: str) -> Entry:
        return self.entries.get(item_id, Entry())


def merge(
    base: ProgressData,
    changes: Mapping[str, Entry],
    plan: Plan | None = None,
    reviews: ProgressData | None = None,
) -> ProgressData:
    """``base`` with ``changes`` merged in per topic, ``plan`` if it is newer, and the
    review log of ``reviews`` added to its own (a union: none lost, none doubled)."""
    entries = dict(base.entries)
    for key, entry in changes.items():
        entries[key] = merge_entry(entries[key], entry) if key in entries else entry
    merged = replace(base, entries=entries, plan=newer_plan(base.plan, plan))
    if reviews is not None:
        merged.reviews = base.reviews | reviews.reviews
        merged.reviews_kept = union_kept(base.reviews_kept, reviews.reviews_kept)
    return merged


def not_after(entry: Entry, now: datetime) -> Entry:
    """``entry`` with every time that lies after ``now`` set to ``now``: for entries
    merged from elsewhere (another member's push, a conflict copy), so that a date in
    the future can't win every merge from then on."""
    changes: dict[str, datetime] = {}
    for name in ("changed", "started", "finished", "note_changed"):
        value = getattr(entry, name)
        if value is not None and value > now:
            changes[name] = now
    return replace(entry, **changes) if changes else entry  # type: ignore[arg-type]


def clamp_future(entries: Mapping[str, Entry], now: datetime) -> dict[str, Entry]:
    """`not_after` for every entry."""
    return {key: not_after(entry, now) for key, entry in entries.items()}
