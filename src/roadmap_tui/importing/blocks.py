"""Small readings of a block for `roadmap_tui.importing.outline`: a bullet's first
line, a paragraph that is only a bold label, a bullet that is only links."""

from __future__ import annotations

import re

from markdown_it.token import Token

from roadmap_tui.base.text import clean, has_text
from roadmap_tui.importing.inline import InlineText, inline_text, strip_end
from roadmap_tui.importing.nodes import TaskNode
from roadmap_tui.roadmap.model import Link


def first_line(text: str) -> str:
    return strip_end(clean(next((line for line in text.splitlines() if has_text(line)), "")))


def bold_label(tok: Token) -> str | None:
    """The label of a paragraph that is only bold text ("**UX Improvements:**",
    "**Bugs**:"), or None."""
    children = [c for c in tok.children or [] if c.type != "text" or c.content]
    kinds = [child.type for child in children]
    if not kinds or kinds[0] != "strong_open" or "strong_close" not in kinds:
        return None
    end = len(kinds) - 1 - kinds[::-1].index("strong_close")
    rest = "".join(child.content for child in children[end + 1 :])
    if rest.strip() not in ("", ":") or any("break" in kind for kind in kinds):
        return None
    label = strip_end(clean(inline_text(children[1:end]).text))
    return label if has_text(label) else None


def only_links(text: InlineText) -> bool:
    """Whether a bullet is just its links ("📖 [MDN: title](…)"): kept as links only."""
    rest = text.text
    for link in text.links:
        rest = rest.replace(link.title, "")
    return bool(text.links) and not any(c.isalnum() for c in rest)


def add_links(node: TaskNode, links: list[Link]) -> None:
    for link in links:
        if all(link.url != known.url for known in node.links):
            node.links.append(link)


_FRONT_TITLE = re.compile(r"^(title|name):[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def front_title(front_matter: str) -> str:
    """The ``title:`` (else ``name:``) of a file's front matter, unquoted, or ""."""
    found = {key: value for key, value in _FRONT_TITLE.findall(front_matter) if value}
    value = found.get("title") or found.get("name") or ""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return clean(value)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252 (``â€“`` → ``–``, ``ðŸ‘‰`` → ``👉``),
    with ftfy, which leaves genuine text ("café—”") alone."""
    from ftfy import fix_encoding

    return fix_encoding(text)
