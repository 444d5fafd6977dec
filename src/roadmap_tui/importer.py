"""`roadmap-tui import`: any Markdown checklist (GitHub, Notion, Obsidian, our export)
to a roadmap, parsed with markdown-it-py (CommonMark), never with line regexes.

What it understands (docs/markdown.md has examples):

* headings that have task items under them become levels ("Level 3 – Databases (2/5)"
  becomes "Databases"); the first heading without tasks is the roadmap's title;
* ``- [ ]``, ``* [x]``, ``+ [ ]`` and numbered task items become topics, nested lists
  become children; ``[/]`` means in progress and ``[-]`` skipped (Obsidian's
  convention), as do the words "(in progress)" and "(skipped)" at the end of an item;
* ``**Title** → details``, ``Title — details`` and ``Title: details`` split into a title
  and details; inline markup is reduced to plain text;
* paragraphs under a heading become the level's note ("Goal (pick 1 of 5): …" and
  "Choose at least one …" paragraphs its goal, "👉 …" its tip); a blockquote or
  paragraph inside a task item becomes that topic's note;
* text damaged by a UTF-8-read-as-Windows-1252 round trip (``â€“``) is repaired.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from roadmap_tui.errors import RoadmapError
from roadmap_tui.model import Roadmap, Status
from roadmap_tui.roadmap import roadmap_from_data
from roadmap_tui.textio import read_text

_TASK = re.compile(r"^\[([ xX/\-~>])\](?:\s+|$)")
_TASK_STATUS = {
    " ": Status.TODO,
    "x": Status.DONE,
    "X": Status.DONE,
    "/": Status.IN_PROGRESS,
    ">": Status.IN_PROGRESS,
    "-": Status.SKIPPED,
    "~": Status.SKIPPED,
}
_STATUS_WORDS = re.compile(r"\s*\((in[ -]progress|doing|skipped|skip)\)\s*$", re.IGNORECASE)
_SEPARATORS = (" → ", " -> ", " — ", " – ", ": ")
_LEVEL_PREFIX = re.compile(r"^(?:level|step|stage|part|week)\s+\d+\s*[–—:.\-]\s*", re.IGNORECASE)
_COUNT_SUFFIX = re.compile(r"\s*\(\d+\s*/\s*\d+\)\s*$")
_GOAL = re.compile(r"^Goal(?:\s*\(pick\s+(\d+)(?:\s+of\s+\d+)?\))?:\s*(.*)$", re.DOTALL)
_CHOOSE = re.compile(
    r"^(?:choose|pick|learn)\s+at\s+least\s+(one|two|three|four|five|\d+)\b", re.IGNORECASE
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
MAX_NESTING = 64
_SUMMARY = re.compile(r"^Progress on \d{4}-\d{2}-\d{2}:")
# Escaped "." and ":" (`\.`) stand in for themselves but are never taken as a line's
# closing punctuation or a title/details separator. Private-use placeholders carry them
# through the text handling below.
_DOT, _COLON = "\ue000", "\ue001"
_PLACEHOLDERS = str.maketrans({_DOT: ".", _COLON: ":"})


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252 (``â€“`` → ``–``, ``ðŸ‘‰`` → ``👉``),
    with ftfy, which leaves genuine text ("café—”") alone."""
    from ftfy import fix_encoding

    return fix_encoding(text)


def _restore(text: str) -> str:
    return text.translate(_PLACEHOLDERS)


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", folded.lower())
    out = "-".join(words)[:60].strip("-")
    return out or "item"


@dataclass
class _Node:
    title: str
    details: str
    status: Status
    note: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


@dataclass
class _Level:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[_Node] = field(default_factory=list)


@dataclass
class Imported:
    """The roadmap an import made, and the statuses and notes its file held."""

    roadmap: Roadmap
    statuses: dict[str, Status]
    notes: dict[str, str]


def _parser() -> MarkdownIt:
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.use(front_matter_plugin)  # Obsidian/Jekyll `---` metadata is not content
    md.disable("text_join")  # keep escapes apart, so `\*\*` is text, not stray markup
    return md


