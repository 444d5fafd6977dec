"""Inline Markdown text as a reader sees it, for the importer (docs/markdown.md).

A task line's inline tokens become a `TaskText`: its status, title, details, links and
Obsidian Tasks finished date. Text inside code spans and link texts is *protected*: a
title/details separator (``: ``, ``→``, ``—``) or a ``#tag`` never counts there.
Images, raw HTML and (in blocks) links to anchors in the page are dropped.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from markdown_it.token import Token

from roadmap_tui.base.text import clean, has_text
from roadmap_tui.roadmap.model import Link, Status

if TYPE_CHECKING:
    pass

# Any one-character box is a task: `[x]` and the known ones below, and Obsidian's
# custom ones (`[?]`, `[!]`, `[D]`…) as to do, or done when the mark is a tick (`[✓]`).
# A digit (`[1] Knuth, TAOCP`) is a reference, not a box.
_TASK = re.compile(r"^\[( |[^\]\s\d\\])\](?:\s+|$)")
_TICKS = "✓✔☑✅"
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
_SEPARATORS = (" → ", " -> ", " — ", " – ", ": ", "：")
# An emoji shortcode (`:memo:`, gitmoji): its closing colon is no separator.
_SHORTCODE_START = re.compile(r"(?:^|(?<=\s)):[a-z0-9_+\-]+$")
# Obsidian Tasks fields: dates, priorities, recurrence, ids; and #tags.
_TASKS_DATE = re.compile(r"\s*(✅|📅|📆|🗓️?|⏳|🛫|➕|❌)\uFE0F?\s*(\d{4}-\d{2}-\d{2})")
_TASKS_SIGN = re.compile(r"\s*(?:[⏫🔼🔽⏬🔺]\uFE0F?|🔁\s*every\s[^📅⏳🛫➕✅❌]*|(?:🆔|⛔)\s*\S+)")
_TAG = re.compile(r"(?<!\S)#[\w/-]*[^\W\d][\w/-]*")
_LEADING_TAGS = re.compile(r"\s*(?:#[\w/-]*[^\W\d][\w/-]*(?:\s+|$))+")
_TASKS_HINT = re.compile("[#✅📅📆🗓⏳🛫➕❌⏫🔼🔽⏬🔺🔁🆔⛔]")
# Escaped "." and ":" (`\.`) stand in for themselves but are never taken as a line's
# closing punctuation or a title/details separator. Private-use placeholders carry them
# through the text handling below.
_DOT, _COLON = "\ue000", "\ue001"
_BOLD_MARKS = re.compile(r"\*\*|__")  # left in text when they close nothing
_SPACE = re.compile(r"\s")
# An http(s) address with a plain host name and only printable ASCII after it.
_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#][!-~]*)?")
_PLACEHOLDERS = str.maketrans({_DOT: ".", _COLON: ":"})


def restore(text: str) -> str:
    """Placeholders of escaped "." and ":" back to the characters."""
    return text.translate(_PLACEHOLDERS)


def strip_end(text: str) -> str:
    """Without a checklist line's closing ":" or "." (an escaped one stays)."""
    text = text.strip()
    if text.endswith(":"):
        text = text[:-1].rstrip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


@dataclass
class InlineText:
    """Inline text as a reader sees it, with which characters sit in code spans or link
    texts (``protected``: never split there) and the links found."""

    text: str = ""
    protected: list[bool] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    dropped: bool = False  # whether navigation links or images were taken out

    @property
    def empty(self) -> bool:
        """Nothing to keep: no visible text, or only leftovers of what was dropped
        ("⬆" of "⬆ back to top")."""
        return not has_text(self.text) or (self.dropped and not any(c.isalnum() for c in self.text))

    def add(self, text: str, protected: bool) -> None:
        self.text += text
        self.protected += [protected] * len(text)


def inline_text(tokens: list[Token], base_url: str = "", navigation: bool = False) -> InlineText:
    """Inline tokens as plain text: markup, images and raw HTML dropped, links collected.
    With ``navigation``, the text of links to anchors in the page (`#top`) is dropped too."""
    out = InlineText()
    link: list[tuple[str, int, bool]] = []  # open links: href, text's start, autolink
    for tok in tokens:
        if tok.type == "text":
            out.add(_BOLD_MARKS.sub("", tok.content), bool(link))
        elif tok.type == "text_special":
            out.add({".": _DOT, ":": _COLON}.get(tok.content, tok.content), True)
        elif tok.type == "code_inline":
            out.add(tok.content, True)
        elif tok.type in ("softbreak", "hardbreak") or _is_br(tok):
            out.add(" ", bool(link))
        elif tok.type == "image":
            out.dropped = True
        elif tok.type == "link_open":
            link.append((str(tok.attrGet("href") or ""), len(out.text), tok.markup == "autolink"))
        elif tok.type == "link_close" and link:
            href, start, auto = link.pop()
            if auto and not _web_url(href, base_url):  # `<javascript:…>`: not text either
                out.text, out.protected = out.text[:start], out.protected[:start]
                out.dropped = True
                continue
            _close_link(out, href, start, base_url, navigation)
    return out


