"""The learning companion in the app: links in the palette, stats screen, open roadmap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import pilot
from support.samples import level, progress_file, roadmap_text, topic
from textual.command import CommandPalette
from textual.widgets import OptionList

from roadmap_tui.base.paths import progress_path, roadmaps_dir
from roadmap_tui.cli.main import main
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_roadmap
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.screens.history import StatsScreen

MARKUP_LINK = {
    "title": "[bold]x[/] and [/] and [link=file:///etc]y",
    "url": "https://example.com/[/]",
}


def hostile(title: str = "A") -> str:
    """A roadmap whose one topic (``title``) has a link titled with Rich markup."""
    return roadmap_text(
        "hostile", "Hostile", level("one", "One", topic("a", title, links=[MARKUP_LINK]))
    )


def make_app(data_dir: Path, path: Path | None = None) -> RoadmapApp:
    return pilot.make_app(data_dir, load_roadmap(path) if path else None, watch_interval=0)


async def palette_prompts(app: RoadmapApp, pilot: object, query: str) -> list[str]:
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)  # type: ignore[attr-defined]
    for _ in range(20):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        options = app.screen.query_one(OptionList)
        if options.option_count:
            break
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_palette_lists_every_link_of_the_focused_topic(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        item = app.main.item
        assert item is not None and item.id == "cs-basics"
        prompts = " ".join(await palette_prompts(app, pilot, "Open link"))
        for link in item.links:
            assert link.title in prompts


async def test_palette_shows_hostile_link_titles_literally(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(hostile(), encoding="utf-8")
    app = make_app(data_dir, path)
    async with app.run_test(size=(100, 30)) as pilot:
        prompts = " ".join(await palette_prompts(app, pilot, "Open link"))
        assert "[bold]x[/] and [/] and [link=file:///etc]y" in prompts


async def test_palette_offers_every_action_and_the_theme_switcher(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        commands = {command.title for command in app.get_system_commands(app.main)}
        for wanted in ("Done", "Doing", "Skip", "Reset", "Undo", "Redo", "Search", "Hide done"):
            assert wanted in commands
        for wanted in ("Export", "Note", "Open link", "Pace and history", "Help", "Theme"):
            assert wanted in commands
        assert "Open roadmap…" in commands


async def test_p_opens_pace_and_history_and_escape_closes(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "p")
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert stats.stats.weeks[-1][1] == 1  # the tick just made, this week
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main


async def test_open_roadmap_switches_to_an_imported_one_with_its_own_progress(
    data_dir: Path, tmp_path: Path
) -> None:
    folder = roadmaps_dir(data_dir)
    folder.mkdir(parents=True)
    (folder / "hostile.toml").write_text(hostile(), encoding="utf-8")
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")  # tick cs-basics in the bundled roadmap
        app.action_open_roadmap()
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("hostile" in label for label in labels)
        options.highlighted = next(i for i, label in enumerate(labels) if "hostile" in label)
        await pilot.press("enter")
        await pilot.pause()
        assert app.roadmap.id == "hostile"
        assert app.main.item is not None and app.main.item.id == "a"
        await pilot.press("space")
        assert app.saver is not None
        app.saver.flush(5)
    bundled = ProgressStore(progress_path(data_dir, "backend"), "backend").load()
    imported = ProgressStore(progress_path(data_dir, "hostile"), "hostile").load()
    assert set(bundled.statuses()) == {"cs-basics"}
    assert set(imported.statuses()) == {"a"}


async def test_newer_progress_file_opens_read_only_and_says_so(data_dir: Path) -> None:
    path = progress_file(data_dir, 'schema = 99\nroadmap = "backend"\n')
    before = path.read_bytes()
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "READ-ONLY" in str(app.main.query_one("#overall").render())
        assert any("newer roadmap-tui" in n.message for n in app._notifications)
        await pilot.press("space", "i", "u")
        await pilot.pause()
        assert app.tracker.statuses == {}
    assert path.read_bytes() == before


async def test_undo_notice_shows_a_hostile_title_literally(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "markup.toml"
    path.write_text(hostile("[/] [bold]A"), encoding="utf-8")
    app = make_app(data_dir, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "u")
        await pilot.pause()
        assert app.tracker.statuses == {"a": "todo"}
        notices = [n for n in app._notifications if "[/] [bold]A" in n.message]
        assert notices and not any(n.markup for n in notices)  # shown as text, not markup


async def test_the_app_status_and_export_show_the_same_numbers(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One truth: after ticks of every kind, every count on screen equals `status --json`
    and the export's headings."""
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        # done, in progress, skipped on level 0; level 1's goal (pick one) via Go; a
        # partly done parent on level 10.
        await pilot.press("space", "j", "i", "j", "s", "1", "G", "space")
        await pilot.press("9", "right_square_bracket", "j", "j", "j", "j", "space")
        assert app.saver is not None
        app.saver.flush(5)
        await pilot.pause()
        top = str(app.main.query_one("#overall").render())
        rows = [
            str(app.main.levels.get_option_at_index(i).prompt)
            for i in range(app.main.levels.option_count)
        ]
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    overall = status["overall"]
    head, _, skipped = count(overall).partition(",")
    assert f"{head} · {overall['percent']}%{',' * bool(skipped)}{skipped}" in top
    assert f"{overall['in_progress']} in progress" in top
    for row, counts in zip(rows, status["levels"], strict=True):  # `status`'s count (#26)
        assert f" {counts['count']}" in row, (row, counts)
        assert ("✓" in row) == counts["goal_met"]
    assert main(["export"]) == 0
    export = capsys.readouterr().out
    for counts in status["levels"]:
        shown = count(counts)
        if counts["goal_met"] and counts["id"] in ("core-languages", "frameworks"):  # pick 1 of 5
            shown = f"✓ {counts['chosen']} of 5 chosen"
        heading = f"## Level {counts['number']} – {counts['title']} ({shown})"
        assert heading in export
    assert (overall["done"], overall["in_progress"], overall["skipped"]) == (3, 1, 1)


def count(numbers: dict[str, int]) -> str:
    """docs/progress.md: done of what counts, and the skipped ones when there are any."""
    done, skipped, total = numbers["done"], numbers["skipped"], numbers["total"]
    if not skipped:
        return f"{done}/{total}"
    return f"{done}/{total - skipped}, {skipped} skipped"
