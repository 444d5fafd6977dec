"""Read a Markdown checklist's structure (GitHub, Notion, Obsidian, our export) with
markdown-it-py (CommonMark), never with line regexes: headings become levels, task items
topics, nested task lists children; the plain bullets, paragraphs, quotes and code under
a task its description, links and note. The text of one line (title, details, links,
status) is `roadmap_tui.importing.inline`'s job; turning the result into a roadmap is
`roadmap_tui.importing.reader`'s. docs/markdown.md describes exactly what is kept.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from roadmap_tui.base.errors import RoadmapError
from roadmap_tui.base.text import clean, has_text
from roadmap_tui.importing.inline import (
    InlineText,
    block_text,
    inline_text,
    restore,
    strip_end,
    task_text,
    use_fast_inline,
)
from roadmap_tui.importing.nodes import Checklist, Section, TaskNode, all_done, flatten_deep
from roadmap_tui.roadmap.model import Link, Status

# Our export's level headings: "Level 3 – Databases (2/5)", "(2/4, 1 skipped)", "(all 3
# skipped)", "(✓ 1 of 5 chosen)" (before #26: "(2/4 (1 skipped))"). A heading's own words
# ("Week 1: Basics", "Step 2 - Setup") are kept whole.
_LEVEL_PREFIX = re.compile(r"^Level\s+\d+\s+–\s+")
_COUNT_SUFFIX = re.compile(
    r"\s*\((?:\d+\s*/\s*\d+(?:,? \(?\d+ skipped\)?)?|all \d+ skipped|✓ \d+ of \d+ chosen)\)\s*$"
)
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


# The characters RFC 3986 allows as they are: markdown-it's normaliser leaves such an
# address unchanged.
_PLAIN_URL = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]*")


def _parser() -> MarkdownIt:
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.use(front_matter_plugin)  # Obsidian/Jekyll `---` metadata is not content
    md.use(footnote_plugin)  # `[^1]` marks and their notes are not titles
    md.enable(["strikethrough", "table"])  # GitHub's `~~old~~` and tables
    md.disable("text_join")  # keep escapes apart, so `\*\*` is text, not stray markup
    use_fast_inline(md)  # the same tokens, with less work for plain lines and boxes
    # Every link is parsed as one (`javascript:` too), so that its text reads as text;
    # only http(s) addresses become links (`roadmap_tui.importing.inline`).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    # Percent-encoding a plain ASCII address changes nothing but costs a tenth of a big
    # import: only addresses with other characters go through markdown-it's normaliser.
    normalize = md.normalizeLink
    md.normalizeLink = lambda url: (  # type: ignore[method-assign]
        url if _PLAIN_URL.fullmatch(url) else normalize(url)
    )
    return md


def _level_title(heading: str) -> str:
    title = _COUNT_SUFFIX.sub("", heading)
    stripped = _LEVEL_PREFIX.sub("", title)
    return restore(strip_end(stripped or title))


@dataclass
class _Item:
    """A list item being read: its task (if it is one) and whether its first line came."""

    node: TaskNode | None
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
        self.levels: list[Section] = []
        self.current: Section | None = None
        self.headings: list[tuple[int, str]] = []  # open headings: (depth, title)
        self.items: list[_Item] = []
        self.quotes = 0
        self.warnings: list[str] = []
        # The last task of a list that just ended: a block quote right after the list
        # (a checklist's "📖 links" under an item, before the next paragraph) is its.
        self.trailing: TaskNode | None = None
        self.custom: dict[str, list[int]] = {}  # custom boxes (`[?]`): their lines
        # Tasks in the top-level list being read (a quiz's answers are lists of one
        # task, each followed by its code block at the top level), and the warnings of
        # tasks named by their line, which such a code block can still name.
        self.top_tasks = 0
        self.unnamed: dict[int, str] = {}

    def read(self, tokens: list[Token]) -> Checklist:
        i = 0
        while i < len(tokens):
            i = self.token(tokens, i)
        levels = [level for level in self.levels if level.items]
        _name_repeated_levels(levels, self.doc_title)
        if self.custom:
            boxes = "; ".join(
                f"[{box}] on line{'s' * (len(lines) > 1)} {', '.join(map(str, lines))}"
                for box, lines in self.custom.items()
            )
            self.warnings.append(f"custom checkboxes imported as to do: {boxes}")
        title = self.doc_title if has_text(self.doc_title) else self.source_name
        return Checklist(title, "\n\n".join(self.description), levels, self.warnings)

    def token(self, tokens: list[Token], i: int) -> int:
        """Handle ``tokens[i]``; the index of the next token to handle."""
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            self.heading(tok, tokens[i + 1])
            return i + 3
        if kind in ("table_open", "footnote_block_open"):
            return self.block(tokens, i)
        if kind in ("bullet_list_open", "ordered_list_open", "list_item_open", "list_item_close"):
            self.list_token(tok)
        elif kind in ("blockquote_open", "blockquote_close"):
            self.quotes += tok.nesting
        elif kind == "inline":
            self.inline(tok, tokens[i - 1])
        elif kind in ("fence", "code_block"):
            self.code(tok)
        elif kind == "html_block":
            self.html(tok)
        return i + 1

    def list_token(self, tok: Token) -> None:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            if not self.items:
                self.top_tasks = 0
        elif tok.type == "list_item_open":
            self.top_tasks += not self.items
            self.items.append(_Item(None, _line(tok)))
        else:
            item = self.items.pop()
            self.close_item(item)
            if not self.items and not self.quotes:
                self.trailing = item.node

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
        self.current = Section(heading, _line(tok), parents)
        self.levels.append(self.current)

    def inline(self, tok: Token, before: Token) -> None:
        item = self.items[-1] if self.items else None
        if item is not None and not item.seen_first and before.type == "paragraph_open":
            item.seen_first = True
            task = task_text(tok, self.base_url)
            if task is not None:
                node = TaskNode(task.title, task.details, task.status, item.line)
                if task.custom:
                    self.custom.setdefault(task.custom, []).append(item.line)
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

    def add_task(self, item: _Item, node: TaskNode) -> None:
        parent = self.task_above()
        item.node = node
        item.pending = not has_text(node.title)
        if parent is not None and parent.node is not None:
            parent.node.children.append(node)
            return
        if self.current is None:
            self.current = Section(self.doc_title or self.source_name, node.line)
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
        owner = self.task_above()
        if owner is None and self.trailing is not None and self.top_tasks == 1:
            # Right after a list of one task (a quiz's answer): that task's code.
            node = self.trailing
            named = id(node) not in self.unnamed
            if not named and tok.content.strip():
                self.warnings.remove(self.unnamed.pop(id(node)))
            owner = _Item(node, node.line, seen_first=True, pending=not named)
        if owner is None or owner.node is None:
            return  # code after a longer list (an example) is not its last task's
        lines = [line.strip() for line in tok.content.splitlines() if line.strip()]
        if not lines:
            return
        titled = owner.pending
        if titled:
            self.take_title(owner, lines[0])
        if not titled or len(lines) > 1:
            # The whole code, unless its one line is the title: answers that all
            # begin `def sum(a, b):` differ only in the lines after it.
            owner.node.description.append(tok.content.rstrip("\n"))

    def block(self, tokens: list[Token], i: int) -> int:
        """A table or the footnotes at ``tokens[i]``; the index after it. Footnotes (the
        text of `[^1]` marks) are not content."""
        close = tokens[i].type.removesuffix("open") + "close"
        end = next((n for n in range(i + 1, len(tokens)) if tokens[n].type == close), len(tokens))
        if tokens[i].type == "table_open":
            self.table(tokens[i:end])
        return end + 1

    def table(self, tokens: list[Token]) -> None:
        """A table: under a task, its rows ("cell | cell") are the task's description
        and its links the task's; elsewhere, a paragraph of those rows."""
        rows: list[str] = []
        links: list[Link] = []
        cells: list[str] = []
        for tok in tokens:
            if tok.type == "inline":
                text = block_text(tok, self.base_url)
                cells.append(clean(text.text))
                links += text.links
            elif tok.type == "tr_close":
                if any(cells):
                    rows.append(" | ".join(cells))
                cells = []
        owner = self.owner()
        if owner is not None and owner.node is not None:
            owner.node.description += rows
            _add_links(owner.node, links)
        elif rows and self.current is not None:
            self.current.paragraphs.append("\n".join(rows))

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
            self.unnamed[id(node)] = self.warnings[-1]
        if node.status is Status.DONE and node.children and not all_done(node):
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


def _add_links(node: TaskNode, links: list[Link]) -> None:
    for link in links:
        if all(link.url != known.url for known in node.links):
            node.links.append(link)


def _name_repeated_levels(levels: list[Section], doc_title: str) -> None:
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
    flatten_deep(checklist)
    return checklist
