"""The roadmap as plain immutable data, and the one place progress is computed.

Roadmap files are validated by the pydantic schema in `roadmap_tui.schema`, which
builds these objects; they are plain frozen dataclasses so that the command line can
use a cached, already-validated roadmap without importing pydantic (docs/performance.md).

Definitions (docs/progress.md repeats them for users):

* Only *leaf* items (items without children) carry a status. A parent item shows a
  state derived from its children and acting on it acts on all of them.
* A level's (and the roadmap's) percentage is ``done / (leaves - skipped)``: skipping a
  topic takes it out of the count instead of counting it as failed. When every leaf is
  skipped the percentage is 100; an empty level is 0.
* A level's goal is met when at least ``pick`` of its top-level items are done (a
  parent counts as done when its derived state is done), or, without ``pick``, when
  every non-skipped leaf is done and there is at least one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from roadmap_tui import counting

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


@dataclass(frozen=True, slots=True)
class Level:
    """A level of the roadmap: its topics, and optionally a goal (``pick`` topics
    done meet it), a tip and a note."""

    id: str
    title: str
    goal: str = ""
    pick: int | None = None
    tip: str = ""
    note: str = ""
    items: tuple[Item, ...] = ()

    def walk(self) -> Iterator[Item]:
        for item in self.items:
            yield from item.walk()

    def leaves(self) -> Iterator[Item]:
        return (item for item in self.walk() if item.is_leaf)


@dataclass(frozen=True, slots=True)
class Roadmap:
    """A validated roadmap. Built by `roadmap_tui.roadmap` from a file that the pydantic
    schema (`roadmap_tui.schema`) has checked, or from the validated-roadmap cache."""

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
    """Lookups by id, built once per roadmap (the models are immutable)."""

    def __init__(self, roadmap: Roadmap) -> None:
        self.roadmap = roadmap
        self.items: dict[str, Item] = {}
        self.level_of: dict[str, Level] = {}
        self.parent_of: dict[str, Item] = {}
        self.levels: dict[str, Level] = {level.id: level for level in roadmap.levels}
        for level in roadmap.levels:
            for item in level.walk():
                self.items[item.id] = item
                self.level_of[item.id] = level
                for child in item.children:
                    self.parent_of[child.id] = item

    def leaf_ids(self, item_id: str) -> list[str]:
        """The ids a status change on ``item_id`` applies to (a parent: its leaves)."""
        return [leaf.id for leaf in self.items[item_id].leaves()]


def _set(out: dict[str, Any], source: object, keys: tuple[str, ...]) -> dict[str, Any]:
    """Copy each of ``keys`` from ``source`` into ``out`` unless it is empty."""
    for key in keys:
        value = getattr(source, key)
        if value:
            out[key] = value
    return out


def roadmap_to_data(roadmap: Roadmap, *, dates_as_text: bool = False) -> dict[str, Any]:
    """The roadmap as TOML-ready data, without default values. A link's ``checked`` day
    is a `datetime.date` (a TOML date), or ISO text with ``dates_as_text`` (for formats
    without dates, such as the validated-roadmap cache)."""

    def link(it: Link) -> dict[str, Any]:
        out: dict[str, Any] = {"title": it.title, "url": it.url, "kind": it.kind}
        if it.checked is not None:
            out["checked"] = it.checked.isoformat() if dates_as_text else it.checked
        return out

    def item(it: Item) -> dict[str, Any]:
        out = _set({"id": it.id, "title": it.title}, it, ("details", "description"))
        if it.links:
            out["links"] = [link(x) for x in it.links]
        if it.children:
            out["children"] = [item(child) for child in it.children]
        return out

    data: dict[str, Any] = {"format": roadmap.format, "id": roadmap.id, "title": roadmap.title}
    _set(data, roadmap, ("description", "source"))
    data["levels"] = [
        {
            **_set({"id": level.id, "title": level.title}, level, ("goal", "pick", "tip", "note")),
            "items": [item(it) for it in level.items],
        }
        for level in roadmap.levels
    ]
    return data


def roadmap_from_trusted(data: dict[str, Any]) -> Roadmap:
    """Rebuild a roadmap from `roadmap_to_data` output that was validated before (the
    cache). Untrusted data must go through `roadmap_tui.schema.validate` instead."""

    def link(raw: dict[str, Any]) -> Link:
        checked = raw.get("checked")
        if isinstance(checked, str):
            checked = date.fromisoformat(checked)
        return Link(raw["title"], raw["url"], raw["kind"], checked)

    def item(raw: dict[str, Any]) -> Item:
        return Item(
            raw["id"],
            raw["title"],
            raw.get("details", ""),
            raw.get("description", ""),
            tuple(link(x) for x in raw.get("links", ())),
            tuple(item(child) for child in raw.get("children", ())),
        )

    return Roadmap(
        data["id"],
        data["title"],
        data.get("description", ""),
        tuple(
            Level(
                raw["id"],
                raw["title"],
                raw.get("goal", ""),
                raw.get("pick"),
                raw.get("tip", ""),
                raw.get("note", ""),
                tuple(item(x) for x in raw["items"]),
            )
            for raw in data["levels"]
        ),
        data.get("format", 1),
        data.get("source", ""),
    )


def is_valid_id(text: str) -> bool:
    return bool(_ID_RE.match(text))


# --------------------------------------------------------------------------- progress


@dataclass(frozen=True, slots=True)
class Counts:
    """Leaf counts for a level or the whole roadmap."""

    done: int = 0
    in_progress: int = 0
    skipped: int = 0
    total: int = 0

    @property
    def todo(self) -> int:
        return self.total - self.done - self.in_progress - self.skipped

    @property
    def counted(self) -> int:
        """Leaves that count towards the percentage: all but the skipped ones."""
        return self.total - self.skipped

    @property
    def fraction(self) -> float:
        return counting.fraction(self.done, self.skipped, self.total)

    @property
    def percent(self) -> int:
        """The percentage shown everywhere: rounded down, so 100 means really complete."""
        return counting.percent(self.done, self.skipped, self.total)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.done + other.done,
            self.in_progress + other.in_progress,
            self.skipped + other.skipped,
            self.total + other.total,
        )


@dataclass(frozen=True, slots=True)
class LevelProgress:
    """One level's counts and whether its goal is met (computed, never saved)."""

    level: Level
    number: int
    counts: Counts
    goal_met: bool


