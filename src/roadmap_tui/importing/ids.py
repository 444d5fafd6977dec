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
    from roadmap_tui.roadmap.model import Item, Roadmap

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
    details: str = ""
    description: str = ""
    key: str = ""
    numbered: bool = False  # told apart from a true copy only by its place

    @property
    def named(self) -> str:
        """Its title, or "" for a task named by its line ("Task on line 12")."""
        return "" if _BY_LINE.match(self.title) else self.title


_BY_LINE = re.compile(r"^Task on line \d+$")


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
            description = "\n".join(node.description)
            out.append(_Slot("topic", node.title, parents, link, node, node.details, description))
            stack.extend((child, (*parents, node.title)) for child in reversed(node.children))
    return out


def _clashes(slots: list[_Slot]) -> Iterator[list[_Slot]]:
    """Groups of slots that have the same key, as it is now."""
    groups: dict[str, list[_Slot]] = defaultdict(list)
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


def _content(slot: _Slot) -> str:
    """What tells a task apart from a sibling of the same title: its details, else its
    first link, else its description and note ("" for a true copy)."""
    return slot.details or slot.link or slot.description


def _fresh_keys(slots: list[_Slot]) -> None:
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
    _number_repeats(slots, set())


def _by_title(group: list[_Slot]) -> None:
    titles = Counter(_norm(slot.named) for slot in group)
    for slot in group:
        if slot.named and titles[_norm(slot.named)] == 1:
            slot.key = f"{slot.key}-{_digest(slot.title)}"
        elif slot.parents:
            slot.key = f"{_parent_tag(slot.parents)}-{slot.key}"


def _by_parents(group: list[_Slot]) -> None:
    if len({tuple(map(_norm, slot.parents)) for slot in group}) > 1:
        for slot in group:
            slot.key = f"{slot.key}-{_digest(PATH_JOIN.join(slot.parents))}"


def _by_content(group: list[_Slot]) -> None:
    firsts = Counter(_content(slot) for slot in group)
    wholes = Counter(_whole(slot) for slot in group)
    for slot in group:
        if _content(slot) and firsts[_content(slot)] == 1:
            slot.key = f"{slot.key}-{_digest(_content(slot))}"
        elif wholes[_whole(slot)] == 1:
            slot.key = f"{slot.key}-{_digest(_whole(slot))}"


def _whole(slot: _Slot | _Old) -> str:
    return "\n".join((slot.details, slot.link, slot.description))


def _number_repeats(slots: list[_Slot], taken: set[str]) -> None:
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


@dataclass(eq=False)
class _Old:
    kind: str
    id: str
    title: str
    parents: tuple[str, ...]
    link: str
    details: str = ""
    description: str = ""

    @property
    def named(self) -> str:
        return "" if _BY_LINE.match(self.title) else self.title


def _old_slots(roadmap: Roadmap) -> list[_Old]:
    out: list[_Old] = []

    def visit(item: Item, parents: tuple[str, ...]) -> None:
        link = item.links[0].url if item.links else ""
        out.append(
            _Old("topic", item.id, item.title, parents, link, item.details, item.description)
        )
        for child in item.children:
            visit(child, (*parents, item.title))

    for level in roadmap.levels:
        out.append(_Old("level", level.id, level.title, (), ""))
        for item in level.items:
            visit(item, (level.title,))
    return out


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _id_of(slot: _Slot | _Old) -> str:
    return slot.key if isinstance(slot, _Slot) else slot.id


_Rule = Callable[[Any], Hashable]
_RULES: list[_Rule] = [
    # A fresh key that is only a number in order says nothing about the content.
    lambda s: None if getattr(s, "numbered", False) else (s.kind, _id_of(s)),
    lambda s: (s.kind, _norm(s.named), tuple(map(_norm, s.parents)), _whole(s)),
    lambda s: (s.kind, _norm(s.named), tuple(map(_norm, s.parents))) if s.named else None,
    lambda s: (s.kind, _norm(s.named)) if s.named else None,
    lambda s: (s.kind, "link", s.link) if s.link else None,
]
# Last, true copies (same title, parents and content) are paired in order.
_COPIES: _Rule = _RULES[1]


def _pairs(
    new: list[_Slot], old: list[_Old], rule: _Rule, in_order: bool = False
) -> Iterator[tuple[_Slot, _Old]]:
    """New and old slots that the rule matches one to one (or, ``in_order``, the first
    with the first, the second with the second…)."""
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
        if in_order or (len(slots) == 1 and len(olds) == 1):
            yield from zip(slots, olds, strict=False)


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
    for rule, in_order in [*((rule, False) for rule in _RULES), (_COPIES, True)]:
        new_left = [slot for n, slot in enumerate(slots) if n not in matched]
        old_left = [entry for entry in old if id(entry) not in old_used]
        for slot, entry in _pairs(new_left, old_left, rule, in_order):
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
