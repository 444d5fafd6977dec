"""The counting rules behind every number (`numbers/rules.py`), pinned on plain data:
the percentage, the derived state of a parent, a level's goal (with and without
``pick``, parents counting as done only when all their leaves are), and the level
someone is working on. docs/progress.md states the same rules for users."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_tui.numbers import rules

STATUSES = st.sampled_from(["todo", "in-progress", "done", "skipped"])


def test_skipped_topics_leave_the_count_instead_of_failing() -> None:
    assert rules.percent(done=2, skipped=2, total=6) == 50
    assert rules.count_text(2, 2, 6) == "2/6 (2 skipped)"  # the % is 2 ÷ (6 − 2)
    assert rules.percent(0, 3, 3) == 100  # everything skipped: nothing left to do
    assert rules.percent(0, 0, 0) == 0  # an empty level
    assert rules.progress_text(1, 0, 3) == "1/3 · 33%"


@pytest.mark.parametrize(
    ("tally", "state"),
    [
        ((2, 0, 0, 2), "done"),
        ((1, 0, 1, 2), "done"),  # the rest skipped
        ((0, 0, 2, 2), "skipped"),
        ((0, 0, 0, 2), "todo"),
        ((0, 0, 1, 2), "todo"),
        ((1, 0, 0, 2), "partial"),
        ((0, 1, 0, 2), "partial"),
    ],
)
def test_a_parents_state_comes_from_its_leaves(
    tally: tuple[int, int, int, int], state: str
) -> None:
    assert rules.derived_state(*tally) == state


def test_a_pick_goal_counts_top_level_items_a_parent_only_when_all_its_leaves_are_done() -> None:
    # Two top-level items: a parent of three leaves, then a single leaf.
    leaves, sizes = ["aws", "gcp", "azure", "go"], [3, 1]
    half = {"aws": "done", "gcp": "done"}
    assert rules.level_tally(leaves, sizes, 1, half)[1] is False  # the parent is partial
    assert rules.level_tally(leaves, sizes, 1, {**half, "azure": "done"})[1] is True
    assert rules.level_tally(leaves, sizes, 1, {"go": "done"})[1] is True
    assert rules.level_tally(leaves, sizes, 2, {"go": "done"})[1] is False
    # A skipped leaf under the parent does not stop it counting as done.
    assert rules.level_tally(leaves, sizes, 1, {**half, "azure": "skipped"})[1] is True


def test_without_pick_the_goal_is_every_topic_not_skipped() -> None:
    leaves = ["a", "b", "c"]
    assert rules.level_tally(leaves, None, None, {"a": "done", "b": "done"})[1] is False
    assert rules.level_tally(leaves, None, None, {"a": "done", "b": "done", "c": "skipped"})[1]
    assert rules.level_tally(leaves, None, None, dict.fromkeys(leaves, "skipped"))[1] is False
    assert rules.level_tally([], None, None, {})[1] is False  # an empty level is not met


@given(st.lists(STATUSES, max_size=30), st.integers(1, 4))
def test_grouping_leaves_never_changes_the_tally(statuses: list[str], width: int) -> None:
    leaves = [f"t{n}" for n in range(len(statuses))]
    given_statuses = dict(zip(leaves, statuses, strict=True))
    sizes = [min(width, len(leaves) - start) for start in range(0, len(leaves), width)]
    flat, _ = rules.level_tally(leaves, None, None, given_statuses)
    grouped, _ = rules.level_tally(leaves, sizes, None, given_statuses)
    assert flat == grouped == rules.tally(statuses)


def test_the_current_level_is_the_first_goal_not_met() -> None:
    assert rules.current_level([True, False, False]) == 1
    assert rules.current_level([True, True]) == 1  # all met: the last
    assert rules.current_level([]) == 0
