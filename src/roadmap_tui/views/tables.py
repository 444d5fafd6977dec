"""The command line's tables, drawn with rich (never Textual): `status` (the levels
with bars, counts and goals) and `list` (the roadmaps you have); and `topics`, plain
aligned columns (rich takes seconds over thousands of rows). They fall back to ASCII
where the terminal's encoding can't show the block characters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap_tui.base.text import one_line, visible
from roadmap_tui.numbers import rules as counting
from roadmap_tui.numbers.counts import STATE_WORDS, LevelCounts, RoadmapCounts, bar, item_state
from roadmap_tui.numbers.pace import ASCII_SPARKS, SPARKS
from roadmap_tui.roadmap.model import Item, Roadmap, Status

BAR_WIDTH = 12
MAX_ROWS = 30
"""A roadmap with more levels shows a window of them, from the current level on."""


class Glyphs:
    """The table's symbols, or plain ASCII ones where the terminal's encoding (Windows'
    cp1252, ``PYTHONIOENCODING=ascii``) can't show them."""

    def __init__(self, out: TextIO) -> None:
        encoding = getattr(out, "encoding", None) or "utf-8"
        self.full = _shown("█", "#", encoding)
        self.empty = _shown("░", "-", encoding)
        self.met = _shown("✓", "+", encoding)
        self.unmet = _shown("·", ".", encoding)
        self.ellipsis = _shown("…", "~", encoding)
        self.dash = _shown("–", "-", encoding)
        self.sparks = SPARKS if _shown(SPARKS, "", encoding) else ASCII_SPARKS

    def bar(self, fraction: float) -> str:
        return bar(fraction, BAR_WIDTH, self.full, self.empty)


def _shown(symbol: str, fallback: str, encoding: str) -> str:
    try:
        symbol.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return fallback
    return symbol


