"""The counting rules behind every number roadmap-tui shows, on plain data.

`roadmap_tui.numbers.counts` builds `Counts`, `LevelCounts` and `RoadmapCounts` with these
functions, and `status --short` (which must start in a few milliseconds, so it never
imports the model's dataclasses) calls them directly on the validated-roadmap cache.
One set of rules, two callers: docs/progress.md states them for users.

A status is its text (``"done"``); `model.Status` members are equal to theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # no import at run time: status --short counts every millisecond
    from collections.abc import Iterable, Mapping, Sequence

TODO = "todo"
IN_PROGRESS = "in-progress"
DONE = "done"
SKIPPED = "skipped"
PARTIAL = "partial"


def tally(statuses: Iterable[str]) -> tuple[int, int, int, int]:
    """(done, in progress, skipped, total) of some leaves' statuses."""
    done = in_progress = skipped = total = 0
    for status in statuses:
        total += 1
        if status == DONE:
            done += 1
        elif status == IN_PROGRESS:
            in_progress += 1
        elif status == SKIPPED:
            skipped += 1
    return done, in_progress, skipped, total


def fraction(done: int, skipped: int, total: int) -> float:
    """``done / (total - skipped)``; 1 when every leaf is skipped; 0 for no leaves."""
    if total == 0:
        return 0.0
    counted = total - skipped
    if counted == 0:
        return 1.0
    return done / counted


def percent(done: int, skipped: int, total: int) -> int:
    """The percentage shown everywhere: rounded down, so 100 means really complete."""
    return int(fraction(done, skipped, total) * 100 + 1e-9)


def count_text(done: int, skipped: int, total: int) -> str:
    """The counts shown beside every percentage, so it can be checked in one's head:
    ``3/8``, or ``3/8 (2 skipped)`` (then the percentage is 3 ÷ (8 − 2))."""
    if skipped:
        return f"{done}/{total} ({skipped} skipped)"
    return f"{done}/{total}"


def progress_text(done: int, skipped: int, total: int) -> str:
    """Counts and percentage together, as the top bar, `status` and the export show
    them: ``3/8 (2 skipped) · 50%``."""
    return f"{count_text(done, skipped, total)} · {percent(done, skipped, total)}%"


def derived_state(done: int, in_progress: int, skipped: int, total: int) -> str:
    """A parent's state from its leaves' tally (a `model.State` value)."""
    counted = total - skipped
    if total and skipped == total:
        return SKIPPED
    if counted and done == counted:
        return DONE
    if total - done - in_progress - skipped == counted:
        return TODO
    return PARTIAL


def level_tally(
    leaves: Sequence[str],
    sizes: Sequence[int] | None,
    pick: int | None,
    statuses: Mapping[str, str],
) -> tuple[tuple[int, int, int, int], bool]:
    """A level's tally and whether its goal is met, from the ids of its leaves in order,
    how many of them are under each top-level item (None: every top-level item is a
    leaf) and every topic's status (a topic missing from ``statuses`` is to do).

    With ``pick``, the goal is met when at least ``pick`` top-level items are done;
    without, when every non-skipped leaf is done and there is at least one."""
    get = statuses.get
    if sizes is None:  # the common case, and the fast one: 100,000 topics in milliseconds
        done, in_progress, skipped, total = tally([get(key, TODO) for key in leaves])
        done_items = done
    else:
        done = in_progress = skipped = total = done_items = start = 0
        for size in sizes:
            counts = tally([get(key, TODO) for key in leaves[start : start + size]])
            start += size
            done += counts[0]
            in_progress += counts[1]
            skipped += counts[2]
            total += counts[3]
            if derived_state(*counts) == DONE:
                done_items += 1
    if pick is not None:
        met = done_items >= pick
    else:
        met = total - skipped > 0 and done == total - skipped
    return (done, in_progress, skipped, total), met


def current_level(goals_met: Sequence[bool]) -> int:
    """The level someone is working on: the first whose goal is not met; the last once
    every goal is met (0 for no levels)."""
    return next((n for n, met in enumerate(goals_met) if not met), max(len(goals_met) - 1, 0))
