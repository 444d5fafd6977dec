"""The review log: every review of a finished topic, as an append-only list in the
progress file (`reviews`), one line each::

    reviews = [
        { topic = "nosql", at = 2026-12-08 09:00:00+00:00, rating = 3 },
        { topic = "sql", at = 2026-12-07 15:00:00+00:00, kind = "added" },
    ]

``rating`` is 1 again (forgot), 2 hard, 3 good, 4 easy; ``kind = "added"`` is
`review --add-imported` putting an imported tick in the queue (the other kinds below).

A log entry is identified by everything it says (topic, time, kind, rating), so two
copies of the log merge as a union: the same review on two machines is one review, and
none is ever lost. Nothing here is a schedule: that is rebuilt from the log every time
(`numbers.review`). Entries this version can't read (a newer kind, fields it doesn't
know) are kept as they are and written back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

REVIEW = "review"
ADDED = "added"
"""An imported tick (done without a finish time) put in the queue at ``at``."""
RESET = "reset"
"""The topic's reviews before ``at`` forgotten: it starts again as if finished then."""
UNDONE = "undone"
"""The review of this topic at ``at`` with ``rating`` taken back (the app's undo)."""
KINDS = (REVIEW, ADDED, RESET, UNDONE)

RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}
RATING_WORDS = {number: word for word, number in RATINGS.items()}
RATING_MEANINGS = {1: "forgot", 2: "hard to recall", 3: "recalled", 4: "easy"}

_KEYS = frozenset({"topic", "at", "kind", "rating"})


@dataclass(frozen=True, slots=True, order=True)
class Review:
    """One entry of the review log. ``rating`` is 1–4 for a review (and the review an
    ``undone`` entry takes back), 0 for the other kinds. Ordered by time first."""

    at: datetime
    topic: str
    kind: str = REVIEW
    rating: int = 0


def parse_rating(text: str) -> int | None:
    """A rating given as 1–4 or as its word (again, hard, good, easy; any case)."""
    word = text.strip().lower()
    if word in RATINGS:
        return RATINGS[word]
    return int(word) if word in ("1", "2", "3", "4") else None


def _read(raw: Any) -> Review | None:
    """A log entry as a `Review`, or None when this version can't read it (kept raw)."""
    if not isinstance(raw, dict) or set(raw) - _KEYS:
        return None
    topic, at, kind = raw.get("topic"), raw.get("at"), raw.get("kind", REVIEW)
    if not isinstance(topic, str) or not isinstance(at, datetime) or kind not in KINDS:
        return None
    rating: Any = raw.get("rating", 0)
    rated = kind in (REVIEW, UNDONE)
    if isinstance(rating, bool) or rating not in ((1, 2, 3, 4) if rated else (0,)):
        return None
    try:
        when = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        return None
    return Review(when, topic, kind, int(rating))


def decode_reviews(raw: list[Any] | None) -> tuple[frozenset[Review], tuple[Any, ...]]:
    """The ``reviews`` array as the entries this version reads, and the ones it keeps
    as they are."""
    if raw is None:
        return frozenset(), ()
    known: set[Review] = set()
    kept: list[Any] = []
    for item in raw:
        review = _read(item)
        if review is not None:
            known.add(review)
        elif item not in kept:
            kept.append(item)
    return frozenset(known), tuple(kept)


def encode_reviews(reviews: Iterable[Review], kept: Iterable[Any] = ()) -> list[Any]:
    """The log as TOML tables, oldest first, then the entries kept unread."""
    tables: list[Any] = []
    for review in sorted(reviews):
        table: dict[str, Any] = {"topic": review.topic, "at": review.at}
        if review.kind != REVIEW:
            table["kind"] = review.kind
        if review.rating:
            table["rating"] = review.rating
        tables.append(table)
    return tables + list(kept)


def union_kept(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    """Two lists of unread entries as one, each once."""
    out = list(a)
    out.extend(item for item in b if item not in a)
    return tuple(out)
