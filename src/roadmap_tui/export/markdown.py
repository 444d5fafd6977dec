"""Progress as GitHub-flavoured Markdown: one code path for `roadmap-tui export` and `e`.

The format (docs/markdown.md shows an example)::

    # <roadmap title>

    Progress on 2026-11-26: done 3/68 · 4%, 1 skipped; 1 in progress; 0/13 level goals met.

    ## Level 0 – Prerequisites (2/3, 1 skipped)

    - [x] **Computer Science basics** — Data structures, algorithms
    - [ ] **OS basics** *(in progress)*
      > my note
      - How the operating system runs your programs.
      - [The Linux man-pages project](https://man7.org/linux/man-pages/)

Only done topics are ticked, so any GFM reader shows exactly the app's ticks;
in-progress and skipped are said in words. Under a topic: its note (a quote, only with
``notes``: notes are private), its description (plain bullets, or a code block when a
line would not survive as one) and its links (bullets that are only a link), which is
how the importer reads them back.
Text is escaped so it renders as the same characters, and control characters are made
visible.

`export` is the one writer behind `roadmap-tui export --format` and the app's `e`: it
picks Markdown (here), HTML (export_html.py), an SVG card (export_svg.py) or JSON
(export_json.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date, datetime, tzinfo

from roadmap_tui.base.text import clean, has_text, one_line, visible
from roadmap_tui.numbers.counts import LevelCounts, compute_progress, item_state
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.reviews import Review
from roadmap_tui.roadmap.model import Item, Link, Roadmap, State, Status

# Characters that could start Markdown or HTML syntax; `&` only before an entity, `#` only
# where a heading's closing sequence could begin. Everything else stays readable.
_ESCAPE = re.compile(r"([\\`*_\[\]<>~]|&(?=#?[0-9A-Za-z]+;)|(?:(?<=\s)|^)#)")
_BLOCK_START = re.compile(r"^(\s*)([-+=>#])")
_ORDERED_START = re.compile(r"^(\s*\d+)([.)])")
STATUS_WORDS = {State.IN_PROGRESS: "in progress", State.SKIPPED: "skipped"}
DETAILS_SEPARATOR = " — "
FORMATS = {
    "md": "Markdown: a checklist for a README or a blog",
    "html": "HTML: a page to print or send, with links",
    "svg": "SVG: a progress card for a GitHub profile README",
    "json": "JSON: every number and topic, for scripts",
}
"""Export formats (the file suffix) and what each is for; the first is the default."""


def export(
    fmt: str,
    roadmap: Roadmap,
    entries: Mapping[str, Entry],
    now: datetime,
    tz: tzinfo,
    *,
    notes: bool = False,
    reviews: Collection[Review] = (),
) -> str:
    """The export in format ``fmt`` (a key of `FORMATS`), made at ``now`` in ``tz``.
    Notes are private: every format leaves them out unless ``notes`` (`--notes`, the
    app's choice in `e`). JSON carries the review log ``reviews`` too."""
    if not notes:
        entries = {key: replace(e, note="", note_changed=None) for key, e in entries.items()}
    if fmt == "md":
        return export_markdown(roadmap, entries, now.astimezone(tz).date())
    from roadmap_tui.numbers.pace import compute_stats

    progress = compute_progress(roadmap, {key: entry.status for key, entry in entries.items()})
    stats = compute_stats(roadmap, entries, now, tz, progress)
    if fmt == "html":
        from roadmap_tui.export.page import export_html

        return export_html(roadmap, entries, progress, stats.today)
    if fmt == "svg":
        from roadmap_tui.export.card import export_svg

        return export_svg(roadmap, progress, stats.today)
    if fmt == "json":
        from roadmap_tui.export.data import export_json
        from roadmap_tui.progress.entries import ProgressData

        saved = ProgressData(roadmap.id, dict(entries), reviews=frozenset(reviews))
        return export_json(roadmap, entries, progress, stats, (saved, now, tz))
    raise ValueError(f"unknown export format {fmt!r}")


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


def escape_line(line: str) -> str:
    """One line of a paragraph (without a line break, already made visible), escaped so
    that it renders as the same text and starts no block (quote, list, heading)."""
    line = _ESCAPE.sub(r"\\\1", line)
    line = _BLOCK_START.sub(lambda m: m[1] + "\\" + m[2], line)
    return _ORDERED_START.sub(lambda m: m[1] + "\\" + m[2], line)


def escape_block(text: str) -> list[str]:
    """Lines of a paragraph (or several) that render as ``text``."""
    lines: list[str] = []
    for raw in visible(text).split("\n"):
        line = raw.strip()
        if not line:
            if lines and lines[-1]:
                lines.append("")
            continue
        lines.append(escape_line(line))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def level_heading(lp: LevelCounts) -> str:
    """``## Level 0 – Basics (2/3, 1 skipped)``, ``## Level 1 – Languages (✓ 1 of 5
    chosen)``: the level's count as every surface shows it (`LevelCounts.text`; the
    importer reads this suffix back)."""
    return f"## Level {lp.number} – {escape_field(lp.level.title)} ({lp.text})"


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
        f"Progress on {today.isoformat()}: done {overall.progress_text}; "
        f"{overall.in_progress} in progress; {progress.goals_met}/{len(progress.levels)} "
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
    out += [f"{indent}  {line}" if line else "" for line in description_lines(item.description)]
    out += [f"{indent}  {link_line(link)}" for link in item.links]
    for child in item.children:
        _items(child, statuses, entries, depth + 1, out)


def description_lines(description: str) -> list[str]:
    """A topic's description as the importer reads it back: a plain bullet a line, or,
    when a line would not survive as a bullet (indented code, blank or doubled spaces),
    the whole description as one fenced code block."""
    if not has_text(description):
        return []
    lines = visible(description).split("\n")
    if all(line == clean(line) and has_text(line) for line in lines):
        return [f"- {escape_line(line)}" for line in lines]
    longest = max((len(run) for run in re.findall(r"`+", description)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *lines, fence]


_URL_ESCAPE = re.compile(r"([\\()<>])")
_URL_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")


def link_line(link: Link) -> str:
    """A bullet that is only ``link``: the importer takes it as one of the topic's links."""
    url = _URL_ESCAPE.sub(r"\\\1", _URL_CONTROL.sub(lambda m: f"%{ord(m[0]):02X}", link.url))
    title = escape(" ".join(link.title.split()))
    return f"- [{title}]({url})"
