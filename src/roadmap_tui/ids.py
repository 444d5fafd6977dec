"""Ids for imported roadmaps: made from the content, not the position (docs/markdown.md).

A topic's id is a slug of its title ("Big-O notation" → ``big-o-notation``). Titles in
scripts that have no Latin letters (CJK, Cyrillic, Arabic, emoji) get a short hash of
the title instead, so they never collapse into one id; so do very long titles. Titles
that repeat are told apart by their parent's title ("arrays-exercises"); only a copy
with the same title under the same parent is numbered ("-2"), in document order.

Re-importing a source updates the earlier import: each topic takes its earlier id
when it has the same id, else the same title under the same parents, else the same
title, else the same first link; so progress, which is keyed by id, follows it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roadmap_tui.model import Item, Roadmap

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
class _Slot:
    """One level or topic of the new import, waiting for its id."""

    kind: str  # "level" or "topic"
    title: str
    parents: tuple[str, ...]  # titles above it, level first
    link: str  # its first link, or ""
    target: Any  # the importer's node: its `id` is set
    key: str = ""


@dataclass
class Followed:
    """How an update matched the earlier import's topics."""

    kept: int = 0
    added: int = 0
    removed: list[str] = field(default_factory=list)  # ids of topics no longer there


def _slots(levels: list[Any]) -> list[_Slot]:
    out: list[_Slot] = []
    for level in levels:
        out.append(_Slot("level", level.title, (), "", level))
        stack: list[tuple[Any, tuple[str, ...]]] = [
            (node, (level.title,)) for node in reversed(level.items)
        ]
        while stack:
            node, parents = stack.pop()
            link = node.links[0].url if node.links else ""
            out.append(_Slot("topic", node.title, parents, link, node))
            stack.extend((child, (*parents, node.title)) for child in reversed(node.children))
    return out


def _fresh_keys(slots: list[_Slot]) -> None:
    """Content keys. Where keys repeat: different titles (``E`` and ``È``) add a hash of
    the title, the same title under different parents its parent's name; only copies
    under the same parent are numbered. Levels give way to topics of the same name."""
    for slot in slots:
        slot.key = topic_key(slot.title, slot.kind)
    topic_keys = Counter(slot.key for slot in slots if slot.kind == "topic")
    for slot in slots:
        if slot.kind == "level" and topic_keys[slot.key]:
            slot.key = f"level-{slot.key}"
    groups: dict[str, list[_Slot]] = defaultdict(list)
    for slot in slots:
        groups[slot.key].append(slot)
    for group in groups.values():
        titles = Counter(_norm(slot.title) for slot in group)
        for slot in group if len(group) > 1 else ():
            if titles[_norm(slot.title)] == 1:
                slot.key = f"{slot.key}-{_digest(slot.title)}"
            elif slot.parents:
                slot.key = f"{slug(slot.parents[-1], 'in')[:20].strip('-')}-{slot.key}"
    _number_repeats(slots, set())


def _number_repeats(slots: list[_Slot], taken: set[str]) -> None:
    used = set(taken)
    for slot in slots:
        key, n = slot.key, 2
        while key in used:
            key = f"{slot.key}-{n}"
            n += 1
        slot.key = key
        used.add(key)


@dataclass(eq=False)
class _Old:
    kind: str
    id: str
    title: str
    parents: tuple[str, ...]
    link: str


def _old_slots(roadmap: Roadmap) -> list[_Old]:
    out: list[_Old] = []

    def visit(item: Item, parents: tuple[str, ...]) -> None:
        link = item.links[0].url if item.links else ""
        out.append(_Old("topic", item.id, item.title, parents, link))
        for child in item.children:
            visit(child, (*parents, item.title))

    for level in roadmap.levels:
        out.append(_Old("level", level.id, level.title, (), ""))
        for item in level.items:
            visit(item, (level.title,))
    return out


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


_Rule = Callable[[Any], Hashable]
_RULES: list[_Rule] = [
    lambda s: (s.kind, s.key if isinstance(s, _Slot) else s.id),
    lambda s: (s.kind, _norm(s.title), tuple(map(_norm, s.parents))),
    lambda s: (s.kind, _norm(s.title)),
    lambda s: (s.kind, "link", s.link) if s.link else None,
]


def _pairs(new: list[_Slot], old: list[_Old], rule: _Rule) -> Iterator[tuple[_Slot, _Old]]:
    """New and old slots that the rule matches one to one."""
    by_new: dict[Hashable, list[_Slot]] = defaultdict(list)
    by_old: dict[Hashable, list[_Old]] = defaultdict(list)
    for slot in new:
        if (value := rule(slot)) is not None:
            by_new[value].append(slot)
    for entry in old:
        if (value := rule(entry)) is not None:
            by_old[value].append(entry)
    for value, slots in by_new.items():
        olds = by_old.get(value, [])
        if len(slots) == 1 and len(olds) == 1:
            yield slots[0], olds[0]


def assign_ids(levels: list[Any], previous: Roadmap | None = None) -> Followed | None:
    """Give every level and topic its id (set on the nodes). With ``previous``, topics
    found there keep their earlier ids; returns what was kept, added and removed."""
    slots = _slots(levels)
    _fresh_keys(slots)
    followed = None
    if previous is not None:
        followed = _follow(slots, _old_slots(previous))
    for slot in slots:
        slot.target.id = slot.key
    return followed


def _follow(slots: list[_Slot], old: list[_Old]) -> Followed:
    matched: dict[int, str] = {}  # index in slots -> earlier id
    index = {id(slot): n for n, slot in enumerate(slots)}
    old_used: set[int] = set()
    for rule in _RULES:
        new_left = [slot for n, slot in enumerate(slots) if n not in matched]
        old_left = [entry for entry in old if id(entry) not in old_used]
        for slot, entry in _pairs(new_left, old_left, rule):
            matched[index[id(slot)]] = entry.id
            old_used.add(id(entry))
    for n, earlier in matched.items():
        slots[n].key = earlier
    new_left = [slot for n, slot in enumerate(slots) if n not in matched]
    _number_repeats(new_left, set(matched.values()))
    return Followed(
        kept=sum(1 for n in matched if slots[n].kind == "topic"),
        added=sum(1 for slot in new_left if slot.kind == "topic"),
        removed=[e.id for e in old if e.kind == "topic" and id(e) not in old_used],
    )
