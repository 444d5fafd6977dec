"""What to learn next, and what finishing a level took (docs/progress.md, "Next up").

* The **next topic** is the first topic in progress (in roadmap order), else the first
  to-do topic of the current level (`RoadmapCounts.current`: the first level whose goal
  is not met that has a topic left to do). In a level with a ``pick`` goal, a choice
  already begun (a parent partly done) comes first. None when there is nothing left:
  every goal met and nothing in progress.
* A level's **finish** (`LevelFinish`): whether its goal is met, the days it took (from
  the first topic started to the goal met, as `pace.LevelDates`), and the topics done.

Both are plain functions of the roadmap and its statuses (and entries, for the dates):
the app, `status`, `--json` and `status --short` all ask them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, tzinfo

from roadmap_tui.numbers import rules as counting
from roadmap_tui.numbers.counts import RoadmapCounts, compute_progress
from roadmap_tui.numbers.pace import level_dates
from roadmap_tui.progress.entries import Entry
from roadmap_tui.roadmap.model import Item, Level, Roadmap, Status


@dataclass(frozen=True, slots=True)
class NextTopic:
    """The topic to learn next and where it is."""

    item: Item
    """The topic (always a leaf)."""
    level: Level
    number: int
    """The level's number, as the app and `status` show it (0 for the first)."""
    parents: tuple[Item, ...] = ()
    """The items above the topic in its level, outermost first (none for a top-level one)."""
    in_progress: bool = False
    """Whether it is in progress (else it is to do)."""

    @property
    def title(self) -> str:
        """The topic's title, after its parents': ``Cloud platforms › AWS``."""
        return " › ".join([*(parent.title for parent in self.parents), self.item.title])

    @property
    def text(self) -> str:
        """One line for `status` and the app: ``Docker (Level 9 – DevOps), in progress``."""
        where = f"{self.title} (Level {self.number} – {self.level.title})"
        return f"{where}, in progress" if self.in_progress else where


def next_topic(
    roadmap: Roadmap,
    statuses: Mapping[str, Status],
    progress: RoadmapCounts | None = None,
) -> NextTopic | None:
    """The topic to learn next (module docstring; `rules.next_leaf`, which `status
    --short` asks too), or None when nothing is left. ``progress``, when the caller has
    it already, saves computing it again."""
    if progress is None:
        progress = compute_progress(roadmap, statuses)
    outlines = [
        (*lp.level.outline(), lp.level.pick, lp.counts.in_progress, lp.has_work)
        for lp in progress.levels
    ]
    found = counting.next_leaf(outlines, statuses)
    if found is None:
        return None
    lp = progress.levels[found[0]]
    for item in lp.level.items:
        path = _path_to(item, found[1])
        if path:
            leaf = path[-1]
            in_progress = statuses.get(leaf.id) is Status.IN_PROGRESS
            return NextTopic(leaf, lp.level, lp.number, tuple(path[:-1]), in_progress)
    return None  # (never: the leaf is in its level)


def _path_to(item: Item, leaf_id: str) -> list[Item]:
    """``item`` and the items under it down to the leaf ``leaf_id``; empty if not there."""
    if item.is_leaf:
        return [item] if item.id == leaf_id else []
    for child in item.children:
        path = _path_to(child, leaf_id)
        if path:
            return [item, *path]
    return []


@dataclass(frozen=True, slots=True)
class LevelFinish:
    """A level's finish, for the moment it happens: its goal met, what it took."""

    number: int
    level: Level
    goal_met: bool
    topics_done: int
    """Topics done in the level (its optional choices included)."""
    started: date | None
    """The local day its first topic was started (or finished); None without history."""
    finished: date | None
    """The local day its goal was met; None until then, or without history."""

    @property
    def took_days(self) -> int | None:
        """Days from the first start to the goal met (0: the same day); None unknown."""
        if self.started is None or self.finished is None:
            return None
        return max(0, (self.finished - self.started).days)

    @property
    def took_text(self) -> str:
        """``3 topics in 12 days``, ``1 topic on the same day``, or ``3 topics``."""
        topics = f"{self.topics_done} topic{'s' * (self.topics_done != 1)}"
        days = self.took_days
        if days is None:
            return topics
        if days == 0:
            return f"{topics} on the same day"
        return f"{topics} in {days} day{'s' * (days != 1)}"


def level_finish(
    roadmap: Roadmap,
    entries: Mapping[str, Entry],
    number: int,
    tz: tzinfo,
    progress: RoadmapCounts | None = None,
) -> LevelFinish:
    """Level ``number``'s finish: whether its goal is met and what it took (days in the
    user's time zone ``tz``). IndexError for a number the roadmap has no level for."""
    if progress is None:
        progress = compute_progress(roadmap, {key: e.status for key, e in entries.items()})
    lp = progress.levels[number]
    dates = level_dates(number, lp.level, entries, tz)
    finished = dates.finished if lp.goal_met else None
    return LevelFinish(number, lp.level, lp.goal_met, lp.counts.done, dates.started, finished)
