"""`roadmap-tui import`: any Markdown checklist (GitHub, Notion, Obsidian, our export)
to a roadmap, parsed with markdown-it-py (CommonMark), never with line regexes.

docs/markdown.md describes exactly what is kept; in short:

* headings with task items under them become levels (a sub-heading whose name repeats
  carries its parent's: "JavaScript › Best practices"); the first heading without tasks
  is the roadmap's title;
* every task item (``- [ ]``, ``* [x]``, ``1. [/]``, ``[-]`` …) becomes a topic, nested
  task lists its children; a task without text of its own takes its title from what
  follows it, or is named by its line;
* ``Title: details`` (``→``, ``—``, ``–`` too) split outside code spans and links only;
  links (http and https) in a task and in the bullets and paragraphs under it become the
  topic's links; the text of plain bullets under it its description; paragraphs and
  block quotes under it its note (``> [!NOTE]`` markers dropped);
* images, badges, raw HTML and in-page navigation links (``#anchor``) are dropped;
  Obsidian Tasks fields leave the title (``✅ 2024-04-13`` is the finished date);
* ids come from the content (`roadmap_tui.importing.ids`), so progress follows topics when a
  source changes.

`roadmap_tui.importing.outline` reads the document's structure (headings, lists, quotes, code)
and `roadmap_tui.importing.inline` the text of a line (title, details, links, status); this module
turns that into a roadmap with ids (`roadmap_tui.importing.ids`); where an import goes and what it
does to progress is `roadmap_tui.importing.plan`'s.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from roadmap_tui.base.errors import RoadmapError
from roadmap_tui.base.files import read_text
from roadmap_tui.base.text import clean
from roadmap_tui.importing.inline import strip_end
from roadmap_tui.importing.nodes import Checklist, Section, TaskNode
from roadmap_tui.importing.outline import parse_checklist
from roadmap_tui.roadmap.load import roadmap_from_data
from roadmap_tui.roadmap.model import Roadmap, Status

# Our export's goal line: "Goal:", "Goal (pick 1 of 5):", "Goal (pick 1 of 5, met):", "Goal (met):".
_GOAL = re.compile(
    r"^Goal(?:\s*\((?:pick\s+(\d+)(?:\s+of\s+\d+)?(?:,\s*met)?|met)\))?:\s*(.*)$", re.DOTALL
)
_CHOOSE = re.compile(
    r"^(?:choose|pick|learn)\s+at\s+least\s+(one|two|three|four|five|\d+)\b", re.IGNORECASE
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}

# ----------------------------------------------------------------------------- import


@dataclass
class Imported:
    """The roadmap an import made, what its file held, and what the import noticed."""

    roadmap: Roadmap
    statuses: dict[str, Status]
    notes: dict[str, str]
    finished: dict[str, datetime] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    followed: Any = None  # follow.Followed when an earlier import was updated


def import_markdown(path: Path, bundled_id: str = "backend") -> Imported:
    """Read the Markdown checklist at ``path`` into a new roadmap, or raise `RoadmapError`."""
    checklist = read_checklist(read_text(path, "Markdown", RoadmapError), path)
    return build_import(checklist, default_id(checklist.title, bundled_id), where=path)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Without the cycle collector: reading a checklist makes hundreds of thousands of
    objects and no cycles, and the collector would walk them all again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_checklist(text: str, where: Path | str, base_url: str = "") -> Checklist:
    """The checklist in ``text``, read from ``where`` (a path, or a URL: named in errors
    and giving the title of a file without one; a web source resolves relative links)."""
    try:
        with _no_gc():
            checklist = parse_checklist(text, _fallback_title(where), base_url)
    except RoadmapError as exc:
        raise _error(where, exc.message, exc.line) from None
    if not checklist.levels:
        raise _error(where, "no checklist here: found no task items like `- [ ] topic`")
    return checklist


def default_id(title: str, bundled_id: str = "backend") -> str:
    """A new roadmap's id: from its title, never the bundled roadmap's."""
    from roadmap_tui.importing.ids import roadmap_key

    key = roadmap_key(title)
    return f"{key}-imported" if key == bundled_id else key


def build_import(
    checklist: Checklist,
    roadmap_id: str,
    *,
    where: Path | str,
    source: str = "",
    previous: Roadmap | None = None,
    attach: Mapping[str, str] | None = None,
    detach: Collection[str] = (),
) -> Imported:
    """The roadmap (with ``source`` recorded) and the progress the checklist holds. With
    ``previous`` (an earlier import being updated), topics keep their earlier ids
    (``attach`` and ``detach`` correct that by hand: `roadmap_tui.importing.follow`)."""
    from roadmap_tui.importing.follow import assign_ids

    with _no_gc():
        followed = assign_ids(checklist.levels, previous, attach=attach, detach=detach)
        data = _roadmap_data(checklist, roadmap_id, source)
    try:
        with _no_gc():
            roadmap = roadmap_from_data(data, where if isinstance(where, Path) else Path("import"))
    except RoadmapError as exc:
        raise _error(where, exc.message) from None
    imported = Imported(roadmap, {}, {}, warnings=checklist.warnings, followed=followed)
    _collect_progress(checklist.levels, imported)
    return imported


def _error(where: Path | str, message: str, line: int | None = None) -> RoadmapError:
    if isinstance(where, Path):
        return RoadmapError(message, path=where, line=line)
    return RoadmapError(f"{where}{f':{line}' if line else ''}: {message}")


def _fallback_title(where: Path | str) -> str:
    """A roadmap's title when the file has no `#` heading: the file's name, or for a
    README its folder's or repository's name."""
    if isinstance(where, str):
        parts = [p for p in urlsplit(where).path.split("/") if p]
        github = "github" in urlsplit(where).netloc
        if github and len(parts) >= 2 and (len(parts) == 2 or _is_readme(parts[-1])):
            return parts[1].removesuffix(".git")
        return Path(parts[-1]).stem if parts else urlsplit(where).netloc or "Checklist"
    if _is_readme(where.name) and where.resolve().parent.name:
        return where.resolve().parent.name
    return where.stem or "Checklist"


def _is_readme(name: str) -> bool:
    return Path(name).stem.lower() in ("readme", "index")


def _collect_progress(levels: list[Section], imported: Imported) -> None:
    stack = [node for level in levels for node in level.items]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if not node.children and node.status is not Status.TODO:
            imported.statuses[node.id] = node.status
            if node.finished is not None:
                imported.finished[node.id] = datetime.combine(
                    node.finished, datetime.min.time().replace(hour=12), UTC
                )
        note = "\n\n".join(part for part in node.note if part)
        if note:
            imported.notes[node.id] = note


def _roadmap_data(checklist: Checklist, roadmap_id: str, source: str) -> dict[str, Any]:
    data: dict[str, Any] = {"format": 1, "id": roadmap_id, "title": checklist.title}
    if checklist.description:
        data["description"] = checklist.description
    if source:
        data["source"] = source
    data["levels"] = [_level_data(level) for level in checklist.levels]
    return data


def _level_data(level: Section) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": level.id, "title": level.title}
    if level.path:
        entry["path"] = list(level.path)
    notes: list[str] = []
    for paragraph in level.paragraphs:
        goal = _GOAL.match(paragraph)
        choose = _CHOOSE.match(paragraph)
        if goal:
            if goal[1] and int(goal[1]) >= 1:
                entry["pick"] = int(goal[1])
            entry["goal"] = clean(goal[2])
        elif choose and "goal" not in entry:
            word = choose[1].lower()
            pick = _NUMBERS.get(word) or int(word)
            if pick >= 1:
                entry["pick"] = pick
            entry["goal"] = strip_end(clean(paragraph))
        elif paragraph.startswith("👉") and "tip" not in entry:
            entry["tip"] = clean(paragraph)
        else:
            notes.append(paragraph)
    if notes:
        entry["note"] = "\n\n".join(notes)
    entry["items"] = [_item_data(node) for node in level.items]
    if entry.get("pick", 0) > len(entry["items"]):
        entry["pick"] = len(entry["items"])
    return entry


def _item_data(node: TaskNode) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node.id, "title": node.title}
    if node.details:
        out["details"] = node.details
    if node.description:
        out["description"] = "\n".join(node.description)
    if node.links:
        out["links"] = [{"title": link.title, "url": link.url} for link in node.links]
    if node.children:
        out["children"] = [_item_data(child) for child in node.children]
    return out
