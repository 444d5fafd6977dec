"""`roadmap-tui status`: the levels as a rich table (rich, never Textual)."""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap_tui.model import Progress, Roadmap, bar
from roadmap_tui.textutil import visible

BAR_WIDTH = 12


def render_status(roadmap: Roadmap, progress: Progress, out: TextIO) -> None:
    console = Console(file=out, highlight=False, emoji=False)
    overall = progress.overall
    table = Table(
        title=Text(visible(roadmap.title), style="bold"),
        caption=(
            f"{overall.done}/{overall.total} done · {overall.percent}% · "
            f"{overall.in_progress} in progress · {overall.skipped} skipped · "
            f"{progress.goals_met}/{len(progress.levels)} level goals met"
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
            Text(bar(counts.fraction, BAR_WIDTH), style="green" if lp.goal_met else "cyan"),
            f"{counts.done}/{counts.total}",
            f"{counts.percent}%",
            Text("✓", style="green") if lp.goal_met else Text("·", style="dim"),
        )
    console.print(table)


def render_list(rows: list[dict[str, Any]], out: TextIO) -> None:
    console = Console(file=out, highlight=False, emoji=False)
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
            Text(bar(fraction, BAR_WIDTH), style="cyan"),
            f"{row['done']}/{row['total']} ({row['percent']}%)",
            row["origin"],
        )
    console.print(table)
