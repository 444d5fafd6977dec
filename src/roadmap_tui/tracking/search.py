"""Search a roadmap: words found in a topic's title, details, description or note, and
filters on what the user did with it (``is:doing``, ``has:note``).

The app's search window asks this module and shows what it returns; nothing here knows
about the screen."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from roadmap_tui.base.text import one_line
from roadmap_tui.roadmap.model import Item, Level, State

IS_WORDS: dict[str, State] = {
    "todo": State.TODO,
    "doing": State.IN_PROGRESS,
    "in-progress": State.IN_PROGRESS,
    "done": State.DONE,
    "skipped": State.SKIPPED,
    "skip": State.SKIPPED,
    "partial": State.PARTIAL,
}
"""What ``is:WORD`` may say, and the state it asks for."""

HAS_WORDS = ("note", "link")
"""What ``has:WORD`` may say."""

FILTER_HELP = "is:todo is:doing is:done is:skipped has:note"
"""The filters worth showing under the search field."""

FIELDS = ("title", "details", "description", "note")
"""A topic's searched text, in the order a match is reported."""

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True, slots=True)
class Query:
    """What the user typed, understood: every word must appear (anywhere in the topic's
    text, case ignored); the topic's state must be one of ``states`` (any state when
    empty); it must have each of ``has``. ``problem`` explains a filter not understood
    (the rest of the query still applies)."""

    words: tuple[str, ...] = ()
    states: frozenset[State] = frozenset()
    has: frozenset[str] = frozenset()
    problem: str = ""

    @property
    def empty(self) -> bool:
        return not (self.words or self.states or self.has)


def parse_query(text: str) -> Query:
    """``text`` as a `Query`. Words are case-folded; ``"two words"`` is one phrase;
    ``is:`` and ``has:`` are filters (several ``is:`` mean any of them)."""
    words: list[str] = []
    states: set[State] = set()
    has: set[str] = set()
    unknown: list[str] = []
    for match in _TOKEN.finditer(text):
        phrase, token = match.group(1), match.group(2)
        if phrase is not None:
            if phrase.strip():
                words.append(" ".join(phrase.casefold().split()))
            continue
        kind, colon, value = token.casefold().partition(":")
        if colon and kind == "is" and value in IS_WORDS:
            states.add(IS_WORDS[value])
        elif colon and kind == "has" and value in HAS_WORDS:
            has.add(value)
        elif colon and kind in ("is", "has"):
            unknown.append(token)
        else:
            words.append(token.casefold())
    problem = ""
    if unknown:
        problem = f"Not a filter: {', '.join(unknown)} (try {FILTER_HELP})."
    return Query(tuple(words), frozenset(states), frozenset(has), problem)


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic with its searchable text (title, details, description, one per line,
    case-folded), made once when the search opens."""

    level: Level
    number: int
    item: Item
    text: str


def topics_of(levels: Sequence[Level]) -> list[Topic]:
    """Every topic of ``levels`` (parents too), in roadmap order, ready to search."""
    return [
        Topic(
            level,
            number,
            item,
            f"{item.title}\n{item.details}\n{one_line(item.description)}".casefold(),
        )
        for number, level in enumerate(levels)
        for item in level.walk()
    ]


def find(
    query: Query,
    topics: Iterable[Topic],
    state_of: Callable[[Item], State],
    notes: Mapping[str, str],
) -> list[Topic]:
    """The topics that match ``query``, in roadmap order. ``notes``: the topics' notes
    by id (a topic missing from it has none). Words never match across two fields."""
    words, states = query.words, query.states
    want_note, want_link = "note" in query.has, "link" in query.has
    found: list[Topic] = []
    for topic in topics:
        item = topic.item
        if states and state_of(item) not in states:
            continue
        if want_note and not notes.get(item.id, "").strip():
            continue
        if want_link and not item.links:
            continue
        text = topic.text
        if words and not all(word in text for word in words):
            note = notes.get(item.id)
            if not note:
                continue
            folded = one_line(note).casefold()
            if not all(word in text or word in folded for word in words):
                continue
        found.append(topic)
    return found


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a found topic matched: ``field`` is the first of `FIELDS` holding a word
    its title and details do not, with ``excerpt`` the words around it ("" when the
    title or details hold every word)."""

    field: str = "title"
    excerpt: str = ""


def where(query: Query, topic: Topic, note: str) -> Hit:
    """Where ``topic`` (found by ``query``) matched, to show under it."""
    item = topic.item
    texts = {
        "title": item.title.casefold(),
        "details": item.details.casefold(),
        "description": one_line(item.description).casefold(),
        "note": one_line(note).casefold(),
    }
    for word in query.words:
        if word not in texts["title"] and word not in texts["details"]:
            for name in FIELDS[2:]:
                if word in texts[name]:
                    raw = one_line(note if name == "note" else item.description)
                    return Hit(name, excerpt(raw, word))
    in_title = any(word in texts["title"] for word in query.words) or not query.words
    return Hit("title" if in_title else "details")


def excerpt(text: str, word: str, width: int = 60) -> str:
    """About ``width`` characters of ``text`` around the first ``word`` (case ignored),
    with "…" where it was cut."""
    at = text.casefold().find(word)
    if at < 0 or len(text) <= width:
        return text if len(text) <= width else text[: width - 1] + "…"
    start = max(0, at - (width - len(word)) // 3)
    space = text.find(" ", start, at)
    if start and space >= 0:
        start = space + 1  # begin on a whole word
    end = min(len(text), start + width)
    space = text.rfind(" ", at + len(word), end)
    if end < len(text) and space >= 0:
        end = space  # end on a whole word
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
