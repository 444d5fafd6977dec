"""Ids for imported roadmaps: made from the content, not the position (docs/markdown.md).

A topic's id is a slug of its title ("Big-O notation" → ``big-o-notation``). Titles in
scripts that have no Latin letters (CJK, Cyrillic, Arabic, emoji) get a short hash of
the title instead, so they never collapse into one id; so do very long titles. Titles
that repeat are told apart by their parent's title ("arrays-exercises"); only a copy
with the same title under the same parent is numbered ("-2"), in document order.

How a re-import gives topics their earlier ids is `roadmap_tui.importing.follow`'s.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

MAX_SLUG = 40
_SYMBOL_WORDS = [
    (re.compile(r"(?<=[a-z0-9+])\+"), " plus "),
    (re.compile(r"(?<=[a-z])#"), " sharp "),
]


def _digest(text: str) -> str:
    folded = unicodedata.normalize("NFC", " ".join(text.split()).casefold())
    return hashlib.blake2b(folded.encode(), digest_size=3).hexdigest()


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    for pattern, word in _SYMBOL_WORDS:
        folded = pattern.sub(word, folded)
    return re.findall(r"[a-z0-9]+", folded)


def _unlatin(text: str) -> bool:
    """Whether ``text`` has letters or digits that have no Latin spelling."""
    return not text.isascii() and any(
        c.isalnum() and not unicodedata.normalize("NFKD", c).encode("ascii", "ignore") for c in text
    )


def slug(text: str, empty: str = "item") -> str:
    """Lowercase ASCII words joined by hyphens, at most `MAX_SLUG` characters."""
    out = ""
    for word in _words(text):
        if out and len(out) + 1 + len(word) > MAX_SLUG:
            break
        out = f"{out}-{word}" if out else word[:MAX_SLUG]
    return out or empty


def topic_key(title: str, empty: str = "topic") -> str:
    """The content id of a title: its slug, with a hash where the slug would lose it."""
    words = _words(title)
    base = slug(title, "")
    if base and len("-".join(words)) <= MAX_SLUG and not _unlatin(title):
        return base
    return f"{base or empty}-{_digest(title)}"


def roadmap_key(title: str) -> str:
    return topic_key(title, "roadmap")


@dataclass(eq=False)
class Slot:
    """One level or topic of the new import, waiting for its id."""

    kind: str  # "level" or "topic"
    title: str
    parents: tuple[str, ...]  # titles above it, level first
    link: str  # its first link, or ""
    target: Any  # the importer's node: its `id` is set
    details: str = ""
    description: str = ""
    key: str = ""
    numbered: bool = False  # told apart from a true copy only by its place
    leaf: bool = True  # a topic without subtopics: one that holds progress
    up: Slot | None = None  # the topic or level it is under
    before: Slot | None = None  # its previous sibling
    after: Slot | None = None  # its next sibling
    legacy: tuple[str, ...] | None = None  # title and parents as earlier importers read them
    path: tuple[str, ...] = ()  # a level's headings above it (`Section.path`)

    @property
    def named(self) -> str:
        """Its title, or "" for a task named by its line ("Task on line 12")."""
        return "" if BY_LINE.match(self.title) else self.title


BY_LINE = re.compile(r"^Task on line \d+$")


def _siblings(row: list[Slot]) -> None:
    for one, two in pairwise(row):
        one.after, two.before = two, one


def slots_of(levels: list[Any]) -> list[Slot]:
    """The levels and topics of an import, in document order, with their places, and
    (``legacy``) their title and parents as earlier importers read them, where those
    differ: a plain bullet or bold label above tasks was no parent then, and a
    repeated heading carried only its parent's name."""
    out: list[Slot] = []
    for level in levels:
        head = Slot("level", level.title, (), "", level)
        head.path = tuple(getattr(level, "path", ()))
        then = getattr(level, "legacy", "") or level.title
        head.legacy = None if then == level.title else (then,)
        out.append(head)
        stack: list[tuple[Any, tuple[str, ...], Slot, tuple[str, ...]]] = [
            (node, (level.title,), head, (then,)) for node in reversed(level.items)
        ]
        rows: dict[int, list[Slot]] = {}
        while stack:
            node, parents, up, before = stack.pop()
            link = node.links[0].url if node.links else ""
            description = "\n".join(node.description)
            slot = Slot("topic", node.title, parents, link, node, node.details, description)
            slot.leaf, slot.up = not node.children, up
            if before != parents:
                slot.legacy = (*before, node.title)
            rows.setdefault(id(up), []).append(slot)
            out.append(slot)
            inner = before if getattr(node, "group", False) else (*before, node.title)
            stack.extend(
                (child, (*parents, node.title), slot, inner) for child in reversed(node.children)
            )
        for row in rows.values():
            _siblings(row)
    levels_row = [slot for slot in out if slot.kind == "level"]
    _siblings(levels_row)
    return out


