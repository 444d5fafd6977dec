"""The main screen as a guide (#26): room to read the topic at 80×24, the next topic
named with a key that goes there, and a level finished as a moment, with hide-done on
and off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.pilot import make_app, messages, screen_text, settle, text_of
from support.samples import file_statuses

from roadmap_tui.base.text import visible
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.main.fitting import pane_heights

BUNDLED = load_bundled()
LEVEL_0 = [leaf.id for leaf in BUNDLED.levels[0].leaves()]


def shown(app: RoadmapApp, selector: str) -> str:
    return text_of(app.main.query_one(selector))


def words(text: str) -> str:
    return " ".join(text.split())


# -- room to read


async def test_a_description_shows_five_lines_at_80x24_on_every_topic(data_dir: Path) -> None:
    """Every topic of the bundled roadmap: under its title, details and status line, at
    least five lines of its description (all of it, when shorter) are in view."""
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        for number, level in enumerate(BUNDLED.levels):
            app.main.select_level(number)
            for item in level.walk():
                assert app.main.topics.select_item(item.id)
                await pilot.pause()
                opening = words(visible(item.description))[:20]
                whole = shown(app, "#details").splitlines()
                start = next(n for n, row in enumerate(whole) if opening in row)
                lines = next(
                    (n for n, row in enumerate(whole[start:]) if not row.strip()), len(whole)
                )
                x, y, width, height = app.main.details.region
                screen = screen_text(app).splitlines()
                view = [row[x : x + width] for row in screen[y : y + height - 1]]
                first = next((n for n, row in enumerate(view) if opening in row), None)
                assert first is not None, (item.id, view)
                assert len(view) - first >= min(5, lines), (item.id, view)


async def test_the_panes_are_as_tall_as_what_they_hold(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.main.levels.outer_size.height == len(BUNDLED.levels) + 2
        assert app.main.query_one("#topics-box").outer_size.height == 4 + 2  # Level 0's four
        # the rest to the details: 24 rows less the top bar, the footer and the topics
        assert app.main.details.outer_size.height == 24 - 2 - 6
        await pilot.press("1")  # goal and tip above its five topics, every one in view
        topics = shown(app, "#topics")
        for leaf in BUNDLED.levels[1].leaves():
            assert leaf.title in topics


def test_the_topics_keep_their_rows_before_the_description_on_a_small_terminal() -> None:
    # 60×20: a level of 8 rows keeps them, the details get the rest
    assert pane_heights(18, 13, 0, 8, 4).topics == 10
    # 80×24: the same level, and five lines of description under a 4-line heading
    heights = pane_heights(22, 13, 0, 8, 4)
    assert (heights.levels, heights.topics) == (15, 10)
    assert 22 - heights.topics >= 4 + 5 + 2
    # more levels than rows: the levels scroll, the next-up box keeps its line
    assert pane_heights(22, 100, 0, 4, 2).levels == 22 - 3


async def test_rows_line_up_whatever_their_status(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "i", "j", "s", "j")  # done, doing, skipped, to do
        await settle(app, pilot)
        rows = [row for row in shown(app, "#topics").splitlines() if row.strip()]
        boxes = {row.index("[") for row in rows}
        titles = {row.index("]") + 2 for row in rows}
        assert len(rows) == 4 and len(boxes) == 1 and len(titles) == 1, rows


async def test_rows_line_up_in_a_screenshot_too(data_dir: Path) -> None:
    """An SVG screenshot (the README's, the snapshots) draws each span at its own
    column, and some viewers drop the spaces a span starts with: every box, to do or
    not, starts a span of its own at the same column, and no title starts with one."""
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "i", "j", "s", "j")
        await settle(app, pilot)
        svg = app.export_screenshot()
    spans = re.findall(r'<text[^>]*x="([0-9.]+)"[^>]*>([^<]*)</text>', svg)
    boxes = {x for x, text in spans if re.match(r"\[[ x>\-]\](&#160;)?$", text)}
    assert len(boxes) == 1, [span for span in spans if "]" in span[1]][:8]
    titles = [text for _, text in spans if "Networking" in text or "Git&#160;&amp;" in text]
    assert titles and not any(text.startswith("&#160;") for text in titles), titles


async def test_enter_is_named_read_in_the_footer_and_help(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "⏎ Read" in screen_text(app).splitlines()[-1]
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Read" in screen_text(app)
        assert "⏎ Open" not in screen_text(app)


# -- next up


async def test_the_first_screen_names_the_next_topic(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = words(shown(app, "#next-up"))
        assert "Computer Science basics" in box and "Level 0 – Prerequisites" in box
        assert app.main.query_one("#next-up").border_subtitle == "N goes there"


async def test_next_up_is_the_topic_in_progress_and_n_goes_there(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "l", "j", "j", "i", "h", "7")  # Level 3's third, in progress
        await settle(app, pilot)
        third = BUNDLED.levels[3].items[2]
        assert words(visible(third.title)) in words(shown(app, "#next-up"))
        assert app.main.level_number == 7
        await pilot.press("N")
        assert app.main.level_number == 3
        assert app.main.topics.item_id == third.id
        assert app.main.focused is app.main.topics


async def test_the_next_up_key_can_be_remapped(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    app.user_keymap = {"next-up": "w"}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "w")
        assert app.main.level_number == 0
        assert app.main.query_one("#next-up").border_subtitle == "w goes there"


async def test_a_met_pick_goal_moves_next_up_on(data_dir: Path) -> None:
    """Once Level 1's goal (pick one) is met, its other languages are optional: next up
    is Level 2's first topic."""
    app = make_app(data_dir, watch_interval=0)
    app.tracker.set_status("lang-python", Status.DONE)
    for leaf in LEVEL_0:
        app.tracker.set_status(leaf, Status.DONE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = words(shown(app, "#next-up"))
        assert BUNDLED.levels[2].items[0].title in box and "Level 2" in box


# -- a level finished


@pytest.mark.parametrize("hide_done", [False, True])
async def test_finishing_a_level_says_so_and_offers_the_next(
    data_dir: Path, hide_done: bool
) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        if hide_done:
            await pilot.press("f")
        await pilot.press("space", *(["j", "space"] * 3 if not hide_done else ["space"] * 3))
        await settle(app, pilot)
        assert file_statuses(data_dir) == dict.fromkeys(LEVEL_0, "done")
        notice = words(" ".join(messages(app)))
        assert "Level 0 – Prerequisites done ✓: 4 topics" in notice
        assert "Next: Level 1 – Core Backend Languages · JavaScript/TypeScript" in notice
        assert "(N goes there)" in notice
        screen = words(screen_text(app))
        assert "No topics to show here" not in screen
        if hide_done:
            pane = words(shown(app, "#level-done"))
            assert "Level 0 – Prerequisites done ✓: 4 topics" in pane
            assert "Next: Level 1 – Core Backend Languages" in pane
            assert "f shows them" in pane
            assert app.main.focused is app.main.levels  # not in an empty pane
        await pilot.press("N")
        assert app.main.level_number == 1
        assert app.main.topics.item_id == "lang-javascript-typescript"


async def test_undo_and_redo_do_not_announce_a_level_again(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    for leaf in LEVEL_0[:3]:
        app.tracker.set_status(leaf, Status.DONE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "space")
        await settle(app, pilot)
        assert any("Level finished" in n.title for n in app._notifications)
        await pilot.press("u", "ctrl+r")
        await settle(app, pilot)
        assert not any("Level finished" in n.title for n in app._notifications)