def _plain(tokens: list[Token]) -> str:
    """Inline tokens as the text a reader sees (markup dropped, stray `**` removed)."""
    parts: list[str] = []
    for tok in tokens:
        if tok.type == "text":
            parts.append(re.sub(r"\*\*|__", "", tok.content))
        elif tok.type == "text_special":
            parts.append({".": _DOT, ":": _COLON}.get(tok.content, tok.content))
        elif tok.type == "code_inline":
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif tok.type == "image":
            parts.append(_plain(tok.children or []) or tok.content)
        elif tok.type == "html_inline":
            continue
    return "".join(parts)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _strip_end(text: str) -> str:
    text = text.strip()
    if text.endswith(":"):
        text = text[:-1].rstrip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _task(inline: Token) -> _Node | None:
    """The topic in a list item's first inline, or None if it isn't a task."""
    children = list(inline.children or [])
    if not children or children[0].type != "text":
        return None
    match = _TASK.match(children[0].content)
    if not match:
        return None
    status = _TASK_STATUS[match[1]]
    first = children[0].copy()
    first.content = first.content[match.end() :]
    children[0] = first
    children = [tok for tok in children if not (tok.type == "text" and not tok.content)]
    if children and children[0].type == "strong_open":
        # Our export's form: `**Title** — details *(in progress)*`. Status words count
        # only as that final emphasis, never as text inside the title or details.
        tail = children[-3:]
        if [tok.type for tok in tail] == ["em_open", "text", "em_close"]:
            words = _STATUS_WORDS.fullmatch(" " + tail[1].content)
            if words:
                status = _status_word(words[1])
                children = children[:-3]
        whole = _clean(_plain(children))
    else:
        whole = _clean(_plain(children))
        if words := _STATUS_WORDS.search(whole):
            status = _status_word(words[1])
            whole = whole[: words.start()]
    title, details = _split(children, whole)
    title = _restore(_strip_end(title))
    if not title:
        return None
    return _Node(title, _restore(_strip_end(details)), status)


def _status_word(word: str) -> Status:
    return Status.SKIPPED if word.lower().startswith("skip") else Status.IN_PROGRESS


def _split(children: list[Token], whole: str) -> tuple[str, str]:
    """A title and details: a leading bold part is the title when a separator follows."""
    lead = [tok for tok in children if not (tok.type == "text" and not tok.content)]
    if lead and lead[0].type == "strong_open":
        depth = 0
        end = 0
        while end < len(lead):
            tok = lead[end]
            depth += tok.nesting if tok.type in ("strong_open", "strong_close") else 0
            if depth == 0:
                break
            end += 1
        title = _clean(_plain(lead[1:end]))
        rest = whole[len(title) :] if whole.startswith(title) else None
        if rest is not None:
            rest_stripped = rest.strip()
            if not rest_stripped or rest_stripped in (".", ":"):
                return title, ""
            for sep in _SEPARATORS:
                if rest.startswith(sep) or rest_stripped.startswith(sep.strip() + " "):
                    return title, rest_stripped[len(sep.strip()) :].strip()
    for sep in _SEPARATORS:
        if sep in whole:
            head, _, tail = whole.partition(sep)
            if head.strip():
                return head, tail.strip()
    return whole, ""


def _level_title(heading: str) -> str:
    title = _COUNT_SUFFIX.sub("", heading)
    stripped = _LEVEL_PREFIX.sub("", title)
    return _restore(_strip_end(stripped or title)) or "Untitled"


