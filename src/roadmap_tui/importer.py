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
* ids come from the content (`roadmap_tui.ids`), so progress follows topics when a
  source changes.

This module reads the document's structure (headings, lists, quotes, code); the text of
a line (title, details, links, status) is `roadmap_tui.mdtext`'s job, and where an
import goes and what it does to progress is `roadmap_tui.imports`'.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from roadmap_tui.errors import RoadmapError
from roadmap_tui.files import read_text
from roadmap_tui.mdtext import (
    InlineText,
    block_text,
    clean,
    has_text,
    inline_text,
    restore,
    strip_end,
    task_text,
)
from roadmap_tui.model import Link, Roadmap, Status
from roadmap_tui.roadmap import MAX_DEPTH, roadmap_from_data

_LEVEL_PREFIX = re.compile(r"^(?:level|step|stage|part|week)\s+\d+\s*[–—:.\-]\s*", re.IGNORECASE)
_COUNT_SUFFIX = re.compile(r"\s*\(\d+\s*/\s*\d+\)\s*$")
_GOAL = re.compile(r"^Goal(?:\s*\(pick\s+(\d+)(?:\s+of\s+\d+)?\))?:\s*(.*)$", re.DOTALL)
_CHOOSE = re.compile(
    r"^(?:choose|pick|learn)\s+at\s+least\s+(one|two|three|four|five|\d+)\b", re.IGNORECASE
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_SUMMARY = re.compile(r"^Progress on \d{4}-\d{2}-\d{2}:")
# GitHub alerts (`> [!NOTE]`) and Obsidian callouts (`> [!tip]- Title`).
_ALERT = re.compile(r"^\[![A-Za-z][\w-]*\][+-]?[ \t]*\n?")
# A README's title is often an HTML `<h1>` (centred, with a logo): its text is the title.
_HTML_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")
# A task-looking line inside raw HTML, which CommonMark leaves as HTML: reported.
_HTML_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]\s", re.MULTILINE)
# markdown-it stops reading (silently) past this nesting depth; we refuse such files.
MAX_NESTING = 100
PATH_SEP = " › "


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252 (``â€“`` → ``–``, ``ðŸ‘‰`` → ``👉``),
    with ftfy, which leaves genuine text ("café—”") alone."""
    from ftfy import fix_encoding

    return fix_encoding(text)


# ------------------------------------------------------------------------- the parse


@dataclass
class _Node:
    title: str
    details: str
    status: Status
    line: int
    note: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    finished: date | None = None
    id: str = ""


@dataclass
class _Level:
    title: str
    line: int
    parents: tuple[str, ...] = ()  # titles of the headings above it
    paragraphs: list[str] = field(default_factory=list)
    items: list[_Node] = field(default_factory=list)
    id: str = ""


@dataclass
class Checklist:
    """What a Markdown file holds, before ids are given."""

    title: str
    description: str
    levels: list[_Level]
    warnings: list[str]


def _parser() -> MarkdownIt:
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.use(front_matter_plugin)  # Obsidian/Jekyll `---` metadata is not content
    md.disable("text_join")  # keep escapes apart, so `\*\*` is text, not stray markup
    return md


def _level_title(heading: str) -> str:
    title = _COUNT_SUFFIX.sub("", heading)
    stripped = _LEVEL_PREFIX.sub("", title)
    return restore(strip_end(stripped or title))


@dataclass
class _Item:
    """A list item being read: its task (if it is one) and whether its first line came."""

    node: _Node | None
    line: int
    seen_first: bool = False
    pending: bool = False  # a task with no text of its own, waiting for a title


class _Reader:
    """Walks the token stream once, building levels and topics."""

    def __init__(self, source_name: str, base_url: str) -> None:
        self.source_name = source_name
        self.base_url = base_url
        self.doc_title = ""
        self.description: list[str] = []
        self.levels: list[_Level] = []
        self.current: _Level | None = None
        self.headings: list[tuple[int, str]] = []  # open headings: (depth, title)
        self.items: list[_Item] = []
        self.quotes = 0
        self.warnings: list[str] = []
        # The last task of a list that just ended: a block quote right after the list
        # (a checklist's "📖 links" under an item, before the next paragraph) is its.
        self.trailing: _Node | None = None

    def read(self, tokens: list[Token]) -> Checklist:
        i = 0
        while i < len(tokens):
            i = self.token(tokens, i)
        levels = [level for level in self.levels if level.items]
        _name_repeated_levels(levels, self.doc_title)
        title = self.doc_title if has_text(self.doc_title) else self.source_name
        return Checklist(title, "\n\n".join(self.description), levels, self.warnings)

    def token(self, tokens: list[Token], i: int) -> int:
        """Handle ``tokens[i]``; the index of the next token to handle."""
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            self.heading(tok, tokens[i + 1])
            return i + 3
        if kind == "list_item_open":
            self.items.append(_Item(None, _line(tok)))
        elif kind == "list_item_close":
            item = self.items.pop()
            self.close_item(item)
            if not self.items and not self.quotes:
                self.trailing = item.node
        elif kind in ("blockquote_open", "blockquote_close"):
            self.quotes += tok.nesting
        elif kind == "inline":
            self.inline(tok, tokens[i - 1])
        elif kind in ("fence", "code_block"):
            self.code(tok)
        elif kind == "html_block":
            self.html(tok)
        return i + 1

    def heading(self, tok: Token, inline: Token) -> None:
        self.trailing = None
        depth = int(tok.tag[1:])
        heading = clean(inline_text(inline.children or [], navigation=True).text)
        while self.headings and self.headings[-1][0] >= depth:
            self.headings.pop()
        parents = tuple(title for _, title in self.headings)
        self.headings.append((depth, _level_title(heading)))
        if not self.doc_title and not self.levels and depth == 1 and self.current is None:
            self.doc_title = restore(heading)
            self.headings.pop()  # the document's title is no level's parent
            return
        self.current = _Level(heading, _line(tok), parents)
        self.levels.append(self.current)

    def inline(self, tok: Token, before: Token) -> None:
        item = self.items[-1] if self.items else None
        if item is not None and not item.seen_first and before.type == "paragraph_open":
            item.seen_first = True
            task = task_text(tok, self.base_url)
            if task is not None:
                node = _Node(task.title, task.details, task.status, item.line)
                node.links, node.finished = task.links, task.finished
                self.add_task(item, node)
                return
            if self.owner() is not None:  # a plain bullet under a task: its description
                self.describe(tok)
            return
        if item is not None:
            item.seen_first = True
        owner = self.owner()
        if owner is not None:
            self.annotate(owner, tok)
        elif item is None:
            self.paragraph(tok)

    def owner(self) -> _Item | None:
        """The innermost open list item that is a task, or in a block quote right after
        a list, that list's last task."""
        nested = self.task_above()
        if nested is None and self.quotes and self.trailing is not None:
            return _Item(self.trailing, self.trailing.line, seen_first=True)
        return nested

    def task_above(self) -> _Item | None:
        return next((item for item in reversed(self.items) if item.node is not None), None)

    def add_task(self, item: _Item, node: _Node) -> None:
        parent = self.task_above()
        item.node = node
        item.pending = not has_text(node.title)
        if parent is not None and parent.node is not None:
            parent.node.children.append(node)
            return
        if self.current is None:
            self.current = _Level(self.doc_title or self.source_name, node.line)
            self.levels.append(self.current)
        self.current.items.append(node)

    def describe(self, tok: Token) -> None:
        owner = self.owner()
        assert owner is not None and owner.node is not None
        text = block_text(tok, self.base_url)
        if owner.pending:
            self.take_title(owner, text.text)
        elif not text.empty and not _only_links(text):
            owner.node.description.append(clean(text.text))
        _add_links(owner.node, text.links)

    def annotate(self, owner: _Item, tok: Token) -> None:
        """A paragraph or quote inside a task: the topic's note (and links)."""
        assert owner.node is not None
        text = block_text(tok, self.base_url)
        if self.quotes:
            text.text = _ALERT.sub("", text.text).strip()
        if owner.pending:
            self.take_title(owner, text.text)
        elif not text.empty:
            owner.node.note.append(text.text)
        _add_links(owner.node, text.links)

    def paragraph(self, tok: Token) -> None:
        block = block_text(tok, self.base_url)
        if self.quotes:
            block.text = _ALERT.sub("", block.text).strip()
        if not self.quotes:
            self.trailing = None
        if block.empty:
            return  # "⬆ back to top", a row of badges
        text = block.text
        if self.current is not None:
            self.current.paragraphs.append(text)
        elif not _SUMMARY.match(text):
            self.description.append(text)

    def code(self, tok: Token) -> None:
        owner = self.task_above()  # code after a list (an example) is not the task's
        if owner is None or owner.node is None:
            return
        lines = [line.strip() for line in tok.content.splitlines() if line.strip()]
        if owner.pending and lines:
            self.take_title(owner, lines[0])
        elif lines:
            owner.node.description.append(tok.content.rstrip("\n"))

    def html(self, tok: Token) -> None:
        if not self.doc_title and not self.levels and (heading := _HTML_H1.search(tok.content)):
            self.doc_title = clean(html.unescape(_HTML_TAG.sub(" ", heading[1])))
        for match in _HTML_TASK.finditer(tok.content):
            line = _line(tok) + tok.content.count("\n", 0, match.start())
            self.warnings.append(f"line {line}: a task inside raw HTML was not imported")

    def take_title(self, owner: _Item, text: str) -> None:
        assert owner.node is not None
        first = next((line for line in text.splitlines() if has_text(line)), "")
        if first:
            owner.node.title = strip_end(clean(first))
            owner.pending = False

    def close_item(self, item: _Item) -> None:
        node = item.node
        if node is None:
            return
        if item.pending or not has_text(node.title):
            node.title = f"Task on line {node.line}"
            self.warnings.append(f"line {node.line}: a task with no text, named {node.title!r}")
        if node.status is Status.DONE and node.children and not _all_done(node):
            self.warnings.append(
                f"line {node.line}: {node.title!r} is ticked but has open subtasks; "
                "it shows as partly done"
            )


