"""A checklist as `checklist.py` reads it from Markdown, before it becomes a roadmap
(`importer.py`): sections of task nodes, with what was nested under each; and the
tidying after reading (tasks nested deeper than a roadmap allows move up)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from roadmap_tui.roadmap.load import MAX_DEPTH
from roadmap_tui.roadmap.model import Link, Status


@dataclass
class TaskNode:
    """A task item read from the document, with what was nested under it."""

    title: str
    details: str
    status: Status
    line: int
    note: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    children: list[TaskNode] = field(default_factory=list)
    finished: date | None = None
    id: str = ""
    group: bool = False  # a plain bullet or bold label the tasks under it belong to


@dataclass
class Section:
    """A heading with the tasks under it: a level of the roadmap to be."""

    title: str
    line: int
    parents: tuple[str, ...] = ()  # titles of the headings above it
    paragraphs: list[str] = field(default_factory=list)
    items: list[TaskNode] = field(default_factory=list)
    id: str = ""
    legacy: str = ""  # its title as importers before 0.x named repeated ones (ids follow)
    path: tuple[str, ...] = ()  # the headings above it, the file's title left out


@dataclass
class Checklist:
    """What a Markdown file holds, before ids are given."""

    title: str
    description: str
    levels: list[Section]
    warnings: list[str]


def all_done(node: TaskNode) -> bool:
    """Whether every leaf under ``node`` (or ``node`` itself, a leaf) is done."""
    if not node.children:
        return node.status is Status.DONE
    return all(all_done(child) for child in node.children)


def flatten_deep(checklist: Checklist) -> None:
    """Tasks nested deeper than a roadmap allows join their deepest allowed ancestor."""
    limit = MAX_DEPTH - 1

    def visit(node: TaskNode, depth: int) -> None:
        if depth == limit and node.children:
            moved = _descendants(node)
            node.children = moved
            checklist.warnings.append(
                f"line {node.line}: tasks nested more than {MAX_DEPTH} deep were moved up "
                f"to {node.title!r} ({len(moved)} tasks)"
            )
            return
        for child in node.children:
            visit(child, depth + 1)

    for level in checklist.levels:
        for node in level.items:
            visit(node, 1)


def _descendants(node: TaskNode) -> list[TaskNode]:
    out: list[TaskNode] = []
    stack = list(reversed(node.children))
    while stack:
        child = stack.pop()
        out.append(child)
        stack.extend(reversed(child.children))
        child.children = []
    return out
