"""Markdown export and import (docs/markdown.md).

What is checked: a real GFM parser reads back exactly the app's ticks; text survives
escaping; golden files for the export and for an Obsidian-style import; the seed imports
to the bundled roadmap; export → import → export round-trips (bundled roadmap and
generated ones); `roadmap-tui import` end to end; the importer never crashes on junk.

Regenerate the golden files with ``UPDATE_GOLDEN=1 pytest tests/test_markdown.py`` and
review the diff by eye before committing it.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import string
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin
from support.samples import GOLDEN, SEED, one_error_line
from support.samples import run_cli as run

from roadmap_tui.base.errors import RoadmapError
from roadmap_tui.base.paths import progress_path
from roadmap_tui.export.markdown import export_markdown
from roadmap_tui.importing.reader import Imported, import_markdown
from roadmap_tui.numbers.counts import compute_progress, item_state
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled, load_roadmap, roadmap_from_data, roadmap_toml
from roadmap_tui.roadmap.model import Item, Roadmap, State, Status

WHEN = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
TODAY = date(2026, 1, 2)
LATER = date(2026, 3, 4)
CLOUD = ("cloud-aws", "cloud-gcp", "cloud-azure")
# The bundled roadmap is loaded inside tests only: loading caches it under the per-user
# cache folder, which conftest.py points into tmp_path once a test runs.


# ----------------------------------------------------------------------------- helpers


def entries_of(
    statuses: dict[str, Status], notes: dict[str, str] | None = None
) -> dict[str, Entry]:
    """Progress entries as the app would save them."""
    notes = notes or {}
    return {
        key: Entry(status=statuses.get(key, Status.TODO), changed=WHEN, note=notes.get(key, ""))
        for key in {*statuses, *notes}
    }


def gfm() -> MarkdownIt:
    """A GitHub-flavoured reader with task lists (not the importer's own parser)."""
    return MarkdownIt("gfm-like").use(tasklists_plugin)


def inline_text(tokens: list[Token]) -> str:
    """The characters a reader sees for inline tokens (markup and raw HTML dropped)."""
    parts: list[str] = []
    for tok in tokens:
        if tok.type in ("text", "text_special", "code_inline"):
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif tok.children:
            parts.append(inline_text(tok.children))
    return "".join(parts)


def bold_text(tokens: list[Token]) -> str:
    """The text of the first bold span: where our export puts a topic's title."""
    start = next(i for i, tok in enumerate(tokens) if tok.type == "strong_open")
    depth = 0
    for end in range(start, len(tokens)):
        if tokens[end].type == "strong_open":
            depth += 1
        elif tokens[end].type == "strong_close":
            depth -= 1
            if depth == 0:
                return inline_text(tokens[start + 1 : end])
    raise AssertionError("unclosed bold")


def gfm_tasks(markdown: str) -> list[tuple[str, bool, int, str]]:
    """(bold title, checked, nesting depth, whole text) of every GFM task item, in order."""
    tokens = gfm().parse(markdown)
    found: list[tuple[str, bool, int, str]] = []
    depth = -1
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "list_item_open" and "task-list-item" in str(tok.attrGet("class")):
            inline = tokens[i + 2]
            children = inline.children or []
            checkbox = children[0]
            assert checkbox.type == "html_inline"
            checked = 'checked="checked"' in checkbox.content
            found.append((bold_text(children), checked, depth, inline_text(children).strip()))
    return found


def model_tasks(
    roadmap: Roadmap, statuses: dict[str, Status]
) -> list[tuple[str, bool, int, State]]:
    """(title, ticked, depth, state) of every topic in the roadmap, in order."""
    out: list[tuple[str, bool, int, State]] = []

    def visit(item: Item, depth: int) -> None:
        state = item_state(item, statuses)
        out.append((item.title, state is State.DONE, depth, state))
        for child in item.children:
            visit(child, depth + 1)

    for level in roadmap.levels:
        for item in level.items:
            visit(item, 0)
    return out


def html_blocks(rendered: str, tag: str, attrs: str = "") -> list[str]:
    """The visible text of every ``<tag attrs>…</tag>`` in rendered HTML (not nested)."""
    pattern = re.compile(rf"<{tag}{attrs}>(.*?)</{tag}>", re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", m[1])).strip() for m in pattern.finditer(rendered)]


def write_md(folder: Path, text: str, name: str = "export.md") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def entries_from(imported: Imported) -> dict[str, Entry]:
    """What `roadmap-tui import` would save as progress for the imported roadmap."""
    return entries_of(dict(imported.statuses), dict(imported.notes))


def undated(markdown: str, day: date) -> str:
    marker = f"Progress on {day.isoformat()}:"
    assert markdown.count(marker) == 1, markdown
    return markdown.replace(marker, "Progress on <date>:")


def export_import_export(
    roadmap: Roadmap, entries: dict[str, Entry], folder: Path
) -> tuple[str, str, Imported]:
    first = export_markdown(roadmap, entries, TODAY)
    imported = import_markdown(write_md(folder, first))
    again = export_markdown(imported.roadmap, entries_from(imported), LATER)
    return undated(first, TODAY), undated(again, LATER), imported


def build_roadmap(data: dict[str, Any]) -> Roadmap:
    """A roadmap from TOML-shaped data, validated like a roadmap file."""
    return roadmap_from_data({"format": 1, **data}, Path("test-roadmap.toml"))


def tiny_roadmap(title: str, details: str = "", level: str = "Things") -> Roadmap:
    """A one-level, one-topic roadmap (the topic's id is ``a``)."""
    item = {"id": "a", "title": title, "details": details}
    return build_roadmap(
        {
            "id": "tiny",
            "title": "Tiny",
            "levels": [{"id": "things", "title": level, "items": [item]}],
        }
    )


def assert_one_line_naming(err: str, path: Path) -> None:
    one_error_line(err, says=[str(path)])


# ------------------------------------------------------------- 1. GFM agreement


STATUS_MIXES: dict[str, dict[str, Status]] = {
    # cloud-platforms fully done: its box is ticked.
    "parent-done": {
        "cs-basics": Status.DONE,
        "networking-fundamentals": Status.IN_PROGRESS,
        "os-basics": Status.SKIPPED,
        "lang-go": Status.DONE,
        "relational-sql": Status.DONE,
        "nosql": Status.DONE,
        "docker": Status.IN_PROGRESS,
        **dict.fromkeys(CLOUD, Status.DONE),
    },
    # partly done: one child done, one in progress, one todo: not ticked.
    "parent-partial": {
        "cs-basics": Status.DONE,
        "graphql": Status.SKIPPED,
        "cloud-aws": Status.DONE,
        "cloud-gcp": Status.IN_PROGRESS,
        "multi-region": Status.DONE,
    },
    # done + skipped children: done by the documented definition, so ticked.
    "parent-done-and-skipped": {
        "cloud-aws": Status.DONE,
        "cloud-gcp": Status.SKIPPED,
        "cloud-azure": Status.DONE,
        "tdd": Status.IN_PROGRESS,
    },
    # every child skipped: not done, so not ticked, and said in words.
    "parent-skipped": dict.fromkeys(CLOUD, Status.SKIPPED),
}


@pytest.mark.parametrize("mix", list(STATUS_MIXES))
def test_a_gfm_reader_sees_exactly_the_apps_ticks(mix: str) -> None:
    backend = load_bundled()
    statuses = STATUS_MIXES[mix]
    markdown = export_markdown(backend, entries_of(statuses), TODAY)
    seen = gfm_tasks(markdown)
    expected = model_tasks(backend, statuses)
    assert [(title, ticked, depth) for title, ticked, depth, _ in seen] == [
        (title, ticked, depth) for title, ticked, depth, _ in expected
    ]
    assert len(seen) == 70
    # In progress and skipped are said in words after the (unticked) box.
    for (_, ticked, _, text), (title, _, _, state) in zip(seen, expected, strict=True):
        words = {State.IN_PROGRESS: "(in progress)", State.SKIPPED: "(skipped)"}.get(state)
        if words:
            assert text.endswith(words) and not ticked, (title, text)
        else:
            assert not text.endswith(("(in progress)", "(skipped)")), (title, text)


def test_the_cloud_parent_tick_follows_its_children() -> None:
    backend = load_bundled()

    def cloud_ticked(statuses: dict[str, Status]) -> bool:
        seen = gfm_tasks(export_markdown(backend, entries_of(statuses), TODAY))
        return next(ticked for title, ticked, _, _ in seen if title == "Cloud platforms")

    assert cloud_ticked(STATUS_MIXES["parent-done"])
    assert not cloud_ticked(STATUS_MIXES["parent-partial"])
    assert cloud_ticked(STATUS_MIXES["parent-done-and-skipped"])
    assert not cloud_ticked(STATUS_MIXES["parent-skipped"])


@pytest.mark.parametrize("mix", list(STATUS_MIXES))
def test_level_headings_carry_the_computed_counts(mix: str) -> None:
    backend = load_bundled()
    statuses = STATUS_MIXES[mix]
    markdown = export_markdown(backend, entries_of(statuses), TODAY)
    tokens = gfm().parse(markdown)
    headings = [
        inline_text(tokens[i + 1].children or [])
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.tag == "h2"
    ]
    progress = compute_progress(backend, statuses)
    assert headings == [
        f"Level {lp.number} – {lp.level.title} ({lp.text})" for lp in progress.levels
    ]
    overall = progress.overall
    assert (
        f"Progress on 2026-01-02: done {overall.progress_text}; "
        f"{overall.in_progress} in progress; {progress.goals_met}/13 level goals met."
    ) in markdown


# ----------------------------------------------------------------------- 2. escaping


NASTY: list[tuple[str, str]] = [
    ("*bold* and **strong**", "_x_ and __y__"),
    ("[link](u)", "<b>html</b> and <!-- comment -->"),
    ("`code` and ``two``", "a & b"),
    ("&amp; &#35; &#x41; &copy;", "C# and F#"),
    ("x #", "~~s~~ and ~one~"),
    ("back\\slash \\*", "ends in a backslash \\"),
    ("# not a heading", "1. not a list"),
    ("- not a bullet", "> not a quote"),
    ("![image](x.png)", "<https://example.com> and www.example.com"),
    ("a | b | c", "[x] not a box"),
    ("Level 3 – (2/5)", "**Title** → details: more"),
    ("👉 café – naïve", "x ##"),
]


def nasty_roadmap() -> Roadmap:
    return build_roadmap(
        {
            "id": "nasty",
            "title": "Notes & <stuff> *etc* #1 #",
            "levels": [
                {
                    "id": "escapes",
                    "title": "*Escapes* & <i>friends</i> #",
                    "items": [
                        {"id": f"item-{n}", "title": title, "details": details}
                        for n, (title, details) in enumerate(NASTY)
                    ],
                }
            ],
        }
    )


def test_titles_and_details_render_as_the_same_text() -> None:
    roadmap = nasty_roadmap()
    rendered = gfm().render(export_markdown(roadmap, {}, TODAY))
    items = html_blocks(rendered, "li", r' class="task-list-item"')
    assert items == [f"{title} — {details}" for title, details in NASTY]
    assert html_blocks(rendered, "h1") == [roadmap.title]
    assert html_blocks(rendered, "h2") == [f"Level 0 – {roadmap.levels[0].title} (0/12)"]


def test_escaped_titles_stay_bold_and_unticked_in_gfm() -> None:
    seen = gfm_tasks(export_markdown(nasty_roadmap(), {}, TODAY))
    assert [(title, ticked, depth) for title, ticked, depth, _ in seen] == [
        (title, False, 0) for title, _ in NASTY
    ]


def test_control_characters_are_shown_as_symbols() -> None:
    roadmap = tiny_roadmap("\x1b[31mred\x1b[0m alert\x07", details="csi \x9b2J here")
    entries = entries_of({"a": Status.DONE}, {"a": "note with \x1b]0;title\x07 inside"})
    markdown = export_markdown(roadmap, entries, TODAY)
    assert "\x1b" not in markdown
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", markdown), repr(markdown)
    assert "␛" in markdown
    rendered = gfm().render(markdown)
    items = html_blocks(rendered, "li", r' class="task-list-item"')
    assert items[0].startswith("␛[31mred␛[0m alert␇ — csi ")
    assert html_blocks(rendered, "blockquote") == ["note with ␛]0;title␇ inside"]


def links_roadmap() -> Roadmap:
    """A topic whose links and description hold every character Markdown could take."""
    links = [
        {"title": f"{title} — {details}", "url": f"https://example.org/{n}/a_(b)?c=[d]&e=<f>"}
        for n, (title, details) in enumerate(NASTY)
    ]
    item = {
        "id": "a",
        "title": "Topic",
        "description": "\n".join(title for title, _ in NASTY),
        "links": links,
        "children": [{"id": "b", "title": "Child", "description": "def f():\n    return `x`"}],
    }
    return build_roadmap(
        {"id": "l", "title": "L", "levels": [{"id": "things", "title": "T", "items": [item]}]}
    )


def test_links_and_descriptions_read_naturally_in_gfm() -> None:
    """Under a topic: its description as plain bullets (or a code block), then each link
    as a bullet that is only that link, with the same address and text."""
    roadmap = links_roadmap()
    entries = entries_of({"b": Status.DONE}, {"a": "My note."})
    markdown = export_markdown(roadmap, entries, TODAY)
    rendered = gfm().render(markdown)
    topic = roadmap.levels[0].items[0]
    anchors = re.findall(r'<a href="([^"]*)">(.*?)</a>', rendered)
    assert [(unquote(html.unescape(url)), html.unescape(text)) for url, text in anchors] == [
        (link.url, link.title) for link in topic.links
    ]
    assert html_blocks(rendered, "li")[: len(NASTY)] == [title for title, _ in NASTY]
    assert html_blocks(rendered, "code") == ["def f():\n    return `x`"]
    assert html_blocks(rendered, "blockquote") == ["My note."]
    # The ticks are still exactly the app's: descriptions and links are no tasks.
    assert [(title, ticked) for title, ticked, _, _ in gfm_tasks(markdown)] == [
        ("Topic", True),
        ("Child", True),
    ]


NOTES = [
    "A plain note.",
    "*not emphasis* and <b>not html</b> and `not code`",
    "- not a bullet",
    "+ not a bullet either",
    "# not a heading",
    "> not a nested quote",
    "= not a setext underline",
    "---",
    "[ ] not a box",
    "1. not a numbered list",
    "2) not one either",
]


@pytest.mark.parametrize("note", NOTES)
def test_notes_render_as_the_same_text(note: str) -> None:
    entries = entries_of({"a": Status.IN_PROGRESS}, {"a": note})
    rendered = gfm().render(export_markdown(tiny_roadmap("Topic"), entries, TODAY))
    assert html_blocks(rendered, "blockquote") == [note]


# -------------------------------------------------------------------- 3. golden files


GOLDEN_STATUSES: dict[str, Status] = {
    "cs-basics": Status.DONE,
    "networking-fundamentals": Status.IN_PROGRESS,
    "os-basics": Status.SKIPPED,
    "git-github": Status.DONE,
    "lang-go": Status.DONE,
    "relational-sql": Status.DONE,
    "graphql": Status.SKIPPED,
    "docker": Status.IN_PROGRESS,
    **dict.fromkeys(CLOUD, Status.DONE),
}
GOLDEN_NOTES = {"networking-fundamentals": "Reading the HTTP chapter of the MDN docs."}


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_bytes().decode("utf-8")


def test_golden_backend_export() -> None:
    backend = load_bundled()
    markdown = export_markdown(backend, entries_of(GOLDEN_STATUSES, GOLDEN_NOTES), TODAY)
    check_golden("backend-export.md", markdown)


def test_golden_obsidian_import() -> None:
    imported = import_markdown(GOLDEN / "obsidian.md")
    check_golden("obsidian.toml", roadmap_toml(imported.roadmap))
    assert imported.statuses == {
        "the-book": Status.DONE,
        "rustlings": Status.IN_PROGRESS,
        "rust-by-example": Status.SKIPPED,
        "and-mut-references": Status.DONE,
        "variance": Status.IN_PROGRESS,
        "cargo-and-cargo-toml": Status.DONE,
        "clippy": Status.SKIPPED,
    }
    assert imported.notes == {"rustfmt": "Turn on format-on-save in the editor."}


def test_golden_obsidian_toml_loads_as_the_same_roadmap() -> None:
    imported = import_markdown(GOLDEN / "obsidian.md")
    assert load_roadmap(GOLDEN / "obsidian.toml") == imported.roadmap


def test_obsidian_front_matter_does_not_hide_the_title(tmp_path: Path) -> None:
    text = (GOLDEN / "obsidian.md").read_text(encoding="utf-8")
    path = write_md(tmp_path, "---\ntags: [rust, learning]\n---\n\n" + text, "note.md")
    imported = import_markdown(path)
    assert imported.roadmap.title == "Rust journey"
    assert imported.roadmap == import_markdown(GOLDEN / "obsidian.md").roadmap


def test_tasks_under_an_empty_heading_still_import(tmp_path: Path) -> None:
    path = write_md(tmp_path, "# My list\n\n##\n\n- [x] a\n- [ ] b\n", "list.md")
    imported = import_markdown(path)
    assert [item.title for _, item in imported.roadmap.walk()] == ["a", "b"]
    assert imported.roadmap.levels[0].title
    assert list(imported.statuses.values()) == [Status.DONE]


# ---------------------------------------------------------------------------- 4. seed


def item_shape(items: tuple[Item, ...]) -> list[tuple[str, str, list[Any]]]:
    return [(item.title, item.details, item_shape(item.children)) for item in items]


def level_shape(roadmap: Roadmap) -> list[tuple[str, str, int | None, str]]:
    return [(lv.title, lv.goal, lv.pick, lv.tip) for lv in roadmap.levels]


# Levels whose goal and pick are ours, not the seed's (docs/roadmap-format.md).
OUR_GOALS = {"frameworks"}
# Levels whose tip is our rewording of the seed's (Level 1's, said for every learner).
OUR_TIPS = {"core-languages"}


def seed_level_shape(roadmap: Roadmap) -> list[tuple[str, str, int | None, str]]:
    """The bundled roadmap's levels as the seed has them: without the goals we added,
    and without the tips we reworded."""
    shape = []
    for lv in roadmap.levels:
        goal, pick = ("", None) if lv.id in OUR_GOALS else (lv.goal, lv.pick)
        shape.append((lv.title, goal, pick, "" if lv.id in OUR_TIPS else lv.tip))
    return shape


def without_tips(
    shape: list[tuple[str, str, int | None, str]], at: set[int]
) -> list[tuple[str, str, int | None, str]]:
    return [
        (title, goal, pick, "" if n in at else tip)
        for n, (title, goal, pick, tip) in enumerate(shape)
    ]


def test_the_seed_imports_as_the_bundled_roadmap() -> None:
    backend = load_bundled()
    imported = import_markdown(SEED)
    roadmap = imported.roadmap
    assert len(roadmap.levels) == 13
    reworded = {n for n, lv in enumerate(backend.levels) if lv.id in OUR_TIPS}
    assert without_tips(level_shape(roadmap), reworded) == seed_level_shape(backend)
    for n in reworded:  # the seed's tip and ours give the same advice
        for tip in (roadmap.levels[n].tip, backend.levels[n].tip):
            assert tip.startswith("👉") and "MERN" in tip and "Node.js + TypeScript" in tip
    for ours, bundled in zip(roadmap.levels, backend.levels, strict=True):
        assert item_shape(ours.items) == item_shape(bundled.items), bundled.title
    assert sum(1 for _ in roadmap.walk()) == 70
    assert imported.statuses == {}  # the seed has no ticks
    assert roadmap.id == "backend-imported"  # never mixes progress with the bundled one


# ---------------------------------------------------------------------- 5. round trip


def test_bundled_round_trip_with_every_status_and_notes(tmp_path: Path) -> None:
    backend = load_bundled()
    statuses = {**STATUS_MIXES["parent-done"], "graphql": Status.SKIPPED, "grpc": Status.TODO}
    notes = {
        "cs-basics": "Finished the algorithms course.",
        "networking-fundamentals": "Reading MDN.\nThen the TCP chapter: *slowly* & <carefully>.",
        "cloud-platforms": "All three, via the free tiers.",
        "grpc": "Two paragraphs.\n\n- second one looks like a bullet",
    }
    entries = entries_of(statuses, notes)
    first, again, imported = export_import_export(backend, entries, tmp_path)
    assert again == first
    # The progress came back on the same topics (ids differ: they are slugs of titles).
    by_title = {item.title: item.id for _, item in imported.roadmap.walk()}
    bundled_index = backend.index()
    assert {
        bundled_index.items[key].title: status
        for key, status in statuses.items()
        if status is not Status.TODO
    } == {
        title: imported.statuses[key] for title, key in by_title.items() if key in imported.statuses
    }
    assert {bundled_index.items[key].title: note for key, note in notes.items()} == {
        title: imported.notes[key] for title, key in by_title.items() if key in imported.notes
    }
    assert imported.roadmap.title == backend.title
    assert imported.roadmap.description == backend.description
    # Every topic keeps its description and its official-docs links, in order.
    bundled_items = {item.title: item for _, item in backend.walk()}
    for _, item in imported.roadmap.walk():
        old = bundled_items[item.title]
        assert item.description == old.description, item.title
        assert [(x.title, x.url) for x in item.links] == [(x.title, x.url) for x in old.links]
    assert sum(len(item.links) for _, item in imported.roadmap.walk()) > 100


_ALPHABET = string.ascii_letters + string.digits + " *_[]<>&#~`\\().,:;!?-'\"/" + "é👉–"
_STATUS_SUFFIX = re.compile(r"\((in[ -]progress|doing|skipped|skip)\)$", re.IGNORECASE)


def _round_trips(text: str) -> bool:
    """Text the documented format carries unchanged (the exclusions are reported bugs or
    deliberate normalisations, each checked by its own test below)."""
    return (
        bool(text) and "  " not in text  # runs of spaces collapse (Markdown whitespace)
    )


_texts = st.text(alphabet=_ALPHABET, min_size=1, max_size=24).map(str.strip).filter(_round_trips)
_notes = _texts
# Addresses of every character a plain ASCII URL may hold as it is (parentheses, `?`,
# `&`, `#`…): markdown-it leaves them unchanged.
_URL_CHARS = string.ascii_letters + string.digits + "-._~:/?#@!$&'()*+,;="
_urls = st.text(alphabet=_URL_CHARS, max_size=16).map(lambda path: f"https://example.org/{path}")
# A topic's links: the importer keeps one link per address.
_links = st.lists(st.tuples(_texts, _urls), max_size=3, unique_by=lambda link: link[1])
# Descriptions as imports make them: lines of bullets, or code (indents, tabs, blank lines).
_code = st.lists(st.text(alphabet=_ALPHABET + " \t", max_size=12), min_size=1, max_size=4)
_descriptions = st.one_of(
    st.just(""),
    st.lists(_texts, min_size=1, max_size=3).map("\n".join),
    _code.map("\n".join),
)


@st.composite
def generated(draw: st.DrawFn) -> tuple[Roadmap, dict[str, Entry]]:
    ids = itertools.count()
    entries: dict[str, Entry] = {}

    def item(depth: int) -> dict[str, Any]:
        key = f"item-{next(ids)}"
        out: dict[str, Any] = {"id": key, "title": draw(_texts)}
        details = draw(st.one_of(st.just(""), _texts))
        if details:
            out["details"] = details
        description = draw(_descriptions)
        if description:
            out["description"] = description
        out["links"] = [{"title": t, "url": u} for t, u in draw(_links)]
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            out["children"] = [item(depth + 1) for _ in range(draw(st.integers(1, 3)))]
            status = Status.TODO
        else:
            status = draw(st.sampled_from(Status))
        note = draw(st.one_of(st.just(""), st.just(""), _notes))
        if status is not Status.TODO or note:
            entries[key] = Entry(status=status, changed=WHEN, note=note)
        return out

    levels = [
        {
            "id": f"level-{n}",
            "title": draw(_texts),
            "items": [item(0) for _ in range(draw(st.integers(1, 5)))],
        }
        for n in range(draw(st.integers(1, 4)))
    ]
    roadmap = build_roadmap({"id": "generated", "title": draw(_texts), "levels": levels})
    return roadmap, entries


@settings(max_examples=60, deadline=None)
@given(generated())
def test_round_trip_over_generated_roadmaps(case: tuple[Roadmap, dict[str, Entry]]) -> None:
    roadmap, entries = case
    with tempfile.TemporaryDirectory() as folder:
        first, again, imported = export_import_export(roadmap, entries, Path(folder))
    assert again == first
    # The same levels, topics, nesting, statuses and notes, not just the same text.
    assert imported.roadmap.title == roadmap.title
    assert [(lv.title, item_shape(lv.items)) for lv in imported.roadmap.levels] == [
        (lv.title, item_shape(lv.items)) for lv in roadmap.levels
    ]
    new_items = [item for _, item in imported.roadmap.walk()]
    for old, new in zip((item for _, item in roadmap.walk()), new_items, strict=True):
        entry = entries.get(old.id, Entry())
        if old.is_leaf:
            assert imported.statuses.get(new.id, Status.TODO) is entry.status, old.title
        assert imported.notes.get(new.id, "") == entry.note, old.title
        assert new.description == old.description, old.title
        assert [(x.title, x.url) for x in new.links] == [(x.title, x.url) for x in old.links]
    # Import → export → import: the same roadmap (ids too), statuses and notes.
    markdown = export_markdown(imported.roadmap, entries_from(imported), LATER)
    with tempfile.TemporaryDirectory() as folder:
        again_imported = import_markdown(write_md(Path(folder), markdown))
    assert again_imported.roadmap == imported.roadmap
    assert (again_imported.statuses, again_imported.notes) == (imported.statuses, imported.notes)


def single_round_trip(title: str, details: str = "", level: str = "Things") -> Item:
    """The topic after export → import of a one-topic roadmap."""
    markdown = export_markdown(tiny_roadmap(title, details, level), {}, TODAY)
    with tempfile.TemporaryDirectory() as folder:
        imported = import_markdown(write_md(Path(folder), markdown))
    return imported.roadmap.levels[0].items[0]


@pytest.mark.parametrize(
    ("title", "details"),
    [
        # separators inside the bold title stay in the title
        ("Status codes: 2xx, 4xx — and 5xx", ""),
        ("Title → not details", ""),
        ("x", "a: b — c"),
        # trailing punctuation is the title's own, not the checklist line's
        ("Read chapter 3.", ""),
        ("Node.js", "see the docs, etc."),
        ("To do:", ""),
    ],
)
def test_separators_and_punctuation_survive_a_round_trip(title: str, details: str) -> None:
    item = single_round_trip(title, details)
    assert (item.title, item.details) == (title, details)


def test_genuine_text_is_not_repaired_as_mojibake() -> None:
    item = single_round_trip("The word “café—” in a title")
    assert item.title == "The word “café—” in a title"


def test_a_title_ending_in_status_words_keeps_them() -> None:
    item = single_round_trip("When to skip tests (skip)")
    assert item.title == "When to skip tests (skip)"


HEADINGS = [
    "Week 1: Basics",
    "Week 1 – Basics",
    "Step 2 - Setup",
    "Part 3. Deploy",
    "Stage 4 — Scale",
    "Level 5: Frameworks",
    "level 6 – lower case",
    "Level 7",
    "Level 2 – Basics",  # a title that looks like our prefix: export adds its own
]


@pytest.mark.parametrize("heading", HEADINGS[:-1])
def test_a_heading_keeps_its_own_words(tmp_path: Path, heading: str) -> None:
    path = write_md(tmp_path, f"# Plan\n\n## {heading}\n\n- [ ] a\n", "plan.md")
    assert import_markdown(path).roadmap.levels[0].title == heading


def test_only_our_exports_level_prefix_is_taken_off(tmp_path: Path) -> None:
    path = write_md(tmp_path, "# Plan\n\n## Level 3 – Databases (1/5)\n\n- [ ] a\n")
    assert import_markdown(path).roadmap.levels[0].title == "Databases"


@pytest.mark.parametrize("heading", HEADINGS)
def test_level_titles_survive_export_and_import(heading: str) -> None:
    markdown = export_markdown(tiny_roadmap("a", level=heading), {}, TODAY)
    with tempfile.TemporaryDirectory() as folder:
        imported = import_markdown(write_md(Path(folder), markdown))
    assert imported.roadmap.levels[0].title == heading


# ------------------------------------------------------------------------- 6. CLI import


READING = """\
# Reading list

A few books.

## Books

- [x] SICP — the wizard book
- [/] TAOCP
- [-] Some fad book
- [ ] Refactoring
  - [x] First edition
  - [ ] Second edition
    > Waiting for the library copy.
"""


@pytest.fixture
def reading(tmp_path: Path) -> Path:
    return write_md(tmp_path, READING, "reading.md")


def counts(capsys: pytest.CaptureFixture[str], roadmap: str) -> dict[str, int]:
    code, out, err = run(capsys, "--roadmap", roadmap, "status", "--json")
    assert code == 0, err
    overall: dict[str, int] = json.loads(out)["overall"]
    return overall


def test_import_writes_a_loadable_roadmap_with_progress(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reading: Path, data_dir: Path
) -> None:
    out = tmp_path / "reading.toml"
    code, stdout, err = run(capsys, "import", str(reading), "-o", str(out))
    assert code == 0, err
    assert f"Saved to {out}" in stdout
    roadmap = load_roadmap(out)
    assert roadmap.id == "reading-list"
    assert roadmap.title == "Reading list"
    assert [item.title for _, item in roadmap.walk()] == [
        "SICP",
        "TAOCP",
        "Some fad book",
        "Refactoring",
        "First edition",
        "Second edition",
    ]
    overall = counts(capsys, str(out))
    assert (overall["done"], overall["in_progress"], overall["skipped"], overall["total"]) == (
        2,
        1,
        1,
        5,
    )
    saved = ProgressStore(progress_path(data_dir, "reading-list"), "reading-list").load()
    assert saved.entry("second-edition").note == "Waiting for the library copy."


def test_import_never_replaces_a_file_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reading: Path, data_dir: Path
) -> None:
    out = tmp_path / "reading.toml"
    out.write_text("# my own file\n", encoding="utf-8")
    code, stdout, err = run(capsys, "import", str(reading), "-o", str(out))
    assert code == 2
    assert_one_line_naming(err, out)
    assert "Saved" not in stdout
    assert "--force" in err
    assert out.read_text(encoding="utf-8") == "# my own file\n"
    assert not progress_path(data_dir, "reading-list").exists()  # nothing half-done

    code, _, err = run(capsys, "import", str(reading), "-o", str(out), "--force")
    assert code == 0, err
    assert load_roadmap(out).title == "Reading list"


def test_import_without_output_goes_to_the_roadmaps_folder_and_is_listed(
    capsys: pytest.CaptureFixture[str], reading: Path, data_dir: Path
) -> None:
    code, stdout, err = run(capsys, "import", str(reading))
    assert code == 0, err
    target = data_dir / "roadmaps" / "reading-list.toml"
    assert f"Saved to {target}" in stdout
    assert load_roadmap(target).id == "reading-list"

    code, stdout, err = run(capsys, "list", "--json")
    assert code == 0, err
    rows = {row["id"]: row for row in json.loads(stdout)}
    assert set(rows) == {"backend", "reading-list"}
    row = rows["reading-list"]
    assert (row["origin"], row["path"], row["title"]) == ("imported", str(target), "Reading list")
    assert (row["done"], row["in_progress"], row["skipped"], row["total"]) == (2, 1, 1, 5)
    assert rows["backend"]["done"] == 0  # the bundled roadmap's progress is untouched

    code, stdout, err = run(capsys, "--roadmap", "reading-list", "status")
    assert code == 0, err
    assert "Books" in stdout and "2/4, 1 skipped" in stdout  # 2 done of 4 that count
    assert counts(capsys, "reading-list")["done"] == 2

    # Importing the same file again updates that roadmap, without --force.
    code, stdout, err = run(capsys, "import", str(reading))
    assert code == 0, err
    assert "Updated 'Reading list'" in stdout
    assert "6 topics kept, 0 added, 0 removed" in stdout
    assert [p.name for p in (data_dir / "roadmaps").iterdir()] == ["reading-list.toml"]
    assert counts(capsys, "reading-list")["done"] == 2


BAD_INPUTS: dict[str, bytes | None] = {
    "no-checklist": b"# Just notes\n\nSome text.\n\n- a plain bullet\n",
    "not-utf8": b"# T\n\n- [ ] caf\xe9\n",
    "binary": b"# T\n\n- [ ] a\x00b\n",
    "empty": b"",
    "missing": None,
}


@pytest.mark.parametrize("kind", [*BAD_INPUTS, "folder"])
def test_import_of_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, kind: str
) -> None:
    source = tmp_path / "input.md"
    if kind == "folder":
        source.mkdir()
    elif BAD_INPUTS[kind] is not None:
        source.write_bytes(BAD_INPUTS[kind] or b"")
    out = tmp_path / "out.toml"
    code, _, err = run(capsys, "import", str(source), "-o", str(out))
    assert code == 2
    assert_one_line_naming(err, source)
    assert not out.exists()
    assert not (data_dir / "progress").exists()
    if kind == "not-utf8":
        assert f"{source}:3:10:" in err  # line and column of the bad byte