def _close_link(out: InlineText, href: str, start: int, base_url: str, navigation: bool) -> None:
    if href.startswith("#"):
        if navigation:  # "⬆ back to top": not content
            out.text, out.protected = out.text[:start], out.protected[:start]
            out.dropped = True
        return
    url = _web_url(href, base_url)
    title = clean(restore(out.text[start:]))
    if url and title and all(known.url != url for known in out.links):
        out.links.append(Link(title, url))


def _web_url(href: str, base_url: str) -> str:
    """``href`` as an http(s) address (relative ones resolved against a web source), or ""."""
    url = urljoin(base_url, href) if base_url else href
    if _PLAIN_WEB_URL.fullmatch(url):
        return url  # what the test below accepts, without splitting the address
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc and not _SPACE.search(url):
        return url
    return ""


def block_text(inline: Token, base_url: str) -> InlineText:
    """A paragraph's text, keeping its line breaks, without navigation links."""
    out = InlineText()
    run: list[Token] = []
    for tok in [*(inline.children or []), None]:
        if tok is None or tok.type in ("softbreak", "hardbreak") or _is_br(tok):
            part = inline_text(run, base_url, navigation=True)
            out.add(part.text, False)
            out.links += [x for x in part.links if all(x.url != y.url for y in out.links)]
            out.dropped = out.dropped or part.dropped
            out.add("\n", False)
            run = []
        else:
            run.append(tok)
    out.text = restore(out.text.strip())
    return out


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _is_br(tok: Token) -> bool:
    """An HTML line break, `<br>`: a line break, as a reader sees it."""
    return tok.type == "html_inline" and _BR.fullmatch(tok.content.strip()) is not None


# A bare web address in a line's text (GitHub links it): the topic's link, not its title.
_BARE_URL = re.compile(r"(?<![\w/(<\[])https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")


def _take_addresses(text: InlineText, title: str) -> None:
    """Autolinks (``<https://…>``) and bare addresses leave the text for its links."""
    for link in [x for x in text.links if x.title == x.url]:
        at = text.text.find(link.url)
        if at != -1:
            _cut(text, at, at + len(link.url))
    for match in reversed(list(_BARE_URL.finditer(text.text))):
        if any(text.protected[match.start() : match.end()]):
            continue
        url = match[0]
        if all(known.url != url for known in text.links):
            text.links.append(Link(title, url))
        _cut(text, match.start(), match.end())
    text.links = [Link(title, x.url) if x.title == x.url else x for x in text.links]


def _without_urls(text: str) -> str:
    return strip_end(clean(_BARE_URL.sub(" ", text))) or "link"


def _cut(text: InlineText, start: int, end: int) -> None:
    text.text = (text.text[:start].rstrip() + " " + text.text[end:].lstrip()).strip()
    del text.protected[start:end]
    text.protected = (text.protected + [False] * len(text.text))[: len(text.text)]


def _status_word(word: str) -> Status:
    return Status.SKIPPED if word.lower().startswith("skip") else Status.IN_PROGRESS


def _task_start(inline: Token) -> tuple[str, list[Token]] | None:
    """The box of a list item's first inline (``x``, ``?``…) and its remaining tokens,
    if it is a task."""
    children = list(inline.children or [])
    lead = 0  # leading text tokens (`[*]` is three of them), read as one
    while lead < len(children) and children[lead].type == "text" and lead < 3:
        lead += 1
    start = "".join(tok.content for tok in children[:lead])
    match = _TASK.match(start)
    if not match:
        return None
    rest = [Token("text", "", 0, content=start[match.end() :]), *children[lead:]]
    return match[1], [t for t in rest if not (t.type == "text" and not t.content)]


def box_status(box: str) -> Status | None:
    """The status a task's box means; None for a custom box (imported as to do)."""
    if box in _TASK_STATUS:
        return _TASK_STATUS[box]
    return Status.DONE if box in _TICKS else None


@dataclass
class TaskText:
    """What a task line says."""

    status: Status
    title: str
    details: str
    links: list[Link]
    finished: date | None  # Obsidian Tasks' ✅ date, on a done task
    custom: str = ""  # a box this importer gives no meaning (`?` of `[?]`): to do


