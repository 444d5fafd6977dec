"""Pilot tests of the Textual app: keys and mouse change the model AND the file on disk."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import pytest
from support.pilot import links_opened_by_o, make_app, settle, text_of, wait_for
from support.samples import level, progress_file, roadmap_text, topic
from textual import events
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList, Static

from roadmap_tui.base.paths import progress_path
from roadmap_tui.export.markdown import export_markdown
from roadmap_tui.progress.entries import Entry, ProgressData, View
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_roadmap
from roadmap_tui.roadmap.model import State, Status
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.main.screen import MainScreen
from roadmap_tui.tui.screens.dialogs import HelpScreen, NoteScreen
from roadmap_tui.tui.screens.export import ExportScreen
from roadmap_tui.tui.screens.search import SearchScreen
from roadmap_tui.tui.widgets.common import GLYPHS

LEVEL_0 = ["cs-basics", "networking-fundamentals", "os-basics", "git-github"]
CLOUD = ["cloud-aws", "cloud-gcp", "cloud-azure"]


# ----------------------------------------------------------------------------- helpers


def on_disk(data_dir: Path, roadmap_id: str = "backend") -> dict[str, Status]:
    """The statuses in the progress file, read by a fresh store (as another process would)."""
    store = ProgressStore(progress_path(data_dir, roadmap_id), roadmap_id)
    return store.load().statuses()


def raw_file(data_dir: Path, roadmap_id: str = "backend") -> dict[str, object]:
    text = progress_path(data_dir, roadmap_id).read_text(encoding="utf-8")
    parsed: dict[str, object] = tomllib.loads(text)
    return parsed


def label(app: RoadmapApp, item_id: str) -> str:
    return str(app.main.topics.nodes[item_id].label)  # a rich Text: str() is its plain text


def current_screen(app: RoadmapApp) -> Screen[object]:
    return app.screen


def notifications(app: RoadmapApp) -> list[str]:
    return [n.message for n in app._notifications]


# ----------------------------------------------------------------------------- opening


async def test_opens_on_level_zero_with_its_topics(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        main = app.main
        assert current_screen(app) is main
        assert main.level_number == 0
        assert main.levels.highlighted == 0
        assert list(main.topics.nodes) == LEVEL_0
        assert main.topics.item_id == "cs-basics"
        assert main.topics.has_focus
        overall = text_of(main.query_one("#overall"))
        assert "Backend Developer Roadmap" in overall
        assert "0/69" in overall
        assert "Computer Science basics" in text_of(main.query_one("#details"))


# ----------------------------------------------------------------------------- navigation


async def test_topic_cursor_keys(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        moves = [
            ("j", "networking-fundamentals"),
            ("down", "os-basics"),
            ("k", "networking-fundamentals"),
            ("up", "cs-basics"),
            ("G", "git-github"),
            ("g", "cs-basics"),
            ("end", "git-github"),
            ("home", "cs-basics"),
        ]
        for key, landing in moves:
            await pilot.press(key)
            assert (key, app.main.topics.item_id) == (key, landing)
        # the details pane follows the cursor
        await pilot.press("j")
        assert "Networking fundamentals" in text_of(app.main.query_one("#details"))


async def test_pane_switching_and_level_keys(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.main
        keys = ["h", "l", "left", "right", "tab", "tab", "tab", "shift+tab", "shift+tab", "l"]
        panes = ["levels", "topics", "levels", "topics", "details-scroll", "levels", "topics"]
        panes += ["levels", "details-scroll", "topics"]
        # tab goes round the three panes: levels, topics, details; shift+tab goes back
        for key, pane in zip(keys, panes, strict=True):
            await pilot.press(key)
            assert (key, app.focused and app.focused.id) == (key, pane)

        await pilot.press("h", "j")
        assert main.levels.has_focus
        assert main.level_number == 1
        assert main.topics.item_id == "lang-javascript-typescript"
        await pilot.press("j")
        assert main.level_number == 2
        assert "servers-requests" in main.topics.nodes
        await pilot.press("k")
        assert main.level_number == 1
        await pilot.press("G")
        assert main.level_number == 12
        await pilot.press("g")
        assert main.level_number == 0
        assert list(main.topics.nodes) == LEVEL_0


@pytest.mark.parametrize("number", range(10))
async def test_digit_jumps_to_level(data_dir: Path, number: int) -> None:
    app = make_app(data_dir)
    roadmap = app.roadmap
    async with app.run_test(size=(80, 24)) as pilot:
        if number == 0:
            await pilot.press("5")  # start elsewhere so "0" has to move
            assert app.main.level_number == 5
        await pilot.press(str(number))
        main = app.main
        assert main.level_number == number
        assert main.levels.highlighted == number
        level = roadmap.levels[number]
        assert [node.data for node in main.topics.root.children] == [i.id for i in level.items]
        assert main.topics.item_id == level.items[0].id


async def test_brackets_step_levels_beyond_nine(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.main
        await pilot.press("9", "right_square_bracket")
        assert main.level_number == 10
        assert "cloud-platforms" in main.topics.nodes
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert main.level_number == 12
        assert main.topics.item_id == "microservices-at-scale"
        await pilot.press("left_square_bracket")
        assert main.level_number == 11
        assert main.levels.highlighted == 11


async def test_keys_typed_ahead_act_on_the_new_level(data_dir: Path) -> None:
    """Keys that arrive together (fast typing, a slow machine) are queued before any is
    handled: the space after "3 j" must still tick a topic of level 3."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, char in [("3", "3"), ("j", "j"), ("space", " ")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await settle(app, pilot)
        assert app.main.level_number == 3
        assert app.main.topics.item_id == "nosql"
        assert on_disk(data_dir) == {"nosql": Status.DONE}


