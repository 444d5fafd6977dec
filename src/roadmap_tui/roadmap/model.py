"""The roadmap as plain immutable data (the counts computed from it are in counts.py).

Roadmap files are validated by the pydantic schema in `roadmap_tui.roadmap.schema`, which
builds these objects; they are plain frozen dataclasses so that the command line can
use a cached, already-validated roadmap without importing pydantic (docs/performance.md).

"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import FrozenInstanceError, dataclass
from datetime import date
from enum import StrEnum
from typing import Any

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)


class Status(StrEnum):
    """The four statuses of a leaf item (roadmap.sh's four)."""

    TODO = "todo"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class State(StrEnum):
    """What an item shows: a leaf's status, or a parent's state derived from children."""

    TODO = "todo"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    SKIPPED = "skipped"
    PARTIAL = "partial"


STATUS_ALIASES: dict[str, Status] = {
    "todo": Status.TODO,
    "reset": Status.TODO,
    "in-progress": Status.IN_PROGRESS,
    "in_progress": Status.IN_PROGRESS,
    "doing": Status.IN_PROGRESS,
    "done": Status.DONE,
    "skipped": Status.SKIPPED,
    "skip": Status.SKIPPED,
}


def parse_status(word: str) -> Status | None:
    """The status a user means by ``word`` (case-insensitive, with aliases), or None."""
    return STATUS_ALIASES.get(word.strip().lower())


@dataclass(frozen=True, slots=True)
class Link:
    """A link to documentation about a topic: its title, address and kind (docs, spec,
    ...), and the day it was last checked."""

    title: str
    url: str
    kind: str = "docs"
    checked: date | None = None  # the day someone last verified the link by hand


@dataclass(frozen=True, slots=True)
class Item:
    """A topic of a level: a leaf you tick, or a parent whose state comes from its
    children. ``id`` is stable: progress is keyed by it."""

    id: str
    title: str
    details: str = ""
    description: str = ""
    links: tuple[Link, ...] = ()
    children: tuple[Item, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Item]:
        """This item and every descendant, depth first, in order."""
        stack: list[Item] = [self]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))

    def leaves(self) -> Iterator[Item]:
        return (item for item in self.walk() if item.is_leaf)


Outline = tuple[tuple[str, ...], "tuple[int, ...] | None"]
"""A level's leaf ids in order, and the number under each top-level item (`Level.outline`)."""