def test_importing_the_seed_twice_gives_the_same_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    out = tmp_path / "seed.toml"
    code, _, err = run(capsys, "import", str(SEED), "-o", str(out))
    assert code == 0, err
    first = out.read_text(encoding="utf-8")
    code, _, err = run(capsys, "import", str(SEED), "-o", str(out), "--force")
    assert code == 0, err
    assert out.read_text(encoding="utf-8") == first
    roadmap = load_roadmap(out)
    ids = [item.id for _, item in roadmap.walk()]
    assert len(ids) == len(set(ids)) == 70
    assert roadmap.id == "backend-imported"
    assert not progress_path(data_dir, "backend").exists()


def test_import_never_overwrites_existing_progress(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reading: Path, data_dir: Path
) -> None:
    out = tmp_path / "reading.toml"
    assert run(capsys, "import", str(reading), "-o", str(out))[0] == 0
    # The user changes their mind about two topics in the app or with `mark`.
    assert run(capsys, "--roadmap", str(out), "mark", "sicp", "todo")[0] == 0
    assert run(capsys, "--roadmap", str(out), "mark", "taocp", "done")[0] == 0
    # A newer copy of the checklist says otherwise, and adds a topic.
    changed = READING.replace("- [/] TAOCP", "- [-] TAOCP") + "- [x] Clean Code\n"
    reading.write_text(changed, encoding="utf-8")  # the same source, updated
    code, stdout, err = run(capsys, "import", str(reading), "-o", str(out))
    assert code == 0, err
    assert "Kept your existing progress" in stdout
    saved = ProgressStore(progress_path(data_dir, "reading-list"), "reading-list").load()
    statuses = saved.statuses()
    assert statuses["sicp"] is Status.TODO  # the file's [x] did not win
    assert statuses["taocp"] is Status.DONE  # the file's [-] did not win
    assert statuses["clean-code"] is Status.DONE  # new topics do take the file's ticks
    assert statuses["first-edition"] is Status.DONE
    assert saved.entry("second-edition").note == "Waiting for the library copy."


