"""Keys read from the terminal in one go act one at a time, in typing order, each on the
window that is on top once the keys before it have acted (tui/keyline.py).

Pilot's `press` waits for the app to be idle after every key, which hides the problem;
these tests hand the driver a whole burst at once, as one read of a fast typist's (or a
paste's) bytes does."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from support.pilot import make_app, settle
from textual import events
from textual.pilot import Pilot

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.tui import keyline
from roadmap_tui.tui.app import RoadmapApp


def burst(app: RoadmapApp, keys: str | list[str]) -> None:
    """Every key of ``keys`` read from the terminal before the app handles the first."""
    assert app._driver is not None
    for key in keys:
        char = key if len(key) == 1 else None
        name = {" ": "space"}.get(key, key)
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)


def saved(data_dir: Path) -> dict[str, tuple[str, str]]:
    progress = ProgressStore(progress_path(data_dir, "backend"), "backend").load()
    return {i: (str(e.status), e.note) for i, e in progress.entries.items()}


async def wait_for_line(app: RoadmapApp, pilot: Pilot[None]) -> None:
    """Until every key of the burst has acted (or 5 s: then the test fails)."""
    for _ in range(500):
        await pilot.pause(0.01)
        if not app.key_line.busy:
            return
    raise AssertionError("the keys of the burst did not all act within 5 s")


SEQUENCES = [
    # a note typed and saved, then keys for the list under it
    ["n", *"hi", "ctrl+s", "k", "i"],
    ["n", *"xj y", "ctrl+s", "j", "x"],
    # escape on a changed note asks; the x after it answers nothing and ticks nothing
    ["n", "a", "escape", "x"],
    # panes, moves and ticks: only their order makes the result right
    ["h", "j", "l", "j", "space", "k", "x", "j", "j", "x", "k", "x"],
]


async def typed_slowly(data_dir: Path, keys: list[str]) -> dict[str, tuple[str, str]]:
    """What ``keys`` do when each acts before the next is typed (Pilot waits)."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await settle(app, pilot)
    return saved(data_dir)


async def typed_in_a_burst(
    data_dir: Path, keys: list[str], gap: float
) -> dict[str, tuple[str, str]]:
    """What ``keys`` do when the app reads them ``gap`` seconds apart, not waiting for
    any to act (0: all in one read)."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in keys:
            burst(app, [key])
            if gap:
                await asyncio.sleep(gap)
        await wait_for_line(app, pilot)
        await settle(app, pilot)
        assert app.key_line.held == 0
    return saved(data_dir)


@pytest.mark.parametrize("gap", [0, 0.0005, 0.002])
@pytest.mark.parametrize("keys", SEQUENCES, ids=lambda keys: "".join(k[:1] for k in keys))
async def test_a_burst_does_what_the_same_keys_typed_slowly_do(
    tmp_path: Path, keys: list[str], gap: float
) -> None:
    # Without the key line, a gap of half a millisecond lost the note's last letter
    # (the ctrl+s overtook it) and "n a escape x" ticked the topic instead of asking.
    slowly = await typed_slowly(tmp_path / "slowly", keys)
    assert slowly, "the keys change something"
    assert await typed_in_a_burst(tmp_path / "burst", keys, gap) == slowly


async def test_a_key_whose_way_is_cut_short_does_not_hold_the_rest_for_good(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyline, "STUCK_AFTER", 0.2)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lost = {"once": True}
        follow = keyline.KeyLine._follow

        def lose_the_first(self: keyline.KeyLine, *args: object) -> None:
            if lost.pop("once", False):
                return  # the first key's way is cut: no step reports it done
            follow(self, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(keyline.KeyLine, "_follow", lose_the_first)
        burst(app, ["j", "x"])
        await pilot.pause(0.5)
        await wait_for_line(app, pilot)
        await settle(app, pilot)
        assert app.key_line.held == 0
    done = [i for i, (status, _) in saved(data_dir).items() if status == "done"]
    assert len(done) == 1 and done[0] != "cs-basics", "the x after the guard still acted"
