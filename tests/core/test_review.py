"""The review queue (`numbers/review.py`, `progress/reviews.py`): finished topics come
back on the days FSRS (the `fsrs` package) gives, rebuilt from the review log every time;
the log is saved like a tick and merged as a union, by the store and by sync, so no
review is lost or doubled; an older roadmap-tui keeps the log it doesn't know."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.samples import level, roadmap_text, topic

from roadmap_tui.base.paths import progress_path
from roadmap_tui.numbers.review import (
    card_for,
    due_count,
    imported_ticks,
    new_entry,
    review_cards,
    review_queue,
    undo_of,
)
from roadmap_tui.progress import codec
from roadmap_tui.progress.codec import decode, encode
from roadmap_tui.progress.entries import Entry, ProgressData, merge
from roadmap_tui.progress.reviews import ADDED, RESET, Review, parse_rating
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import parse_roadmap
from roadmap_tui.roadmap.model import Status
from roadmap_tui.sync.merge import SyncReport, merge_member

ROADMAP = parse_roadmap(
    roadmap_text("r", "R", level("one", "One", *(topic(f"t{n}", f"T{n}") for n in range(6)))),
    Path("r.toml"),
)
FINISHED = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # a Tuesday afternoon
DAY = timedelta(days=1)
GOOD, AGAIN, EASY = 3, 1, 4


def done(at: datetime = FINISHED) -> Entry:
    return Entry(Status.DONE, at, at, at)


def due_day(entry: Entry, log: list[Review], topic_id: str = "t0") -> date:
    card = card_for(topic_id, entry, log, FINISHED)
    assert card is not None
    return card.due_day(UTC)


def rated(rating: int, at: datetime, topic_id: str = "t0") -> Review:
    return Review(at, topic_id, "review", rating)


def test_a_finished_topic_is_due_the_next_day_then_later_once_recalled() -> None:
    assert due_day(done(), []) == date(2026, 12, 2)
    after_good = due_day(done(), [rated(GOOD, FINISHED + DAY)])
    assert after_good > date(2026, 12, 3)
    twice = due_day(done(), [rated(GOOD, FINISHED + DAY), rated(GOOD, FINISHED + 4 * DAY)])
    assert (twice - date(2026, 12, 5)).days > (after_good - date(2026, 12, 2)).days


def test_forgetting_brings_it_back_sooner_than_recalling() -> None:
    review = FINISHED + DAY
    again, good, easy = (due_day(done(), [rated(r, review)]) for r in (AGAIN, GOOD, EASY))
    assert again < good < easy
    assert again >= date(2026, 12, 3)  # whole days: never the same day, no minute steps


def test_intervals_stop_at_a_year() -> None:
    at, log = FINISHED, []
    for _ in range(12):
        at += 400 * DAY
        log.append(rated(EASY, at))
    assert (due_day(done(), log) - at.date()).days <= 365


def test_the_same_log_gives_the_same_dates_whatever_order_it_was_merged_in() -> None:
    log = [rated(r, FINISHED + n * 3 * DAY) for n, r in enumerate((GOOD, AGAIN, GOOD, EASY), 1)]
    log.append(rated(GOOD, FINISHED + 3 * DAY, "t1"))
    entries = {"t0": done(), "t1": done()}
    here = ProgressData("r", entries)
    for review in log:
        here = merge(here, {}, reviews=ProgressData("r", reviews=frozenset({review})))
    there = decode(
        tomllib.loads(encode(ProgressData("r", entries, reviews=frozenset(log[::-1])))), "r"
    )
    now = FINISHED + 30 * DAY
    assert review_cards(ROADMAP, here, now) == review_cards(ROADMAP, there, now)
    assert encode(here) == encode(there)


def test_only_done_topics_are_reviewed_and_re_ticking_resumes_the_log() -> None:
    log = [rated(EASY, FINISHED + DAY)]
    skipped = Entry(Status.SKIPPED, FINISHED)
    assert card_for("t0", skipped, [], FINISHED) is None
    untick = done().with_status(Status.IN_PROGRESS, FINISHED + 2 * DAY)
    assert card_for("t0", untick, log, FINISHED) is None
    again = untick.with_status(Status.DONE, FINISHED + 3 * DAY)
    assert due_day(again, log) == due_day(done(), log)  # the easy review still counts


def test_imported_ticks_enter_only_once_added() -> None:
    imported = Entry(Status.DONE, FINISHED)  # done, no finish time
    progress = ProgressData("r", {"t0": imported, "t1": done()})
    assert [c.topic for c in review_cards(ROADMAP, progress, FINISHED)] == ["t1"]
    assert imported_ticks(ROADMAP, progress) == ["t0"]
    added = Review(FINISHED + DAY, "t0", ADDED)
    progress.reviews = frozenset({added})
    assert imported_ticks(ROADMAP, progress) == []
    assert due_day(imported, [added]) == date(2026, 12, 3)


def test_a_reset_starts_again_and_an_undo_takes_a_review_back() -> None:
    easy = rated(EASY, FINISHED + DAY)
    reset = Review(FINISHED + 20 * DAY, "t0", RESET)
    assert due_day(done(), [easy, reset]) == date(2026, 12, 22)
    assert due_day(done(), [easy, undo_of(easy)]) == date(2026, 12, 2)


def test_the_queue_is_least_remembered_first_within_a_daily_cap() -> None:
    entries = {f"t{n}": done() for n in range(4)}
    log = {rated(GOOD, FINISHED + DAY, "t1"), rated(AGAIN, FINISHED + DAY, "t2")}
    progress = ProgressData("r", entries, reviews=frozenset(log))
    now = FINISHED + 60 * DAY
    queue = review_queue(ROADMAP, progress, now, UTC)
    # Never reviewed (t0, t3) first, then the one forgotten, then the one recalled.
    assert [c.topic for c in queue.due] == ["t0", "t3", "t2", "t1"]
    progress.reviews |= {rated(GOOD, now - timedelta(hours=1), "t5")}
    capped = review_queue(ROADMAP, progress, now, UTC, cap=3)
    assert [c.topic for c in capped.due] == ["t0", "t3"] and capped.held_back == 2
    assert capped.done_today == 1


def test_two_ratings_in_one_clock_tick_stay_two() -> None:
    first = new_entry(ProgressData("r"), "t0", FINISHED, rating=GOOD)
    second = new_entry(ProgressData("r", reviews=frozenset({first})), "t0", FINISHED, rating=GOOD)
    assert first != second and second.at > first.at


@pytest.mark.parametrize(("text", "number"), [("good", 3), ("Again", 1), ("4", 4), ("5", None)])
def test_ratings_are_numbers_or_words(text: str, number: int | None) -> None:
    assert parse_rating(text) == number


def stores(data: Path, clock_at: datetime) -> ProgressStore:
    return ProgressStore(progress_path(data, "r"), "r", clock=lambda: clock_at)


def test_reviews_saved_by_two_writers_are_all_kept_once(tmp_path: Path) -> None:
    one, two = stores(tmp_path, FINISHED), stores(tmp_path, FINISHED)
    one.save({"t0": done()})
    mine, theirs = rated(GOOD, FINISHED + DAY), rated(AGAIN, FINISHED + DAY, "t1")
    one.save_reviews([mine])
    two.save_reviews([theirs, mine])  # `mine` again: the same review, not a second one
    saved = stores(tmp_path, FINISHED).load()
    assert saved.reviews == {mine, theirs}
    assert progress_path(tmp_path, "r").read_text().count("{ topic = ") == 2


def test_a_conflict_copys_reviews_are_merged_in(tmp_path: Path) -> None:
    store = stores(tmp_path, FINISHED)
    store.save_reviews([rated(GOOD, FINISHED + DAY)])
    copy = progress_path(tmp_path, "r").with_name("r.sync-conflict-20261203-101010-ABCDEF7.toml")
    other = rated(EASY, FINISHED + 2 * DAY, "t1")
    copy.write_text(encode(ProgressData("r", reviews=frozenset({other}))))
    assert other in store.save().reviews and not copy.exists()


def test_sync_merges_two_machines_reviews_none_lost_or_doubled(tmp_path: Path) -> None:
    shared = tmp_path / "repo" / "members" / "sam"
    shared.mkdir(parents=True)
    both = rated(GOOD, FINISHED + DAY)
    laptop = frozenset({both, rated(AGAIN, FINISHED + 2 * DAY, "t1")})
    desktop = frozenset({both, rated(EASY, FINISHED + 3 * DAY, "t2")})
    here = tmp_path / "data"
    stores(here, FINISHED).save_reviews(laptop)
    (shared / "r.toml").write_text(encode(ProgressData("r", reviews=desktop)))
    merge_member(here, tmp_path / "repo", "sam", SyncReport("sam", "x"), lambda: FINISHED)
    assert stores(here, FINISHED).load().reviews == laptop | desktop
    pushed = decode(tomllib.loads((shared / "r.toml").read_text()), "r")
    assert pushed.reviews == laptop | desktop  # 3 reviews, `both` once
    merge_member(here, tmp_path / "repo", "sam", SyncReport("sam", "x"), lambda: FINISHED)
    assert len(stores(here, FINISHED).load().reviews) == 3


def test_an_older_roadmap_tui_keeps_the_review_log(monkeypatch: pytest.MonkeyPatch) -> None:
    log = frozenset({rated(GOOD, FINISHED + DAY), Review(FINISHED, "t1", ADDED)})
    text = encode(ProgressData("r", {"t0": done()}, reviews=log))
    with monkeypatch.context() as old:  # a codec that has never heard of reviews
        old.setattr(codec, "_TOP_KEYS", codec._TOP_KEYS - {"reviews"})
        old.setattr(codec, "decode_reviews", lambda raw: (frozenset(), ()))
        seen = decode(tomllib.loads(text), "r")
        assert seen.reviews == frozenset()
        seen.entries["t2"] = done()  # it ticks something and saves
        resaved = encode(seen)
    assert decode(tomllib.loads(resaved), "r").reviews == log


def test_log_entries_this_version_cannot_read_are_kept() -> None:
    newer = {"topic": "t1", "at": FINISHED, "kind": "graded", "score": 0.7}
    doc = tomllib.loads(encode(ProgressData("r", reviews=frozenset({rated(GOOD, FINISHED)}))))
    doc["reviews"].append(newer)
    data = decode(doc, "r")
    assert data.reviews == {rated(GOOD, FINISHED)}
    assert newer in tomllib.loads(encode(data))["reviews"]


def test_reviews_in_a_recovery_journal_are_shown_then_saved(tmp_path: Path) -> None:
    from roadmap_tui.progress.recovery import journal_paths, write_journal

    store = stores(tmp_path, FINISHED)
    store.save({"t0": done()})
    unsaved = rated(GOOD, FINISHED + DAY)  # rated in the app, then it had to exit
    write_journal(store.path, "r", {}, FINISHED + DAY, reviews=[unsaved])
    assert unsaved in stores(tmp_path, FINISHED).load().reviews  # shown before any save
    assert unsaved not in decode(tomllib.loads(store.path.read_text()), "r").reviews
    store.save_reviews([rated(EASY, FINISHED + 2 * DAY, "t1")])
    assert unsaved in decode(tomllib.loads(store.path.read_text()), "r").reviews
    assert journal_paths(store.path) == []


REVIEWS = st.builds(
    Review,
    at=st.datetimes(
        min_value=datetime(2026, 12, 2), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)
    ),
    topic=st.sampled_from(["t0", "t1", "t2"]),
    kind=st.just("review"),
    rating=st.integers(1, 4),
)


@settings(max_examples=60, deadline=None)
@given(log=st.lists(REVIEWS, max_size=25), cut=st.integers(0, 25), seed=st.randoms())
def test_any_log_split_between_two_machines_merges_to_the_same_dates(
    log: list[Review], cut: int, seed: Any
) -> None:
    entries = {key: done() for key in ("t0", "t1", "t2")}
    shuffled = list(log)
    seed.shuffle(shuffled)
    overlap = shuffled[cut // 2 : cut]  # some reviews on both machines
    a = ProgressData("r", dict(entries), reviews=frozenset(shuffled[:cut]))
    b = ProgressData("r", dict(entries), reviews=frozenset(shuffled[cut:] + overlap))
    one, two = merge(a, {}, reviews=b), merge(b, {}, reviews=a)
    saved = decode(tomllib.loads(encode(one)), "r")  # and through the file
    assert one.reviews == two.reviews == saved.reviews == frozenset(log)
    now = datetime(2028, 6, 1, tzinfo=UTC)
    assert review_cards(ROADMAP, one, now) == review_cards(ROADMAP, saved, now)


@settings(max_examples=60, deadline=None)
@given(
    log=st.lists(REVIEWS, max_size=12),
    finished=st.lists(st.integers(0, 40), min_size=6, max_size=6),
    statuses=st.lists(st.sampled_from(list(Status)), min_size=6, max_size=6),
    days=st.integers(0, 60),
    cap=st.integers(0, 8),
)
def test_the_top_bars_count_is_the_queues_length(
    log: list[Review], finished: list[int], statuses: list[Status], days: int, cap: int
) -> None:
    """`due_count` (the app's top bar, from the file's entries alone) says what
    `review_queue` (the review window and `review`) gives, stray ids in the file too."""
    entries = {
        f"t{n}": Entry(status, FINISHED, FINISHED, FINISHED + finished[n] * DAY)
        for n, status in enumerate(statuses)
    }
    entries["gone"] = done()  # a topic the roadmap no longer has
    data = ProgressData("r", entries, reviews=frozenset(log))
    now = FINISHED + days * DAY
    ids = {leaf.id for lvl in ROADMAP.levels for leaf in lvl.leaves()}
    queue = review_queue(ROADMAP, data, now, UTC, cap)
    assert due_count(ids, data, now, UTC, cap) == len(queue.due)
