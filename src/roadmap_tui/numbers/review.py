"""Reviews of finished topics, scheduled by FSRS (the `fsrs` package; docs/review.md).

Nothing here is stored: a topic's card is rebuilt every time from its entry (done, and
when it was finished) and its review log (`progress.reviews`), by replaying the log on
a new card with the library's own `Scheduler.reschedule_card`. So the same file gives
the same dates on every machine, whatever order its reviews were merged in.

- A topic done with a finish time becomes due a day after it was finished; a done
  topic without one (an imported tick) only once `review --add-imported` logs it as
  ``added``; a skipped, to-do or in-progress topic is not in the queue (its log is kept,
  so ticking it again resumes where it was).
- A ``reset`` entry starts the topic again: the reviews before it are ignored, and it
  is due a day after the reset. An ``undone`` entry takes one review back.
- Whole days: no minute learning steps; desired retention 0.9, at most a year between
  reviews, no random fuzz.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from roadmap_tui.prefs.settings import DAILY_REVIEWS
from roadmap_tui.progress.entries import Entry, ProgressData, after
from roadmap_tui.progress.reviews import ADDED, RESET, REVIEW, UNDONE, Review
from roadmap_tui.roadmap.model import Status

if TYPE_CHECKING:
    import fsrs

    from roadmap_tui.roadmap.model import Roadmap

DESIRED_RETENTION = 0.9
MAXIMUM_INTERVAL_DAYS = 365
DAILY_CAP = DAILY_REVIEWS
"""Reviews a day unless asked otherwise (`reviews_per_day` in config.toml, `review
--limit N`)."""
FIRST_REVIEW_AFTER = timedelta(days=1)


@cache
def scheduler() -> fsrs.Scheduler:
    """The library's scheduler as we use it: whole days, retention 0.9, a year at most,
    no fuzz (so a log always gives the same dates)."""
    import fsrs

    return fsrs.Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def card_id(topic: str) -> int:
    """A card id from the topic id: the same on every machine (the library would
    otherwise take the clock, and sleep a millisecond to keep them apart)."""
    return int.from_bytes(hashlib.sha256(topic.encode("utf-8")).digest()[:6], "big")


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """One topic in the review queue, as its log makes it now.

    ``since`` is when it entered the queue (finished, added or reset); ``due`` when it
    is next due; ``reviews`` the reviews that count (after any reset, none undone);
    ``retrievability`` the library's estimate that you recall it at the time asked
    (0 before its first review); ``stability`` in days (None before it)."""

    topic: str
    since: datetime
    due: datetime
    reviews: tuple[Review, ...]
    retrievability: float
    stability: float | None

    def due_day(self, tz: tzinfo) -> date:
        return self.due.astimezone(tz).date()

    def overdue_days(self, today: date, tz: tzinfo) -> int:
        """Days since it became due (0: due today; negative: not due yet)."""
        return (today - self.due_day(tz)).days


def log_of(progress: ProgressData, topic: str) -> list[Review]:
    """The topic's log entries, oldest first."""
    return sorted(review for review in progress.reviews if review.topic == topic)


def logs(progress: ProgressData) -> dict[str, list[Review]]:
    """Every topic's log entries, oldest first."""
    by_topic: dict[str, list[Review]] = {}
    for review in sorted(progress.reviews):
        by_topic.setdefault(review.topic, []).append(review)
    return by_topic


def undone(log: Iterable[Review]) -> set[tuple[datetime, int]]:
    """The reviews (time, rating) that the log's ``undone`` entries take back."""
    return {(r.at, r.rating) for r in log if r.kind == UNDONE}


def counted(log: Sequence[Review]) -> tuple[datetime | None, list[Review]]:
    """The time of the last reset (if any) and the reviews that count: after it, and
    not undone."""
    taken_back = undone(log)
    reset = max((r.at for r in log if r.kind == RESET), default=None)
    rated = [
        r
        for r in log
        if r.kind == REVIEW
        and (r.at, r.rating) not in taken_back
        and (reset is None or r.at >= reset)
    ]
    return reset, rated


def _queued(entry: Entry, log: Sequence[Review]) -> tuple[datetime, tuple[Review, ...]] | None:
    """When the topic entered the queue (finished, added or reset) and the reviews that
    count; None when it is not in the queue (not done, or an imported tick not added)."""
    if entry.status is not Status.DONE:
        return None
    reset, rated = counted(log)
    added = min((r.at for r in log if r.kind == ADDED), default=None)
    since = reset or entry.finished or added
    return None if since is None else (since, tuple(rated))


def card_for(topic: str, entry: Entry, log: Sequence[Review], now: datetime) -> ReviewCard | None:
    """The topic's card at ``now``, or None when it is not in the queue."""
    queued = _queued(entry, log)
    if queued is None:
        return None
    since, rated = queued
    card = _card(topic, since, tuple((r.at, r.rating) for r in rated))
    recall = scheduler().get_card_retrievability(card, now.astimezone(UTC))
    return ReviewCard(topic, since, card.due, rated, recall, card.stability)


