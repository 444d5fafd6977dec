"""Reviews through a real git sync (`roadmap-tui sync`, a local bare remote): two
machines of one member review on their own, sync in turns, and end with every review
once, and the same next dates. (The merge rules without git: tests/core/test_review.py.)"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.samples import run_module, store_at

from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.reviews import Review
from roadmap_tui.roadmap.model import Status

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
FINISHED = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def on(machine: Path, *argv: str) -> str:
    result = run_module("--data-dir", str(machine), *argv)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_two_machines_reviews_all_arrive_once(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    for machine in (laptop, desktop):
        on(machine, "sync", "init", remote.as_uri(), "--as", "sam")
        store_at(machine).save(
            {
                key: Entry(Status.DONE, FINISHED, FINISHED, FINISHED)
                for key in ("cs-basics", "os-basics")
            }
        )
    both = Review(FINISHED + DAY, "cs-basics", "review", 3)  # one review, already on both
    store_at(laptop).save_reviews([both, Review(FINISHED + 2 * DAY, "os-basics", "review", 1)])
    store_at(desktop).save_reviews([both, Review(FINISHED + 3 * DAY, "cs-basics", "review", 4)])
    for machine in (laptop, desktop, laptop, desktop):
        on(machine, "sync")
    logs = [store_at(machine).load().reviews for machine in (laptop, desktop)]
    assert logs[0] == logs[1] and len(logs[0]) == 3
    days = [
        next_reviews(json.loads(on(m, "export", "--format", "json"))) for m in (laptop, desktop)
    ]
    assert (
        days[0] == days[1] and days[0]["cs-basics"] is not None and days[0]["os-basics"] is not None
    )


def next_reviews(export: dict[str, Any]) -> dict[str, str | None]:
    """Each topic's next review day in a JSON export, children included."""
    found: dict[str, str | None] = {}
    stack = [topic for level in export["levels"] for topic in level["topics"]]
    while stack:
        topic = stack.pop()
        stack.extend(topic.get("children", []))
        if "next_review" in topic:
            found[topic["id"]] = topic["next_review"]
    return found
