"""Property tests for #25: random realistic edits upstream (a typo, a word inserted or
deleted, a suffix, changed details, tasks reordered, inserted and deleted, sections
moved, a section of the same shape inserted) applied to real public checklists (the
corpus) and to generated ones. After the re-import every tick is on its own topic or
reported as an orphan: never on another topic."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator, Mapping
from difflib import SequenceMatcher
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support.samples import CORPUS, SEED

from roadmap_tui.importing.nodes import Checklist, Section, TaskNode
from roadmap_tui.importing.reader import Imported, build_import, read_checklist
from roadmap_tui.roadmap.model import Status

FILES = sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")
WORDS = ["the", "basic", "more", "about", "your", "simple", "new"]
SUFFIXES = [" (optional)", " (teaching yourself)", " and more", " — basics"]


def _nodes(checklist: Checklist) -> Iterator[tuple[TaskNode, tuple[str, ...]]]:
    for level in checklist.levels:
        stack: list[tuple[TaskNode, tuple[str, ...]]] = [
            (node, (level.title,)) for node in reversed(level.items)
        ]
        while stack:
            node, path = stack.pop()
            yield node, path
            stack.extend((c, (*path, node.title)) for c in reversed(node.children))


def _signature(node: TaskNode, path: tuple[str, ...]) -> tuple[object, ...]:
    """What tells a topic from a true copy of it (the same everything)."""
    link = node.links[0].url if node.links else ""
    return (path, node.title, node.details, link, tuple(node.description), len(node.children))


def _lists(checklist: Checklist) -> list[list[TaskNode]]:
    """Every list of sibling tasks: each level's, and each task's children."""
    out = [level.items for level in checklist.levels if level.items]
    out += [node.children for node, _ in _nodes(checklist) if node.children]
    return out


def _typo(text: str, rnd: random.Random) -> str:
    words = [(i, w) for i, w in enumerate(text.split(" ")) if len(w) >= 5 and w.isalpha()]
    if not words:
        return text
    i, word = rnd.choice(words)
    at = rnd.randrange(1, len(word) - 2)
    changed = word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # two letters swapped
    parts = text.split(" ")
    parts[i] = changed
    return " ".join(parts)


def _insert_word(text: str, rnd: random.Random) -> str:
    parts = text.split(" ")
    if len(parts) < 3:
        return text
    parts.insert(rnd.randrange(1, len(parts)), rnd.choice(WORDS))
    return " ".join(parts)


def _delete_word(text: str, rnd: random.Random) -> str:
    parts = text.split(" ")
    if len(parts) < 5:
        return text
    del parts[rnd.randrange(1, len(parts))]
    return " ".join(parts)


def _suffix(text: str, rnd: random.Random) -> str:
    return text + rnd.choice(SUFFIXES)


TEXT_EDITS = [_typo, _insert_word, _delete_word, _suffix]


def _alike(one: str, others: list[str]) -> bool:
    return any(SequenceMatcher(None, one.lower(), o.lower()).ratio() >= 0.5 for o in others)


class Editor:
    """Edits a copy of a checklist the way maintainers do, knowing each task's origin."""

    def __init__(self, checklist: Checklist, rnd: random.Random, pool: list[str]) -> None:
        self.checklist = copy.deepcopy(checklist)
        self.rnd = rnd
        titles = [node.title for node, _ in _nodes(checklist)]
        self.pool = [t for t in pool if not _alike(t, titles)]
        self.copied: set[str] = set()

    def edit(self) -> None:
        rnd = self.rnd
        kind = rnd.choice(
            ["text", "text", "text", "details", "reorder", "move", "insert", "delete", "shape"]
        )
        nodes = [node for node, _ in _nodes(self.checklist)]
        if kind in ("text", "details") and nodes:
            node = rnd.choice(nodes)
            if kind == "details":
                node.details = _typo(node.details, rnd) if node.details else "in short"
            else:
                node.title = rnd.choice(TEXT_EDITS)(node.title, rnd)
        elif kind == "reorder":
            rnd.shuffle(rnd.choice(_lists(self.checklist)))
        elif kind == "move" and len(self.checklist.levels) > 1:
            levels = self.checklist.levels
            levels.insert(rnd.randrange(len(levels)), levels.pop(rnd.randrange(len(levels))))
        elif kind == "insert" and self.pool:
            row = rnd.choice(_lists(self.checklist))
            fresh = TaskNode(self.pool.pop(rnd.randrange(len(self.pool))), "", Status.TODO, 0)
            row.insert(rnd.randrange(len(row) + 1), fresh)
        elif kind == "delete":
            row = rnd.choice(_lists(self.checklist))
            at = rnd.randrange(len(row))
            # A topic deleted where a copy of it was inserted elsewhere is a move: no
            # one could tell them apart.
            if len(row) > 1 and row[at].title not in self.copied:
                del row[at]
        elif kind == "shape":
            self.same_shape()

    def same_shape(self) -> None:
        """A copy of a section (its tasks' titles, details and links) under a new
        heading, inserted anywhere: a new week of the same plan."""
        levels = self.checklist.levels
        shape = copy.deepcopy(self.rnd.choice(levels))
        names = {level.title for level in levels}
        title = next(f"Week {n}" for n in range(100) if f"Week {n}" not in names)
        copied = Section(title, 0, (), [], shape.items)
        self.copied |= {node.title for node, _ in _nodes(Checklist("", "", [copied], []))}
        levels.insert(self.rnd.randrange(len(levels) + 1), copied)