def review_cards(roadmap: Roadmap, progress: ProgressData, now: datetime) -> list[ReviewCard]:
    """Every topic of ``roadmap`` in the review queue, due or not, in roadmap order."""
    by_topic = logs(progress)
    cards: list[ReviewCard] = []
    for level in roadmap.levels:
        for item in level.leaves():
            card = card_for(item.id, progress.entry(item.id), by_topic.get(item.id, ()), now)
            if card is not None:
                cards.append(card)
    return cards


def reviewed_on(progress: ProgressData, day: date, tz: tzinfo) -> int:
    """Reviews made on the local ``day`` (what the daily cap counts), none undone."""
    taken_back = {(r.topic, r.at, r.rating) for r in progress.reviews if r.kind == UNDONE}
    return sum(
        1
        for r in progress.reviews
        if r.kind == REVIEW
        and r.at.astimezone(tz).date() == day
        and (r.topic, r.at, r.rating) not in taken_back
    )


@dataclass(frozen=True, slots=True)
class Queue:
    """Today's reviews: ``due`` (least remembered first, within the cap), how many more
    are due beyond the cap (``held_back``), the reviews already made today, and the
    card due soonest after today (``next``; None when none is)."""

    due: tuple[ReviewCard, ...]
    held_back: int
    done_today: int
    next: ReviewCard | None = None


def review_queue(
    roadmap: Roadmap, progress: ProgressData, now: datetime, tz: tzinfo, cap: int = DAILY_CAP
) -> Queue:
    """The topics to review on ``now``'s local day: due that day or before, the least
    remembered first (then the longest due, then by id), at most ``cap`` a day, the
    reviews already made that day included."""
    today = now.astimezone(tz).date()
    cards = review_cards(roadmap, progress, now)
    due = [c for c in cards if c.due_day(tz) <= today]
    due.sort(key=lambda c: (c.retrievability, c.due, c.topic))
    later = min((c for c in cards if c.due_day(tz) > today), key=lambda c: c.due, default=None)
    done = reviewed_on(progress, today, tz)
    room = max(0, cap - done)
    return Queue(tuple(due[:room]), max(0, len(due) - room), done, later)


def due_count(
    topics: Container[str], progress: ProgressData, now: datetime, tz: tzinfo, cap: int = DAILY_CAP
) -> int:
    """How many topics `review_queue` would give today (``topics``: the roadmap's leaf
    ids), counted from the file's entries alone: what the app's top bar says after every
    change, without walking a large roadmap's every topic."""
    today = now.astimezone(tz).date()
    by_topic = logs(progress)
    due = 0
    for topic, entry in progress.entries.items():
        queued = _queued(entry, by_topic.get(topic, ())) if topic in topics else None
        if queued is not None:
            since, rated = queued
            card = _card(topic, since, tuple((r.at, r.rating) for r in rated))
            due += card.due.astimezone(tz).date() <= today
    return min(due, max(0, cap - reviewed_on(progress, today, tz)))


@lru_cache(maxsize=16_384)
def _card(topic: str, since: datetime, rated: tuple[tuple[datetime, int], ...]) -> fsrs.Card:
    """The library's card of a topic in the queue since ``since`` with the reviews
    ``rated`` (time, rating), replayed with `Scheduler.reschedule_card`; remembered, so
    the top bar's count after a tick replays only the topics whose log changed. (Never
    changed by its callers: the library's rescheduling returns new cards.)"""
    import fsrs

    cid = card_id(topic)
    card = fsrs.Card(card_id=cid, due=(since + FIRST_REVIEW_AFTER).astimezone(UTC))
    if rated:
        history = [fsrs.ReviewLog(cid, fsrs.Rating(r), at.astimezone(UTC), None) for at, r in rated]
        card = scheduler().reschedule_card(card, history)
    return card


def imported_ticks(roadmap: Roadmap, progress: ProgressData) -> list[str]:
    """Done topics that are not in the queue because nobody knows when they were
    finished (imported ticks): what `review --add-imported` adds."""
    by_topic = logs(progress)
    return [
        item.id
        for level in roadmap.levels
        for item in level.leaves()
        if (entry := progress.entry(item.id)).status is Status.DONE
        and entry.finished is None
        and not any(r.kind in (ADDED, RESET) for r in by_topic.get(item.id, ()))
    ]


def new_entry(
    progress: ProgressData, topic: str, now: datetime, kind: str = REVIEW, rating: int = 0
) -> Review:
    """A log entry made now: strictly after the topic's latest one, so that two ratings
    in one tick of a coarse clock stay two."""
    latest = max((r.at for r in progress.reviews if r.topic == topic), default=None)
    at = now.astimezone(UTC) if latest is None else after(latest, now.astimezone(UTC))
    return Review(at, topic, kind, rating)


def undo_of(review: Review) -> Review:
    """The entry that takes ``review`` back (the app's undo of a rating)."""
    return Review(review.at, review.topic, UNDONE, review.rating)


def added_entries(topics: Iterable[str], now: datetime) -> list[Review]:
    """``added`` entries for imported ticks, putting them in the queue (due tomorrow)."""
    return [Review(now.astimezone(UTC), topic, ADDED) for topic in topics]
