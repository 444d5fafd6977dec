"""A topic's saved state and how two copies of it merge (`progress/entries.py`), pinned on
plain data: a change always beats what it replaces, even when the clock has not moved;
the newer side's unknown fields win a merge; times from elsewhere are clamped to now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support.samples import T0

from roadmap_tui.progress.entries import (
    EPOCH,
    Entry,
    ProgressData,
    after,
    clamp_future,
    merge,
    merge_entry,
    not_after,
)
from roadmap_tui.roadmap.model import Status

LATER = T0 + timedelta(hours=1)

# ---------------------------------------------------------------- one clock tick, two changes


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Status.DONE, Status.TODO),
        (Status.DONE, Status.IN_PROGRESS),
        (Status.SKIPPED, Status.TODO),
        (Status.IN_PROGRESS, Status.TODO),
    ],
)
def test_a_change_and_the_next_in_the_same_clock_tick_the_next_wins(
    first: Status, second: Status
) -> None:
    """A frozen test clock, or a coarse one (Windows' 15 ms): ticking a topic then
    taking it back reads the same time twice. The second change must still win every
    merge, or the undo is lost the moment it meets the first on disk."""
    ticked = Entry().with_status(first, T0)
    undone = ticked.with_status(second, T0)
    assert undone.changed > ticked.changed
    for merged in (merge_entry(ticked, undone), merge_entry(undone, ticked)):
        assert merged.status is second


def test_a_note_rewritten_in_the_same_clock_tick_keeps_the_last_text() -> None:
    first = Entry().with_note("zzz first draft", T0)
    second = first.with_note("aaa final", T0)
    assert second.note_changed is not None and first.note_changed is not None
    assert second.note_changed > first.note_changed
    assert merge_entry(first, second).note == merge_entry(second, first).note == "aaa final"


def test_after_is_now_when_the_clock_moved_and_just_after_when_it_did_not() -> None:
    assert after(T0, LATER) == LATER
    assert after(T0, T0) == T0 + timedelta(microseconds=1)
    assert after(LATER, T0) == LATER + timedelta(microseconds=1)  # a clock set back
    end = datetime.max.replace(tzinfo=UTC)
    assert after(end, T0) == end  # nothing is later: no crash


def test_a_status_change_keeps_start_and_finish_history() -> None:
    started = Entry().with_status(Status.IN_PROGRESS, T0)
    assert (started.started, started.finished) == (T0, None)
    done = started.with_status(Status.DONE, LATER)
    assert (done.started, done.finished) == (T0, LATER)
    again = done.with_status(Status.DONE, LATER + timedelta(days=1))
    assert again.finished == LATER  # done again: still finished when it first was
    skipped = done.with_status(Status.SKIPPED, LATER)
    assert skipped.finished is None and skipped.started == T0
    reset = done.with_status(Status.TODO, LATER)
    assert (reset.started, reset.finished) == (None, None)
    direct = Entry().with_status(Status.DONE, T0)
    assert (direct.started, direct.finished) == (T0, T0)


# ---------------------------------------------------------------- ties broken the same way


def test_on_the_same_time_the_further_status_wins_either_way() -> None:
    for low, high in [
        (Status.TODO, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.SKIPPED),
        (Status.SKIPPED, Status.DONE),
    ]:
        a, b = Entry(low, T0), Entry(high, T0)
        assert merge_entry(a, b).status is merge_entry(b, a).status is high


def test_on_the_same_time_and_status_the_later_start_then_finish_wins() -> None:
    early = Entry(Status.DONE, T0, started=T0 - timedelta(days=2), finished=T0)
    late = Entry(Status.DONE, T0, started=T0 - timedelta(days=1), finished=T0)
    assert merge_entry(early, late).started == merge_entry(late, early).started == late.started
    short = Entry(Status.DONE, T0, started=T0, finished=T0 - timedelta(hours=1))
    long = Entry(Status.DONE, T0, started=T0, finished=T0)
    assert merge_entry(short, long).finished == merge_entry(long, short).finished == T0


def test_notes_on_the_same_time_settle_on_one_text_either_way() -> None:
    a = Entry(note="apples", note_changed=T0)
    b = Entry(note="pears", note_changed=T0)
    assert merge_entry(a, b).note == merge_entry(b, a).note == "pears"
    newer = Entry(note="apples", note_changed=LATER)
    assert merge_entry(b, newer).note == merge_entry(newer, b).note == "apples"
    untimed = Entry(note="")
    assert merge_entry(untimed, a).note == merge_entry(a, untimed).note == "apples"


# ---------------------------------------------------------------- unknown fields in a merge


def test_the_newer_sides_unknown_fields_win_and_the_others_are_kept() -> None:
    """Fields a newer roadmap-tui wrote: when both copies have one, the copy whose
    status change won gives its value; fields only the other copy has are kept."""
    old = Entry(Status.TODO, T0, extra={"colour": "red", "only_old": 1})
    new = Entry(Status.DONE, LATER, extra={"colour": "blue", "only_new": 2})
    for merged in (merge_entry(old, new), merge_entry(new, old)):
        assert merged.status is Status.DONE
        assert dict(merged.extra) == {"colour": "blue", "only_old": 1, "only_new": 2}


def test_unknown_fields_of_the_older_side_are_kept_when_the_newer_has_none() -> None:
    old = Entry(Status.TODO, T0, extra={"colour": "red"})
    new = Entry(Status.DONE, LATER)
    for merged in (merge_entry(old, new), merge_entry(new, old)):
        assert dict(merged.extra) == {"colour": "red"}


def test_merging_changes_into_progress_adds_new_topics_and_merges_known_ones() -> None:
    base = ProgressData("backend", {"a": Entry(Status.DONE, LATER), "b": Entry(Status.DONE, T0)})
    merged = merge(base, {"a": Entry(Status.TODO, T0), "b": Entry(Status.TODO, LATER)})
    merged = merge(merged, {"c": Entry(Status.SKIPPED, T0)})
    assert merged.statuses() == {"a": Status.DONE, "b": Status.TODO, "c": Status.SKIPPED}
    assert base.statuses() == {"a": Status.DONE, "b": Status.DONE}  # not changed in place
    assert merged.entry("missing") == Entry()


# ---------------------------------------------------------------- times from elsewhere


def test_every_time_in_the_future_is_set_to_now_and_the_rest_kept() -> None:
    future = T0 + timedelta(days=30)
    entry = Entry(Status.DONE, future, started=T0, finished=future, note="n", note_changed=future)
    clamped = not_after(entry, LATER)
    assert (clamped.changed, clamped.started, clamped.finished) == (LATER, T0, LATER)
    assert clamped.note_changed == LATER
    assert not_after(entry, future) == entry  # nothing after now: untouched
    assert not_after(Entry(changed=EPOCH), T0).changed == EPOCH
    assert clamp_future({"x": entry}, LATER) == {"x": clamped}