def task_text(inline: Token, base_url: str = "") -> TaskText | None:
    """The task in a list item's first inline, or None if it isn't a task."""
    start = _task_start(inline)
    if start is None:
        return None
    box, children = start
    known = box_status(box)
    status = Status.TODO if known is None else known
    if children and children[0].type == "strong_open":
        # Our export's form: `**Title** — details *(in progress)*`. Status words count
        # only as that final emphasis, never as text inside the title or details.
        tail = children[-3:]
        if [tok.type for tok in tail] == ["em_open", "text", "em_close"]:
            words = _STATUS_WORDS.fullmatch(" " + tail[1].content)
            if words:
                status = _status_word(words[1])
                children = children[:-3]
    text = inline_text(children, base_url)
    if "://" in text.text:
        _take_addresses(text, _without_urls(text.text))
    finished = _strip_tasks_fields(text)
    if children and children[0].type != "strong_open":
        status = _status_suffix(text, status)
    title, details = _split(children, text)
    return TaskText(
        status,
        restore(strip_end(title)),
        restore(strip_end(details)),
        text.links,
        finished if status is Status.DONE else None,
        "" if known is not None else box,
    )


def _status_suffix(text: InlineText, status: Status) -> Status:
    """A trailing "(in progress)" or "(skipped)" outside code: that status, taken off."""
    words = _STATUS_WORDS.search(text.text)
    if words is None or any(text.protected[words.start() :]):
        return status
    text.text, text.protected = text.text[: words.start()], text.protected[: words.start()]
    return _status_word(words[1])


def _strip_tasks_fields(text: InlineText) -> date | None:
    """Remove Obsidian Tasks fields and #tags outside code and links; the ✅ date.
    Without a Tasks field in the line, only the tags it starts with go (Obsidian's
    `#task`): a tag among the words is a word ("Join #general on Slack")."""
    finished: date | None = None
    if not _TASKS_HINT.search(text.text):
        return None
    fields = any(
        not any(text.protected[m.start() : m.end()])
        for pattern in (_TASKS_DATE, _TASKS_SIGN)
        for m in pattern.finditer(text.text)
    )
    leading = _LEADING_TAGS.match(text.text)
    for pattern in (_TASKS_DATE, _TASKS_SIGN, _TAG):
        for match in reversed(list(pattern.finditer(text.text))):
            if any(text.protected[match.start() : match.end()]):
                continue
            if pattern is _TAG and not fields and (leading is None or match.end() > leading.end()):
                continue
            if pattern is _TASKS_DATE and match[1] == "✅" and finished is None:
                with contextlib.suppress(ValueError):  # 2024-02-31
                    finished = date.fromisoformat(match[2])
            text.text = text.text[: match.start()] + text.text[match.end() :]
            del text.protected[match.start() : match.end()]
    return finished


def _find_separator(text: InlineText, sep: str) -> int:
    """Where ``sep`` first occurs outside code spans and links, or -1."""
    at = text.text.find(sep)
    while at != -1 and (
        any(text.protected[at : at + len(sep)])
        or _in_brackets(text.text, at)
        or (sep == ": " and _SHORTCODE_START.search(text.text, 0, at) is not None)
    ):
        at = text.text.find(sep, at + 1)
    return at


def _in_brackets(text: str, at: int) -> bool:
    """Whether ``at`` is inside parentheses ("(e.g.: JWT)"), where nothing splits."""
    before = text[:at]
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def _split(children: list[Token], text: InlineText) -> tuple[str, str]:
    """A title and details: a leading bold part is the title when a separator follows;
    otherwise the first separator outside code spans and links splits them."""
    whole = clean(text.text)
    if children and children[0].type == "strong_open":
        split = _bold_lead(children, whole)
        if split is not None:
            return split
    for sep in _SEPARATORS:
        at = _find_separator(text, sep)
        if at != -1 and clean(text.text[:at]):
            return clean(text.text[:at]), clean(text.text[at + len(sep) :])
    return whole, ""


def _bold_lead(children: list[Token], whole: str) -> tuple[str, str] | None:
    """A leading bold part as the title: when a separator follows (`` - `` too), or the
    line ends after it ("**Review 4 PRs.**", then its text on the lines below)."""
    depth = end = 0
    while end < len(children):
        tok = children[end]
        depth += tok.nesting if tok.type in ("strong_open", "strong_close") else 0
        if depth == 0:
            break
        end += 1
    title = clean(inline_text(children[1:end]).text)
    if not whole.startswith(title):
        return None
    rest = whole[len(title) :]
    rest_stripped = rest.strip()
    if not rest_stripped or rest_stripped in (".", ":"):
        return title, ""
    for sep in (*_SEPARATORS, " - "):
        if rest.startswith(sep) or rest_stripped.startswith(sep.strip() + " "):
            return title, rest_stripped[len(sep.strip()) :].strip()
    if _breaks_after(children, end):
        return strip_end(title), rest_stripped
    return None


def _breaks_after(children: list[Token], end: int) -> bool:
    """Whether a line break follows the bold lead closing at ``children[end]``."""
    for tok in children[end + 1 :]:
        if tok.type in ("softbreak", "hardbreak") or _is_br(tok):
            return True
        if tok.type != "text" or tok.content.strip():
            return False
    return False
