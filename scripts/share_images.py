"""Regenerate docs/card.svg and docs/heatmap.svg: pictures the app made of itself.

Run from the repository root after `pip install .`:  python scripts/share_images.py
A throw-away data folder gets a few months of finished topics; the card is written by
the real command (`roadmap-tui export --format svg`), the heatmap is the app's own SVG
screenshot of its pace-and-history screen. Nothing of yours is read or written.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui.app import RoadmapApp

DOCS = Path(__file__).resolve().parents[1] / "docs"
NOW = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)


def fill(data: Path) -> None:
    """Levels 0 to 3 done, a few topics beyond, finished over the last months."""
    roadmap = load_bundled()
    rng = random.Random(12)
    leaves = [leaf.id for level in roadmap.levels for leaf in level.leaves()]
    done = leaves[:24] + leaves[30:33]
    days = sorted((rng.randrange(0, 200) for _ in done), reverse=True)
    entries = {
        key: Entry(
            Status.DONE,
            NOW - timedelta(days=ago),
            started=NOW - timedelta(days=ago + rng.randrange(1, 6)),
            finished=NOW - timedelta(days=ago, hours=rng.randrange(0, 8)),
        )
        for key, ago in zip(done, days, strict=True)
    }
    entries[leaves[24]] = Entry(Status.IN_PROGRESS, NOW, started=NOW - timedelta(days=2))
    store = ProgressStore(progress_path(data, roadmap.id), roadmap.id, clock=lambda: NOW)
    store.save(entries)


async def heatmap(data: Path) -> None:
    roadmap = load_bundled()
    store = ProgressStore(progress_path(data, roadmap.id), roadmap.id, clock=lambda: NOW)
    app = RoadmapApp(roadmap, store, data=data, watch_interval=0)
    async with app.run_test(size=(86, 46)) as pilot:
        await pilot.press("p")
        await pilot.pause(0.5)
        app.save_screenshot(filename="heatmap.svg", path=str(DOCS))
        await pilot.press("escape", "q")


def main() -> None:
    os.environ["TZ"] = "UTC"
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        fill(data)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "roadmap_tui",
                "--data-dir",
                str(data),
                "export",
                "--format",
                "svg",
                "-o",
                str(DOCS / "card.svg"),
                "--force",
            ],
            check=True,
        )
        asyncio.run(heatmap(data))
    print(f"wrote {DOCS / 'card.svg'} and {DOCS / 'heatmap.svg'}")


if __name__ == "__main__":
    main()
