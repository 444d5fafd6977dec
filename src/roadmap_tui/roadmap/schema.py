"""The pydantic v2 schema of a roadmap file: every rule a roadmap must follow.

`validate` checks parsed TOML data against these models and returns the plain
`roadmap_tui.roadmap.model.Roadmap` the rest of the program uses. Only imported when a roadmap
file has to be validated (the validated result is cached: see `roadmap_tui.roadmap.load`).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from roadmap_tui.base.errors import RoadmapError
from roadmap_tui.base.text import one_line
from roadmap_tui.roadmap import model
from roadmap_tui.roadmap.model import ID_PATTERN

# Strict types: a roadmap's numbers are TOML integers and its words TOML strings, never
# `true`, `"1"` or `1.5` read as something else (docs/roadmap-format.md).
Id = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=200)]
Title = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1)]
Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True)]
Count = Annotated[int, Strict(), Field(ge=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LinkSchema(_Strict):
    """Validates a link of a roadmap file."""

    title: Title
    url: Annotated[str, Strict(), StringConstraints(pattern=r"^https?://\S+$")]
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
    pick: Count | None = None
    tip: Text = ""
    note: Text = ""
    path: tuple[Title, ...] = ()
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
            path=tuple(one_line(part) for part in self.path),
        )


class RoadmapSchema(_Strict):
    """Validates a whole roadmap file: unique ids, known fields, sane values."""

    format: Annotated[int, Strict()] = 1

    @field_validator("format")
    @classmethod
    def _format_known(cls, value: int) -> int:
        if value != 1:
            raise ValueError(
                f"format {value!r} is not one this version reads "
                "(expected 1; a newer roadmap-tui may read it)"
            )
        return value

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


# ----------------------------------------------------------------------------- errors


def explain(exc: ValidationError, data: dict[str, Any], path: Path, text: str) -> RoadmapError:
    """Turn pydantic's first error into one sentence naming where in the roadmap it is."""
    error = exc.errors(include_url=False)[0]
    loc = error["loc"]
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    kind = error["type"]
    if kind == "extra_forbidden":
        message = f"unknown field {loc[-1]!r} (see `roadmap-tui docs roadmap-format`)"
        loc = loc[:-1]
    elif kind == "missing":
        message = f"the field {loc[-1]!r} is missing"
        loc = loc[:-1]
    elif kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
        message = "ids must be kebab-case: lowercase letters, digits and single hyphens"
    elif kind == "string_pattern_mismatch" and loc and loc[-1] == "url":
        message = "links must be http:// or https:// addresses"
    elif kind == "date_type" and loc and loc[-1] == "checked":
        message = "checked must be a TOML date such as 2026-11-26 (no quotes, no time)"
    elif kind == "string_too_short" and loc and loc[-1] == "title":
        message = "the title must not be empty"
    message = _number_message(kind, loc, message)
    where = _describe(loc, data)
    line = _line_of(loc, data, text)
    if "used more than once" in message:
        match = re.search(r"'([^']+)'", message)
        if match:
            line = _nth_line(text, rf'^\s*id\s*=\s*["\']{re.escape(match[1])}["\']', 2)
    sentence = f"{where}: {message}" if where else message
    return RoadmapError(sentence, path=path, line=line)


def _number_message(kind: str, loc: tuple[int | str, ...], message: str) -> str:
    """What to say when `format` or a level's `pick` is not a whole number in range."""
    if loc == ("format",) and kind == "int_type":
        return "format must be the whole number 1 (no quotes)"
    if loc and loc[-1] == "pick" and kind in ("int_type", "greater_than_equal"):
        return "pick must be a whole number from 1 to the level's item count (no quotes)"
    return message


def _describe(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    """('levels', 2, 'items', 0, 'title') -> 'level 3 ("Databases"), item 1: title'."""
    parts: list[str] = []
    node: Any = data
    i = 0
    while i < len(loc):
        key = loc[i]
        if key in ("levels", "items", "children") and i + 1 < len(loc):
            index = loc[i + 1]
            try:
                node = node[key][index]
            except (KeyError, IndexError, TypeError):
                node = None
            noun = {"levels": "level", "items": "item", "children": "child item"}[str(key)]
            label = f"{noun} {int(index) + 1}"
            if isinstance(node, dict) and isinstance(node.get("title"), str) and node["title"]:
                label += f" ({node['title']!r})"
            parts.append(label)
            i += 2
        else:
            parts.append(f"field {key!r}" if isinstance(key, str) else f"entry {key}")
            i += 1
    return ", ".join(parts)


def _line_of(loc: tuple[int | str, ...], data: dict[str, Any], text: str) -> int | None:
    """Best effort: the line of the table the error is in, counting [[...]] headers."""
    if not text:
        return None
    header_counts: list[tuple[str, int]] = []
    path = ""
    i = 0
    while i + 1 < len(loc) and loc[i] in ("levels", "items", "children"):
        path = f"{path}.{loc[i]}" if path else str(loc[i])
        header_counts.append((path, int(loc[i + 1])))
        i += 2
    if not header_counts:
        return None
    # Walk the headers in order, tracking how many of each array-of-tables we've passed.
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        match = re.match(r"^\s*\[\[\s*([\w.]+)\s*\]\]", raw)
        if not match:
            continue
        name = match[1]
        depth = next((d for d, (p, _) in enumerate(header_counts) if p == name), None)
        if depth is None:
            continue
        # A new parent resets the counts of everything nested under it.
        for deeper, _ in header_counts[depth + 1 :]:
            seen.pop(deeper, None)
        seen[name] = seen.get(name, -1) + 1
        on_path = all(seen.get(p, -1) == n for p, n in header_counts[: depth + 1])
        if on_path and depth == len(header_counts) - 1:
            return number
    return None


def _nth_line(text: str, pattern: str, n: int) -> int | None:
    count = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if re.search(pattern, raw):
            count += 1
            if count == n:
                return number
    return None
