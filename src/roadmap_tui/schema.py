"""The pydantic v2 schema of a roadmap file: every rule a roadmap must follow.

`validate` checks parsed TOML data against these models and returns the plain
`roadmap_tui.model.Roadmap` the rest of the program uses. Only imported when a roadmap
file has to be validated (the validated result is cached: see `roadmap_tui.roadmap`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, model_validator

from roadmap_tui import model
from roadmap_tui.model import ID_PATTERN
from roadmap_tui.text import one_line

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LinkSchema(_Strict):
    """Validates a link of a roadmap file."""

    title: Title
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    kind: Literal["docs", "spec", "tutorial", "tool"] = "docs"
    # A TOML date (2026-11-26, no quotes): a string or a date-time is refused.
    checked: Annotated[date, Strict()] | None = None


class ItemSchema(_Strict):
    """Validates a topic of a roadmap file (and its children)."""

    id: Id
    title: Title
    details: Text = ""
    description: Text = ""
    links: tuple[LinkSchema, ...] = ()
    children: tuple[ItemSchema, ...] = ()

    def to_model(self) -> model.Item:
        return model.Item(
            id=self.id,
            title=one_line(self.title),
            details=one_line(self.details),
            description=self.description,
            links=tuple(
                model.Link(link.title, link.url, link.kind, link.checked) for link in self.links
            ),
            children=tuple(child.to_model() for child in self.children),
        )


class LevelSchema(_Strict):
    """Validates a level of a roadmap file."""

    id: Id
    title: Title
    goal: Text = ""
    pick: Annotated[int, Field(ge=1)] | None = None
    tip: Text = ""
    note: Text = ""
    items: tuple[ItemSchema, ...] = ()

    @model_validator(mode="after")
    def _pick_fits(self) -> LevelSchema:
        if self.pick is not None and self.pick > len(self.items):
            raise ValueError(
                f"level {self.id!r} asks to pick {self.pick} but has only {len(self.items)} items"
            )
        return self

    def to_model(self) -> model.Level:
        return model.Level(
            id=self.id,
            title=one_line(self.title),
            goal=self.goal,
            pick=self.pick,
            tip=self.tip,
            note=self.note,
            items=tuple(item.to_model() for item in self.items),
        )


class RoadmapSchema(_Strict):
    """Validates a whole roadmap file: unique ids, known fields, sane values."""

    format: Literal[1] = 1
    id: Id
    title: Title
    description: Text = ""
    source: Text = ""
    levels: tuple[LevelSchema, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> RoadmapSchema:
        seen: set[str] = set()
        stack: list[ItemSchema] = []
        for level in self.levels:
            if level.id in seen:
                raise ValueError(f"the id {level.id!r} is used more than once")
            seen.add(level.id)
            stack.extend(reversed(level.items))
            while stack:
                item = stack.pop()
                if item.id in seen:
                    raise ValueError(f"the id {item.id!r} is used more than once")
                seen.add(item.id)
                stack.extend(reversed(item.children))
        return self

    def to_model(self) -> model.Roadmap:
        return model.Roadmap(
            id=self.id,
            title=one_line(self.title),
            description=self.description,
            levels=tuple(level.to_model() for level in self.levels),
            format=self.format,
            source=self.source,
        )


def validate(data: dict[str, Any]) -> model.Roadmap:
    """The roadmap in ``data``; raises pydantic's ValidationError when a rule is broken."""
    return RoadmapSchema.model_validate(data).to_model()
