"""Regenerate docs/screenshot.svg: the app saves a picture of itself.

Run from the repository root after `pip install .`:  python scripts/screenshot.py
It uses a throw-away data folder with a few ticks of every status; nothing of yours
is read or written.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui.app import RoadmapApp

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.svg"


def fixed_clock() -> datetime:
    return datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


async def main() -> None:
    roadmap = load_bundled()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        os.environ["ROADMAP_TUI_CONFIG_DIR"] = str(data / "config")  # default settings
        store = ProgressStore(progress_path(data, roadmap.id), roadmap.id, clock=fixed_clock)
        store.set_status(["cs-basics", "git-github", "lang-javascript-typescript"], Status.DONE)
        store.set_status(["networking-fundamentals"], Status.IN_PROGRESS)
        store.set_status(["os-basics"], Status.SKIPPED)
        app = RoadmapApp(roadmap, store, data=data, watch_interval=0)
        app.tracker.set_note("lang-javascript-typescript", "Start with the **Node.js** guides.")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("1")  # Level 1: its goal met, the offer to skip the rest
            await pilot.pause()
            app.save_screenshot(filename=OUT.name, path=str(OUT.parent))
            await pilot.press("q")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
