"""Changing keys with keymap.toml: loaded strictly, applied to the app, shown in help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.samples import REPO, app_without_a_terminal, put_file

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.paths import keymap_path, progress_path
from roadmap_tui.prefs.keymap import load_keymap
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.bindings import binding_ids, default_keys, fixed_keys, key_name
from roadmap_tui.tui.screens.dialogs import HelpScreen


def test_no_file_means_no_changes(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "keymap.toml", binding_ids()) == {}


def test_a_valid_keymap_is_read(tmp_path: Path) -> None:
    path = put_file(tmp_path / "keymap.toml", '[keys]\ntoggle-done = "enter, x"\nquit = "ctrl+q"\n')
    assert load_keymap(path, binding_ids()) == {"toggle-done": "enter,x", "quit": "ctrl+q"}


def test_the_example_keymap_in_the_docs_is_accepted(tmp_path: Path) -> None:
    """The keymap docs/usage.md shows passes every check the app makes at start."""
    usage = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    example = usage.split("## Changing keys", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = put_file(tmp_path / "keymap.toml", example)
    keymap = load_keymap(
        path, binding_ids(), defaults=default_keys(), fixed=fixed_keys(), key_name=key_name
    )
    assert keymap and set(keymap) <= set(binding_ids())


def test_the_app_refuses_a_bad_keymap_before_starting() -> None:
    put_file(keymap_path(), '[keys]\nnope = "z"\n')
    proc = app_without_a_terminal()
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no key binding has the id 'nope'" in lines[0]
    assert "toggle-done" in lines[0]  # the valid ids are listed


async def test_a_remapped_key_ticks_and_help_shows_it(data_dir: Path) -> None:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    app = RoadmapApp(
        load_bundled(), store, data=data_dir, watch_interval=0, keymap={"toggle-done": "t"}
    )
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("t")
        assert app.saver is not None
        app.saver.flush(5)
        await pilot.pause()
        assert app.tracker.statuses == {"cs-basics": "done"}
        await pilot.press("space")  # the default key no longer ticks
        await pilot.pause()
        assert app.tracker.statuses == {"cs-basics": "done"}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {description: (keys, ident) for keys, description, ident in app.screen.rows}
        assert rows["Done"] == ("t", "toggle-done")
        await pilot.press("escape")
        # The palette reads the same live bindings: it offers "Done" under its new key.
        commands = {str(command.help) for command in app.get_system_commands(app.main)}
        assert "Tick the topic done, or back to do · key t" in commands
    assert ProgressStore(progress_path(data_dir, "backend"), "backend").load().statuses() == {
        "cs-basics": "done"
    }


def test_the_docs_list_every_binding_id_with_its_default_keys() -> None:
    """docs/usage.md's key table and id list are checked against the bindings in code."""
    from roadmap_tui.tui.bindings import APP_BINDINGS, MAIN_BINDINGS

    usage = (REPO / "docs" / "usage.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z]+(?:-[a-z0-9]+)*)`", usage.split("## Changing keys")[1]))
    ids = set(binding_ids())
    assert {i for i in ids if not i.startswith("level-")} <= listed
    assert {"level-0", "level-9"} <= listed
    names = {"left_square_bracket": "[", "right_square_bracket": "]", "slash": "/"}
    names |= {"question_mark": "?", "space": "space"}
    table = usage.split("## Keys")[1].split("## ")[0]
    assert "`0`–`9`" in table
    for binding in (*MAIN_BINDINGS, *APP_BINDINGS):
        if binding.group:  # the level digits: one row
            continue
        for key in binding.key.split(","):
            shown = names.get(key, {"left": "←", "right": "→"}.get(key, key))
            assert f"`{shown}`" in table, f"{binding.id}: key {key!r} is not in usage.md"


# ------------------------------------------------------------- key names, keys bound twice


def strict(path: Path) -> dict[str, str]:
    """The keymap as the app loads it: Textual's key names, each key bound once."""
    from roadmap_tui.tui.bindings import default_keys, fixed_keys, key_name

    return load_keymap(
        path, binding_ids(), defaults=default_keys(), fixed=fixed_keys(), key_name=key_name
    )


@pytest.mark.parametrize(
    ("binding", "written", "named"),
    [
        ("export", "Ctrl+F", "ctrl+f"),  # what terminals send for either
        ("export", "CTRL+SHIFT+Up", "ctrl+shift+up"),
        ("export", "shift+ctrl+up", "ctrl+shift+up"),  # Textual's order of modifiers
        ("export", "shift+a", "A"),
        ("help", "?", "question_mark"),
        ("export", "F5", "f5"),
        ("toggle-done", "Space", "space"),
        ("export", "Delete", "delete"),
        ("export", "é", "é"),
        ("export", "÷", "division_sign"),
    ],
)
def test_key_names_are_written_as_textual_names_them(
    tmp_path: Path, binding: str, written: str, named: str
) -> None:
    path = put_file(tmp_path / "keymap.toml", f'[keys]\n{binding} = "{written}"\n')
    assert strict(path) == {binding: named}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[keys]\nexport = "ctrl+shift+banana"\n', "'ctrl+shift+banana' is not a key the app"),
        ('[keys]\nexport = "banana"\n', "'banana' is not a key the app can receive"),
        ('[keys]\nexport = "hyperdrive+e"\n', "modifiers are alt, ctrl"),
        ('[keys]\nexport = "ctrl+ctrl+e"\n', "once each"),
        ('[keys]\nexport = "shift+1"\n', "never reaches the app"),
        ('[keys]\nexport = "e,,E"\n', "an empty key"),
        ('[keys]\nexport = "space"\n', "'space' is bound to both toggle-done and export"),
        ('[keys]\nmark-skipped = "x"\n', "'x' is bound to both toggle-done and mark-skipped"),
        ('[keys]\nundo = "e"\n', "'e' is bound to both undo and export"),
        ('[keys]\nexport = "j"\n', "'j' is the lists' Down, which cannot be remapped"),
        ('[keys]\nhelp = "ctrl+p"\n', "the command palette"),
    ],
)
def test_unknown_keys_and_keys_bound_twice_are_one_line(
    tmp_path: Path, text: str, words: str
) -> None:
    path = put_file(tmp_path / "keymap.toml", text)
    with pytest.raises(RoadmapTuiError) as info:
        strict(path)
    message = str(info.value)
    assert words in message
    assert str(path) in message and "\n" not in message


def test_keys_can_be_swapped_and_moved(tmp_path: Path) -> None:
    path = put_file(
        tmp_path / "keymap.toml",
        '[keys]\ntoggle-done = "x"\nmark-skipped = "space"\nexport = "s, E"\n',
    )
    assert strict(path) == {"toggle-done": "x", "mark-skipped": "space", "export": "s,E"}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_a_key_name_or_a_clear_refusal(key: str) -> None:
    """Whatever is written: a name that reads back as itself, or ValueError in words."""
    from roadmap_tui.tui.bindings import key_name

    try:
        name = key_name(key)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert key_name(name) == name
    assert "banana" not in name


def test_the_app_refuses_a_key_bound_twice_before_starting() -> None:
    put_file(keymap_path(), '[keys]\nexport = "space"\n')
    proc = app_without_a_terminal()
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "'space' is bound to both toggle-done and export" in lines[0]
    assert str(keymap_path()) in lines[0]