class Level:
    """A level of the roadmap: its topics, and optionally a goal (``pick`` topics
    done meet it), a tip and a note. Immutable, compared and hashed by value like the
    other model classes.

    A level read from the validated-roadmap cache decodes its items when they are first
    used (the level list of a 1,000-level roadmap needs only titles and counts), and
    carries its outline (its leaf ids, grouped by top-level item): all counting needs."""

    __slots__ = (
        "_items",
        "_outline",
        "_source",
        "goal",
        "id",
        "note",
        "path",
        "pick",
        "tip",
        "title",
    )

    id: str
    title: str
    goal: str
    pick: int | None
    tip: str
    note: str
    path: tuple[str, ...]
    """An imported level's headings above it in its file, outermost first (the file's
    title left out); what tells two levels of one name apart when the file changes."""
    _items: tuple[Item, ...] | None
    _source: Callable[[], tuple[Item, ...]] | None
    _outline: Outline | None

    def __init__(
        self,
        id: str,
        title: str,
        goal: str = "",
        pick: int | None = None,
        tip: str = "",
        note: str = "",
        items: tuple[Item, ...] = (),
        *,
        path: tuple[str, ...] = (),
        source: Callable[[], tuple[Item, ...]] | None = None,
        outline: Outline | None = None,
    ) -> None:
        init = object.__setattr__
        init(self, "id", id)
        init(self, "title", title)
        init(self, "goal", goal)
        init(self, "pick", pick)
        init(self, "tip", tip)
        init(self, "note", note)
        init(self, "path", path)
        init(self, "_items", None if source is not None else items)
        init(self, "_source", source)
        init(self, "_outline", outline)

    @property
    def items(self) -> tuple[Item, ...]:
        items: tuple[Item, ...] | None = self._items
        if items is None:
            assert self._source is not None
            items = self._source()
            object.__setattr__(self, "_items", items)
            object.__setattr__(self, "_source", None)
        return items

    def outline(self) -> Outline:
        """The ids of the level's leaves in order, and how many of them are under each
        top-level item (None when every top-level item is a leaf): all counting needs."""
        outline: Outline | None = self._outline
        if outline is None:
            leaves: list[str] = []
            sizes: list[int] = []
            for item in self.items:
                before = len(leaves)
                leaves.extend(leaf.id for leaf in item.leaves())
                sizes.append(len(leaves) - before)
            plain = all(size == 1 for size in sizes)
            outline = (tuple(leaves), None if plain else tuple(sizes))
            object.__setattr__(self, "_outline", outline)
        return outline

    def leaf_groups(self) -> list[tuple[str, ...]]:
        """The ids of the leaves under each top-level item (a leaf item: itself)."""
        leaves, sizes = self.outline()
        if sizes is None:
            return [(key,) for key in leaves]
        groups = []
        start = 0
        for size in sizes:
            groups.append(leaves[start : start + size])
            start += size
        return groups

    def walk(self) -> Iterator[Item]:
        for item in self.items:
            yield from item.walk()

    def leaves(self) -> Iterator[Item]:
        return (item for item in self.walk() if item.is_leaf)

    def _key(self) -> tuple[Any, ...]:
        # Not ``path``: where a level was in its file is not what the level is (an export
        # and re-import, which flattens the headings, gives an equal roadmap).
        return (self.id, self.title, self.goal, self.pick, self.tip, self.note, self.items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        return (
            f"Level(id={self.id!r}, title={self.title!r}, goal={self.goal!r}, "
            f"pick={self.pick!r}, tip={self.tip!r}, note={self.note!r}, items={self.items!r})"
        )


@dataclass(frozen=True, slots=True)
class Roadmap:
    """A validated roadmap. Built by `roadmap_tui.roadmap.load` from a file that the pydantic
    schema (`roadmap_tui.roadmap.schema`) has checked, or from the validated-roadmap cache."""

    id: str
    title: str
    description: str = ""
    levels: tuple[Level, ...] = ()
    format: int = 1
    source: str = ""  # where an imported roadmap came from (a file's path or a URL)

    def walk(self) -> Iterator[tuple[Level, Item]]:
        for level in self.levels:
            for item in level.walk():
                yield level, item

    def index(self) -> RoadmapIndex:
        return RoadmapIndex(self)


class RoadmapIndex:
    """Lookups by id (the models are immutable). A level's items are indexed when an id
    in it is first looked up, so opening a huge roadmap does not index all of it."""

    def __init__(self, roadmap: Roadmap) -> None:
        self.roadmap = roadmap
        self.levels: dict[str, Level] = {level.id: level for level in roadmap.levels}
        self._items: dict[str, Item] = {}
        self._level_of: dict[str, Level] = {}
        self._parent_of: dict[str, Item] = {}
        self._pending = list(reversed(roadmap.levels))  # levels not indexed yet
        self.items: Mapping[str, Item] = _Lookup(self, self._items)
        self.level_of: Mapping[str, Level] = _Lookup(self, self._level_of)
        self.parent_of: Mapping[str, Item] = _Lookup(self, self._parent_of)

    def _index_until(self, item_id: str | None) -> None:
        """Index levels, in order, until ``item_id`` is known (None: all of them)."""
        while self._pending and (item_id is None or item_id not in self._items):
            level = self._pending.pop()
            for item in level.walk():
                self._items[item.id] = item
                self._level_of[item.id] = level
                for child in item.children:
                    self._parent_of[child.id] = item

    def leaf_ids(self, item_id: str) -> list[str]:
        """The ids a status change on ``item_id`` applies to (a parent: its leaves)."""
        return [leaf.id for leaf in self.items[item_id].leaves()]


class _Lookup(Mapping[str, Any]):
    """One of `RoadmapIndex`'s maps: indexes more levels when an id is not found yet."""

    def __init__(self, index: RoadmapIndex, found: dict[str, Any]) -> None:
        self._index = index
        self._found = found

    def __getitem__(self, key: str) -> Any:
        try:
            return self._found[key]
        except KeyError:
            self._index._index_until(key)
            return self._found[key]

    def __contains__(self, key: object) -> bool:
        if key not in self._found and isinstance(key, str):
            self._index._index_until(key)
        return key in self._found

    def __iter__(self) -> Iterator[str]:
        self._index._index_until(None)
        return iter(self._found)

    def __len__(self) -> int:
        self._index._index_until(None)
        return len(self._found)


def is_valid_id(text: str) -> bool:
    return bool(_ID_RE.match(text))


def typed_id(text: str) -> str:
    """An id as someone typed it (`mark Docker doing`), spelt as roadmaps spell ids:
    every id is lower-case kebab-case (`ID_PATTERN`), so case never matters."""
    return text.strip().lower()
