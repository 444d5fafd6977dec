"""The counting rules behind every number (`numbers/rules.py`), pinned on plain data:
the percentage, the derived state of a parent, a level's goal (with and without
``pick``, parents counting as done only when all their leaves are), and the level
someone is working on. docs/progress.md states the same rules for users."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import samples

from roadmap_tui.numbers import rules
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.roadmap.load import load_roadmap
from roadmap_tui.roadmap.model import Status

STATUSES = st.sampled_from(["todo", "in-progress", "done", "skipped"])


def test_a_tally_counts_each_status_once() -> None:
    statuses = ["done", "in-progress", "in-progress", "skipped", "todo", "done", "done"]
    assert rules.tally(statuses) == (3, 2, 1, 7)  # done, in progress, skipped, total
    assert rules.tally([]) == (0, 0, 0, 0)


def test_skipped_topics_leave_the_count_instead_of_failing() -> None:
    assert rules.percent(done=2, skipped=2, total=6) == 50
    # Done of what counts: the percentage is the fraction shown, 2 ÷ 4.
    assert rules.count_text(2, 2, 6) == "2/4, 2 skipped"
    assert rules.progress_text(2, 2, 6) == "2/4 · 50%, 2 skipped"
    assert rules.progress_text(12, 5, 69) == "12/64 · 18%, 5 skipped"
    assert rules.percent(0, 3, 3) == 100  # everything skipped: nothing left to do
    assert rules.progress_text(0, 3, 3) == "all 3 skipped · 100%"
    assert rules.percent(0, 0, 0) == 0  # an empty level
    assert rules.progress_text(1, 0, 3) == "1/3 · 33%"


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_every_percentage_shown_is_the_fraction_beside_it(
    done: int, skipped: int, left: int
) -> None:
    """Whatever the counts, the percentage is the two numbers beside it divided."""
    total = done + skipped + left
    text = rules.progress_text(done, skipped, total)
    if total - skipped:
        shown, rest = text.split(" · ")
        numerator, denominator = map(int, shown.split("/"))
        assert int(rest.split("%")[0]) == numerator * 100 // denominator
        assert (f", {skipped} skipped" in rest) == bool(skipped)


def test_a_met_pick_goal_says_chosen_not_a_count_that_looks_unfinished() -> None:
    assert rules.chosen_text(1, 5) == "✓ 1 of 5 chosen"
    assert rules.chosen_text(2, 5, "+") == "+ 2 of 5 chosen"


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
        ((1, 1, 0, 2), "partial"),  # one done, one started
        ((1, 1, 1, 4), "partial"),
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


def test_a_pick_goal_over_single_topics_is_met_at_exactly_pick_done() -> None:
    leaves = ["a", "b", "c", "d"]
    assert rules.level_tally(leaves, None, 2, {"a": "done"})[1] is False
    assert rules.level_tally(leaves, None, 2, {"a": "done", "b": "done"})[1] is True
    assert rules.level_tally(leaves, None, 2, {"a": "done", "b": "done", "c": "done"})[1]
    # Skipped or in progress topics are not done: they never make up the count.
    others = {"a": "done", "b": "skipped", "c": "in-progress"}
    assert rules.level_tally(leaves, None, 2, others)[1] is False


def test_a_pick_goal_in_a_roadmap_is_counted_by_every_surfaces_one_function(
    tmp_path: Path,
) -> None:
    """The same rule through the model: `compute_progress` on a loaded roadmap, whose
    levels say `pick`, as the app's ✓, `status` and the export show it."""
    text = samples.roadmap_text(
        "picks",
        "Picks",
        samples.level(
            "lang",
            "Pick a language",
            samples.topic("go", "Go"),
            samples.topic("rust", "Rust"),
            samples.topic("py", "Python"),
            pick=1,
        ),
        samples.level(
            "cloud",
            "Two clouds",
            samples.topic("aws", "AWS", samples.topic("ec2", "EC2"), samples.topic("s3", "S3")),
            samples.topic("gcp", "GCP"),
            samples.topic("azure", "Azure"),
            pick=2,
        ),
        samples.level("end", "All of it", samples.topic("x", "X"), samples.topic("y", "Y")),
    )
    roadmap = load_roadmap(samples.put_file(tmp_path / "picks.toml", text))

    def met(statuses: dict[str, Status]) -> list[bool]:
        return [level.goal_met for level in compute_progress(roadmap, statuses).levels]

    assert met({}) == [False, False, False]
    assert met({"rust": Status.DONE}) == [True, False, False]
    # AWS is done only once both its topics are; GCP then makes two.
    half = {"ec2": Status.DONE, "gcp": Status.DONE}
    assert met(half) == [False, False, False]
    assert met({**half, "s3": Status.DONE}) == [False, True, False]
    assert met({**half, "s3": Status.SKIPPED}) == [False, True, False]
    assert met({"gcp": Status.DONE, "azure": Status.SKIPPED}) == [False, False, False]
    progress = compute_progress(roadmap, {"rust": Status.DONE, "x": Status.DONE})
    assert progress.goals_met == 1
    assert progress.levels[0].counts.percent == 33  # the goal never changes the percentage
    assert progress.overall.text == "2/9"
    everything = {leaf: Status.DONE for leaf in ("go", "ec2", "s3", "gcp", "x", "y")}
    assert met(everything) == [True, True, True]
    assert compute_progress(roadmap, everything).goals_met == 3


