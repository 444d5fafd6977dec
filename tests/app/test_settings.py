"""Settings that stick: the theme and "hide done" come back after a restart, from
config.toml beside the keymap; a bad file or a read-only folder never stops the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.hostile_fs import remount_read_only, small_mount
from support.pilot import make_app, messages
from support.samples import put_file, run_cli

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.paths import keymap_path, settings_path
from roadmap_tui.prefs.keymap import load_keymap
from roadmap_tui.prefs.settings import Settings, load_settings, save_settings
from roadmap_tui.tui.bindings import binding_ids


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "config.toml") == Settings()


def test_settings_are_written_atomically_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_settings(path, Settings(theme="nord", hide_done=True, reviews_per_day=7))
    assert load_settings(path) == Settings(theme="nord", hide_done=True, reviews_per_day=7)
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("config.toml", "theme = \n", "not valid TOML"),
        (
            "config.toml",
            'colour = "red"\n',
            "no setting is called 'colour'; settings: theme, hide_done, reviews_per_day",
        ),
        ("config.toml", 'hide_done = "yes"\n', "hide_done must be true or false"),
        ("config.toml", "theme = 3\n", "theme must be a theme's name in quotes"),
        ("config.toml", "reviews_per_day = -1\n", "reviews_per_day must be a whole number"),
        ("config.toml", "reviews_per_day = true\n", "reviews_per_day must be a whole number"),
        ("config.toml", "reviews_per_day = 2.5\n", "reviews_per_day must be a whole number"),
        ("config.toml", 'reviews_per_day = "5"\n', "reviews_per_day must be a whole number"),
        ("config.toml", 'theme = "  "\n', "theme must be a theme's name in quotes"),
        ("config.toml", "[theme]\nname = 'x'\n", "theme must be a theme's name in quotes"),
        ("keymap.toml", '[keys]\ntoggle-dun = "enter"\n', "no key binding has the id 'toggle-dun'"),
        ("keymap.toml", "[keys]\ntoggle-done = 3\n", "must be a string of keys"),
        ("keymap.toml", '[keys]\ntoggle-done = ""\n', "must be a string of keys"),
        ("keymap.toml", 'toggle-done = "enter"\n', "one table, [keys]"),
        ("keymap.toml", "[keys\n", "not valid TOML"),
    ],
)
def test_a_bad_settings_or_keymap_file_is_one_clear_line(
    tmp_path: Path, name: str, text: str, words: str
) -> None:
    path = put_file(tmp_path / name, text)
    with pytest.raises(RoadmapTuiError) as info:
        if name == "keymap.toml":
            load_keymap(path, binding_ids())
        else:
            load_settings(path)
    assert words in str(info.value)
    assert str(path) in str(info.value)  # one sentence naming the file


def test_the_settings_file_sits_beside_the_keymap(capsys: pytest.CaptureFixture[str]) -> None:
    assert settings_path().parent == keymap_path().parent
    code, out, _ = run_cli(capsys, "path")
    assert code == 0 and f"settings: {settings_path()}" in out


async def test_theme_and_hide_done_come_back_after_a_restart(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme != "textual-light" and not app.main.hide_done
        await pilot.press("space")  # one done topic, to be hidden
        app.theme = "textual-light"
        await pilot.press("f")
        await pilot.pause()
    assert load_settings(settings_path()) == Settings(theme="textual-light", hide_done=True)

    again = make_app(data_dir, watch_interval=0)
    async with again.run_test(size=(80, 24)) as pilot:
        assert again.theme == "textual-light"
        assert again.main.hide_done
        assert "cs-basics" not in again.main.topics.nodes  # done, so hidden
        assert again.main.query_one("#topics-box").border_subtitle == "done hidden"
        await pilot.press("f")  # and showing them again sticks too
        await pilot.pause()
    assert load_settings(settings_path()).hide_done is False


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('hide_done = "yes"\n', "hide_done must be true or false"),
        ('theme = "no-such-theme"\n', "no theme is called 'no-such-theme'"),
    ],
)
async def test_a_bad_settings_file_starts_the_defaults_with_one_notice(
    data_dir: Path, text: str, words: str
) -> None:
    path = put_file(settings_path(), text)
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notices = [m for m in messages(app) if str(path) in m]
        assert len(notices) == 1 and words in notices[0] and "\n" not in notices[0]
        assert not app.main.hide_done
        assert app.theme == "textual-dark"
        await pilot.press("f")  # a change in the app ...
        await pilot.pause()
    if "hide_done" in text:  # ... never overwrites a file the person has to fix
        assert path.read_text(encoding="utf-8") == text


async def test_a_read_only_settings_folder_keeps_the_setting_for_the_session(
    data_dir: Path,
) -> None:
    folder = settings_path().parent
    with small_mount(folder):
        remount_read_only(folder)
        app = make_app(data_dir, watch_interval=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f")
            await pilot.press("f", "f")
            await pilot.pause()
            assert app.main.hide_done  # the app goes on
            refusals = [m for m in messages(app) if "cannot save settings" in m]
            assert len(refusals) == 1  # one notice, not one per change
            assert str(settings_path()) in refusals[0]
        assert not settings_path().exists()