@dataclass(frozen=True, slots=True)
class Progress:
    """Every level's counts and the overall counts (computed from statuses)."""

    levels: tuple[LevelProgress, ...]
    overall: Counts

    @property
    def goals_met(self) -> int:
        return sum(1 for level in self.levels if level.goal_met)


def item_state(item: Item, statuses: Mapping[str, Status]) -> State:
    """A leaf's status, or a parent's state derived from its leaves."""
    if item.is_leaf:
        return State(statuses.get(item.id, Status.TODO).value)
    return State(counting.derived_state(*_count(item.leaves(), statuses)))


def _count(leaves: Iterator[Item], statuses: Mapping[str, Status]) -> tuple[int, int, int, int]:
    return counting.tally(statuses.get(leaf.id, Status.TODO) for leaf in leaves)


def level_progress(level: Level, number: int, statuses: Mapping[str, Status]) -> LevelProgress:
    groups = [
        [statuses.get(leaf.id, Status.TODO) for leaf in item.leaves()] for item in level.items
    ]
    counts, goal_met = counting.level_tally(groups, level.pick)
    return LevelProgress(level, number, Counts(*counts), goal_met)


def compute_progress(roadmap: Roadmap, statuses: Mapping[str, Status]) -> Progress:
    """Progress of every level and overall: the single source of every number shown."""
    levels = tuple(
        level_progress(level, number, statuses) for number, level in enumerate(roadmap.levels)
    )
    overall = Counts()
    for level in levels:
        overall = overall + level.counts
    return Progress(levels, overall)


def bar(fraction: float, width: int, full: str = "█", empty: str = "░") -> str:
    """A plain-text progress bar of ``width`` cells (no Nerd Font needed)."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return full * filled + empty * (width - filled)