def _line(tok: Token) -> int:
    return tok.map[0] + 1 if tok.map else 0


def _only_links(text: InlineText) -> bool:
    """Whether a bullet is just its links ("📖 [MDN: title](…)"): kept as links only."""
    rest = text.text
    for link in text.links:
        rest = rest.replace(link.title, "")
    return bool(text.links) and not any(c.isalnum() for c in rest)


def _add_links(node: _Node, links: list[Link]) -> None:
    for link in links:
        if all(link.url != known.url for known in node.links):
            node.links.append(link)


def _all_done(node: _Node) -> bool:
    if not node.children:
        return node.status is Status.DONE
    return all(_all_done(child) for child in node.children)


def _name_repeated_levels(levels: list[_Level], doc_title: str) -> None:
    """Level titles that repeat carry their parent heading's: "JavaScript › Best practices"."""
    for level in levels:
        level.title = _level_title(level.title)
    names = [level.title.casefold() for level in levels]
    for level in levels:
        if names.count(level.title.casefold()) > 1:
            parents = [p for p in level.parents if p and p != doc_title]
            if parents:
                level.title = f"{parents[-1]}{PATH_SEP}{level.title}"
    for level in levels:
        if not has_text(level.title):
            level.title = f"Section on line {level.line}"


def parse_checklist(text: str, source_name: str, base_url: str = "") -> Checklist:
    """The levels and topics of Markdown ``text``, or `RoadmapError` (without a path)."""
    tokens = _parser().parse(repair_mojibake(text))
    deepest = max(tokens, key=lambda tok: tok.level, default=None)
    if deepest is not None and deepest.level >= MAX_NESTING - 1:
        raise RoadmapError(
            f"lists and quotes are nested more than {MAX_NESTING // 2} deep here; "
            "flatten them and import again",
            line=_line(deepest) or None,
        )
    checklist = _Reader(source_name, base_url).read(tokens)
    _flatten_deep(checklist)
    return checklist


