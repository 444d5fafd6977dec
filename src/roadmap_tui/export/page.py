"""Progress as one standalone HTML page (`export --format html`): every level and topic
with a disabled checkbox (checked where done, for a level: where its goal is met), its
status, note and links, and each level's goal and tip.

The page needs nothing else: its CSS is inline, it has no script, image or font to
fetch, so it works offline and can be mailed to a mentor; ``@media print`` makes it a
clean black-on-white print. Every piece of roadmap or progress text is escaped (titles
of imported roadmaps come from anyone); links are made only of http(s) addresses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlsplit

from roadmap_tui.base.text import xml_block, xml_text
from roadmap_tui.numbers.counts import STATE_WORDS, LevelCounts, RoadmapCounts, item_state
from roadmap_tui.progress.entries import Entry
from roadmap_tui.roadmap.model import Item, Link, Roadmap, State, Status

CSS = """
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --line: #d0d7de;
  --track: #e1e6eb; --fill: #0969da; --met: #1a7f37; --bg: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --track: #30363d;
    --fill: #4493f8; --met: #3fb950; --bg: #0d1117; }
}
body { font-family: system-ui, sans-serif; color: var(--fg); background: var(--bg);
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .25rem; border-bottom: 1px solid var(--line); }
.muted, .status, .count, .details { color: var(--muted); }
.bar { height: .6rem; background: var(--track); border-radius: .3rem; overflow: hidden;
  margin: .4rem 0 .8rem; }
.bar > span { display: block; height: 100%; background: var(--fill); }
.level.met .bar > span { background: var(--met); }
ul.topics, ul.topics ul { list-style: none; padding-left: 1.4rem; }
ul.topics { padding-left: 0; }
li.topic { margin: .3rem 0; }
li.topic.skipped > label .title { text-decoration: line-through; }
.status { font-size: .85em; margin-left: .4rem; }
.status::before { content: "("; } .status::after { content: ")"; }
.note, .tip, .goal, .text { white-space: pre-wrap; }
blockquote.note { margin: .2rem 0 .2rem 1.6rem; padding-left: .6rem;
  border-left: 3px solid var(--line); }
ul.links { margin: .1rem 0 0 1.6rem; padding-left: 1rem; font-size: .9em; }
a { color: var(--fill); }
@media print {
  :root { --fg: #000; --muted: #333; --line: #999; --track: #ddd; --fill: #333;
    --met: #000; --bg: #fff; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  .bar { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h2 { break-after: avoid; }
  li.topic { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  ul.links a::after { content: " <" attr(href) ">"; font-size: .85em; }
}
"""


def web_address(url: str) -> bool:
    """Only plain http(s) addresses become links; anything else is shown as text."""
    if any(char.isspace() or ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _bar(fraction: float) -> str:
    return f'<div class="bar"><span style="width: {fraction * 100:.1f}%"></span></div>'


def _box(checked: bool) -> str:
    return f'<input type="checkbox" disabled{" checked" if checked else ""}>'


def export_html(
    roadmap: Roadmap, entries: Mapping[str, Entry], progress: RoadmapCounts, today: date
) -> str:
    """The page as a string ending in a newline."""
    statuses = {key: entry.status for key, entry in entries.items()}
    overall = progress.overall
    title = xml_text(roadmap.title)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}: progress</title>",
        f"<style>{CSS}</style></head>",
        "<body><main>",
        f"<h1>{title}</h1>",
    ]
    if roadmap.description:
        out.append(f'<p class="text muted">{xml_block(roadmap.description)}</p>')
    out += [
        f'<p class="summary">Progress on <time>{today.isoformat()}</time>: '
        f"done {xml_text(overall.progress_text)}; {overall.in_progress} in progress; "
        f"{progress.goals_met}/{len(progress.levels)} level goals met.</p>",
        _bar(overall.fraction),
    ]
    for lp in progress.levels:
        out += _level(lp, statuses, entries)
    out += [
        '<p class="muted">Made with roadmap-tui.</p>',
        "</main></body></html>",
    ]
    return "\n".join(out) + "\n"


def _level(
    lp: LevelCounts, statuses: Mapping[str, Status], entries: Mapping[str, Entry]
) -> list[str]:
    level, counts = lp.level, lp.counts
    out = [
        f'<section class="level{" met" if lp.goal_met else ""}" id="level-{lp.number}">',
        f"<h2><label>{_box(lp.goal_met)} Level {lp.number} – {xml_text(level.title)}</label> "
        f'<span class="count">{xml_text(lp.text)}</span></h2>',
        _bar(counts.fraction),
    ]
    if level.goal or level.pick:
        pick = f" (pick {level.pick} of {len(level.items)})" if level.pick else ""
        met = " (met)" if lp.goal_met else ""
        out.append(f'<p class="goal"><strong>Goal{pick}{met}:</strong> {xml_block(level.goal)}</p>')
    if level.tip:
        out.append(f'<p class="tip"><strong>Tip:</strong> {xml_block(level.tip)}</p>')
    if level.note:
        out.append(f'<p class="text muted">{xml_block(level.note)}</p>')
    out.append('<ul class="topics">')
    for item in level.items:
        _topic(item, statuses, entries, out)
    out += ["</ul>", "</section>"]
    return out


def _topic(
    item: Item, statuses: Mapping[str, Status], entries: Mapping[str, Entry], out: list[str]
) -> None:
    state = item_state(item, statuses)
    kind = "parent" if item.children else "leaf"
    details = f' <span class="details">— {xml_text(item.details)}</span>' if item.details else ""
    out.append(
        f'<li class="topic {kind} {state.value}"><label>{_box(state is State.DONE)} '
        f'<span class="title">{xml_text(item.title)}</span></label>{details}'
        f'<span class="status">{STATE_WORDS[state]}</span>'
    )
    if item.links:
        out.append('<ul class="links">')
        out += [f"<li>{_link(link)}</li>" for link in item.links]
        out.append("</ul>")
    entry = entries.get(item.id)
    if entry is not None and entry.note:
        out.append(f'<blockquote class="note">{xml_block(entry.note)}</blockquote>')
    if item.children:
        out.append("<ul>")
        for child in item.children:
            _topic(child, statuses, entries, out)
        out.append("</ul>")
    out.append("</li>")


def _link(link: Link) -> str:
    title = xml_text(link.title or link.url)
    if not web_address(link.url):
        return f'{title} <span class="muted">({xml_text(link.url)})</span>'
    return (
        f'<a href="{xml_text(link.url)}" rel="noopener noreferrer">{title}</a> '
        f'<span class="muted">{xml_text(link.kind)}</span>'
    )
