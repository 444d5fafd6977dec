"""Progress as GitHub-flavoured Markdown: one code path for `roadmap-tui export` and `e`.

The format (docs/markdown.md shows an example)::

    # <roadmap title>

    Progress on 2026-11-26: 3/69 (1 skipped) · 4% done, 1 in progress, 0/13 level goals met.

    ## Level 0 – Prerequisites (2/4 (1 skipped))

    - [x] **Computer Science basics** — Data structures, algorithms
    - [ ] **OS basics** *(in progress)*
      > my note

Only done topics are ticked, so any GFM reader shows exactly the app's ticks;
in-progress and skipped are said in words. Titles are escaped so they render as the
same text, and control characters are made visible.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from roadmap_tui.counts import LevelCounts, compute_progress, item_state
from roadmap_tui.entries import Entry
from roadmap_tui.model import Item, Roadmap, State, Status
from roadmap_tui.text import one_line, visible

# Characters that could start Markdown or HTML syntax; `&` only before an entity, `#` only
# where a heading's closing sequence could begin. Everything else stays readable.
_ESCAPE = re.compile(r"([\\`*_\[\]<>~]|&(?=#?[0-9A-Za-z]+;)|(?:(?<=\s)|^)#)")
_BLOCK_START = re.compile(r"^(\s*)([-+=>#])")
_ORDERED_START = re.compile(r"^(\s*\d+)([.)])")
STATUS_WORDS = {State.IN_PROGRESS: "in progress", State.SKIPPED: "skipped"}
DETAILS_SEPARATOR = " — "


def escape(text: str) -> str:
    """``text`` as inline Markdown that renders as the same characters."""
    return _ESCAPE.sub(r"\\\1", visible(one_line(text)))


def escape_field(text: str) -> str:
    """A title or details line: also escapes a final `.` or `:`, which the importer
    would otherwise take for punctuation of a checklist line (see mdtext.strip_end)."""
    out = escape(text)
    if out.endswith((".", ":")):
        out = out[:-1] + "\\" + out[-1]
    return out


def escape_block(text: str) -> list[str]:
    """Lines of a paragraph (or several) that render as ``text``."""
    lines: list[str] = []
    for raw in visible(text).split("\n"):
        line = raw.strip()
        if not line:
            if lines and lines[-1]:
                lines.append("")
            continue
        line = _ESCAPE.sub(r"\\\1", line)
        line = _BLOCK_START.sub(lambda m: m[1] + "\\" + m[2], line)
        line = _ORDERED_START.sub(lambda m: m[1] + "\\" + m[2], line)
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def level_heading(lp: LevelCounts) -> str:
    """``## Level 1 – Languages (1/5 (4 skipped))``: the level's counts as every surface
    shows them (the importer reads this suffix back)."""
    return f"## Level {lp.number} – {escape_field(lp.level.title)} ({lp.counts.text})"


def goal_line(lp: LevelCounts) -> str:
    """``Goal (pick 1 of 5, met): …``: whether it is met is said apart from the counts."""
    level = lp.level
    words = [f"pick {level.pick} of {len(level.items)}"] if level.pick else []
    if lp.goal_met:
        words.append("met")
    head = f"Goal ({', '.join(words)})" if words else "Goal"
    return f"{head}: {escape(level.goal)}" if level.goal else f"{head}:"


def item_line(item: Item, state: State) -> str:
    box = "x" if state is State.DONE else " "
    text = f"**{escape_field(item.title)}**"
    if item.details:
        text += DETAILS_SEPARATOR + escape_field(item.details)
    if state in STATUS_WORDS:
        text += f" *({STATUS_WORDS[state]})*"
    return f"- [{box}] {text}"


def export_markdown(
    roadmap: Roadmap,
    entries: Mapping[str, Entry],
    today: date,
) -> str:
    """The whole export as a string ending in a newline."""
    statuses: dict[str, Status] = {key: entry.status for key, entry in entries.items()}
    progress = compute_progress(roadmap, statuses)
    overall = progress.overall
    out: list[str] = [f"# {escape(roadmap.title)}", ""]
    if roadmap.description:
        out += [*escape_block(roadmap.description), ""]
    summary = (
        f"Progress on {today.isoformat()}: {overall.progress_text} done, "
        f"{overall.in_progress} in progress, {progress.goals_met}/{len(progress.levels)} "
        "level goals met."
    )
    out += [summary, ""]
    for level_progress in progress.levels:
        level = level_progress.level
        out += [level_heading(level_progress), ""]
        if level.goal or level.pick:
            out += [goal_line(level_progress), ""]
        for block in (level.tip, level.note):
            if block:
                out += [*escape_block(block), ""]
        lines: list[str] = []
        for item in level.items:
            _items(item, statuses, entries, 0, lines)
        if lines:
            out += [*lines, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _items(
    item: Item,
    statuses: Mapping[str, Status],
    entries: Mapping[str, Entry],
    depth: int,
    out: list[str],
) -> None:
    indent = "  " * depth
    out.append(indent + item_line(item, item_state(item, statuses)))
    entry = entries.get(item.id)
    if entry is not None and entry.note:
        for line in escape_block(entry.note):
            out.append(f"{indent}  > {line}".rstrip())
    for child in item.children:
        _items(child, statuses, entries, depth + 1, out)
