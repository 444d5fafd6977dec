"""`roadmap-tui status`: the levels as a rich table (rich, never Textual)."""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap_tui.model import Progress, Roadmap, bar
from roadmap_tui.textutil import visible

BAR_WIDTH = 12


class Glyphs:
    """The table's symbols, or plain ASCII ones where the terminal's encoding (Windows'
    cp1252, ``PYTHONIOENCODING=ascii``) can't show them."""

    def __init__(self, out: TextIO) -> None:
        encoding = getattr(out, "encoding", None) or "utf-8"
        self.full = _shown("█", "#", encoding)
        self.empty = _shown("░", "-", encoding)
        self.met = _shown("✓", "+", encoding)
        self.unmet = _shown("·", ".", encoding)

    def bar(self, fraction: float) -> str:
        return bar(fraction, BAR_WIDTH, self.full, self.empty)


def _shown(symbol: str, fallback: str, encoding: str) -> str:
    try:
        symbol.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return fallback
    return symbol


def render_status(roadmap: Roadmap, progress: Progress, out: TextIO) -> None:
    console = Console(file=out, highlight=False, emoji=False)
    glyphs = Glyphs(out)
    overall = progress.overall
    table = Table(
        title=Text(visible(roadmap.title), style="bold"),
        caption=f" {glyphs.unmet} ".join(
            (
                f"{overall.done}/{overall.total} done",
                f"{overall.percent}%",
                f"{overall.in_progress} in progress",
                f"{overall.skipped} skipped",
                f"{progress.goals_met}/{len(progress.levels)} level goals met",
            )
        ),
        expand=False,
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("Level", overflow="fold")
    table.add_column("Progress", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    table.add_column("Goal", justify="center", no_wrap=True)
    for lp in progress.levels:
        counts = lp.counts
        table.add_row(
            str(lp.number),
            Text(visible(lp.level.title)),
            Text(glyphs.bar(counts.fraction), style="green" if lp.goal_met else "cyan"),
            f"{counts.done}/{counts.total}",
            f"{counts.percent}%",
            Text(glyphs.met, style="green") if lp.goal_met else Text(glyphs.unmet, style="dim"),
        )
    console.print(table)


def render_list(rows: list[dict[str, Any]], out: TextIO) -> None:
    console = Console(file=out, highlight=False, emoji=False)
    glyphs = Glyphs(out)
    table = Table(title=Text("Roadmaps", style="bold"))
    table.add_column("Id", no_wrap=True)
    table.add_column("Title", overflow="fold")
    table.add_column("Progress", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Source", no_wrap=True, style="dim")
    for row in rows:
        if "error" in row:
            table.add_row("?", Text(visible(row["error"]), style="red"), "", "", row["path"])
            continue
        fraction = row["percent"] / 100
        table.add_row(
            row["id"],
            Text(visible(row["title"])),
            Text(glyphs.bar(fraction), style="cyan"),
            f"{row['done']}/{row['total']} ({row['percent']}%)",
            row["origin"],
        )
    console.print(table)
