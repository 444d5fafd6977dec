"""What you look at is what you get: the level's goal and tip above its topics, the
details pane (scroll, keys, full-screen view, note, links), and keys that act on the
pane they were meant for, in order, however fast they come."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, Group
from support.pilot import burst, make_app, messages, screen_text, settle, text_of, wait_for
from support.samples import file_statuses
from textual.widgets import Input

from roadmap_tui.base.text import visible
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Level, Status
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.main.details import (
    DetailScreen,
    DetailsPane,
    LevelContext,
    link_line,
    link_target,
)
from roadmap_tui.tui.screens.search import SearchScreen

LEVEL_1 = [leaf.id for leaf in load_bundled().levels[1].leaves()]


def top(app: RoadmapApp) -> object:
    """The screen on top (typed loosely, so tests can compare it after narrowing)."""
    return app.screen


def shown(app: RoadmapApp, selector: str) -> str:
    return text_of(app.main.query_one(selector))


# ----------------------------------------------------------------------------- item 1


async def test_the_level_goal_and_tip_are_in_view_at_80x24(data_dir: Path) -> None:
    app = make_app(data_dir)
    level = app.roadmap.levels[1]
    assert level.goal and level.tip and level.pick == 1
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        context = " ".join(shown(app, "#level-context").split())
        assert "Goal 0/1 picked: Choose at least one primary backend language" in context
        assert " ".join(level.tip.split()) in context  # the whole tip, none of it cut
        assert "skips" not in context
        topics = shown(app, "#topics")
        for leaf in load_bundled().levels[1].leaves():  # and every topic still shows
            assert leaf.title in topics
        await pilot.press("0")  # a level with no goal, tip or note: no context lines
        assert not app.main.query_one(LevelContext).display


async def test_a_met_pick_goal_offers_to_skip_the_rest_undoably(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "j", "i", "k", "space")  # one in progress, one done
        await settle(app, pilot)
        context = " ".join(shown(app, "#level-context").split())
        assert "Goal met ✓ 1/1 picked" in context
        assert "S skips the 3 topics left (u undoes)" in context
        tip = app.roadmap.levels[1].tip
        assert " ".join(tip.split()) in context  # the offer does not push the tip out of view
        await pilot.press("S")
        await settle(app, pilot)
        assert file_statuses(data_dir) == {
            LEVEL_1[0]: Status.DONE,
            LEVEL_1[1]: Status.IN_PROGRESS,
            **dict.fromkeys(LEVEL_1[2:], Status.SKIPPED),
        }
        assert "skips" not in shown(app, "#level-context")
        await pilot.press("u")  # one step puts all three back
        await settle(app, pilot)
        assert file_statuses(data_dir) == {
            LEVEL_1[0]: Status.DONE,
            LEVEL_1[1]: Status.IN_PROGRESS,
            **dict.fromkeys(LEVEL_1[2:], Status.TODO),
        }
        assert "S skips the 3 topics left" in " ".join(shown(app, "#level-context").split())


async def test_the_offer_stays_in_view_at_60x20(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("1", "space")
        context = " ".join(shown(app, "#level-context").split())
        assert "Goal met ✓ 1/1 picked · S skips the 4 topics left (u undoes)" in context
        assert app.main.topics.size.height >= 3  # the topics keep room too


async def test_skip_rest_refuses_a_goal_not_met(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "S", "3", "S")  # a pick goal not met; no pick goal at all
        await settle(app, pilot)
        assert app.tracker.statuses == {}
        assert any("Nothing to skip" in m for m in messages(app))


async def test_the_offer_shows_the_remapped_key(data_dir: Path) -> None:
    app = make_app(data_dir)
    app.user_keymap = {"skip-rest": "ctrl+k", "undo": "U"}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "space")
        context = " ".join(shown(app, "#level-context").split())
        assert "^k skips the 4 topics left (U undoes)" in context
        await pilot.press("ctrl+k")
        await settle(app, pilot)
        assert list(file_statuses(data_dir).values()).count(Status.SKIPPED) == 4
        assert any("(U undoes)" in message for message in messages(app))


# ----------------------------------------------------------------------------- item 3


def noted(data_dir: Path, note: str, item_id: str = "lang-python") -> RoadmapApp:
    app = make_app(data_dir)
    app.tracker.set_note(item_id, note)
    assert app.saver.flush(5)
    return app


async def test_details_start_at_the_top_of_each_topic(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        details = app.main.details
        await pilot.press("1", "j")
        assert details.max_scroll_y > 0  # Python's description and links need scrolling
        await pilot.press("J")  # scroll the details from the topics pane
        assert details.scroll_y > 0
        assert app.main.topics.has_focus
        await pilot.press("K")
        assert details.scroll_y == 0
        await pilot.press("J", "J")
        assert details.scroll_y > 0
        await pilot.press("j")  # another topic: its title on the first line again
        assert details.scroll_y == 0
        assert "Java (Spring Boot)" in shown(app, "#details").splitlines()[0]
        await pilot.press("J", "space")  # a change to the same topic keeps the place
        assert details.scroll_y > 0


async def test_the_details_pane_has_focus_keys_and_a_border(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        details = app.main.details
        await pilot.press("1", "j")
        unfocused = details.styles.border_top
        await pilot.press("tab")
        assert details.has_focus
        assert details.styles.border_top != unfocused  # the focus shows
        await pilot.press("j", "j")
        assert details.scroll_y == 2
        await pilot.press("end")
        assert details.scroll_y == details.max_scroll_y
        await pilot.press("space")  # a status key acts on the topic shown
        await settle(app, pilot)
        assert file_statuses(data_dir) == {"lang-python": Status.DONE}


async def test_enter_opens_the_topic_full_screen(data_dir: Path) -> None:
    app = noted(data_dir, "See **the tutorial** first")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "j", "enter")
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert "Python (Django, Flask, FastAPI)" in text
        assert "See the tutorial first" in text
        assert "docs.python.org" in text
        await pilot.press("escape")
        assert top(app) is app.main
        assert app.main.topics.has_focus
        await pilot.press("h", "enter")  # on a level: go to its topics
        assert app.main.topics.has_focus
        assert top(app) is app.main


async def test_the_note_is_under_the_status_line_as_markdown(data_dir: Path) -> None:
    app = noted(data_dir, "# Plan\n\n- read **chapter 2** <b>now</b>\n- `pip install`")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "j")
        lines = [line.strip() for line in shown(app, "#details").splitlines()]
        status = next(n for n, line in enumerate(lines) if line.startswith("to do"))
        note = lines.index("Note")
        assert status < note <= status + 2  # right under the status line (it may wrap)
        below = "\n".join(lines[note + 1 : note + 7])
        assert "Plan" in below and "# Plan" not in below
        assert "read chapter 2 <b>now</b>" in below  # Markdown, HTML shown as typed
        assert "**" not in below
        assert "pip install" in below and "`" not in below


async def test_links_are_hyperlinks_and_never_wrap(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.press("1", "j", "enter")
        lines = screen_text(app).splitlines()
        address = next(line for line in lines if "docs.djangoproject.com" in line)
        after = lines[lines.index(address) + 1]
        assert "djangoproject" not in after  # no piece of the address on the next line
        pane = app.screen.query_one(DetailsPane)
        links = {
            segment.style.link
            for strip in pane.render_lines(pane.region.reset_offset)
            for segment in strip
            if segment.style and segment.style.link
        }
        assert {link.url for link in app.roadmap.levels[1].items[1].links} <= links


@given(st.text(max_size=60))
def test_a_link_target_can_never_end_its_escape_sequence(tail: str) -> None:
    url = "https://example.org/" + tail
    target = link_target(url)
    assert unquote(target) == unquote(url)  # the same address (escapes already in it kept)
    assert all(0x21 <= ord(char) < 0x7F for char in target)  # no control, space, ESC


@given(st.text(min_size=1, max_size=200), st.integers(min_value=8, max_value=80))
def test_a_link_line_is_one_line_cut_visibly(tail: str, width: int) -> None:
    console = Console(width=width, force_terminal=False, record=True)
    console.print(Group(link_line("https://example.org/" + tail.replace("\n", "/"))))
    text = console.export_text()
    assert text.count("\n") == 1
    assert cell_len("  example.org/" + visible(tail)) <= width or text.rstrip().endswith("…")


# ----------------------------------------------------------------------------- item 4


async def test_status_keys_in_the_levels_pane_move_to_the_topics(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "G", "space")
        assert app.main.level_number == 12
        assert app.main.topics.has_focus
        await settle(app, pilot)
        assert app.tracker.statuses == {}  # nothing ticked out of sight
        for key in ("i", "s", "r", "n", "x", "o"):
            await pilot.press("h", key)
            assert app.main.topics.has_focus
            assert top(app) is app.main
        await settle(app, pilot)
        assert app.tracker.statuses == {}
        await pilot.press("space")  # now on the topic in view
        await settle(app, pilot)
        assert file_statuses(data_dir) == {app.roadmap.levels[12].items[0].id: Status.DONE}


@pytest.mark.parametrize(
    ("keys", "level"),
    [(["1", "2"], 12), (["1"], 1), (["1", "0"], 10), (["1", "9"], 9), (["2", "1"], 1)],
)
async def test_digits_typed_together_make_a_level_number(
    data_dir: Path, keys: list[str], level: int
) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, *keys)
        assert app.main.level_number == level
        assert app.main.levels.highlighted == level


async def test_digits_apart_are_two_jumps(data_dir: Path) -> None:
    app = make_app(data_dir)
    now = [100.0]
    app.main.key_time = lambda key: now[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        now[0] += 5  # a pause longer than the digit window
        await pilot.press("2")
        assert app.main.level_number == 2
        await pilot.press("1", "j", "2")  # another key between: no two-digit number
        assert app.main.level_number == 2
        await pilot.press("1", "2")
        assert app.main.level_number == 12


async def test_digits_read_together_are_one_number_however_late_they_are_handled(
    data_dir: Path,
) -> None:
    """The window is measured between when the keys were read, not when the app got
    round to them: a busy machine handling `2` a second after `1` still means 12."""
    app = make_app(data_dir)
    app.main.key_time = lambda key: 100.0  # read together
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause(1.0)  # handled much later than the window
        await pilot.press("2")
        assert app.main.level_number == 12


async def test_a_burst_acts_in_order_on_the_pane_it_was_meant_for(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "h", "j", "j", "l", "j", "space", "tab", "tab", "j", "l", "x")
        await settle(app, pilot)
        # h: levels; j j: Level 2; l: its topics; j: the second; space ticks it;
        # tab tab: details, then levels; j: Level 3; l: topics; x ticks its first
        level_2, level_3 = app.roadmap.levels[2], app.roadmap.levels[3]
        assert file_statuses(data_dir) == {
            level_2.items[1].id: Status.DONE,
            level_3.items[0].id: Status.DONE,
        }
        assert app.main.level_number == 3


async def test_a_burst_after_slash_is_the_search(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "slash", *"kafka", "enter")
        await wait_for(pilot, lambda: top(app) is app.main)
        assert app.main.topics.item_id == "message-queues"
        await pilot.press("space")
        await settle(app, pilot)
        assert file_statuses(data_dir) == {"message-queues": Status.DONE}
        await burst(pilot, "slash", *"grpc")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input", Input).value == "grpc"


async def test_a_burst_after_n_is_the_note(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "n", *"hi", "ctrl+s")
        await settle(app, pilot)
        assert app.tracker.entry("cs-basics").note == "hi"


async def test_enter_then_keys_in_one_burst_scroll_the_full_view(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 16)) as pilot:
        await burst(pilot, "1", "j", "enter", "j", "j")
        assert isinstance(app.screen, DetailScreen)
        assert app.main.topics.item_id == "lang-python"  # the j's went to the full view
        await burst(pilot, "escape", "j")
        assert app.main.topics.item_id == "lang-java"


async def test_the_selected_level_is_reactive(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.main.level_number = 4
        await pilot.pause()
        assert app.main.levels.highlighted == 4
        level: Level = app.roadmap.levels[4]
        assert next(iter(app.main.topics.nodes)) == level.items[0].id
        assert "Frameworks" in str(app.main.query_one("#topics-box").border_title)
        context = " ".join(shown(app, "#level-context").split())
        assert "Learn at least one framework" in context