# ----------------------------------------------------------------------------- statuses


async def test_status_keys_change_model_and_disk(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        tracker = app.tracker
        steps: list[tuple[str, Status, str]] = [
            ("space", Status.DONE, "[x]"),
            ("space", Status.TODO, "[ ]"),
            ("x", Status.DONE, "[x]"),
            ("x", Status.TODO, "[ ]"),
            ("i", Status.IN_PROGRESS, "[>]"),
            ("s", Status.SKIPPED, "[-]"),
            ("r", Status.TODO, "[ ]"),
        ]
        for key, status, glyph in steps:
            await pilot.press(key)
            await settle(app, pilot)
            assert tracker.statuses.get("cs-basics", Status.TODO) is status, key
            assert on_disk(data_dir).get("cs-basics", Status.TODO) is status, key
            assert label(app, "cs-basics").startswith(glyph), key
        # only the topic under the cursor was touched
        assert set(on_disk(data_dir)) == {"cs-basics"}


async def test_done_counts_in_overall_bar_and_level_list(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "space")
        await settle(app, pilot)
        assert "2/69" in text_of(app.main.query_one("#overall"))
        first_level_row = text_of(app.main.levels).splitlines()[1]
        assert "2/4" in first_level_row
        assert on_disk(data_dir) == {
            "cs-basics": Status.DONE,
            "networking-fundamentals": Status.DONE,
        }


async def test_parent_acts_on_its_children(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9", "right_square_bracket", "j", "j", "j")
        main = app.main
        assert main.level_number == 10
        assert main.topics.item_id == "cloud-platforms"
        parent = app.tracker.index.items["cloud-platforms"]

        await pilot.press("space")
        await settle(app, pilot)
        assert {k: on_disk(data_dir).get(k) for k in CLOUD} == dict.fromkeys(CLOUD, Status.DONE)
        assert "cloud-platforms" not in on_disk(data_dir)  # a parent has no status of its own
        assert app.tracker.state(parent) is State.DONE
        assert label(app, "cloud-platforms").startswith("[x]")
        for child in CLOUD:
            assert label(app, child).startswith("[x]")
        assert "3/69" in text_of(main.query_one("#overall"))

        await pilot.press("r")
        await settle(app, pilot)
        assert {k: on_disk(data_dir).get(k) for k in CLOUD} == dict.fromkeys(CLOUD, Status.TODO)
        assert app.tracker.state(parent) is State.TODO
        assert label(app, "cloud-platforms").startswith("[ ]")

        # one child done: the parent is partly done
        await pilot.press("j", "space")
        await settle(app, pilot)
        assert on_disk(data_dir)["cloud-aws"] is Status.DONE
        assert app.tracker.state(parent) is State.PARTIAL
        assert label(app, "cloud-platforms").startswith(GLYPHS[State.PARTIAL][0])


async def test_undo_and_redo_several_steps(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "i", "j", "s")
        await settle(app, pilot)
        full = {
            "cs-basics": Status.DONE,
            "networking-fundamentals": Status.IN_PROGRESS,
            "os-basics": Status.SKIPPED,
        }
        assert on_disk(data_dir) == full

        def todo_except(*keys: str) -> dict[str, Status]:
            return {k: full[k] if k in keys else Status.TODO for k in full}

        await pilot.press("u")
        await settle(app, pilot)
        assert on_disk(data_dir) == todo_except("cs-basics", "networking-fundamentals")
        await pilot.press("u")
        await settle(app, pilot)
        assert on_disk(data_dir) == todo_except("cs-basics")
        await pilot.press("u")
        await settle(app, pilot)
        assert on_disk(data_dir) == todo_except()
        assert app.main.topics.item_id == "cs-basics"  # the undone topic is shown
        assert app.tracker.statuses.get("cs-basics") is Status.TODO
        await pilot.press("u")  # nothing left: no change
        await settle(app, pilot)
        assert on_disk(data_dir) == todo_except()

        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert on_disk(data_dir) == todo_except("cs-basics")
        await pilot.press("ctrl+r", "ctrl+r")
        await settle(app, pilot)
        assert on_disk(data_dir) == full
        assert label(app, "os-basics").startswith("[-]")
        assert app.tracker.statuses == full


async def test_undo_reveals_topic_on_another_level(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "j", "space", "7")
        await settle(app, pilot)
        assert on_disk(data_dir)["nosql"] is Status.DONE
        assert app.main.level_number == 7
        await pilot.press("u")
        await settle(app, pilot)
        assert on_disk(data_dir)["nosql"] is Status.TODO
        assert app.main.level_number == 3
        assert app.main.topics.item_id == "nosql"


# ----------------------------------------------------------------------------- search


async def test_search_finds_topics_across_levels_and_jumps(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"kafka")
        await pilot.pause()
        results = app.screen.query_one("#search-results", OptionList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert ids == ["message-queues", "event-driven-kafka"]  # levels 5 and 12
        await pilot.press("down", "j", "enter")  # into the results, one down, go
        await pilot.pause()
        main = app.main
        assert current_screen(app) is main
        assert main.level_number == 12
        assert main.levels.highlighted == 12
        assert main.topics.item_id == "event-driven-kafka"
        assert main.topics.has_focus

        await pilot.press("slash", *"message queues", "enter")
        await pilot.pause()
        assert current_screen(app) is main
        assert main.level_number == 5
        assert main.topics.item_id == "message-queues"


async def test_search_escape_closes_without_moving(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j", "slash", *"kafka")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert current_screen(app) is app.main
        assert app.main.level_number == 2
        assert app.main.topics.item_id == "apis-basics"
        assert not progress_path(data_dir, "backend").exists()  # searching saves nothing


async def test_search_reaches_hidden_done_topic(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "space", "f")
        assert "networking-fundamentals" not in app.main.topics.nodes
        await pilot.press("slash", *"networking", "enter")
        await pilot.pause()
        assert app.main.topics.item_id == "networking-fundamentals"


# ----------------------------------------------------------------------------- hide done


async def test_hide_done_toggles(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        topics = app.main.topics
        await pilot.press("space")
        await settle(app, pilot)
        assert on_disk(data_dir)["cs-basics"] is Status.DONE
        await pilot.press("f")
        assert "cs-basics" not in topics.nodes
        assert list(topics.nodes) == LEVEL_0[1:]
        assert topics.item_id in LEVEL_0[1:]
        # ticking a topic while hidden: it disappears too
        await pilot.press("g", "space")
        await settle(app, pilot)
        assert on_disk(data_dir)["networking-fundamentals"] is Status.DONE
        assert list(topics.nodes) == LEVEL_0[2:]
        await pilot.press("f")
        assert list(topics.nodes) == LEVEL_0
        assert on_disk(data_dir)["cs-basics"] is Status.DONE  # hiding changed nothing saved


async def test_a_topic_hidden_as_done_hands_the_cursor_to_the_next(data_dir: Path) -> None:
    """With done topics hidden, ticking one moves the cursor to the row that takes its
    place, so `space` `space` ticks two topics in a row (the last one: the one before)."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        topics = app.main.topics
        await pilot.press("f", "j", "space")  # networking-fundamentals: done, hidden
        await settle(app, pilot)
        assert topics.item_id == "os-basics"
        await pilot.press("space")
        await settle(app, pilot)
        assert topics.item_id == "git-github"
        await pilot.press("space")  # the last row: the cursor goes to the one before
        await settle(app, pilot)
        assert topics.item_id == "cs-basics"
    assert on_disk(data_dir) == {key: Status.DONE for key in LEVEL_0[1:]}


# ----------------------------------------------------------------------------- export


async def test_export_writes_markdown_file(data_dir: Path) -> None:
    app = make_app(data_dir)
    before = date.today()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "i")
        await settle(app, pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("enter")  # Markdown: the first format
        target = data_dir / "exports" / "backend.md"
        await wait_for(pilot, target.is_file)
        assert any(str(target) in message for message in notifications(app))
    text = target.read_text(encoding="utf-8")
    entries = ProgressStore(progress_path(data_dir, "backend"), "backend").load().entries
    days = {before, date.today(), before + timedelta(days=1)}
    assert text in {export_markdown(app.roadmap, entries, day) for day in days}
    assert "- [x] **Computer Science basics**" in text
    assert "- [ ] **Networking fundamentals**" in text
    assert "*(in progress)*" in text
    assert "Progress on" in text and "done 1/69 · 1%" in text


# ----------------------------------------------------------------------------- help


async def _help_text(app: RoadmapApp, pilot: Pilot[None]) -> str:
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    return "\n".join(text_of(static) for static in app.screen.query(Static))


async def test_help_lists_every_binding_and_closes(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 60)) as pilot:
        text = await _help_text(app, pilot)
        descriptions = {b.description for b in MainScreen.BINDINGS if isinstance(b, Binding)}
        assert {"Done", "Doing", "Skip", "Reset", "Undo", "Redo", "Search"} <= descriptions
        for description in descriptions:
            assert description in text, description
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        rows = {d: k for k, d, _ in screen.rows}
        assert rows["Search"] == "/"
        assert rows["Undo"] == "u"
        assert rows["Help"] == "?"
        assert "Quit" in text
        # undo's history is this run's: the help says so rather than promise more (#26)
        assert "u Undo: this run's changes" in " ".join(text.split())
        await pilot.press("escape")
        await pilot.pause()
        assert current_screen(app) is app.main


async def test_help_legend_shows_every_box(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 60)) as pilot:
        text = await _help_text(app, pilot)
        for glyph, _style in GLYPHS.values():
            assert glyph in text, glyph


async def test_help_lists_every_key_of_done(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 60)) as pilot:
        await _help_text(app, pilot)
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        rows = {d: k.split() for k, d, _ in screen.rows}
        assert "space" in rows["Done"]
        assert "x" in rows["Done"]


# ----------------------------------------------------------------------------- notes, links


async def test_note_is_saved_and_shown(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"read SICP", "ctrl+s")
        await settle(app, pilot)
        assert current_screen(app) is app.main
        store = ProgressStore(progress_path(data_dir, "backend"), "backend")
        assert store.load().entries["cs-basics"].note == "read SICP"
        assert "Computer Science basics (note) — " in label(app, "cs-basics")
        assert "read SICP" in text_of(app.main.query_one("#details"))
        # Opened again, the note goes on where it ends.
        await pilot.press("n", *" ch. 1", "ctrl+s")
        await settle(app, pilot)
        assert store.load().entries["cs-basics"].note == "read SICP ch. 1"


async def test_open_link_opens_first_link(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = await links_opened_by_o(make_app(data_dir), monkeypatch)
    assert opened == ["https://algs4.cs.princeton.edu/home/"]


# ----------------------------------------------------------------------------- quit, restore


async def test_quit_saves_view_and_reopen_restores_it(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "j", "j")
        assert app.main.topics.item_id == "orm-odm"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    view = raw_file(data_dir)["view"]
    assert view == {"level": "databases", "item": "orm-odm"}

    again = make_app(data_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.main.level_number == 3
        assert again.main.levels.highlighted == 3
        assert again.main.topics.item_id == "orm-odm"
        assert "ORM/ODM" in text_of(again.main.query_one("#details"))


async def test_quit_restores_child_topic_on_level_ten(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9", "right_square_bracket", "G", "k", "k")
        assert app.main.topics.item_id == "cloud-gcp"
        await pilot.press("q")
    again = make_app(data_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.main.level_number == 10
        assert again.main.topics.item_id == "cloud-gcp"


# ----------------------------------------------------------------------------- other processes


async def test_change_from_another_process_shows_up(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert label(app, "cs-basics").startswith("[ ]")
        other = ProgressStore(progress_path(data_dir, "backend"), "backend")
        other.set_status(["cs-basics"], Status.DONE)
        await pilot.pause(1.0)
        assert app.tracker.statuses.get("cs-basics") is Status.DONE
        assert label(app, "cs-basics").startswith("[x]")
        assert "1/69" in text_of(app.main.query_one("#overall"))
        # and the app's own next change keeps the other process's one
        await pilot.press("j", "space")
        await settle(app, pilot)
    assert on_disk(data_dir) == {
        "cs-basics": Status.DONE,
        "networking-fundamentals": Status.DONE,
    }


async def test_change_landing_right_after_own_save_is_picked_up(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0.2)
    store = app.store
    original_save = store.save_made_now  # how the app's saver writes

    def save_then_other_process_writes(
        changes: Mapping[str, Entry], view: View | None = None
    ) -> ProgressData:
        saved = original_save(changes, view)
        if changes and "networking-fundamentals" in changes:
            other = ProgressStore(progress_path(data_dir, "backend"), "backend")
            other.set_status(["git-github"], Status.DONE)
        return saved

    store.save_made_now = save_then_other_process_writes  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "space")
        await settle(app, pilot)
        assert on_disk(data_dir)["git-github"] is Status.DONE
        await pilot.pause(1.0)  # five polls of the file
        assert app.tracker.statuses.get("git-github") is Status.DONE


async def test_corrupt_progress_file_is_moved_aside(data_dir: Path) -> None:
    path = progress_file(data_dir, "schema = 1\n[items.cs-basics\nstatus = ")
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("moved aside" in message for message in notifications(app))
        aside = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
        assert len(aside) == 1
        assert aside[0].read_text(encoding="utf-8") == "schema = 1\n[items.cs-basics\nstatus = "
        await pilot.press("space")
        await settle(app, pilot)
    assert on_disk(data_dir) == {"cs-basics": Status.DONE}
    assert aside[0].read_text(encoding="utf-8") == "schema = 1\n[items.cs-basics\nstatus = "


async def test_level_goal_pick_one_is_marked(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        row = 2  # border, level 0, level 1
        assert "✓" not in text_of(app.main.levels).splitlines()[row]
        await pilot.press("1", "j", "space")
        await settle(app, pilot)
        assert on_disk(data_dir) == {"lang-python": Status.DONE}
        assert "✓" in text_of(app.main.levels).splitlines()[row]
        assert "✓ 1 of 5 chosen" in text_of(app.main.levels).splitlines()[row]  # not "1/5"


# ----------------------------------------------------------------------------- mouse


async def test_mouse_selects_level_and_topic_and_toggles_box(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.main
        # levels pane: 1-cell border, one row per level
        await pilot.click("#levels", offset=(3, 4))
        await pilot.pause()
        assert main.level_number == 3
        assert main.topics.item_id == "relational-sql"
        await pilot.click("#levels", offset=(3, 1))
        await pilot.pause()
        assert main.level_number == 0

        # topics pane: 1-cell border; clicking the title moves the cursor only
        main.levels.focus()
        await pilot.click("#topics-box", offset=(10, 2))
        await pilot.pause()
        assert main.topics.has_focus
        assert main.topics.item_id == "networking-fundamentals"
        await settle(app, pilot)
        assert app.tracker.statuses == {}
        assert not progress_path(data_dir, "backend").exists()

        # the box "[ ]" is cells 3-5 of the row (after the cursor mark's two)
        await pilot.click("#topics-box", offset=(4, 3))
        await settle(app, pilot)
        assert main.topics.item_id == "os-basics"
        assert on_disk(data_dir) == {"os-basics": Status.DONE}
        assert label(app, "os-basics").startswith("[x]")
        await pilot.click("#topics-box", offset=(3, 3))
        await settle(app, pilot)
        assert on_disk(data_dir) == {"os-basics": Status.TODO}
        await pilot.click("#topics-box", offset=(1, 3))  # the mark's cell is not the box
        await settle(app, pilot)
        assert on_disk(data_dir) == {"os-basics": Status.TODO}


async def test_mouse_on_child_box_toggles_child(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9", "right_square_bracket")
        # row 5 is "├─ ▶ [ ] AWS ...": the guide takes 3 cells, the mark 2, the box 6-8
        await pilot.click("#topics-box", offset=(7, 5))
        await settle(app, pilot)
        assert app.main.topics.item_id == "cloud-aws"
        assert on_disk(data_dir) == {"cloud-aws": Status.DONE}
        assert label(app, "cloud-platforms").startswith(GLYPHS[State.PARTIAL][0])


async def test_mouse_on_tree_guide_does_not_toggle(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9", "right_square_bracket")
        await pilot.click("#topics-box", offset=(4, 5))  # the mark after "├─", before "[ ]"
        await settle(app, pilot)
        assert app.main.topics.item_id == "cloud-aws"
        assert app.tracker.statuses.get("cloud-aws", Status.TODO) is Status.TODO


# ----------------------------------------------------------------------------- hostile text

HOSTILE_TOML = roadmap_text(
    "hostile",
    "Hostile [bold]roadmap[/bold] \x1b]0;pwned\x07",
    level(
        "weird",
        "Weird [red]level[/red] \x1b[2J",
        topic("markup", "[bold]x[/bold]", details="[link=https://example.invalid]click[/link]"),
        topic("escape", "\x1b[31mred", details="bell \x07 here"),
        topic("emoji", "Emoji 👉🚀 topic"),
    ),
)


async def test_hostile_text_is_shown_literally(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE_TOML, encoding="utf-8")
    roadmap = load_roadmap(path)
    assert "\x1b" in roadmap.levels[0].items[1].title  # the TOML escape really is an ESC
    app = make_app(data_dir, roadmap)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        main = app.main
        assert "[bold]x[/bold]" in label(app, "markup")
        assert "[link=https://example.invalid]click[/link]" in label(app, "markup")
        assert "\x1b" not in label(app, "escape")
        assert "\x07" not in label(app, "escape")
        assert "[31mred" in label(app, "escape")
        assert "👉🚀" in label(app, "emoji")

        shown = {
            "topics": text_of(main.topics),
            "levels": text_of(main.levels),
            "overall": text_of(main.query_one("#overall")),
            "details": text_of(main.query_one("#details")),
        }
        assert "[bold]x[/bold]" in shown["topics"]
        assert "Weird [red]level" in shown["levels"]  # may end in an ellipsis
        assert "Hostile [bold]roadmap[/bold]" in shown["overall"]
        assert "[bold]x[/bold]" in shown["details"]
        for where, text in shown.items():
            assert "\x1b" not in text, where
            assert "\x07" not in text, where

        await pilot.press("j", "space", "j", "space")
        await settle(app, pilot)
        assert on_disk(data_dir, "hostile") == {"escape": Status.DONE, "emoji": Status.DONE}
        await pilot.press("slash", *"red")
        await pilot.pause()
        results = text_of(app.screen.query_one("#search-results"))
        assert "[31mred" in results
        assert "\x1b" not in results


# ----------------------------------------------------------------------------- newer schema


async def test_newer_schema_is_read_only(data_dir: Path) -> None:
    path = progress_path(data_dir, "backend")
    path.parent.mkdir(parents=True)
    path.write_text(
        'schema = 99\nroadmap = "backend"\n\n'
        '[items.cs-basics]\nstatus = "done"\nchanged = 2026-01-01T00:00:00Z\n'
        "future_field = true\n",
        encoding="utf-8",
    )
    original = path.read_bytes()
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("newer" in message for message in notifications(app))
        assert label(app, "cs-basics").startswith("[x]")  # still shown
        await pilot.press("j", "space", "i", "u", "n")
        await pilot.pause()
        assert current_screen(app) is app.main  # no note editor on a read-only file
        assert app.saver is not None
        app.saver.flush(5)
        assert app.tracker.statuses.get("networking-fundamentals") is None
        await pilot.press("q")
    assert path.read_bytes() == original
    assert sorted(p.name for p in path.parent.iterdir()) == ["backend.toml"]


# ----------------------------------------------------------------------------- environment


async def test_no_color_still_works(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(data_dir)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "s")
        await settle(app, pilot)
        assert label(app, "cs-basics").startswith("[x]")
        assert label(app, "networking-fundamentals").startswith("[-]")
    assert on_disk(data_dir) == {
        "cs-basics": Status.DONE,
        "networking-fundamentals": Status.SKIPPED,
    }


async def test_resizing_keeps_topics(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9", "right_square_bracket", "j", "j", "j")
        for size in [(120, 40), (60, 20), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.size == size
            assert app.main.topics.item_id == "cloud-platforms"
            assert "Cloud platforms" in text_of(app.main.topics), size
        await pilot.press("space")
        await settle(app, pilot)
    assert on_disk(data_dir) == dict.fromkeys(CLOUD, Status.DONE)
