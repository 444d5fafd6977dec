"""Polish: the palette holds our commands and the theme picker only; help rows are our
bindings with their ids; one notice at a time, in plain words; the roadmap picker shows
titles and marks the open one; escaping a changed note asks; every key binding is
defined in tui/bindings.py and documented in docs/usage.md."""

from __future__ import annotations

import re
from pathlib import Path

from support.pilot import make_app, messages, screen_text, wait_for
from support.samples import REPO, level, roadmap_text, topic
from textual.binding import Binding
from textual.keys import format_key
from textual.widgets import OptionList, TextArea

from roadmap_tui.base.paths import roadmaps_dir
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui import bindings
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.bindings import APP_BINDINGS, MAIN_BINDINGS, binding_ids, key_rows
from roadmap_tui.tui.screens.dialogs import NoteQuestion, NoteScreen, PickerScreen

TUI = REPO / "src" / "roadmap_tui" / "tui"


async def test_the_palette_offers_our_commands_and_the_theme_only(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        commands = list(app.get_system_commands(app.main))
        titles = [command.title for command in commands]
        assert len(titles) == len(set(titles)), titles  # one "Quit", not Textual's too
        for stock in ("Maximize", "Minimize", "Keys", "Screenshot"):
            assert stock not in titles
        assert not any("as soon as possible" in c.help for c in commands)
        assert {"Theme", "Quit", "Help", "Previous level", "Open roadmap…"} <= set(titles)
        helps = " ".join(command.help for command in commands)
        assert "· key ?" in helps and "· key [" in helps
        assert not re.search(r"key [a-z]+_[a-z_]+", helps)  # no question_mark
        # each command once: its help says what it does, never its title again (#26)
        for command in commands:
            assert not command.help.startswith(command.title), command


async def test_help_rows_are_our_bindings_with_their_ids(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        rows = key_rows(app.main)
        own = {b.description for b in bindings.LIST_BINDINGS}
        for row in rows:
            assert set(row.binding_ids) <= set(binding_ids())
            if not row.binding_ids:  # the panes' moves, the level digits, the palette
                assert row.description in own | {bindings.LEVEL_JUMP.description, bindings.PALETTE}
            assert not any("_" in key for key in row.keys), row  # keys as they are shown
        by_action = {row.action: row for row in rows}
        assert by_action["quit"].binding_ids == ("quit", "quit-ctrl-c")
        assert by_action["quit"].keys[0] == "q"
        assert "Copy selected text" not in {row.description for row in rows}


async def test_one_notice_at_a_time_in_plain_words(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "j", "i", "j", "s", "u", "u", "u")
        await pilot.pause()
        assert messages(app) == ["Undone: Computer Science basics is to do again."]
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert messages(app) == ["Redone: Computer Science basics is done again."]
        await pilot.press("u", "u", "u", "u")  # one more than there is
        await pilot.pause()
        assert messages(app) == ["Nothing to undo."]


async def test_the_roadmap_picker_shows_titles_and_marks_the_open_one(data_dir: Path) -> None:
    folder = roadmaps_dir(data_dir)
    folder.mkdir(parents=True)
    text = roadmap_text("mine", "My own roadmap", level("one", "One", topic("a", "A")))
    (folder / "mine.toml").write_text(text, encoding="utf-8")
    (folder / "broken.toml").write_text("this is not [TOML", encoding="utf-8")
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_open_roadmap()
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(3)]
        assert labels == [
            "  Backend Developer Roadmap (open now)  bundled",
            "  broken.toml (cannot be read)  broken.toml",
            "  My own roadmap  mine.toml",
        ]
        assert options.highlighted == 0
        # The cursor is a mark, not only a colour: "▶" on the highlighted row.
        rows = [line for line in screen_text(app).splitlines() if "Roadmap (open now)" in line]
        assert len(rows) == 1 and "▶ Backend Developer Roadmap" in rows[0]
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: app.roadmap.id == "mine")
        app.action_open_roadmap()
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(2).prompt).startswith("  My own roadmap (open now)")
        assert "(open now)" not in str(options.get_option_at_index(0).prompt)
        assert options.highlighted == 2


async def open_note(app: RoadmapApp, pilot: object, text: str) -> TextArea:
    await pilot.press("n")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen))  # type: ignore[arg-type]
    area = app.screen.query_one(TextArea)
    area.insert(text)
    return area


async def test_escaping_a_changed_note_asks(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        # nothing typed: escape closes at once
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main)
        # typed, escape: asked; escape again keeps editing, the text intact
        area = await open_note(app, pilot, "heaps and tries")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteQuestion))
        assert "The note has changed" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen))
        assert area.text == "heaps and tries" and area.has_focus
        # d: the change is thrown away
        await pilot.press("escape", "d")
        await wait_for(pilot, lambda: app.screen is app.main)
        assert app.tracker.entry("cs-basics").note == ""
        # s: saved
        await open_note(app, pilot, "keep me")
        await pilot.press("escape", "s")
        await wait_for(pilot, lambda: app.screen is app.main)
        assert app.tracker.entry("cs-basics").note == "keep me"
        assert app.tracker.statuses.get("cs-basics", Status.TODO) is Status.TODO


def test_every_key_binding_is_defined_in_bindings_py() -> None:
    for path in TUI.glob("*.py"):
        if path.name != "bindings.py":
            assert "Binding(" not in path.read_text(encoding="utf-8"), path.name


def doc_token(key: str) -> str:
    """How docs/usage.md writes a key: `/`, `?`, `←`, `ctrl+r`, `space`, `enter` (which
    the footer shows as `⏎`)."""
    return "enter" if key == "enter" else format_key(key)


def test_the_docs_key_table_lists_every_binding() -> None:
    usage = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    table = usage.split("## Keys", 1)[1].split("\n## ", 1)[0]
    for binding in (*MAIN_BINDINGS, *APP_BINDINGS):
        assert isinstance(binding, Binding)
        if binding.group is not None and binding.id not in ("level-0", "level-9"):
            continue  # the digits: "`0`–`9`"
        for key in binding.key.split(","):
            assert f"`{doc_token(key)}`" in table, (binding.id, key)
        assert binding.id and f"`{binding.id}`" in usage  # the id, for keymap.toml