def parse_checklist(text: str, source: Path) -> tuple[str, str, list[_Level]]:
    """(title, description, levels) from Markdown text."""
    tokens = _parser().parse(repair_mojibake(text))
    doc_title = ""
    description: list[str] = []
    levels: list[_Level] = []
    current: _Level | None = None
    stack: list[_Node | None] = []  # one entry per open list item: its task, if any
    item_first_inline: list[bool] = []
    quote_depth = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            heading = _clean(_plain(inline.children or []))
            if not doc_title and not levels and tok.tag == "h1" and current is None:
                doc_title = _restore(heading)
            else:
                current = _Level(heading)
                levels.append(current)
            i += 3
            continue
        if tok.type == "list_item_open":
            stack.append(None)
            item_first_inline.append(True)
        elif tok.type == "list_item_close":
            stack.pop()
            item_first_inline.pop()
        elif tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "inline" and stack:
            first = item_first_inline[-1]
            item_first_inline[-1] = False
            node = _task(tok) if first and not quote_depth else None
            if node is not None:
                stack[-1] = node
                parent = next((n for n in reversed(stack[:-1]) if n is not None), None)
                if parent is not None:
                    parent.children.append(node)
                else:
                    if current is None:
                        current = _Level(doc_title or source.stem)
                        levels.append(current)
                    current.items.append(node)
            elif not first and stack[-1] is not None:
                stack[-1].note.append(_plain_block(tok))  # a topic's note
        elif tok.type == "inline":
            paragraph = _plain_block(tok)
            if current is not None:
                current.paragraphs.append(paragraph)
            elif not _SUMMARY.match(paragraph):
                description.append(paragraph)
        i += 1
    levels = [level for level in levels if level.items]
    return doc_title or source.stem, "\n\n".join(description), levels


def _plain_block(inline: Token) -> str:
    """A paragraph's text, keeping its line breaks."""
    parts: list[str] = []
    for tok in inline.children or []:
        if tok.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        else:
            parts.append(_plain([tok]))
    return _restore("".join(parts).strip())


def import_markdown(path: Path, bundled_id: str = "backend") -> Imported:
    """Read a Markdown checklist at ``path`` into a roadmap, or raise `RoadmapError`."""
    text = read_text(path, "Markdown", RoadmapError)
    title, description, levels = parse_checklist(text, path)
    if not levels:
        raise RoadmapError(
            "no checklist here: found no task items like `- [ ] topic` under a heading",
            path=path,
        )
    used: set[str] = set()

    def unique(base: str) -> str:
        key = base
        n = 2
        while key in used:
            key = f"{base}-{n}"
            n += 1
        used.add(key)
        return key

    roadmap_id = slug(title)
    if roadmap_id == bundled_id:
        roadmap_id = f"{roadmap_id}-imported"
    statuses: dict[str, Status] = {}
    notes: dict[str, str] = {}

    def item(node: _Node) -> dict[str, Any]:
        key = unique(slug(node.title))
        out: dict[str, Any] = {"id": key, "title": node.title}
        if node.details:
            out["details"] = node.details
        if node.children:
            out["children"] = [item(child) for child in node.children]
        elif node.status is not Status.TODO:
            statuses[key] = node.status
        if node.note:
            notes[key] = "\n\n".join(part for part in node.note if part)
        return out

    data: dict[str, Any] = {"format": 1, "id": roadmap_id, "title": title}
    if description:
        data["description"] = description
    data["levels"] = []
    for level in levels:
        entry: dict[str, Any] = {"id": unique(slug(_level_title(level.title)))}
        entry["title"] = _level_title(level.title)
        notes_here: list[str] = []
        for paragraph in level.paragraphs:
            goal = _GOAL.match(paragraph)
            choose = _CHOOSE.match(paragraph)
            if goal:
                if goal[1] and int(goal[1]) >= 1:
                    entry["pick"] = int(goal[1])
                entry["goal"] = _clean(goal[2])
            elif choose and "goal" not in entry:
                word = choose[1].lower()
                pick = _NUMBERS.get(word) or int(word)
                if pick >= 1:
                    entry["pick"] = pick
                entry["goal"] = _strip_end(_clean(paragraph))
            elif paragraph.startswith("👉") and "tip" not in entry:
                entry["tip"] = _clean(paragraph)
            else:
                notes_here.append(paragraph)
        if notes_here:
            entry["note"] = "\n\n".join(notes_here)
        entry["items"] = [item(node) for node in level.items]
        if entry.get("pick", 0) > len(entry["items"]):
            entry["pick"] = len(entry["items"])
        data["levels"].append(entry)
    roadmap = roadmap_from_data(data, path)
    return Imported(roadmap, statuses, notes)


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
