"""Level titles of an imported checklist: a heading's own words (our export's
"Level 3 – " prefix and "(2/5)" count dropped), and titles that repeat made unique with
as much of the path of headings above them as it takes (docs/markdown.md)."""

from __future__ import annotations

import re
from collections import Counter

from roadmap_tui.base.text import has_text
from roadmap_tui.importing.inline import restore, strip_end
from roadmap_tui.importing.nodes import Section

# Our export's level headings: "Level 3 – Databases (2/5)". A heading's own words
# ("Week 1: Basics", "Step 2 - Setup") are kept whole.
_LEVEL_PREFIX = re.compile(r"^Level\s+\d+\s+–\s+")
# Our export's level headings: "Level 3 – Databases (2/5)", "(2/4, 1 skipped)", "(all 3
# skipped)", "(✓ 1 of 5 chosen)" (before #26: "(2/4 (1 skipped))").
_COUNT_SUFFIX = re.compile(
    r"\s*\((?:\d+\s*/\s*\d+(?:,? \(?\d+ skipped\)?)?|all \d+ skipped|✓ \d+ of \d+ chosen)\)\s*$"
)
# A task box in a heading (`#### [ ] Learning Theory`) is not the heading's text.
_BOX = re.compile(r"^\[[ xX/~>-]\]\s+")
PATH_SEP = " › "


def level_title(heading: str) -> str:
    title = _COUNT_SUFFIX.sub("", _BOX.sub("", heading))
    stripped = _LEVEL_PREFIX.sub("", title)
    return restore(strip_end(stripped or title))


def name_repeated_levels(levels: list[Section], doc_title: str) -> None:
    """Level titles that repeat carry as much of the path of headings above them as
    makes them unique: "JavaScript › Best practices", "Week 2 › Goals › Reading"."""
    for level in levels:
        level.title = level_title(level.title)
    base = [level.title for level in levels]
    paths = [[p for p in level.parents if p and p != doc_title] for level in levels]
    depth = [0] * len(levels)
    once = Counter(title.casefold() for title in base)
    for level, title, path in zip(levels, base, paths, strict=True):
        level.path = tuple(t for part in path if has_text(t := level_title(part).strip()))
        # Earlier imports added the parent only: their ids are matched by this title.
        level.legacy = (
            f"{path[-1]}{PATH_SEP}{title}" if once[title.casefold()] > 1 and path else title
        )
    for _ in range(max((len(p) for p in paths), default=0)):
        names = Counter(title.casefold() for title in base)
        clashing = [n for n, title in enumerate(base) if names[title.casefold()] > 1]
        grown = [n for n in clashing if depth[n] < len(paths[n])]
        if not grown:
            break
        for n in grown:
            depth[n] += 1
            base[n] = f"{paths[n][-depth[n]]}{PATH_SEP}{base[n]}"
    for level, title in zip(levels, base, strict=True):
        level.title = title if has_text(title) else f"Section on line {level.line}"