def test_without_pick_the_goal_is_every_topic_not_skipped() -> None:
    leaves = ["a", "b", "c"]
    assert rules.level_tally(leaves, None, None, {"a": "done", "b": "done"})[1] is False
    assert rules.level_tally(leaves, None, None, {"a": "done", "b": "done", "c": "skipped"})[1]
    assert rules.level_tally(leaves, None, None, dict.fromkeys(leaves, "skipped"))[1] is False
    assert rules.level_tally([], None, None, {})[1] is False  # an empty level is not met
    assert rules.level_tally(["a"], None, None, {"a": "done"})[1] is True  # one topic, done
    assert rules.level_tally(["a", "b"], None, None, {"a": "done", "b": "skipped"})[1] is True


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
    # With what is left to do: an empty or all-skipped level is passed over.
    assert rules.current_level([True, False, False], [False, False, True]) == 2
    assert rules.has_work((0, 0, 0, 0), False) is False  # empty
    assert rules.has_work((0, 0, 3, 3), False) is False  # all skipped
    assert rules.has_work((1, 1, 0, 2), False) is True  # one in progress


def test_a_pick_level_counts_its_goal_in_a_plan() -> None:
    # Five choices, pick 1: one topic needed, done once one is chosen, never more.
    assert rules.goal_tally((0, 0, 0, 5), False, 1, 0) == (0, 1)
    assert rules.goal_tally((2, 0, 0, 5), True, 1, 2) == (1, 1)
    # No pick: every topic not skipped.
    assert rules.goal_tally((2, 1, 1, 6), False, None, 2) == (2, 5)


def test_a_plans_line_runs_from_the_day_it_was_set_to_its_target() -> None:
    # Set on day 100 with 10 of 40 done, by day 129: 30 days, one topic a day.
    due = [rules.plan_due(10, 40, 100, day, by=129) for day in (100, 101, 115, 129, 130, 200)]
    assert due == [10, 11, 25, 39, 40, 40]
    # Three a week from day 0: 3 after a week, capped at what is needed.
    assert rules.plan_due(0, 5, 0, 7, per_week=3) == 3
    assert rules.plan_due(0, 5, 0, 70, per_week=3) == 5
    assert rules.plan_text(11, 11, 40) == "on track"
    assert rules.plan_text(8, 11, 40) == "3 behind"
    assert rules.plan_text(13, 11, 40) == "2 ahead"
    assert rules.plan_text(40, 40, 40) == "finished"
