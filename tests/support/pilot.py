"""Helpers for Pilot tests of the app (imports Textual: only app tests use this module)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pytest import MonkeyPatch
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Roadmap
from roadmap_tui.tui.app import RoadmapApp

FAST_RETRIES = (0.05, 0.1, 0.2)


def make_app(
    data_dir: Path,
    roadmap: Roadmap | None = None,
    *,
    watch_interval: float = 0.2,
    retry_delays: Sequence[float] = FAST_RETRIES,
) -> RoadmapApp:
    """The app on ``roadmap`` (the bundled one by default) with progress in ``data_dir``."""
    roadmap = roadmap or load_bundled()
    store = ProgressStore(progress_path(data_dir, roadmap.id), roadmap.id)
    return RoadmapApp(
        roadmap, store, data=data_dir, watch_interval=watch_interval, retry_delays=retry_delays
    )


async def settle(app: RoadmapApp, pilot: Pilot[None]) -> None:
    """Wait until every change is written, and the app has handled the save."""
    assert app.saver.flush(5), "the saver did not finish within 5 s"
    await pilot.pause()


def text_of(widget: Widget) -> str:
    """What ``widget`` shows on screen, as plain text lines."""
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


def screen_text(app: RoadmapApp) -> str:
    """Everything on the terminal now (the active screen with its overlays), as text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def top_bar(app: RoadmapApp) -> str:
    return str(app.main.query_one("#overall").render())


def messages(app: RoadmapApp) -> list[str]:
    return [n.message for n in app._notifications]


async def wait_for(
    pilot: Pilot[None], condition: object, seconds: float = 30.0, what: str = ""
) -> None:
    """Let the app run until ``condition()`` holds (fails after ``seconds``)."""
    assert callable(condition)
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what or condition}")


async def links_opened_by_o(app: RoadmapApp, monkeypatch: MonkeyPatch) -> list[str]:
    """Run ``app``, press `o` once, and return the addresses it asked to open."""
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
    return opened


CHARACTERS = {"space": " ", "enter": "\r", "slash": "/", "escape": "\x1b", "tab": "\t"}


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Type ``keys`` in one burst: every one is queued before the app handles the first
    (a fast typist, a slow machine, a paste), unlike `pilot.press`, which waits for the
    app to go idle after each key. Then let the app handle them all."""
    app = pilot.app
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
    await pilot.pause()
    await pilot.pause()