def _check(first: Imported, edited: Checklist, origin: Mapping[int, tuple[str, object]]) -> None:
    """Every old id now on a topic is on that topic itself (or on a true copy of it)."""
    old = {item.id for _, item in first.roadmap.walk()}
    signature_of = dict(origin.values())
    for node, _ in _nodes(edited):
        mine = origin.get(id(node))
        if node.id in old:
            assert mine is not None, f"the new topic {node.title!r} took the id {node.id!r}"
            assert mine[0] == node.id or mine[1] == signature_of[node.id], (
                f"{node.title!r} wears {node.id!r}, the id of another topic"
            )


def _run(checklist: Checklist, rnd: random.Random, pool: list[str], edits: int) -> None:
    first = build_import(copy.deepcopy(checklist), "x", where=Path("x"))
    # The first import's nodes carry their ids: read them on a fresh copy.
    base = copy.deepcopy(checklist)
    build_import(base, "x", where=Path("x"))
    editor = Editor(base, rnd, pool)
    origin = {
        id(node): (node.id, _signature(node, path)) for node, path in _nodes(editor.checklist)
    }
    for _ in range(edits):
        editor.edit()
    second = build_import(editor.checklist, "x", where=Path("x"), previous=first.roadmap)
    _check(first, editor.checklist, origin)
    assert second.followed is not None
    now = {node.id for node, _ in _nodes(editor.checklist)}
    for key, _ in second.followed.removed:
        assert key not in now
    gone = {item.id for _, item in first.roadmap.walk() if item.is_leaf} - now
    assert gone <= {key for key, _ in second.followed.removed}  # every orphan reported


def _pool(path: Path) -> list[str]:
    """Titles of another real checklist: the topics upstream inserts."""
    other = FILES[(FILES.index(path) + 1) % len(FILES)] if path in FILES else FILES[0]
    found = read_checklist(other.read_text(encoding="utf-8"), other)
    return [node.title for node, _ in _nodes(found)]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([*FILES, SEED]), st.integers(1, 6), st.randoms(use_true_random=False))
def test_edits_to_real_checklists_never_put_a_tick_on_another_topic(
    path: Path, edits: int, rnd: random.Random
) -> None:
    checklist = read_checklist(path.read_text(encoding="utf-8"), path)
    _run(checklist, rnd, _pool(path), edits)


VOCABULARY = [
    "Read the chapter on arrays",
    "Watch the lecture on hashing",
    "Implement a linked list",
    "Resilience",
    "Check spelling and grammar",
    "Autodidacticism",
    "Write unit tests for the parser",
    "Set up continuous integration",
    "Review 4 PRs",
    "Learn about REST APIs",
    "Profiling and benchmarking",
    "Message queues",
    "Database indexes",
]


@st.composite
def checklists(draw: st.DrawFn) -> Checklist:
    levels = []
    for n in range(draw(st.integers(1, 4))):
        titles = draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6, unique=True))
        items = []
        for title in titles:
            children = draw(st.lists(st.sampled_from(VOCABULARY), max_size=2, unique=True))
            node = TaskNode(title, "", Status.TODO, 0)
            node.children = [TaskNode(c, "", Status.TODO, 0) for c in children if c != title]
            items.append(node)
        levels.append(Section(f"Week {n + 1}", 0, (), [], items))
    return Checklist("Plan", "", levels, [])


@settings(max_examples=100, deadline=None)
@given(checklists(), st.integers(1, 6), st.randoms(use_true_random=False))
def test_edits_to_generated_checklists_never_put_a_tick_on_another_topic(
    checklist: Checklist, edits: int, rnd: random.Random
) -> None:
    _run(checklist, rnd, _pool(SEED), edits)