def render_status(roadmap: Roadmap, progress: RoadmapCounts, out: TextIO) -> None:
    console = Console(file=out, highlight=False, emoji=False)
    glyphs = Glyphs(out)
    overall = progress.overall
    table = Table(
        title=Text(visible(roadmap.title), style="bold"),
        caption=f" {glyphs.unmet} ".join(
            (
                f"done {overall.progress_text}",
                f"{overall.in_progress} in progress",
                f"{progress.goals_met}/{len(progress.levels)} level goals met",
            )
        ),
        expand=False,
    )
    shown = progress.levels
    if len(shown) > MAX_ROWS:  # 1,000 rows help nobody, and rich takes seconds over them
        current = counting.current_level([lp.goal_met for lp in shown])
        start = max(0, min(current, len(shown) - MAX_ROWS))
        shown = shown[start : start + MAX_ROWS]
        table.caption = (
            f"{table.caption}\nlevels {start}–{start + len(shown) - 1} of {len(progress.levels)} "
            "shown, from the first whose goal is not met; `status --json` has them all"
        )
    number_width = len(str(len(progress.levels) - 1))
    done_width = max(len(lp.text) for lp in shown) if shown else 4
    # The level's title takes what the other columns leave (7 borders, 1 cell of padding
    # either side of each of 6 columns): one line per level, cut with "…" when narrow.
    others = number_width + BAR_WIDTH + max(done_width, 4) + 4 + 4
    title_room = max(8, console.width - 7 - 12 - others)
    table.add_column("#", justify="right", style="dim", no_wrap=True, min_width=number_width)
    table.add_column("Level", no_wrap=True, overflow="ellipsis", max_width=title_room)
    table.add_column("Progress", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    table.add_column("Goal", justify="center", no_wrap=True)
    for lp in shown:
        counts = lp.counts
        done = lp.text
        if lp.chosen_goal:  # "✓ 1 of 5 chosen", with the terminal's mark
            done = counting.chosen_text(lp.chosen, lp.choices, glyphs.met)
        table.add_row(
            str(lp.number),
            Text(visible(lp.level.title)),
            Text(glyphs.bar(counts.fraction), style="green" if lp.goal_met else "cyan"),
            done,
            "" if lp.chosen_goal else f"{counts.percent}%",
            Text(glyphs.met, style="green") if lp.goal_met else Text(glyphs.unmet, style="dim"),
        )
    console.print(table)


LIST_WIDTH = 80
ID_WIDTH = 20
LIST_BAR = 8


def render_list(rows: list[dict[str, Any]], out: TextIO, width: int | None = None) -> None:
    """The roadmaps as a table that fits ``width`` (80 columns unless the terminal says
    otherwise): long ids and titles end in "…"; widths are counted in terminal cells, so
    wide characters (CJK, emoji) keep the borders aligned."""
    from rich.cells import cell_len

    width = width or _width(out)
    glyphs = Glyphs(out)
    ids = [str(row.get("id", "?")) for row in rows]
    titles = [visible(one_line(str(row.get("title") or row.get("error", "")))) for row in rows]
    done = [
        counting.count_text(row["done"], row["skipped"], row["total"]) if "id" in row else ""
        for row in rows
    ]
    # Ids are what `--roadmap ID` takes: whole up to half the width (titles give way).
    id_room = max(ID_WIDTH + max(0, width - LIST_WIDTH) // 2, width // 2)
    id_width = min(id_room, max(cell_len(text) for text in [*ids, "Id"]))
    done_width = max(len(text) for text in [*done, "Done"])
    # 5 borders and 1 cell of padding either side of each of the 4 columns.
    room = width - 13 - id_width - LIST_BAR - 5 - done_width
    title_width = max(8, min(room, max(cell_len(text) for text in [*titles, "Title"])))
    bundled = [row["id"] for row in rows if row.get("origin") == "bundled" and "id" in row]
    caption = f"{bundled[0]} is bundled; " if bundled else ""
    table = Table(
        title=Text("Roadmaps", style="bold"),
        caption=f"{caption}`roadmap-tui --roadmap ID` opens any of them",
    )
    table.add_column("Id", no_wrap=True, overflow="ellipsis", width=id_width)
    table.add_column("Title", no_wrap=True, overflow="ellipsis", width=title_width)
    table.add_column("Progress", no_wrap=True, width=LIST_BAR + 5)
    table.add_column("Done", justify="right", no_wrap=True, width=done_width)
    for row, key, title, count in zip(rows, ids, titles, done, strict=True):
        if "error" in row:
            table.add_row("?", Text(title, style="red"), "", row["path"])
            continue
        progress = Text(
            bar(
                counting.fraction(row["done"], row["skipped"], row["total"]),
                LIST_BAR,
                glyphs.full,
                glyphs.empty,
            ),
            style="cyan",
        )
        progress.append(f"{row['percent']:>4}%", style="default")
        table.add_row(Text(key), Text(title), progress, count)
    Console(file=out, highlight=False, emoji=False, width=width).print(table)


def _width(out: TextIO) -> int:
    """``COLUMNS`` when it is set, else the terminal's width when writing to one, else
    80 (files, pipes)."""
    import os

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) >= LIST_WIDTH // 2:
        return int(columns)
    try:
        if out.isatty():
            return os.get_terminal_size(out.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    return LIST_WIDTH


def render_team(team: Any, now: Any, out: TextIO, width: int | None = None) -> None:
    """`roadmap-tui team`: one row per member (a `roadmap_tui.sync.team.Team`), fitting
    ``width`` (80 columns unless the terminal says otherwise)."""
    width = width or _width(out)
    console = Console(file=out, highlight=False, emoji=False, width=width)
    if not team.members:
        console.print(NO_TEAM)
        return
    console.print(team_table(team, now, Glyphs(out), width))


NO_TEAM = "Nobody has synced progress to this remote yet."
MEMBER_WIDTH = 14
"""Longer member names end in "…" in the table (the JSON has them whole)."""


def team_table(team: Any, now: Any, glyphs: Glyphs | None = None, width: int = 0) -> Table:
    """The team as a table (the command and the app's team screen both show this). Every
    column, every level and the last change stay on screen at ``width`` (80 and up): the
    bar narrows below 100 columns and the per-level counts wrap onto more lines."""
    from roadmap_tui.sync.config import ago

    bar_width = BAR_WIDTH if not width or width >= 100 else BAR_WIDTH // 2
    table = Table(
        title=Text(visible(f"{team.roadmap.title}: the team"), style="bold"),
        caption="per level: topics done in level 0, level 1, and so on",
        expand=False,
    )
    table.add_column("Member", no_wrap=True, overflow="ellipsis", max_width=MEMBER_WIDTH)
    table.add_column("Progress", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Per level", overflow="fold", min_width=min(5, 2 * len(team.roadmap.levels)))
    table.add_column("Last change", no_wrap=True, style="dim", min_width=len("Last change"))
    for member in team.members:
        overall = member.progress.overall
        full, empty = (glyphs.full, glyphs.empty) if glyphs else ("█", "░")
        table.add_row(
            Text(visible(member.name)),
            Text(bar(overall.fraction, bar_width, full, empty), style="cyan"),
            overall.progress_text,
            " ".join(str(lp.counts.done) for lp in member.progress.levels),
            ago(member.last_activity, now) if member.last_activity else "-",
        )
    return table


STATE_WIDTH = max(len(word) for word in STATE_WORDS.values())
MIN_TITLE = 16


def render_topics(
    title: str,
    levels: Sequence[LevelCounts],
    statuses: Mapping[str, Status],
    out: TextIO,
    width: int | None = None,
) -> None:
    """`roadmap-tui topics`: each level's heading, then a row per topic: its id (never
    cut: it is what `mark` takes), its title (indented under its parent, cut with "…"
    to fit), its status. Fits ``width`` (80 columns unless the terminal says otherwise);
    widths are terminal cells, so wide characters keep the columns aligned."""
    from rich.cells import cell_len

    width = width or _width(out)
    glyphs = Glyphs(out)
    rows = [(lp, list(_rows(lp.level.items, statuses))) for lp in levels]
    longest = max((cell_len(key) for _, found in rows for key, _, _ in found), default=2)
    # Two spaces before each column; the id column takes what the title can spare.
    id_width = max(2, min(longest, width - 6 - STATE_WIDTH - MIN_TITLE))
    longest = max((cell_len(title) for _, found in rows for _, title, _ in found), default=2)
    title_width = min(longest, width - 6 - id_width - STATE_WIDTH)
    lines: list[str | None] = [visible(one_line(title))]
    for lp, found in rows:
        heading = f"Level {lp.number} {glyphs.dash} {visible(one_line(lp.level.title))}"
        tail = f" ({lp.text}) {glyphs.unmet} id {lp.level.id}"
        lines += ["", _fit(heading, width - len(tail), glyphs) + tail]
        for key, title, state in found:
            if cell_len(key) > id_width:  # an id longer than its column: a line of its own
                lines.append(f"  {key}")
                key = ""
            cells = [_pad(key, id_width), _pad(_fit(title, title_width, glyphs), title_width)]
            lines.append(f"  {'  '.join(cells)}  {STATE_WORDS[state]}".rstrip())
    out.write("\n".join(line for line in lines if line is not None) + "\n")


def _rows(items: Sequence[Item], statuses: Mapping[str, Status], depth: int = 0) -> Any:
    for item in items:
        title = "  " * depth + visible(one_line(item.title))
        yield item.id, title, item_state(item, statuses)
        yield from _rows(item.children, statuses, depth + 1)


def _fit(text: str, width: int, glyphs: Glyphs) -> str:
    """``text`` cut to ``width`` terminal cells, ending in "…" when cut."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)).rstrip() + glyphs.ellipsis


def _pad(text: str, width: int) -> str:
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))
