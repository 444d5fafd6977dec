"""Reviews in the installed app, in a real terminal: `R`, reveal and rate by keyboard at
80×24; `kill -9` in the middle of a burst of ratings leaves a file that loads cleanly
and holds the first ratings typed (never a mix, never a torn file); a rating the app
shows and saves survives the kill, and the next start counts one fewer to review."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from support.terminal import Terminal, app_env

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals and ptys"),
]

TOPICS = ("cs-basics", "networking-fundamentals", "os-basics", "lang-python")
RATINGS = [3, 4, 2, 3]


def finish_two_days_ago(data_dir: Path) -> ProgressStore:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    when = datetime.now(UTC) - timedelta(days=2)
    store.save({t: Entry(Status.DONE, when, when, when) for t in TOPICS})
    return store


def ratings_on_disk(data_dir: Path) -> list[int]:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    data = store.load()
    assert store.notices == [], store.notices  # never a torn or moved-aside file
    return [r.rating for r in sorted(data.reviews) if r.kind == "review"]


def test_a_shown_rating_survives_kill_9_and_the_next_start_counts_one_fewer(
    data_dir: Path,
) -> None:
    finish_two_days_ago(data_dir)
    with Terminal(app_env(data_dir)) as term:
        term.wait_for("4 to review")
        term.press("R")
        term.wait_for("1 of 4")
        term.press(" ")
        term.wait_for("3 good")
        term.press("3")
        term.wait_for("Good: ")
        term.wait_until(lambda: ratings_on_disk(data_dir) == [3], "the rating in the file")
        term.kill_9()
    with Terminal(app_env(data_dir)) as term:
        term.wait_for("3 to review")
        term.press("q")
        assert term.wait_exit() == 0
    assert ratings_on_disk(data_dir) == [3]


@pytest.mark.parametrize("seed", range(3))
def test_kill_9_mid_burst_of_ratings_keeps_the_first_ones(data_dir: Path, seed: int) -> None:
    finish_two_days_ago(data_dir)
    rng = random.Random(seed)
    with Terminal(app_env(data_dir)) as term:
        term.wait_for("4 to review")
        term.press("R")
        term.wait_for("1 of 4")
        term.press("".join(f" {rating}" for rating in RATINGS))
        term.pause(rng.uniform(0.0, 0.4))
        term.kill_9()
    saved = ratings_on_disk(data_dir)
    assert saved == RATINGS[: len(saved)], "the ratings typed first, in order"
    with Terminal(app_env(data_dir)) as term:
        left = len(RATINGS) - len(saved)
        term.wait_for(f"{left} to review" if left else "Backend Developer Roadmap")
        term.press("R")
        term.wait_for(f"1 of {left}" if left else "Nothing to review today.")
        term.press("q")
        term.wait_until(lambda: "Review" not in term.text, "the review window closed")
        term.press("q")
        assert term.wait_exit() == 0