def _flatten_deep(checklist: Checklist) -> None:
    """Tasks nested deeper than a roadmap allows join their deepest allowed ancestor."""
    limit = MAX_DEPTH - 1

    def visit(node: _Node, depth: int) -> None:
        if depth == limit and node.children:
            moved = _descendants(node)
            node.children = moved
            checklist.warnings.append(
                f"line {node.line}: tasks nested more than {MAX_DEPTH} deep were moved up "
                f"to {node.title!r} ({len(moved)} tasks)"
            )
            return
        for child in node.children:
            visit(child, depth + 1)

    for level in checklist.levels:
        for node in level.items:
            visit(node, 1)


def _descendants(node: _Node) -> list[_Node]:
    out: list[_Node] = []
    stack = list(reversed(node.children))
    while stack:
        child = stack.pop()
        out.append(child)
        stack.extend(reversed(child.children))
        child.children = []
    return out


# ----------------------------------------------------------------------------- import


@dataclass
class Imported:
    """The roadmap an import made, what its file held, and what the import noticed."""

    roadmap: Roadmap
    statuses: dict[str, Status]
    notes: dict[str, str]
    finished: dict[str, datetime] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    followed: Any = None  # ids.Followed when an earlier import was updated


def import_markdown(path: Path, bundled_id: str = "backend") -> Imported:
    """Read the Markdown checklist at ``path`` into a new roadmap, or raise `RoadmapError`."""
    checklist = read_checklist(read_text(path, "Markdown", RoadmapError), path)
    return build_import(checklist, default_id(checklist.title, bundled_id), where=path)