def _clashes(slots: list[Slot]) -> Iterator[list[Slot]]:
    """Groups of slots that have the same key, as it is now."""
    groups: dict[str, list[Slot]] = defaultdict(list)
    for slot in slots:
        groups[slot.key].append(slot)
    yield from (group for group in groups.values() if len(group) > 1)


def _parent_tag(parents: tuple[str, ...]) -> str:
    """A parent's share in an id: its slug when that is short and says it all, else the
    slug's start (or ``in``) and a hash of the whole path of parents."""
    name = parents[-1]
    base = slug(name, "")
    if base and len(base) <= _PARENT_SLUG and not _unlatin(name):
        return base
    return f"{base[:_PARENT_SLUG].strip('-') or 'in'}-{_digest(PATH_JOIN.join(parents))}"


_PARENT_SLUG = 20
PATH_JOIN = " › "


def _content(slot: Slot) -> str:
    """What tells a task apart from a sibling of the same title: its details, else its
    first link, else its description and note ("" for a true copy)."""
    return slot.details or slot.link or slot.description


def fresh_keys(slots: list[Slot]) -> None:
    """Content keys. Where keys repeat: different titles (``E`` and ``È``) add a hash of
    the title; the same title under different parents its parent's name (and a hash of
    the parents' path where names are not enough); siblings of the same title a hash of
    their content (details, then first link, then description). Only true copies are
    numbered, in order. Levels give way to topics of the same name."""
    for slot in slots:
        # A task named by its line: the line is no content, so its key is just "task".
        unnamed = slot.kind == "topic" and not slot.named
        slot.key = "task" if unnamed else topic_key(slot.title, slot.kind)
    topic_keys = Counter(slot.key for slot in slots if slot.kind == "topic")
    for slot in slots:
        if slot.kind == "level" and topic_keys[slot.key]:
            slot.key = f"level-{slot.key}"
    for step in (_by_title, _by_parents, _by_content):
        for group in _clashes(slots):
            step(group)
    number_repeats(slots, set())


def _by_title(group: list[Slot]) -> None:
    titles = Counter(norm(slot.named) for slot in group)
    for slot in group:
        if slot.named and titles[norm(slot.named)] == 1:
            slot.key = f"{slot.key}-{_digest(slot.title)}"
        elif slot.parents:
            slot.key = f"{_parent_tag(slot.parents)}-{slot.key}"


def _by_parents(group: list[Slot]) -> None:
    if len({tuple(map(norm, slot.parents)) for slot in group}) > 1:
        for slot in group:
            slot.key = f"{slot.key}-{_digest(PATH_JOIN.join(slot.parents))}"


def _by_content(group: list[Slot]) -> None:
    firsts = Counter(_content(slot) for slot in group)
    wholes = Counter(whole(slot) for slot in group)
    for slot in group:
        if _content(slot) and firsts[_content(slot)] == 1:
            slot.key = f"{slot.key}-{_digest(_content(slot))}"
        elif wholes[whole(slot)] == 1:
            slot.key = f"{slot.key}-{_digest(whole(slot))}"


def norm(text: str) -> str:
    return " ".join(text.casefold().split())


def whole(slot: Any) -> str:
    return "\n".join((slot.details, slot.link, slot.description))


def number_repeats(slots: list[Slot], taken: set[str]) -> None:
    """Number the keys that are still taken ("-2", "-3", …, the first free number).
    Each key's count goes on from where its last copy stopped, so the work is linear in
    the number of slots, however many copies there are."""
    used = set(taken)
    next_number: dict[str, int] = {}
    for slot in slots:
        key = slot.key
        if key in used:
            n = next_number.get(slot.key, 2)
            key = f"{slot.key}-{n}"
            while key in used:
                n += 1
                key = f"{slot.key}-{n}"
            next_number[slot.key] = n + 1
        slot.numbered = key != slot.key
        slot.key = key
        used.add(key)
