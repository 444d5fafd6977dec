"""Room and polish: the levels pane takes what its titles need (bars give way first),
the rest goes to the topics, cut text ends in "…", and the footer keeps help and quit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.pilot import make_app, screen_text, wait_for

from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.tui.app import RoadmapApp

TITLES = [level.title for level in load_bundled().levels]
COUNT = re.compile(r" +\d+/\d+ *$")  # a level row's count, at its end


def pane_lines(app: RoadmapApp, pane: str) -> list[str]:
    x, y, width, height = app.main.query_one(pane).region
    lines = screen_text(app).splitlines()
    return [line[x + 1 : x + width - 1] for line in lines[y + 1 : y + height - 1]]


@pytest.mark.parametrize("size", [(100, 30), (120, 36), (200, 50)])
async def test_level_titles_are_whole_with_bars_from_100_columns(
    data_dir: Path, size: tuple[int, int]
) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        rows = pane_lines(app, "#levels")
        for number, title in enumerate(TITLES):
            assert f"{number:>2} {title} " in rows[number]
            assert "░░░░░" in rows[number]  # the bar, whole
            assert COUNT.search(rows[number])
        # no blank columns: the pane is as wide as its longest row, the topics get the rest
        longest = max(len(row.rstrip()) for row in rows)
        assert len(rows[0]) - longest <= 3
        topics = app.main.query_one("#topics-box").region.width
        assert topics == size[0] - app.main.levels.region.width


async def test_at_80_columns_the_bars_give_way_before_the_titles(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.resize_terminal(80, 24)  # the pane fits itself to the new size
        await pilot.pause()
        rows = pane_lines(app, "#levels")
        for number, title in enumerate(TITLES):
            assert f"{number:>2} {title} " in rows[number]
            assert "…" not in rows[number]
            assert "░" not in rows[number]


async def test_at_60_columns_titles_are_cut_with_an_ellipsis(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        rows = pane_lines(app, "#levels")
        cut = [row for row in rows[: len(TITLES)] if "…" in row]
        assert cut, rows
        for number, row in enumerate(rows[: len(TITLES)]):
            assert COUNT.search(row), row  # the count stays
            shown = COUNT.sub("", row[4:]).split("…")[0].rstrip()
            assert TITLES[number].startswith(shown)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 36)])
async def test_topic_rows_cut_with_an_ellipsis(data_dir: Path, size: tuple[int, int]) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=size) as pilot:
        await pilot.press("9", "right_square_bracket")  # level 10, with nested topics
        await pilot.pause()
        rows = pane_lines(app, "#topics-box")
        for item in app.roadmap.levels[10].walk():  # every topic, whole or cut with "…"
            whole = f"[ ] {item.title}" + (f" — {item.details}" if item.details else "")
            (row,) = [row for row in rows if f"] {item.title[:8]}" in row]
            shown = row[row.index("[ ]") :].rstrip()
            assert shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1]))
        assert any(row.rstrip().endswith("…") for row in rows) == (size[0] < 120)


@pytest.mark.parametrize("size", [(60, 20), (64, 20), (80, 24), (200, 50)])
async def test_the_footer_keeps_help_and_quit(data_dir: Path, size: tuple[int, int]) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: "q Quit" in screen_text(app).splitlines()[-1])
        footer = screen_text(app).splitlines()[-1]
        for key in ("space Done", "? Help", "q Quit", "^p palette"):
            assert key in footer, footer
        if size[0] >= 80:  # at 80 columns export gives way to reading (help lists it)
            for key in ("i Doing", "s Skip", "u Undo", "/ Search", "⏎ Read"):
                assert key in footer, footer
        assert ("e Export" in footer) == (size[0] > 80), footer
        await pilot.resize_terminal(60, 20)
        await wait_for(pilot, lambda: "q Quit" in screen_text(app).splitlines()[-1])
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer and "space Done" in footer, footer