def read_checklist(text: str, where: Path | str, base_url: str = "") -> Checklist:
    """The checklist in ``text``, read from ``where`` (a path, or a URL: named in errors
    and giving the title of a file without one; a web source resolves relative links)."""
    try:
        checklist = parse_checklist(text, _fallback_title(where), base_url)
    except RoadmapError as exc:
        raise _error(where, exc.message, exc.line) from None
    if not checklist.levels:
        raise _error(where, "no checklist here: found no task items like `- [ ] topic`")
    return checklist


def default_id(title: str, bundled_id: str = "backend") -> str:
    """A new roadmap's id: from its title, never the bundled roadmap's."""
    from roadmap_tui.ids import roadmap_key

    key = roadmap_key(title)
    return f"{key}-imported" if key == bundled_id else key


def build_import(
    checklist: Checklist,
    roadmap_id: str,
    *,
    where: Path | str,
    source: str = "",
    previous: Roadmap | None = None,
) -> Imported:
    """The roadmap (with ``source`` recorded) and the progress the checklist holds. With
    ``previous`` (an earlier import being updated), topics keep their earlier ids."""
    from roadmap_tui.ids import assign_ids

    followed = assign_ids(checklist.levels, previous)
    data = _roadmap_data(checklist, roadmap_id, source)
    try:
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


def _collect_progress(levels: list[_Level], imported: Imported) -> None:
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


def _level_data(level: _Level) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": level.id, "title": level.title}
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


def _item_data(node: _Node) -> dict[str, Any]:
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


def roadmap_toml(roadmap: Roadmap) -> str:
    """The roadmap as a TOML file in our format (docs/roadmap-format.md)."""
    import tomli_w

    from roadmap_tui.model import roadmap_to_data

    data = roadmap_to_data(roadmap)
    header = (
        "# A roadmap for roadmap-tui (format: docs/roadmap-format.md).\n"
        "# Ids are stable: progress is keyed by them. Rename titles freely; keep the ids.\n"
    )
    return header + tomli_w.dumps(data, multiline_strings=True)
