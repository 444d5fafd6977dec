"""Snapshot tests of the app's screens (pytest-textual-snapshot; plain `def` tests).

Regenerate after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and review the SVGs under ``tests/__snapshots__/`` by eye. No clocks, paths or blinking
cursors reach a picture: the store's clock is fixed, TZ is UTC and watching is off.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.samples import finished_days_ago
from textual.pilot import Pilot
from textual.widgets import Input

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.tui.app import RoadmapApp

FIXED_NOW = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)

SnapCompare = Callable[..., bool]

# Every status: done, in progress, skipped on level 0; one of the three clouds done on
# level 10, so "Cloud platforms" is partly done. The cursor ends on AWS, whose details
# show its (fixed) change time.
EVERY_STATUS = [
    "space",
    "j",
    "i",
    "j",
    "s",
    "9",
    "right_square_bracket",
    "j",
    "j",
    "j",
    "j",
    "space",
]

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]

# Level 1 with its pick goal met and one topic in progress: the goal, the offer to skip
# the rest and the tip above the topics; a note (Markdown) under the status line.
GOAL_MET = ["1", "j", "space", "j", "i", "k"]

EVERY_SIZE = [
    pytest.param((60, 20), id="60x20"),
    *SIZES,
    pytest.param((200, 50), id="200x50"),
]


@pytest.fixture
def utc() -> Iterator[None]:
    """Local time is UTC while the test runs (the details pane shows local time)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.fixture
def app(data_dir: Path, utc: None) -> RoadmapApp:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend", clock=lambda: FIXED_NOW)
    return RoadmapApp(load_bundled(), store, data=data_dir, watch_interval=0)


@pytest.mark.parametrize("size", EVERY_SIZE)
def test_fresh(snap_compare: SnapCompare, app: RoadmapApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_every_status(
    snap_compare: SnapCompare, app: RoadmapApp, size: tuple[int, int], data_dir: Path
) -> None:
    assert snap_compare(app, terminal_size=size, press=EVERY_STATUS)
    # the picture is of a real change: it reached the file
    saved = ProgressStore(progress_path(data_dir, "backend"), "backend").load()
    assert saved.statuses() == {
        "cs-basics": "done",
        "networking-fundamentals": "in-progress",
        "os-basics": "skipped",
        "cloud-aws": "done",
    }


def test_help(snap_compare: SnapCompare, app: RoadmapApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), press=["question_mark"])


def test_export_formats(snap_compare: SnapCompare, app: RoadmapApp) -> None:
    """`e`: the four formats, Markdown highlighted, notes left out, the file it writes
    (the data folder is fixed, so the path is the same on every machine)."""
    app.main.exports = Path("/data/exports")
    assert snap_compare(app, terminal_size=(80, 24), press=["e"])


def test_search_with_query(snap_compare: SnapCompare, app: RoadmapApp) -> None:
    async def search(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"kafka")
        await pilot.pause()
        pilot.app.screen.query_one(Input).cursor_blink = False

    assert snap_compare(app, terminal_size=(80, 24), run_before=search)


def test_stats_screen(snap_compare: SnapCompare, app: RoadmapApp) -> None:
    """Pace and history after finishing topics over several weeks (fixed clock, UTC)."""

    finished = {
        "cs-basics": 40,
        "networking-fundamentals": 33,
        "os-basics": 20,
        "git-github": 19,
        "lang-python": 12,
        "servers-requests": 5,
        "apis-basics": 2,
        "middleware": 1,
        "file-handling": 0,
    }
    app.store.save(finished_days_ago(FIXED_NOW, finished, took=3))
    app.tracker.data = app.store.load()
    app.tracker.statuses = app.tracker.data.statuses()
    assert snap_compare(app, terminal_size=(80, 40), press=["p"])


def test_every_status_in_a_light_theme(snap_compare: SnapCompare, app: RoadmapApp) -> None:
    """Statuses take their colours from the theme: legible on a light background too."""

    async def light(pilot: Pilot[None]) -> None:
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=light, press=EVERY_STATUS)


@pytest.mark.parametrize("size", SIZES)
def test_level_goal_met_with_a_note(
    snap_compare: SnapCompare, app: RoadmapApp, size: tuple[int, int]
) -> None:
    app.tracker.set_note("lang-python", "Start with **FastAPI**; see `uv` for installs.")
    assert snap_compare(app, terminal_size=size, press=GOAL_MET)


def test_topic_full_screen(snap_compare: SnapCompare, app: RoadmapApp) -> None:
    """`enter`: the topic on the whole screen; long addresses cut with an ellipsis."""
    app.tracker.set_note("lang-python", "- one\n- two")
    assert snap_compare(app, terminal_size=(80, 24), press=["1", "j", "enter"])


@pytest.fixture
def no_colour_app(monkeypatch: pytest.MonkeyPatch, data_dir: Path, utc: None) -> RoadmapApp:
    monkeypatch.setenv("NO_COLOR", "1")  # read (and removed) by the app when it is made
    store = ProgressStore(progress_path(data_dir, "backend"), "backend", clock=lambda: FIXED_NOW)
    return RoadmapApp(load_bundled(), store, data=data_dir, watch_interval=0)


def test_current_rows_without_colour(snap_compare: SnapCompare, no_colour_app: RoadmapApp) -> None:
    """NO_COLOR: the current level and topic are marked (▶ focused, › not) all the same."""
    assert no_colour_app.no_color
    assert snap_compare(no_colour_app, terminal_size=(80, 24), press=[*EVERY_STATUS, "h", "j"])


@pytest.mark.parametrize("reveal", [False, True], ids=["recall", "revealed"])
def test_review_screen(snap_compare: SnapCompare, app: RoadmapApp, reveal: bool) -> None:
    """`R`: the first topic due, its title to recall from, then its details and the
    ratings; the top bar counts what is due (fixed clock, UTC)."""
    app.store.save(finished_days_ago(FIXED_NOW, {"cs-basics": 3, "lang-python": 2}, took=1))
    app.tracker.data = app.store.load()
    app.tracker.statuses = app.tracker.data.statuses()
    app.tracker.set_note("cs-basics", "Big-O of **maps** vs lists.")
    press = ["R", "space"] if reveal else ["R"]
    assert snap_compare(app, terminal_size=(80, 24), press=press)
