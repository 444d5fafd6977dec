"""The app's ways out: `e` offers every export format, `p` shows a year of finished
topics as a heatmap, and `o` never blocks the app or hands the terminal to a browser."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.pilot import make_app, messages, screen_text, text_of, wait_for
from support.samples import finished_days_ago
from textual.content import Content
from textual.style import Style
from textual.widgets import Input, OptionList, Static

from roadmap_tui.base.paths import progress_path
from roadmap_tui.base.text import visible
from roadmap_tui.export.markdown import FORMATS, export
from roadmap_tui.numbers.pace import local_tz
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.screens.export import ExportScreen
from roadmap_tui.tui.screens.history import HEAT, WEEKDAYS, StatsScreen, heat_glyph
from roadmap_tui.tui.widgets import links

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)  # a Wednesday
FIRST_LINK = "https://algs4.cs.princeton.edu/home/"


def fixed_app(data_dir: Path) -> RoadmapApp:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend", clock=lambda: NOW)
    return RoadmapApp(load_bundled(), store, data=data_dir, watch_interval=0)


# ----------------------------------------------------------------------------- e


@pytest.mark.parametrize("position", range(len(FORMATS)))
async def test_e_offers_every_format_and_writes_the_one_chosen(
    data_dir: Path, position: int
) -> None:
    fmt = list(FORMATS)[position]
    app = fixed_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [label.split()[0] for label in labels] == list(FORMATS)
        await pilot.press(*["j"] * position)  # j/k move, as in the panes
        target = data_dir / "exports" / f"backend.{fmt}"
        field = app.screen.query_one("#export-path", Input)
        await wait_for(pilot, lambda: field.value == str(target))  # where it writes, shown
        await wait_for(pilot, lambda: f"backend.{fmt}" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, target.is_file)
        assert any(str(target) in message for message in messages(app))
        entries = app.tracker.data.entries
    assert target.read_text(encoding="utf-8") == export(fmt, app.roadmap, entries, NOW, local_tz())


async def test_escape_closes_the_formats_without_writing(data_dir: Path) -> None:
    app = fixed_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
    assert not (data_dir / "exports").exists()


# ----------------------------------------------------------------------------- p


def history(data_dir: Path, finished: dict[str, int]) -> None:
    """``finished``: topic id -> how many days before NOW it was finished."""
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    store.save(
        finished_days_ago(NOW, finished)
        | {"lang-go": Entry(Status.DONE, NOW - timedelta(days=1))}  # imported: no finish time
    )


def rendered(app: RoadmapApp, selector: str) -> str:
    return text_of(app.screen.query_one(selector, Static))


def heatmap_rows(app: RoadmapApp) -> dict[str, str]:
    text = rendered(app, "#heatmap")
    return {line[:3]: line[4:57] for line in text.splitlines() if line[:3] in WEEKDAYS}


async def test_the_heatmap_puts_each_finished_day_in_its_weekday_row_and_week(
    data_dir: Path,
) -> None:
    # NOW is a Wednesday: 0 days ago is this week's Wednesday, 2 days ago its Monday,
    # 7 the Wednesday before; three on one day is denser than one.
    history(data_dir, {"cs-basics": 0, "os-basics": 2, "git-github": 7, "lang-python": 7})
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    store.save({"lang-java": Entry(Status.DONE, NOW, started=NOW, finished=NOW)})
    app = fixed_app(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))
        rows = heatmap_rows(app)
        assert set(rows) >= {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
        assert len(rows["Mon"]) == 53
        assert rows["Wed"][-1] == heat_glyph(2) and rows["Wed"][-2] == heat_glyph(2)
        assert rows["Mon"][-1] == heat_glyph(1)
        assert rows["Thu"][-1] == " "  # tomorrow: not drawn
        # The imported tick (no finish time) is nowhere: exactly 3 busy days.
        busy = sum(1 for row in rows.values() for glyph in row if glyph not in "· ")
        assert busy == 3
        text = screen_text(app)
        assert "The last year" in text and "none" in text


async def test_a_narrow_window_shows_the_latest_weeks_of_the_heatmap_unwrapped(
    data_dir: Path,
) -> None:
    history(data_dir, {"cs-basics": 0})  # today, a Wednesday: the newest column
    app = fixed_app(data_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))
        await pilot.press(*["down"] * 8)  # scroll the window down to the grid
        await pilot.pause()
        screen = screen_text(app).splitlines()
        grid = [line for line in screen if any(f"█ {day} " in line for day in WEEKDAYS)]
        assert len(grid) >= 5, "\n".join(screen)  # (the window shows most of it)
        assert not any(re.match(r"^.{1,3}█ [·░▒▓█]", line) for line in screen)  # no wrap
        wed = next(line for line in grid if "█ Wed " in line)
        assert heat_glyph(1) in wed  # today's finish, the newest column, is in view


async def test_the_heatmap_and_level_durations_read_without_colour(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    history(
        data_dir, {"cs-basics": 9, "networking-fundamentals": 5, "os-basics": 3, "git-github": 3}
    )
    app = fixed_app(data_dir)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))
        rows = heatmap_rows(app)
        glyphs = "".join(rows.values())
        assert heat_glyph(1) in glyphs and heat_glyph(2) in glyphs and "·" in glyphs
        levels = rendered(app, "#level-dates")
        # Level 0 was first started 11 days ago and met its goal 3 days ago.
        line = next(line for line in levels.splitlines() if "Prerequisites" in line)
        assert "8 days" in line
        assert "Took" in levels


def test_every_count_has_a_glyph_and_more_is_never_lighter() -> None:
    order = [glyph for _, glyph in HEAT]
    glyphs = [heat_glyph(count) for count in range(12)]
    assert glyphs[0] == "·" and glyphs[1] != glyphs[0]
    assert all(order.index(a) <= order.index(b) for a, b in itertools.pairwise(glyphs))


# ----------------------------------------------------------------------------- o


def link_targets(content: Content) -> list[str]:
    styles = [
        Style.parse(span.style) if isinstance(span.style, str) else span.style
        for span in content.spans
    ]
    return [style.link for style in styles if style.link]


class Launches:
    """Stands in for subprocess.Popen in tui/links.py: records, optionally blocks."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, Any], threading.Thread]] = []
        self.release = threading.Event()
        self.release.set()

    def __call__(self, command: list[str], **kwargs: Any) -> None:
        self.calls.append((command, kwargs, threading.current_thread()))
        self.release.wait(60)


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> Launches:
    fake = Launches()
    monkeypatch.setattr("roadmap_tui.tui.widgets.links.Popen", fake)
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("SSH_CONNECTION", "SSH_TTY", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    return fake


@pytest.mark.parametrize("size", [(160, 30), (60, 20)])
async def test_over_ssh_o_copies_the_link_and_shows_it_clickable(
    data_dir: Path, launches: Launches, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    monkeypatch.setenv("DISPLAY", ":0")  # X forwarding: still over SSH
    app = make_app(data_dir)
    async with app.run_test(size=size) as pilot:
        await pilot.press("o")
        await wait_for(pilot, lambda: app.clipboard == FIRST_LINK)
        (notice,) = [n for n in app._notifications if "clipboard" in n.message]
        assert "Over SSH" in notice.message
        content = Content.from_markup(notice.message)
        assert link_targets(content) == [FIRST_LINK]  # the whole address, to click
        # Shown whole, or cut with "…" to the notice's width: never wrapped mid-address.
        shown = content.plain.splitlines()[-1]
        assert len(shown) <= min(60, size[0] // 2) - 4
        assert shown == FIRST_LINK or (shown.endswith("…") and FIRST_LINK.startswith(shown[:-1]))
        assert (shown == FIRST_LINK) == (size[0] > 100)
    assert launches.calls == []


async def test_with_a_display_o_starts_a_detached_opener_and_never_waits(
    data_dir: Path, launches: Launches, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setattr(
        "roadmap_tui.tui.widgets.links.find_program", lambda name: f"/usr/bin/{name}"
    )
    launches.release.clear()  # the opener "hangs" until the test lets it go
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await wait_for(pilot, lambda: len(launches.calls) == 1)
        # The app still answers keys while the opener hangs.
        await pilot.press("j")
        await wait_for(pilot, lambda: app.main.topics.item_id == "networking-fundamentals")
        launches.release.set()
        assert any("in your browser" in message for message in messages(app))
    ((command, options, thread),) = launches.calls
    assert command == ["/usr/bin/xdg-open", FIRST_LINK]
    assert thread is not threading.main_thread()
    assert options["start_new_session"] is True
    assert options["stdin"] == options["stdout"] == options["stderr"] == subprocess.DEVNULL
    assert app.clipboard == ""


@pytest.mark.parametrize(
    ("display", "opener", "says"),
    [
        (None, "xdg-open", "No graphical display"),  # no display: never a browser
        (":0", None, "No browser opener found"),  # a display but nothing to open with
    ],
)
async def test_with_no_way_to_a_browser_the_link_is_shown_instead(
    data_dir: Path,
    launches: Launches,
    monkeypatch: pytest.MonkeyPatch,
    display: str | None,
    opener: str | None,
    says: str,
) -> None:
    if display:
        monkeypatch.setenv("DISPLAY", display)
    found = f"/usr/bin/{opener}" if opener else None
    monkeypatch.setattr("roadmap_tui.tui.widgets.links.find_program", lambda name: found)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await wait_for(pilot, lambda: app.clipboard == FIRST_LINK)
        assert any(says in message for message in messages(app))
    assert launches.calls == []


@pytest.mark.parametrize(
    ("environ", "platform", "route"),
    [
        ({}, "darwin", "browser"),
        ({}, "win32", "browser"),
        ({"SSH_TTY": "/dev/pts/1"}, "darwin", "ssh"),
        ({"DISPLAY": ":1"}, "linux", "browser"),
        ({"DISPLAY": ""}, "linux", "no-display"),
        ({}, "freebsd14", "no-display"),
    ],
)
def test_where_a_link_opens(environ: dict[str, str], platform: str, route: str) -> None:
    assert links.where(environ, platform) == route


@given(st.text(min_size=1).filter(lambda s: not any(c.isspace() for c in s)))
def test_any_address_is_one_clickable_link_showing_itself(rest: str) -> None:
    url = "https://" + rest
    content = Content.from_markup(links.link_markup(url))
    assert content.plain == visible(url) or (  # a backslash that ends it: percent-encoded
        url.endswith("\\") and unquote(content.plain) == visible(url)
    )
    targets = link_targets(content)
    assert len(targets) == 1 and targets[0] is not None
    # The same address to a browser: equal once percent-decoded.
    assert unquote(targets[0]) == unquote(visible(url))
