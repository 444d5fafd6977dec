"""The export window (`e`): notes stay out unless asked, the file it writes is shown and
can be changed, and an existing file is never replaced without asking."""

from __future__ import annotations

from pathlib import Path

from support.pilot import make_app, messages, screen_text, wait_for
from textual.widgets import Input

from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.screens.export import ExportScreen, ReplaceQuestion

SECRET = "Zyxwv: ask Quokka about the raise"


def with_a_note(data_dir: Path) -> RoadmapApp:
    app = make_app(data_dir)
    app.tracker.set_note("cs-basics", SECRET)
    return app


def path_field(app: RoadmapApp) -> Input:
    return app.screen.query_one("#export-path", Input)


async def test_notes_stay_out_unless_n_puts_them_in(data_dir: Path) -> None:
    app = with_a_note(data_dir)
    target = data_dir / "exports" / "backend.md"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert path_field(app).value == str(target)
        await wait_for(pilot, lambda: "backend.md" in screen_text(app))  # its end is shown
        assert "Notes: left out, they are private" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, target.is_file)
        assert SECRET not in target.read_text(encoding="utf-8")
        assert any("without notes" in message for message in messages(app))

        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("n", "enter")  # notes in; the file is there: asked first
        await wait_for(pilot, lambda: isinstance(app.screen, ReplaceQuestion))
        await wait_for(pilot, lambda: "This file exists. Replace it?" in screen_text(app))
        assert "backend.md" in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: SECRET in target.read_text(encoding="utf-8"))


async def test_an_existing_file_is_kept_unless_you_say_replace(data_dir: Path) -> None:
    app = make_app(data_dir)
    target = data_dir / "exports" / "backend.md"
    target.parent.mkdir(parents=True)
    target.write_text("my own README draft\n", encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplaceQuestion))
        await pilot.press("n")  # keep it: back in the window, at the file's name
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert app.screen.focused is path_field(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
    assert target.read_text(encoding="utf-8") == "my own README draft\n"


async def test_the_file_can_be_changed_and_follows_the_format_until_then(
    data_dir: Path, tmp_path: Path
) -> None:
    app = make_app(data_dir)
    mine = tmp_path / "cv" / "roadmap.html"
    mine.parent.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("j")  # html
        assert path_field(app).value == str(data_dir / "exports" / "backend.html")
        path_field(app).value = str(mine)
        path_field(app).focus()
        await pilot.press("enter")
        await wait_for(pilot, mine.is_file)
        assert mine.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert not (data_dir / "exports").exists()

        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        path_field(app).value = str(tmp_path / "no such folder" / "x.md")
        path_field(app).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Export failed" in m for m in messages(app)))
        assert "folder for this file does not exist" in " ".join(messages(app))
