"""The one place progress is counted: every surface (the app's top bar and levels,
`status`, `list`, the export, `team`) asks these functions and computes nothing itself.

Definitions (docs/progress.md repeats them for users):

* Only *leaf* items (items without children) carry a status. A parent item shows a
  state derived from its children and acting on it acts on all of them.
* A level's (and the roadmap's) percentage is ``done / (leaves - skipped)``: skipping a
  topic takes it out of the count instead of counting it as failed. When every leaf is
  skipped the percentage is 100; an empty level is 0.
* A level's goal is met when at least ``pick`` of its top-level items are done (a
  parent counts as done when its derived state is done), or, without ``pick``, when
  every non-skipped leaf is done and there is at least one. Meeting the goal is shown
  as its own mark (✓), never by changing the percentage or the bar.
* Counts are shown as done of what counts, the percentage being that fraction, and
  the skipped ones after it: ``12/64 · 18%, 5 skipped`` (`Counts.text`,
  `Counts.progress_text`); a level whose ``pick`` goal is met says so instead:
  ``✓ 1 of 5 chosen`` (`LevelCounts.text`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from roadmap_tui.numbers import rules as counting
from roadmap_tui.roadmap.model import Item, Level, Roadmap, State, Status


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

    @property
    def text(self) -> str:
        """``3/8`` or ``3/6, 2 skipped``: done of what counts, the percentage checkable."""
        return counting.count_text(self.done, self.skipped, self.total)

    @property
    def progress_text(self) -> str:
        """``3/6 · 50%, 2 skipped``: the one count format of every surface."""
        return counting.progress_text(self.done, self.skipped, self.total)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.done + other.done,
            self.in_progress + other.in_progress,
            self.skipped + other.skipped,
            self.total + other.total,
        )

    def __sub__(self, other: Counts) -> Counts:
        return Counts(
            self.done - other.done,
            self.in_progress - other.in_progress,
            self.skipped - other.skipped,
            self.total - other.total,
        )


@dataclass(frozen=True, slots=True)
class LevelCounts:
    """One level's counts and whether its goal is met (computed, never saved)."""

    level: Level
    number: int
    counts: Counts
    goal_met: bool
    chosen: int = 0
    """Top-level items done (a parent: when it shows done): what a ``pick`` goal counts."""
    choices: int = 0
    """Top-level items in the level."""

    @property
    def chosen_goal(self) -> bool:
        """A ``pick`` goal met: the level's other choices are optional."""
        return self.goal_met and self.level.pick is not None

    @property
    def text(self) -> str:
        """The level's count as every surface shows it: ``✓ 1 of 5 chosen`` once a
        ``pick`` goal is met, else `Counts.text` (``3/6, 2 skipped``)."""
        if self.chosen_goal:
            return counting.chosen_text(self.chosen, self.choices)
        return self.counts.text

    @property
    def progress_text(self) -> str:
        """``✓ 1 of 5 chosen`` once a ``pick`` goal is met, else `Counts.progress_text`
        (``3/6 · 50%, 2 skipped``)."""
        if self.chosen_goal:
            return counting.chosen_text(self.chosen, self.choices)
        return self.counts.progress_text

    @property
    def has_work(self) -> bool:
        """Goal not met, and a topic left to do or in progress (`rules.has_work`)."""
        return counting.has_work(_tally(self.counts), self.goal_met)

    @property
    def goal_counts(self) -> tuple[int, int]:
        """(done, needed) as a plan counts this level (`rules.goal_tally`)."""
        return counting.goal_tally(_tally(self.counts), self.goal_met, self.level.pick, self.chosen)


def _tally(counts: Counts) -> tuple[int, int, int, int]:
    return counts.done, counts.in_progress, counts.skipped, counts.total


@dataclass(frozen=True, slots=True)
class RoadmapCounts:
    """Every level's counts and the overall counts (computed from statuses)."""

    levels: tuple[LevelCounts, ...]
    overall: Counts

    @property
    def goals_met(self) -> int:
        return sum(1 for level in self.levels if level.goal_met)

    @property
    def current(self) -> LevelCounts | None:
        """The current level: the first whose goal is not met that has a topic left to
        do or in progress; None once there is none (every goal met, or nothing left to
        do anywhere). docs/progress.md."""
        return next((lp for lp in self.levels if lp.has_work), None)

    @property
    def goal_counts(self) -> tuple[int, int]:
        """(done, needed) as a plan counts the roadmap: skipped topics don't count, a
        ``pick`` level counts its goal (`LevelCounts.goal_counts`)."""
        done = needed = 0
        for level in self.levels:
            level_done, level_needed = level.goal_counts
            done += level_done
            needed += level_needed
        return done, needed


STATE_WORDS: dict[State, str] = {
    State.TODO: "to do",
    State.IN_PROGRESS: "in progress",
    State.DONE: "done",
    State.SKIPPED: "skipped",
    State.PARTIAL: "partly done",
}
"""What each state is called, on every surface (app, tables, exports)."""


def item_state(item: Item, statuses: Mapping[str, Status]) -> State:
    """A leaf's status, or a parent's state derived from its leaves."""
    if item.is_leaf:
        return State(statuses.get(item.id, Status.TODO).value)
    return State(counting.derived_state(*_count(item.leaves(), statuses)))


def item_counts(item: Item, statuses: Mapping[str, Status]) -> Counts:
    """The leaf counts under ``item`` (a leaf: itself)."""
    return Counts(*_count(item.leaves(), statuses))


def _count(leaves: Iterator[Item], statuses: Mapping[str, Status]) -> tuple[int, int, int, int]:
    return counting.tally(statuses.get(leaf.id, Status.TODO) for leaf in leaves)


def level_progress(level: Level, number: int, statuses: Mapping[str, Status]) -> LevelCounts:
    leaves, sizes = level.outline()
    counts, goal_met, chosen = counting.level_outcome(leaves, sizes, level.pick, statuses)
    choices = len(leaves) if sizes is None else len(sizes)
    return LevelCounts(level, number, Counts(*counts), goal_met, chosen, choices)


def compute_progress(roadmap: Roadmap, statuses: Mapping[str, Status]) -> RoadmapCounts:
    """Progress of every level and overall: the single source of every number shown."""
    levels = tuple(
        level_progress(level, number, statuses) for number, level in enumerate(roadmap.levels)
    )
    overall = Counts()
    for level in levels:
        overall = overall + level.counts
    return RoadmapCounts(levels, overall)


def bar(fraction: float, width: int, full: str = "█", empty: str = "░") -> str:
    """A plain-text progress bar of ``width`` cells (no Nerd Font needed)."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return full * filled + empty * (width - filled)
