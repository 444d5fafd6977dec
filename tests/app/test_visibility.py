"""The current row of each pane is marked by a glyph (not only by colour), so it shows
in every theme, light and ansi ones included, and with NO_COLOR."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.pilot import make_app, screen_text

from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.widgets.common import CURSOR

THEMES = ["textual-dark", "textual-light", "ansi-light", "ansi-dark", "solarized-light"]


def pane_rows(app: RoadmapApp) -> tuple[list[str], list[str]]:
    """The levels pane's and the topics pane's rows, as text (inside their borders)."""
    levels, topics = app.main.levels.region, app.main.query_one("#topics-box").region
    lines = screen_text(app).splitlines()

    def rows(x: int, y: int, width: int, height: int) -> list[str]:
        return [line[x + 1 : x + width - 1] for line in lines[y + 1 : y + height - 1]]

    return rows(*levels), rows(*topics)


def marked(rows: list[str]) -> list[str]:
    return [row.strip() for row in rows if row.lstrip("│├└─ ").startswith(CURSOR)]


@pytest.mark.parametrize("theme", [*THEMES, "NO_COLOR"])
async def test_each_pane_marks_its_current_row(
    data_dir: Path, theme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if theme == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        if theme != "NO_COLOR":
            app.theme = theme
        await pilot.press("3", "j", "j")  # the topics pane has focus
        await pilot.pause()
        levels, topics = pane_rows(app)
        assert [row[:13] for row in marked(levels)] == ["› 3 Databases"]
        assert app.main.item is not None
        title = app.main.item.title
        assert [row[: 6 + len(title)] for row in marked(topics)] == [f"▶ [ ] {title}"]
        await pilot.press("h", "j")  # now the levels pane has it, on level 4
        await pilot.pause()
        levels, topics = pane_rows(app)
        assert [row[:14] for row in marked(levels)] == ["▶ 4 Frameworks"]
        assert [row[:5] for row in marked(topics)] == ["› [ ]"]
        assert len(marked(topics)) == 1


async def test_the_highlighted_search_result_is_marked_too(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(data_dir, watch_interval=0)
    row = re.compile(r"([ ▶›])(\d+) [A-Za-z &]+ › \[ \] ")

    def marks() -> list[tuple[str, str]]:
        found = (row.search(line) for line in screen_text(app).splitlines())
        return [(match[1], match[2]) for match in found if match]

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"kafka")
        await pilot.pause()
        assert marks() == [("›", "5"), (" ", "12")]  # typing: the list is not focused
        await pilot.press("down", "j")  # into the results, the second one
        await pilot.pause()
        assert marks() == [(" ", "5"), ("▶", "12")]


def test_status_colours_stand_out_from_every_built_in_theme_background() -> None:
    """Each status colour has at least 3:1 contrast (WCAG) with its theme's background,
    light themes too: an orange "in progress" on light grey is unreadable as it is."""
    from textual.app import App
    from textual.color import Color

    from roadmap_tui.tui.widgets.common import theme_styles

    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    app = App[None]()
    checked = 0
    for name, theme in app.available_themes.items():
        if name.startswith(("textual-ansi", "ansi")) or not theme.background:
            continue  # the terminal's own palette: not ours to choose
        background = Color.parse(theme.background)
        for key in ("status--in-progress", "status--done", "status--partial", "goal-met"):
            rich_colour = theme_styles(theme)[key].color
            assert rich_colour is not None and rich_colour.triplet is not None, (name, key)
            r, g, b = rich_colour.triplet
            lighter, darker = sorted((luminance(Color(r, g, b)), luminance(background)))[::-1]
            assert (lighter + 0.05) / (darker + 0.05) >= 3.0, (name, key)
            checked += 1
    assert checked >= 20
