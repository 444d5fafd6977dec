"""Search a roadmap: words found in a topic's title, details, description or note, and
filters on what the user did with it (``is:doing``, ``has:note``).

The app's search window asks this module and shows what it returns; nothing here knows
about the screen."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from roadmap_tui.model import Item, Level, State
from roadmap_tui.text import one_line

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
    """One topic with its searchable text, folded once when the search opens."""

    level: Level
    number: int
    item: Item
    folded: dict[str, str] = field(compare=False)


def topics_of(levels: Sequence[Level]) -> list[Topic]:
    """Every topic of ``levels`` (parents too), in roadmap order, ready to search."""
    found: list[Topic] = []
    for number, level in enumerate(levels):
        for item in level.walk():
            text = {
                "title": item.title.casefold(),
                "details": item.details.casefold(),
                "description": one_line(item.description).casefold(),
            }
            found.append(Topic(level, number, item, text))
    return found


@dataclass(frozen=True, slots=True)
class Hit:
    """A topic that matches, and where: ``field`` is the first of `FIELDS` holding a word
    the title and details do not, with ``excerpt`` around it ("" when the title or
    details hold every word)."""

    topic: Topic
    field: str = "title"
    excerpt: str = ""


def find(
    query: Query,
    topics: Iterable[Topic],
    state_of: Callable[[Item], State],
    note_of: Callable[[str], str],
) -> list[Hit]:
    """The topics that match ``query``, in roadmap order."""
    hits: list[Hit] = []
    for topic in topics:
        hit = match(query, topic, state_of, note_of)
        if hit is not None:
            hits.append(hit)
    return hits


def match(
    query: Query,
    topic: Topic,
    state_of: Callable[[Item], State],
    note_of: Callable[[str], str],
) -> Hit | None:
    """A `Hit` if ``topic`` matches ``query``, else None."""
    item = topic.item
    if query.states and state_of(item) not in query.states:
        return None
    note = note_of(item.id) if (query.words or query.has) else ""
    if "note" in query.has and not note.strip():
        return None
    if "link" in query.has and not item.links:
        return None
    if not query.words:
        return Hit(topic)
    texts = dict(topic.folded, note=one_line(note).casefold())
    if not all(any(word in texts[name] for name in FIELDS) for word in query.words):
        return None
    heading = (texts["title"], texts["details"])
    for word in query.words:
        if not any(word in text for text in heading):
            for name in FIELDS[2:]:
                if word in texts[name]:
                    raw = one_line(note if name == "note" else item.description)
                    return Hit(topic, name, excerpt(raw, word))
    first = "title" if any(word in texts["title"] for word in query.words) else "details"
    return Hit(topic, first)


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
