"""What to learn next and what finishing a level took (`numbers/nextup.py`): the first
topic in progress, else the first to do of the current level, a met `pick` goal making
the level's other choices optional; the days and topics a finished level took."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from support.samples import level, roadmap_text, topic

from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.numbers.nextup import level_finish, next_topic
from roadmap_tui.progress.entries import Entry
from roadmap_tui.roadmap.load import load_bundled, parse_roadmap
from roadmap_tui.roadmap.model import Status

D, P, S = Status.DONE, Status.IN_PROGRESS, Status.SKIPPED

ROADMAP = parse_roadmap(
    roadmap_text(
        "n",
        "Next",
        level("empty", "Nothing here"),
        level("basics", "Basics", topic("a", "A"), topic("b", "B")),
        level(
            "pick",
            "Pick one",
            topic("x", "X"),
            topic("cloud", "Cloud", topic("aws", "AWS"), topic("gcp", "GCP")),
            pick=1,
        ),
        level("last", "Last", topic("z", "Z")),
    ),
    Path("n.toml"),
)


def names(statuses: dict[str, Status]) -> str | None:
    found = next_topic(ROADMAP, statuses)
    return None if found is None else f"{found.item.id}@{found.number}"


def test_a_new_learner_starts_at_the_first_topic_of_the_first_level_with_any() -> None:
    # The empty level 0 has nothing to do: it is never "current".
    assert names({}) == "a@1"
    found = next_topic(ROADMAP, {})
    assert found is not None and found.text == "A (Level 1 – Basics)"


def test_a_topic_in_progress_comes_first_wherever_it_is() -> None:
    assert names({"z": P}) == "z@3"
    found = next_topic(ROADMAP, {"z": P})
    assert found is not None and found.in_progress and found.text.endswith(", in progress")


def test_skipped_and_done_topics_are_passed_over() -> None:
    assert names({"a": S}) == "b@1"
    assert names({"a": D, "b": D}) == "x@2"


def test_a_met_pick_goal_makes_the_other_choices_optional() -> None:
    assert names({"a": D, "b": D, "x": D}) == "z@3"


def test_a_choice_begun_is_finished_before_another_is_started() -> None:
    found = next_topic(ROADMAP, {"a": D, "b": D, "aws": D})
    assert found is not None and found.item.id == "gcp"
    assert found.title == "Cloud › GCP"


def test_nothing_next_once_every_goal_is_met() -> None:
    assert names({"a": D, "b": D, "x": D, "z": D}) is None
    # ...unless something is still in progress, optional or not.
    assert names({"a": D, "b": D, "x": D, "z": D, "gcp": P}) == "gcp@2"


def test_the_bundled_roadmap_starts_with_its_first_topic() -> None:
    roadmap = load_bundled()
    found = next_topic(roadmap, {})
    assert found is not None and (found.number, found.item.id) == (0, roadmap.levels[0].items[0].id)


NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def test_a_finished_level_says_what_it_took() -> None:
    entries = {
        "a": Entry(D, NOW, started=NOW - timedelta(days=5), finished=NOW - timedelta(days=2)),
        "b": Entry(D, NOW, started=NOW - timedelta(days=1), finished=NOW),
    }
    finish = level_finish(ROADMAP, entries, 1, UTC)
    assert finish.goal_met and finish.topics_done == 2
    assert finish.took_days == 5
    assert finish.took_text == "2 topics in 5 days"
    # Not finished: no finish day, whatever has been done.
    half = level_finish(ROADMAP, {"a": entries["a"]}, 1, UTC)
    assert (half.goal_met, half.finished, half.took_days) == (False, None, None)
    assert half.took_text == "1 topic"


def test_a_pick_level_finishes_the_day_its_goal_is_met() -> None:
    entries = {"x": Entry(D, NOW, started=NOW, finished=NOW)}
    progress = compute_progress(ROADMAP, {"x": D})
    finish = level_finish(ROADMAP, entries, 2, UTC, progress)
    assert finish.goal_met and finish.took_text == "1 topic on the same day"
