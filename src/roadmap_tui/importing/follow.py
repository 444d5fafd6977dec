"""A re-import's ids: each level and topic of the new file takes the id it had in the
earlier import, so progress (keyed by id) follows it (docs/markdown.md, "Importing
again").

Exact rules first, each only where it pairs one topic with one: the same id (made only
of content), the same title, parents and content, the same title under the same
parents, the same title, the same first link; then true copies in order. What is left
is paired by similarity (`roadmap_tui.importing.renames`: a typo fixed, a word added),
best pairs first. ``--detach`` and ``--attach`` correct a pairing by hand.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.importing.ids import BY_LINE, Slot, fresh_keys, norm, number_repeats, slots_of
from roadmap_tui.importing.ids import whole as _whole
from roadmap_tui.importing.renames import pair_renamed

if TYPE_CHECKING:
    from roadmap_tui.roadmap.model import Item, Roadmap


@dataclass(eq=False)
class Old:
    """A level or topic of the earlier import, with its place."""

    kind: str
    id: str
    title: str
    parents: tuple[str, ...]
    link: str
    details: str = ""
    description: str = ""
    leaf: bool = True
    path: tuple[str, ...] = ()  # a level's headings above it (`Level.path`)
    up: Old | None = None
    before: Old | None = None
    after: Old | None = None

    @property
    def named(self) -> str:
        return "" if BY_LINE.match(self.title) else self.title


@dataclass
class Followed:
    """How an update matched the earlier import's topics (those that hold progress:
    topics without subtopics), named topic by topic."""

    kept: int = 0  # the same id, or the same title and place
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # id, before, now
    added: list[tuple[str, str]] = field(default_factory=list)  # id, title
    removed: list[tuple[str, str]] = field(default_factory=list)  # id, title: orphans
    attached: list[tuple[str, str, str]] = field(default_factory=list)  # id, title, was


def _link_row(row: list[Old]) -> None:
    for one, two in pairwise(row):
        one.after, two.before = two, one


def old_slots(roadmap: Roadmap) -> list[Old]:
    out: list[Old] = []

    def visit(item: Item, parents: tuple[str, ...], up: Old) -> Old:
        link = item.links[0].url if item.links else ""
        slot = Old("topic", item.id, item.title, parents, link, item.details, item.description)
        slot.leaf, slot.up = item.is_leaf, up
        out.append(slot)
        _link_row([visit(child, (*parents, item.title), slot) for child in item.children])
        return slot

    heads: list[Old] = []
    for level in roadmap.levels:
        head = Old("level", level.id, level.title, (), "", path=level.path)
        heads.append(head)
        out.append(head)
        _link_row([visit(item, (level.title,), head) for item in level.items])
    _link_row(heads)
    return out


def _id_of(slot: Slot | Old) -> str:
    return slot.key if isinstance(slot, Slot) else slot.id


_Rule = Callable[[Any], Hashable]
_RULES: list[_Rule] = [
    # A fresh key that is only a number in order says nothing about the content.
    lambda s: (
        None if getattr(s, "numbered", False) else (s.kind, _id_of(s), tuple(map(norm, s.parents)))
    ),
    lambda s: (s.kind, norm(s.named), tuple(map(norm, s.parents)), _whole(s)),
    lambda s: (s.kind, norm(s.named), tuple(map(norm, s.parents))) if s.named else None,
]


# After moves and renames (`pair_renamed`): the same first link, then true copies (same
# title, parents and content) in order.
# Where this importer reads a file's structure differently from earlier ones (a plain
# bullet or bold label above tasks is now their parent; a repeated heading carries more
# of its path): a slot is matched by its title and parents as they were read then, in
# order, where as many slots as earlier ones share them (`legacy`).
def _legacy(slot: Slot | Old) -> Hashable:
    if isinstance(slot, Slot):
        return None if slot.legacy is None else (slot.kind, *map(norm, slot.legacy))
    return (slot.kind, *map(norm, (*slot.parents, slot.title)))


_LEGACY: _Rule = _legacy
_LINKED: _Rule = lambda s: (s.kind, "link", s.link) if s.link else None  # noqa: E731
_COPIES: _Rule = _RULES[1]


def _pairs(
    new: list[Slot], old: list[Old], rule: _Rule, in_order: bool = False, same_count: bool = False
) -> Iterator[tuple[Slot, Old]]:
    """New and old slots that the rule matches one to one (or, ``in_order``, the first
    with the first, the second with the second…; with ``same_count``, only as many as
    there were)."""
    by_new: dict[Hashable, list[Slot]] = defaultdict(list)
    by_old: dict[Hashable, list[Old]] = defaultdict(list)
    for slot in new:
        if (value := rule(slot)) is not None:
            by_new[value].append(slot)
    for entry in old:
        if (value := rule(entry)) is not None:
            by_old[value].append(entry)
    for value, slots in by_new.items():
        olds = by_old.get(value, [])
        if same_count and len(slots) != len(olds):
            continue
        if in_order or (len(slots) == 1 and len(olds) == 1):
            yield from zip(slots, olds, strict=False)


def assign_ids(
    levels: list[Any],
    previous: Roadmap | None = None,
    *,
    attach: Mapping[str, str] | None = None,
    detach: Collection[str] = (),
) -> Followed | None:
    """Give every level and topic its id (set on the nodes). With ``previous``, topics
    found there keep their earlier ids; returns what was kept, renamed, added and
    removed. ``detach``: earlier ids paired with nothing (their progress stays as an
    orphan's); ``attach``: ``{OLD: NEW}``, the topic that would get the id NEW takes
    OLD (and OLD's progress) instead."""
    slots = slots_of(levels)
    fresh_keys(slots)
    followed = None
    if previous is not None:
        old = old_slots(previous)
        unknown = sorted(set(detach) - {entry.id for entry in old})
        if unknown:
            raise RoadmapTuiError(
                f"--detach {unknown[0]}: the roadmap being updated has no topic with this id "
                "(`roadmap-tui topics` lists them)"
            )
        followed = _follow(slots, old, set(detach))
    elif attach or detach:
        raise RoadmapTuiError(
            "--attach and --detach correct an update: import a source imported before, "
            "or name the roadmap with --update ID"
        )
    if attach:
        _attach(slots, attach, followed or Followed())
    for slot in slots:
        slot.target.id = slot.key
    return followed


def _follow(slots: list[Slot], old: list[Old], detach: set[str]) -> Followed:
    matched: dict[int, Old] = {}  # id of a slot -> its earlier self
    old_used: set[int] = set()
    candidates = [entry for entry in old if entry.id not in detach]

    def by(rule: _Rule, in_order: bool = False, same_count: bool = False) -> None:
        new_left = [slot for slot in slots if id(slot) not in matched]
        old_left = [entry for entry in candidates if id(entry) not in old_used]
        for slot, entry in _pairs(new_left, old_left, rule, in_order, same_count):
            matched[id(slot)] = entry
            old_used.add(id(entry))

    for rule in _RULES:
        by(rule)
    by(_LEGACY, in_order=True, same_count=True)
    exact = set(matched)
    # Titles that repeat in either file (the most copies either has).
    twice = Counter(norm(s.named) for s in slots) | Counter(norm(e.named) for e in old)
    repeated = {title for title, n in twice.items() if n > 1}
    # Levels first, then topics a depth at a time: a parent paired is its children's place.
    layers: dict[tuple[str, int], list[Slot]] = {}
    for slot in slots:
        if id(slot) not in matched:
            layers.setdefault((slot.kind, len(slot.parents)), []).append(slot)
    for (kind, _), new_left in sorted(
        layers.items(), key=lambda row: (row[0][0] != "level", row[0][1])
    ):
        old_left = [e for e in candidates if e.kind == kind and id(e) not in old_used]
        for slot, entry in pair_renamed(new_left, old_left, matched, repeated):
            matched[id(slot)] = entry
            old_used.add(id(entry))
            if norm(slot.named) == norm(entry.named):
                exact.add(id(slot))  # moved, not renamed
    by(_LINKED)
    by(_COPIES, in_order=True)
    return _report(slots, old, matched, exact, detach)


def _report(
    slots: list[Slot], old: list[Old], matched: dict[int, Old], exact: set[int], detach: set[str]
) -> Followed:
    """The ids set on the slots (earlier ones, and fresh ones numbered clear of them),
    and what was kept, followed, added and removed."""
    old_used = {id(entry) for entry in matched.values()}
    out = Followed()
    for slot in slots:
        earlier = matched.get(id(slot))
        if earlier is not None:
            slot.key = earlier.id
            if slot.kind == "topic" and slot.leaf:
                if id(slot) in exact:
                    out.kept += 1
                else:
                    out.renamed.append((earlier.id, earlier.title, slot.title))
    new_left = [slot for slot in slots if id(slot) not in matched]
    # Clear of every earlier id: an orphan's progress never lands on a new topic.
    number_repeats(new_left, {entry.id for entry in old} | detach)
    out.added = [(s.key, s.title) for s in new_left if s.kind == "topic" and s.leaf]
    out.removed = [
        (e.id, e.title) for e in old if e.kind == "topic" and e.leaf and id(e) not in old_used
    ]
    return out


def _attach(slots: list[Slot], attach: Mapping[str, str], followed: Followed) -> None:
    by_key = {slot.key: slot for slot in slots}
    for old_id, new_id in attach.items():
        slot = by_key.get(new_id)
        if slot is None or slot.kind != "topic":
            raise RoadmapTuiError(
                f"--attach {old_id}={new_id}: the file has no topic with the id {new_id!r} "
                "(`roadmap-tui topics` lists them after an import)"
            )
        if old_id in by_key:
            raise RoadmapTuiError(
                f"--attach {old_id}={new_id}: {old_id!r} is the id of a topic in the file "
                f"({by_key[old_id].title!r}); --detach {old_id} frees it"
            )
        slot.key = old_id
        followed.attached.append((old_id, slot.title, new_id))
        followed.removed = [(key, title) for key, title in followed.removed if key != old_id]
        followed.added = [(key, title) for key, title in followed.added if key != new_id]