# ------------------------------------------------------------------------------ 7. fuzz


_FRAGMENTS = [
    "- [ ] ",
    "* [x] ",
    "+ [/] ",
    "1. [-] ",
    "[~] ",
    "\n",
    "\n\n",
    "  ",
    "    ",
    "# ",
    "## ",
    "### Level 2 – ",
    " (1/2)",
    "**",
    "__",
    "*",
    "`",
    "> ",
    "---",
    "===",
    " → ",
    ": ",
    " — ",
    "(skipped)",
    "(in progress)",
    "Goal (pick 3 of 2): ",
    "Goal (pick 0): ",
    "Choose at least two ",
    "Choose at least 0 ",
    "👉 ",
    "â€“",
    "ðŸ‘‰",
    "<b>",
    "<!--",
    "[link](http://x)",
    "![i](x)",
    "&amp;",
    "\\",
    ".",
    "Backend",
    "topic",
    "é",
]


def _assert_imports_or_refuses(folder: Path, data: bytes) -> None:
    path = folder / "fuzz.md"
    path.write_bytes(data)
    try:
        result = import_markdown(path)
    except RoadmapError as exc:
        assert str(path) in str(exc)
        return
    assert isinstance(result, Imported)
    ids = [level.id for level in result.roadmap.levels]
    ids += [item.id for _, item in result.roadmap.walk()]
    assert set(result.statuses) <= set(ids) and set(result.notes) <= set(ids)


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_import_of_any_text_returns_or_raises_roadmap_error(fuzz_folder: Path, text: str) -> None:
    _assert_imports_or_refuses(fuzz_folder, text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_import_of_any_bytes_returns_or_raises_roadmap_error(
    fuzz_folder: Path, data: bytes
) -> None:
    _assert_imports_or_refuses(fuzz_folder, data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=5)), max_size=40))
def test_import_of_markdownish_text_returns_or_raises_roadmap_error(
    fuzz_folder: Path, parts: list[str]
) -> None:
    _assert_imports_or_refuses(fuzz_folder, "".join(parts).encode("utf-8", "surrogatepass"))
