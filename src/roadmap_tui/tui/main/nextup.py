"""What comes next, in words: the next-up box under the levels (the next topic and its
level, and the key that goes there) and the words of a level finished (the notice, and
the topics pane's when hide-done leaves it empty)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from roadmap_tui.numbers.nextup import LevelFinish, NextTopic
from roadmap_tui.roadmap.model import Level, State
from roadmap_tui.tui.widgets.common import GLYPHS, Styled, literal


def level_name(number: int, level: Level) -> str:
    return f"Level {number} – {level.title}"


def finished_words(finish: LevelFinish) -> str:
    """ "Level 0 – Prerequisites done ✓: 4 topics in 12 days"."""
    return f"{level_name(finish.number, finish.level)} done ✓: {finish.took_text}"


def next_words(found: NextTopic | None, key: str | None) -> str:
    """ "Next: Level 1 – … · JavaScript (N goes there)", or that nothing is left."""
    if found is None:
        return "Every level's goal is met: the roadmap is done."
    there = f" ({key} goes there)" if key else ""
    return f"Next: {level_name(found.number, found.level)} · {found.title}{there}"


class NextUp(Styled, Static):
    """The next topic (the first in progress, else the first to do of the current
    level), with its level; its border names the key that goes there."""

    def show(self, found: NextTopic | None, key: str | None) -> None:
        self.border_title = "Next up"
        self.border_subtitle = f"{key} goes there" if key and found else ""
        if found is None:
            self.update(Text("Every level's goal is met ✓", style=self.style("goal-met")))
            return
        glyph, name = GLYPHS[State.IN_PROGRESS if found.in_progress else State.TODO]
        self.update(
            Text.assemble(
                (f"{glyph} ", self.style(name)),
                literal(found.title, "bold"),
                "\n",
                literal(level_name(found.number, found.level), self.style("muted")),
            )
        )


class LevelDone(Styled, Static):
    """In place of the topics, when hide-done leaves none: the level is done, what
    comes next, and the key that shows the done topics again."""

    def show(self, words: list[str]) -> None:
        first, *rest = words
        text = Text(first, style=self.style("goal-met"))
        for line in rest:
            text.append("\n")
            text.append_text(literal(line))
        self.update(text)
