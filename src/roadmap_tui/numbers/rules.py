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
    done of what counts (skipped topics don't): ``3/8``, or ``3/6, 2 skipped`` (the
    percentage is then 3 ÷ 6); ``all 2 skipped`` when nothing is left to count."""
    counted = total - skipped
    if not skipped:
        return f"{done}/{total}"
    if not counted:
        return f"all {skipped} skipped"
    return f"{done}/{counted}, {skipped} skipped"


def progress_text(done: int, skipped: int, total: int) -> str:
    """Counts and percentage together, as the top bar, `status`, `list`, `team`, the
    import's summary and the export show them: ``12/64 · 18%, 5 skipped`` (the
    percentage is the fraction shown: 12 ÷ 64)."""
    shown = f"{percent(done, skipped, total)}%"
    counted = total - skipped
    if not skipped:
        return f"{done}/{total} · {shown}"
    if not counted:
        return f"all {skipped} skipped · {shown}"
    return f"{done}/{counted} · {shown}, {skipped} skipped"


def chosen_text(chosen: int, choices: int, mark: str = "✓") -> str:
    """A level whose ``pick`` goal is met, said without a count that looks unfinished:
    ``✓ 1 of 5 chosen`` (its other choices are optional)."""
    return f"{mark} {chosen} of {choices} chosen"


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
    """A level's tally and whether its goal is met (`level_outcome` without the count
    of top-level items done)."""
    counts, met, _ = level_outcome(leaves, sizes, pick, statuses)
    return counts, met


def level_outcome(
    leaves: Sequence[str],
    sizes: Sequence[int] | None,
    pick: int | None,
    statuses: Mapping[str, str],
) -> tuple[tuple[int, int, int, int], bool, int]:
    """A level's tally, whether its goal is met, and how many of its top-level items
    are done (a parent: when it shows done), from the ids of its leaves in order, how
    many of them are under each top-level item (None: every top-level item is a leaf)
    and every topic's status (a topic missing from ``statuses`` is to do).

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
    return (done, in_progress, skipped, total), met, done_items


def goal_tally(
    counts: tuple[int, int, int, int], met: bool, pick: int | None, chosen: int
) -> tuple[int, int]:
    """(done, needed) of one level as a plan counts it: skipped topics don't count; a
    level with ``pick`` counts its goal, one topic per choice it asks for (``pick``,
    of which ``chosen`` are done, at most ``pick``)."""
    if pick is not None:
        return min(chosen, pick), pick
    done, _, skipped, total = counts
    return done, total - skipped


def has_work(counts: tuple[int, int, int, int], met: bool) -> bool:
    """Whether a level whose goal is not met has a topic left to do or in progress (an
    empty level, or one whose topics left are all skipped, has none)."""
    done, _, skipped, total = counts
    return not met and total - skipped - done > 0


def current_level(goals_met: Sequence[bool], open_levels: Sequence[bool] | None = None) -> int:
    """The level someone is working on: the first whose goal is not met (with
    ``open_levels``, each level's `has_work`: the first with a topic left to do, so an
    empty or all-skipped level is passed over); the last once there is none (0 for no
    levels)."""
    last = max(len(goals_met) - 1, 0)
    if open_levels is not None:
        return next((n for n, work in enumerate(open_levels) if work), last)
    return next((n for n, met in enumerate(goals_met) if not met), last)


def plan_due(
    done_then: int,
    needed: int,
    since: int,
    today: int,
    by: int | None = None,
    per_week: float | None = None,
) -> int:
    """The topics a plan expects done by the start of ``today``, on a straight line from
    the day it was set (``since``, with ``done_then`` done) to all ``needed`` by the end
    of the day ``by``, or at ``per_week`` topics a week. Days are ordinals
    (`datetime.date.toordinal`): this module imports nothing at run time."""
    elapsed = max(0, today - since)
    left = max(0, needed - done_then)
    if by is not None:
        span = by - since + 1  # the days from the day it was set to the target, both in
        if span <= 0 or elapsed >= span:
            return needed
        return min(needed, done_then + left * elapsed // span)
    rate = per_week or 0.0
    return min(needed, done_then + int(rate * elapsed / 7 + 1e-9))


def plan_text(done: int, due: int, needed: int) -> str:
    """Where someone stands against a plan: ``on track``, ``3 behind``, ``2 ahead``, or
    ``finished`` once every topic it needs is done (``status --short``'s ``{plan}``)."""
    if done >= needed:
        return "finished"
    if done == due:
        return "on track"
    if done < due:
        return f"{due - done} behind"
    return f"{done - due} ahead"


def next_leaf(
    levels: Sequence[tuple[Sequence[str], Sequence[int] | None, int | None, int, bool]],
    statuses: Mapping[str, str],
) -> tuple[int, str] | None:
    """(level index, leaf id) of the topic to learn next, from each level's leaf ids in
    order, how many are under each top-level item (None: all leaves), its ``pick``, its
    topics in progress and whether it has work left (`has_work`): the first in progress, else
    the first to do of the current level (the first with work left), where in a level
    with ``pick`` a choice already begun (a parent partly done) comes first. None when
    nothing is left. `numbers.nextup` and `status --short` both ask this."""
    get = statuses.get
    for number, (leaves, _, _, in_progress, _) in enumerate(levels):
        if in_progress:
            for key in leaves:
                if get(key) == IN_PROGRESS:
                    return number, key
    current = next((n for n, level in enumerate(levels) if level[4]), None)
    if current is None:
        return None
    leaves, sizes, pick, _, _ = levels[current]
    if pick is not None and sizes is not None:
        start = 0
        for size in sizes:
            group = leaves[start : start + size]
            start += size
            if size > 1 and any(get(key) == DONE for key in group):
                todo = next((key for key in group if get(key, TODO) == TODO), None)
                if todo is not None:
                    return current, todo
    todo = next((key for key in leaves if get(key, TODO) == TODO), None)
    return None if todo is None else (current, todo)
