"""How tall the main screen's panes are: each as tall as what it holds, the rest to the
topic's description, the thing being learned.

The levels pane is as tall as the levels (the next-up box under it takes the rest of
its column); the topics pane as tall as the level's goal, tip and topics; the details
get everything else, and always room for five lines of the description under the
topic's title, details and status line, where the terminal has it (at 80×24 it does,
on every level of the bundled roadmap). A pane with more rows than that scrolls."""

from __future__ import annotations

from dataclasses import dataclass

BORDER = 2
READ_LINES = 5
"""Five lines of the description: what the details keep in view under the topic's
title, details and status line, where the terminal has room."""
NEXT_UP_MIN = 3
"""The next-up box's rows at least (its borders and one line)."""
LEVELS_MIN = 3
TOPICS_MIN = 4
TOPICS_KEPT = 11
"""The rows the topics pane keeps, when its level needs them, before the details get
room for five lines of the description: on a small terminal (60×20) the topics come
first; from 80×24 on, both fit on every level of the bundled roadmap."""


@dataclass(frozen=True, slots=True)
class Heights:
    """The levels pane's and the topics pane's heights, borders included; the next-up
    box and the details take the rest of their columns."""

    levels: int
    topics: int


def pane_heights(body: int, levels: int, context: int, topics: int, head: int) -> Heights:
    """The panes' heights in a body ``body`` rows tall, for ``levels`` levels, the
    topics pane's ``context`` lines (goal, tip, or the words of a level done), its
    ``topics`` rows, and the ``head`` lines of the level's longest topic heading in the
    details."""
    level_rows = max(LEVELS_MIN, min(levels + BORDER, body - NEXT_UP_MIN))
    details = min(head + READ_LINES + BORDER, body - TOPICS_KEPT)
    topic_rows = max(TOPICS_MIN, min(context + topics + BORDER, body - details))
    return Heights(level_rows, topic_rows)
