"""Progress as an SVG card for a GitHub profile README (`export --format svg`).

The card is self-contained: no script, no foreignObject, no external font or image;
text uses the generic ``sans-serif`` family. It draws its own opaque background, so it
reads the same on light and dark pages (a dark variant follows the viewer's
``prefers-color-scheme`` where the renderer supports it). Bars are whole pixels wide
(``crispEdges``), so what a renderer draws is exactly what the numbers say.
"""

from __future__ import annotations

from datetime import date

from roadmap_tui.base.text import fit, xml_text
from roadmap_tui.numbers.counts import RoadmapCounts
from roadmap_tui.roadmap.model import Roadmap

WIDTH = 495
PAD = 25
BAR_X = PAD
BAR_WIDTH = WIDTH - 2 * PAD  # the overall bar
LEVEL_BAR_X = 235
LEVEL_BAR_WIDTH = 110  # room after it for a count such as "✓ 1 of 5 chosen"
ROW = 22
MAX_LEVELS = 16
"""A longer roadmap shows its first levels and says how many more there are."""
TOP = 110  # the first level row's baseline
OVERALL_Y = 70
OVERALL_HEIGHT = 12
LEVEL_HEIGHT = 8

LIGHT = {
    "bg": "#ffffff",
    "border": "#d0d7de",
    "text": "#1f2328",
    "muted": "#59636e",
    "track": "#e1e6eb",
    "fill": "#0969da",
    "met": "#1a7f37",
}
DARK = {
    "bg": "#0d1117",
    "border": "#30363d",
    "text": "#e6edf3",
    "muted": "#9198a1",
    "track": "#30363d",
    "fill": "#4493f8",
    "met": "#3fb950",
}


def bar_pixels(fraction: float, width: int) -> int:
    """How many pixels of a bar ``width`` wide are filled for ``fraction``."""
    return max(0, min(width, round(fraction * width)))


def _style() -> str:
    dark = " ".join(
        f".{name}{{{'stroke' if name == 'border' else 'fill'}:{colour}}}"
        for name, colour in DARK.items()
    )
    return f"<style>@media (prefers-color-scheme: dark) {{ {dark} }}</style>"


def _rect(cls: str, x: float, y: float, width: float, height: float) -> str:
    return (
        f'<rect class="{cls}" x="{x}" y="{y}" width="{width}" height="{height}" '
        f'fill="{LIGHT[cls]}" shape-rendering="crispEdges"/>'
    )


def _text(cls: str, x: float, y: float, size: int, body: str, extra: str = "") -> str:
    return (
        f'<text class="{cls}" x="{x}" y="{y}" font-size="{size}" fill="{LIGHT[cls]}"{extra}>'
        f"{body}</text>"
    )


def export_svg(roadmap: Roadmap, progress: RoadmapCounts, today: date) -> str:
    """The card as an SVG document ending in a newline."""
    overall = progress.overall
    shown = progress.levels[:MAX_LEVELS]
    more = len(progress.levels) - len(shown)
    height = TOP + ROW * (len(shown) + (1 if more else 0)) + 6
    title = xml_text(roadmap.title)
    summary = (
        f"{overall.progress_text} · {overall.in_progress} in progress · "
        f"{progress.goals_met}/{len(progress.levels)} goals met · {today.isoformat()}"
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="card-title" '
        'font-family="sans-serif">',
        f'<title id="card-title">{title}: {overall.percent}% done on {today.isoformat()}</title>',
        _style(),
        f'<rect class="bg border" x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}" '
        f'rx="6" fill="{LIGHT["bg"]}" stroke="{LIGHT["border"]}"/>',
        _text("text", PAD, 36, 18, xml_text(fit(roadmap.title, 32)), ' font-weight="bold"'),
        _text(
            "text",
            WIDTH - PAD,
            36,
            18,
            f"{overall.percent}%",
            ' font-weight="bold" text-anchor="end"',
        ),
        _text("muted", PAD, 58, 12, xml_text(summary)),
        _rect("track", BAR_X, OVERALL_Y, BAR_WIDTH, OVERALL_HEIGHT),
        _rect("fill", BAR_X, OVERALL_Y, bar_pixels(overall.fraction, BAR_WIDTH), OVERALL_HEIGHT),
    ]
    for row, lp in enumerate(shown):
        y = TOP + ROW * row
        counts = lp.counts
        label = fit(f"{lp.number} {lp.level.title}", 30)
        out += [
            _text("text", PAD, y, 12, xml_text(label)),
            _rect("track", LEVEL_BAR_X, y - 8, LEVEL_BAR_WIDTH, LEVEL_HEIGHT),
            _rect(
                "met" if lp.goal_met else "fill",
                LEVEL_BAR_X,
                y - 8,
                bar_pixels(counts.fraction, LEVEL_BAR_WIDTH),
                LEVEL_HEIGHT,
            ),
            _text(
                "muted",
                WIDTH - PAD,
                y,
                12,
                xml_text(lp.text),
                ' text-anchor="end"',
            ),
        ]
    if more:
        y = TOP + ROW * len(shown)
        out.append(_text("muted", PAD, y, 12, f"… and {more} more level{'s' * (more != 1)}"))
    out.append("</svg>")
    return "\n".join(out) + "\n"
