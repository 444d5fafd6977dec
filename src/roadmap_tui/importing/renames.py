"""Renamed topics followed, the way git follows renamed files (docs/markdown.md,
"Renames"): after the exact rules (`roadmap_tui.importing.follow`), a topic that is no
longer there is paired with a new one when their text is alike enough, best pairs
first, never two onto one; the pair keeps the earlier id, so progress, notes, history
and sync follow with no migration.

Conservative by design: a topic left unpaired keeps its progress as an orphan (and
``--attach`` puts it on a topic by hand), but a tick on the wrong topic is a lie.

A level whose heading gained or lost part of its path (`_repathed`: "Goals" became
"Week 1 › Goals" because a "Week 2 › Goals" came, or the other way round) is the same
level when it is under the same headings as before (`Level.path`, kept by the roadmap
file); for a roadmap imported before the headings were kept, only when both its
neighbours are the levels it had (or the file's edges): otherwise it is left unpaired.

A topic with the same id or title elsewhere has moved (`_moved`): under the same
parent it scores `MOVED`, under another `AWAY` (less than a topic renamed where it
was), and it is not taken away while a new topic where it was is like it. A topic
whose text changed pairs only under the same parent (parents are paired first, a depth
at a time), with the same kind (level or topic), both holding progress or neither, and:

* the same numbers, in order ("Chapter 1" is never "Chapter 2"; a title without any
  may gain some at its end, "OAuth" → "OAuth 2"), and every word that
  changed respelled, not replaced by another ("Unit testing" is never "Security
  testing"): words may be added and removed;
* text (title and details) alike at `ALIKE` or more; or at `NEAR` or more with the
  same neighbour before or after (or the same first link) and half their words or more
  in common; or one title the other with words added at its end or start
  ("Autodidacticism" → "Autodidacticism (teaching yourself)");
* no rival: when another candidate comes within `TIE` of the best, neither is paired.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from difflib import SequenceMatcher
from itertools import takewhile
from typing import Any

from roadmap_tui.importing.ids import PATH_JOIN, norm

# Similarity is difflib's ratio (2 × matching characters ÷ both lengths) of the
# casefolded title and details. Measured on real edits (tests/core/test_renames.py):
# a typo fixed ("Resiliance" → "Resilience") 0.90; a word added or removed in a line
# ("Can explain CrewAI …" → "Can explain the CrewAI …", "spelling/grammar" → "spelling
# and grammar") 0.88–0.97; details changed ("Hash map" → "Hashmap") 0.95+. Different
# topics of one checklist rarely pass 0.6 (sibling tasks that share a stem do: those
# need their place to agree too).
ALIKE = 0.8
NEAR = 0.6
TIE = 0.03
MOVED = 1.0  # the same id or title: as alike as text can be
SURE = 0.2  # … and a level under the same headings as before (`Level.path`)
AWAY = 0.75  # … but under another parent: below a topic renamed where it was
HOME = 0.5  # a new topic where a moved one was, this alike: the move is not sure
AFFIX_LEAST = 6  # characters of the shorter title, for an affix to count
MAX_PAIRS = 250_000  # comparisons under one parent, at most (beyond: orphans)
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
HALF = 0.5  # of the words shared, for `NEAR` to count
RESPELT = 0.75  # a word replaced by one this alike is respelled, not another word
_PLACE, _NEIGHBOUR, _LINK = 0.1, 0.05, 0.05


def _text(slot: Any) -> str:
    return norm(f"{slot.named} {slot.details}")


def _numbers(text: str) -> list[int]:
    return [int(n) for n in _NUMBER.findall(text)]


def _shared_words(one: str, two: str) -> float:
    """The share of words two texts have in common (of all the words either has)."""
    a, b = set(_WORD.findall(one)), set(_WORD.findall(two))
    return len(a & b) / len(a | b) if a | b else 0.0


def _same_numbers(new: Any, old: Any) -> bool:
    """The same numbers in order, in the titles and in the details; or a title without
    any that the other title begins with ("OAuth" → "OAuth 2", "Error pages" → "Error
    pages (404, 5xx)")."""
    if _numbers(new.details) != _numbers(old.details):
        return False
    a, b = _numbers(new.named), _numbers(old.named)
    if a == b:
        return True
    short, long = (new.named, old.named) if not a else (old.named, new.named)
    return not (a and b) and norm(long).startswith(norm(short) + " ")


def _respelled(one: str, two: str) -> bool:
    """Whether ``two`` is ``one`` with words added, removed or respelled (each word
    replaced is alike at `RESPELT` or more, spaces aside: a typo, "Hash map" →
    "Hashmap", an inflection, "токена" → "токенов"), never one word swapped for another
    ("Unit" → "Security") nor given a prefix ("valid" → "invalid")."""
    words_one, words_two = _WORD.findall(one), _WORD.findall(two)
    matcher = SequenceMatcher(None, words_one, words_two, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            a, b = "".join(words_one[i1:i2]), "".join(words_two[j1:j2])
            if SequenceMatcher(None, a, b, autojunk=False).ratio() < RESPELT:
                return False
            if a != b and (a.endswith(b) or b.endswith(a)):
                return False  # a prefix changes the meaning: "valid" → "invalid"
    return True


def _affix(one: str, two: str) -> bool:
    """Whether one title is the other with whole words added at its end or start."""
    short, long = sorted((norm(one), norm(two)), key=len)
    if len(short) < AFFIX_LEAST or short == long:
        return False
    return long.startswith(short + " ") or long.endswith(" " + short)


class _Context:
    """Where a new slot sits, as far as the exact rules already told (``matched``)."""

    def __init__(self, matched: Mapping[int, Any], new: list[Any]) -> None:
        self.matched = matched
        self.home: dict[int, list[Any]] = {}  # new slots by the earlier slot above them
        for slot in new:
            self.home.setdefault(id(self.earlier(slot.up)), []).append(slot)

    def unsure(self, new: Any, old: Any) -> bool:
        """Whether ``old`` would move away from its parent while a new topic there is
        like it (at `HOME`): that one may be it, edited; only an orphan is sure."""
        if self.same_parent(new, old):
            return False
        return any(
            other is not new and _like(other, old) for other in self.home.get(id(old.up), [])
        )

    def earlier(self, slot: Any) -> Any:
        return None if slot is None else self.matched.get(id(slot))

    def same_parent(self, new: Any, old: Any) -> bool:
        if new.up is None or old.up is None:
            return new.up is None and old.up is None
        return self.earlier(new.up) is old.up

    def same_neighbours(self, new: Any, old: Any) -> bool:
        """Both neighbours what they were: the earlier slots (or both none)."""
        return all(
            (mine is None and theirs is None)
            or (theirs is not None and self.earlier(mine) is theirs)
            for mine, theirs in ((new.before, old.before), (new.after, old.after))
        )

    def same_neighbour(self, new: Any, old: Any) -> bool:
        before = self.earlier(new.before)
        after = self.earlier(new.after)
        return (before is not None and before is old.before) or (
            after is not None and after is old.after
        )


def _score(new: Any, old: Any, place: _Context) -> float | None:
    """How alike two slots are (higher is better), or None when they must not pair."""
    if new.leaf is not old.leaf or not new.named or not old.named:
        return None
    if not place.same_parent(new, old):
        return None  # moved and changed at once: not sure enough
    one, two = _text(new), _text(old)
    if one == two or not _same_numbers(new, old):
        return None  # (the same text is a move: `_moved`'s)
    affix = _affix(new.named, old.named)
    matcher = SequenceMatcher(None, one, two, autojunk=False)
    if not affix and (matcher.real_quick_ratio() < NEAR or matcher.quick_ratio() < NEAR):
        return None
    if not _respelled(one, two):
        return None
    ratio = matcher.ratio()
    neighbour = place.same_neighbour(new, old)
    link = bool(new.link) and new.link == old.link
    placed = (neighbour or link) and _shared_words(one, two) >= HALF
    if not (ratio >= ALIKE or (ratio >= NEAR and placed) or affix):
        return None
    return max(ratio, NEAR) + _placed(new, old, place)


def _buckets(
    new: list[Any], old: list[Any], place: _Context
) -> Iterator[tuple[list[Any], list[Any]]]:
    """The groups compared: each earlier parent's new and old children (a rename is
    only followed under the same parent), up to `MAX_PAIRS` comparisons a group."""
    by_parent: dict[int, tuple[list[Any], list[Any]]] = {}
    for slot in old:
        by_parent.setdefault(id(slot.up), ([], []))[1].append(slot)
    for slot in new:
        up = place.earlier(slot.up)
        if (up is not None or slot.up is None) and id(up) in by_parent:
            by_parent[id(up)][0].append(slot)
    for group in by_parent.values():
        if len(group[0]) * len(group[1]) <= MAX_PAIRS:
            yield group


def _placed(new: Any, old: Any, place: _Context) -> float:
    parent = place.same_parent(new, old)
    neighbour = parent and place.same_neighbour(new, old)
    link = bool(new.link) and new.link == old.link
    return _PLACE * parent + _NEIGHBOUR * neighbour + _LINK * link


def _moved(
    new: list[Any], old: list[Any], place: _Context, repeated: Collection[str]
) -> Iterator[tuple[float, Any, Any]]:
    """Topics with the same id or title, moved: scored `MOVED` under the same parent,
    `AWAY` under another, so that a topic renamed where it was beats a copy of it that
    appeared elsewhere (a section of the same shape inserted above). Never away by a
    title that is ``repeated`` in either file ("Read chapter 1" in every week says
    nothing about which one moved), nor when `_Context.unsure`."""
    by_key: dict[tuple[str, str], list[Any]] = {}
    for entry in old:
        by_key.setdefault((entry.kind, entry.id), []).append(entry)
        if entry.named:
            by_key.setdefault((entry.kind, "\n" + norm(entry.named)), []).append(entry)
    for slot in new:
        by_id = [] if slot.numbered else by_key.get((slot.kind, slot.key), [])
        by_title = by_key.get((slot.kind, "\n" + norm(slot.named)), []) if slot.named else []
        for entry in {id(e): e for e in (*by_id, *by_title)}.values():
            if place.same_parent(slot, entry):
                yield MOVED + _placed(slot, entry, place), slot, entry
            elif (entry in by_id or norm(slot.named) not in repeated) and not place.unsure(
                slot, entry
            ):
                yield AWAY + _placed(slot, entry, place), slot, entry


def _path(title: str) -> list[str]:
    return [norm(part) for part in title.split(PATH_JOIN.strip())]


def _repathed(new: list[Any], old: list[Any], place: _Context) -> Iterator[tuple[float, Any, Any]]:
    """Levels whose titles differ only in how much of their heading path they carry
    (one path ends with the other, and they differ): scored as moved."""
    old_levels: dict[str, list[Any]] = {}
    for entry in old:
        if entry.kind == "level" and entry.named:
            old_levels.setdefault(_path(entry.named)[-1], []).append(entry)
    for slot in new:
        if slot.kind != "level" or not slot.named:
            continue
        path = _path(slot.named)
        for entry in old_levels.get(path[-1], []):
            if entry.path:
                # Both files said where the heading was: the same headings above it, or
                # not the same level (a week inserted, another appended).
                if [norm(p) for p in entry.path] == [norm(p) for p in slot.path]:
                    yield MOVED + SURE + _placed(slot, entry, place), slot, entry
                continue
            # Imported before the headings were kept: only where both neighbours are the
            # ones it had (or both edges of the file), which a same-named section inserted
            # right beside it can never fake.
            earlier = _path(entry.named)
            short, long = sorted((path, earlier), key=len)
            repathed = len(short) < len(long) and long[-len(short) :] == short
            if repathed and place.same_neighbours(slot, entry):
                yield MOVED + _placed(slot, entry, place), slot, entry


def _like(new: Any, old: Any) -> bool:
    one, two = _text(new), _text(old)
    return SequenceMatcher(None, one, two, autojunk=False).ratio() >= HOME


def pair_renamed(
    new: list[Any], old: list[Any], matched: Mapping[int, Any], repeated: Collection[str] = ()
) -> list[tuple[Any, Any]]:
    """Pairs of (new slot, earlier slot) that are one topic moved or renamed, best first."""
    place = _Context(matched, new)
    scored: list[tuple[float, int, int]] = []
    same = set()
    for score, slot, entry in (*_moved(new, old, place, repeated), *_repathed(new, old, place)):
        scored.append((score, id(slot), id(entry)))
        same.add((id(slot), id(entry)))
    for news, olds in _buckets(new, old, place):
        for slot in news:
            for entry in olds:
                if (id(slot), id(entry)) in same:
                    continue
                alike = _score(slot, entry, place)
                if alike is not None:
                    scored.append((alike, id(slot), id(entry)))
    by_id = {id(x): x for x in (*new, *old)}
    scored.sort(key=lambda row: -row[0])
    taken: set[int] = set()
    out: list[tuple[Any, Any]] = []
    for score, one, two in scored:
        if one in taken or two in taken:
            continue
        least = score - TIE
        close = [row for row in takewhile(lambda row: row[0] >= least, scored)]  # noqa: B023
        rival = any(
            (other_new == one) != (other_old == two) and not {other_new, other_old} & taken
            for _, other_new, other_old in close
        )
        taken.update((one, two))  # a tie leaves both unpaired: an orphan, not a guess
        if not rival:
            out.append((by_id[one], by_id[two]))
    return out
