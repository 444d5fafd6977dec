"""Search: words in a topic's title, details, description or note; `is:` and `has:`
filters. Property tests compare `find` with a plain reading of the rules on random
roadmaps, statuses, notes and queries."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.numbers.counts import item_state
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Item, Level, Link, State, Status
from roadmap_tui.tracking.search import (
    FIELDS,
    IS_WORDS,
    Query,
    excerpt,
    find,
    parse_query,
    topics_of,
    where,
)

WORDS = ["kafka", "Queue", "ÉTÉ", "straße", "rust", "go", "note", "event loop", "is", "x"]
texts = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)


@st.composite
def levels(draw: st.DrawFn) -> list[Level]:
    count = 0

    def item(depth: int) -> Item:
        nonlocal count
        count += 1
        children: tuple[Item, ...] = ()
        if depth < 2 and draw(st.booleans()) and draw(st.booleans()):
            children = tuple(item(depth + 1) for _ in range(draw(st.integers(1, 3))))
        links = (Link("docs", "https://example.org"),) if draw(st.booleans()) else ()
        return Item(
            f"t{count}",
            draw(texts) or "untitled",
            draw(texts),
            draw(texts),
            links=links,
            children=children,
        )

    return [
        Level(f"l{n}", f"Level {n}", items=tuple(item(0) for _ in range(draw(st.integers(0, 4)))))
        for n in range(draw(st.integers(1, 3)))
    ]


queries = st.lists(
    st.one_of(
        st.sampled_from(WORDS).map(lambda w: f'"{w}"' if " " in w else w),
        st.sampled_from([f"is:{w}" for w in IS_WORDS] + ["has:note", "has:link"]),
        st.text(max_size=6),
    ),
    max_size=4,
).map(" ".join)


def plain_reading(query: Query, item: Item, state: State, note: str) -> bool:
    """The rules as a user reads them in docs/usage.md."""
    haystack = [item.title, item.details, " ".join(item.description.split()), note]
    return (
        (not query.states or state in query.states)
        and ("note" not in query.has or bool(note.strip()))
        and ("link" not in query.has or bool(item.links))
        and all(any(word in text.casefold() for text in haystack) for word in query.words)
    )


@settings(max_examples=200, deadline=None)
@given(
    levels(),
    queries,
    st.dictionaries(st.sampled_from([f"t{n}" for n in range(1, 30)]), st.sampled_from(Status)),
    st.dictionaries(st.sampled_from([f"t{n}" for n in range(1, 30)]), texts),
)
def test_find_returns_exactly_the_topics_the_rules_describe(
    roadmap: list[Level], text: str, statuses: dict[str, Status], notes: dict[str, str]
) -> None:
    query = parse_query(text)
    topics = topics_of(roadmap)
    found = find(query, topics, lambda item: item_state(item, statuses), notes)
    expected = [
        topic.item.id
        for topic in topics
        if plain_reading(
            query, topic.item, item_state(topic.item, statuses), notes.get(topic.item.id, "")
        )
    ]
    assert [topic.item.id for topic in found] == expected
    for topic in found:  # the excerpt shown is from the field the hit names
        note = notes.get(topic.item.id, "")
        hit = where(query, topic, note)
        assert hit.field in FIELDS
        if hit.excerpt:
            source = note if hit.field == "note" else topic.item.description
            assert hit.excerpt.strip("…").strip() in " ".join(source.split())


@settings(max_examples=200, deadline=None)
@given(queries, st.sampled_from(WORDS))
def test_another_word_never_finds_more(text: str, word: str) -> None:
    roadmap = load_bundled()
    topics = topics_of(roadmap.levels)
    fewer = find(parse_query(f"{text} {word}"), topics, lambda _: State.TODO, {})
    more = find(parse_query(text), topics, lambda _: State.TODO, {})
    assert {t.item.id for t in fewer} <= {t.item.id for t in more}


@given(st.text(max_size=40))
def test_any_text_is_a_query(text: str) -> None:
    query = parse_query(text)
    assert all(word and word == word.casefold() for word in query.words)
    if query.problem:
        assert query.problem.startswith("Not a filter:")


def test_filters_and_words_combine() -> None:
    query = parse_query('is:doing IS:todo has:Note "Event   Loop" kafka is:later')
    assert query.states == {State.IN_PROGRESS, State.TODO}
    assert query.has == {"note"}
    assert query.words == ("event loop", "kafka")
    assert query.problem == (
        "Not a filter: is:later (try is:todo is:doing is:done is:skipped has:note)."
    )


def test_descriptions_and_notes_are_searched_in_the_bundled_roadmap() -> None:
    roadmap = load_bundled()
    topics = topics_of(roadmap.levels)
    todo = parse_query("memory")
    # a word only in descriptions: the hit says where, with the words around it
    hits = [where(todo, t, "") for t in find(todo, topics, lambda _: State.TODO, {})]
    assert any(h.field == "description" and "memory" in h.excerpt.casefold() for h in hits)
    notes = {"cs-basics": "Revisit heaps\nbefore the interview"}
    heaps = parse_query("heaps")
    found = find(heaps, topics, lambda _: State.TODO, notes)
    assert [t.item.id for t in found] == ["cs-basics"]
    assert where(heaps, found[0], notes["cs-basics"]).excerpt == (
        "Revisit heaps before the interview"
    )
    doing = find(
        parse_query("is:doing"),
        topics,
        lambda item: State.IN_PROGRESS if item.id == "os-basics" else State.TODO,
        {},
    )
    assert [t.item.id for t in doing] == ["os-basics"]


@given(st.text(min_size=1, max_size=300), st.integers(10, 80))
def test_an_excerpt_is_short_and_marks_cuts(text: str, width: int) -> None:
    text = " ".join(text.split())
    word = text[len(text) // 2 : len(text) // 2 + 3].casefold()
    shown = excerpt(text, word, width)
    assert len(shown) <= width + 2
    if len(text) > width:
        assert "…" in shown
    assert shown.strip("…").strip() in text
