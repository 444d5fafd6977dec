"""Importing real checklists (tests/data/checklists, README there names each source):
nothing dropped without a word, links and nested content kept, ids that survive edits,
re-imports that update in place, distinct sources kept apart, imports from a URL (a
local server, never the internet), imported ticks outside the pace, `list` at 80
columns (docs/markdown.md, "Import")."""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.samples import CORPUS, SEED, one_error_line
from support.samples import run_cli as run
from support.webserver import QuietHandler, serve

from roadmap_tui.base.paths import progress_path
from roadmap_tui.export.markdown import export_markdown
from roadmap_tui.importing.ids import topic_key
from roadmap_tui.importing.reader import Imported, import_markdown
from roadmap_tui.numbers.pace import compute_stats
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_roadmap
from roadmap_tui.roadmap.model import ID_PATTERN, Roadmap, Status

TODAY = date(2026, 1, 2)


def write(folder: Path, text: str, name: str = "list.md") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def topics(roadmap: Roadmap) -> dict[str, str]:
    """title -> id of every topic."""
    return {item.title: item.id for _, item in roadmap.walk()}


def links(roadmap: Roadmap) -> dict[str, list[str]]:
    return {item.title: [x.url for x in item.links] for _, item in roadmap.walk()}


def one_line_error(err: str, *names: str) -> None:
    one_error_line(err, says=names)


# ------------------------------------------------------------------ 1. the corpus

# file: (levels, topics, topics with links, done)
SHAPES = {
    "api-security.md": (4, 12, 1, 0),
    "api-security-zh.md": (5, 15, 2, 0),
    "api-security-ru.md": (4, 11, 2, 0),
    "coding-interview-university.md": (8, 99, 57, 0),
    "front-end.md": (4, 10, 7, 0),
    "obsidian-callouts.md": (6, 12, 0, 0),
    "obsidian-dates.md": (2, 8, 0, 2),
    "pull-request-template.md": (1, 2, 0, 0),
    "python-quiz.md": (13, 52, 0, 13),
}


def task_lines(path: Path) -> int:
    """Task items in a file, counted by a reader other than the importer: GFM's
    task-list plugin over markdown-it (tasks in fenced code are not tasks)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.tasklists import tasklists_plugin

    tokens = MarkdownIt("commonmark").use(tasklists_plugin).parse(path.read_text("utf-8"))
    return sum(1 for tok in tokens if "task-list-item" in str(tok.attrGet("class") or ""))


def test_the_corpus_is_described() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for name in SHAPES:
        assert name in readme
    assert {path.name for path in CORPUS.glob("*.md")} - {"README.md"} == set(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_real_checklist_imports_every_task(name: str) -> None:
    imported = import_markdown(CORPUS / name)
    roadmap = imported.roadmap
    levels, count, linked, done = SHAPES[name]
    items = [item for _, item in roadmap.walk()]
    assert (len(roadmap.levels), len(items)) == (levels, count)
    assert count == task_lines(CORPUS / name)  # nothing dropped
    assert sum(1 for item in items if item.links) == linked
    assert sum(1 for s in imported.statuses.values() if s is Status.DONE) == done
    ids = [item.id for item in items] + [level.id for level in roadmap.levels]
    assert len(ids) == len(set(ids))
    for item in items:
        assert item.title.strip() and "[ ]" not in item.title and "![" not in item.title
        assert all(link.url.startswith(("http://", "https://")) for link in item.links)


def assert_export_import_keeps_everything(first: Imported, folder: Path) -> None:
    """Import → export → import gives the same roadmap (ids, titles, details,
    descriptions, links in order, nesting, levels), the same statuses and notes, and the
    same export again."""
    markdown = export_markdown(first.roadmap, entries_for(first), TODAY)
    again = import_markdown(write(folder, markdown, "export.md"))
    assert again.roadmap == first.roadmap
    assert (again.statuses, again.notes) == (first.statuses, first.notes)
    assert export_markdown(again.roadmap, entries_for(again), TODAY) == markdown


@pytest.mark.parametrize("path", [*(CORPUS / name for name in sorted(SHAPES)), SEED])
def test_every_real_checklist_round_trips(path: Path, tmp_path: Path) -> None:
    first = import_markdown(path)
    assert_export_import_keeps_everything(first, tmp_path)


def test_the_corpus_links_and_descriptions_survive_an_export(tmp_path: Path) -> None:
    """The round trip above holds something: the corpus has links and descriptions."""
    found = [item for name in SHAPES for _, item in import_markdown(CORPUS / name).roadmap.walk()]
    assert sum(len(item.links) for item in found) >= 10
    assert sum(1 for item in found if item.description) >= 3


def entries_for(imported: Imported) -> dict[str, Entry]:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    return {
        key: Entry(imported.statuses.get(key, Status.TODO), when, note=imported.notes.get(key, ""))
        for key in {*imported.statuses, *imported.notes}
    }


def first_task_line(text: str) -> int:
    """The index of the line of the first task item in ``text`` (not one in code)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.tasklists import tasklists_plugin

    tokens = MarkdownIt("commonmark").use(tasklists_plugin).parse(text)
    task = next(tok for tok in tokens if "task-list-item" in str(tok.attrGet("class") or ""))
    assert task.map is not None
    return task.map[0]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_real_checklist_keeps_its_ids_when_a_task_is_inserted_above(
    name: str, tmp_path: Path
) -> None:
    """A new first task, written like the file's own first task: a fresh import gives
    every other topic the id it had, and updating the earlier import keeps them all."""
    from roadmap_tui.importing.reader import build_import, read_checklist

    text = (CORPUS / name).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = first_task_line(text)
    marker = re.match(r"[\s>]*(?:[-*+]|\d+[.)])\s+", lines[at])
    assert marker is not None
    lines.insert(at, f"{marker[0]}[ ] Brand new first task\n")
    edited = "".join(lines)
    first = import_markdown(CORPUS / name).roadmap
    fresh = import_markdown(write(tmp_path, edited, name)).roadmap
    updated = build_import(
        read_checklist(edited, CORPUS / name), first.id, where=CORPUS / name, previous=first
    ).roadmap
    before = {item.id: item.title for _, item in first.walk()}
    for roadmap in (fresh, updated):
        after = {item.id: item.title for _, item in roadmap.walk()}
        assert len(after) == len(before) + 1
        assert topics(roadmap)["Brand new first task"] not in before
        kept = {key: title for key, title in before.items() if not title.startswith("Task on line")}
        assert {key: after.get(key) for key in kept} == kept


def test_quiz_answers_that_are_only_code_keep_the_code_that_tells_them_apart() -> None:
    """Q36 of the quiz bank: four answers whose text is `:`, each followed by a code
    block that begins `def sum(a, b):`; only the lines after it differ."""
    imported = import_markdown(CORPUS / "python-quiz.md")
    q36 = next(lv for lv in imported.roadmap.levels if lv.title.startswith("Q36."))
    assert [item.title for item in q36.items] == ["def sum(a, b)"] * 4
    codes = [item.description for item in q36.items]
    assert all(code.startswith("def sum(a, b):\n") for code in codes)
    assert len(set(codes)) == len({item.id for item in q36.items}) == 4
    ticked = [item for item in q36.items if imported.statuses.get(item.id) is Status.DONE]
    assert len(ticked) == 1 and ">>> sum(a, b)" in ticked[0].description
    q10 = next(lv for lv in imported.roadmap.levels if lv.title.startswith("Q10."))
    assert q10.items[0].title == "class Game(LogicGame): pass"  # `: ` in code splits nothing


def test_front_end_checklist_keeps_links_and_drops_badges_and_navigation() -> None:
    roadmap = import_markdown(CORPUS / "front-end.md").roadmap
    assert roadmap.title == "Front-End Checklist"  # from the README's HTML <h1>
    found = links(roadmap)
    assert found["Title"] == [
        "https://developer.mozilla.org/en-US/docs/Web/HTML/Element/title",
        "https://www.sistrix.com/serp-snippet-generator/",
    ]
    assert found["HTML Lint"] == ["https://dirtymarkup.com/", "https://webhint.io/"]
    doctype = next(item for _, item in roadmap.walk() if item.title == "Doctype")
    assert doctype.details.startswith("The Doctype is HTML5")  # the badge image is gone
    text = json.dumps([[lv.title, lv.note] for lv in roadmap.levels], ensure_ascii=False)
    assert "back to top" not in text and "High" not in text
    titles = [level.title for level in roadmap.levels]
    assert "Head › Best practices" in titles and "HTML › Best practices" in titles


def test_obsidian_tasks_fields_leave_the_title_and_give_the_finished_date() -> None:
    imported = import_markdown(CORPUS / "obsidian-dates.md")
    ids = topics(imported.roadmap)
    assert "Valid due date" in ids and "Valid done date" in ids
    assert not any("#" in title or "📅" in title for title in ids)
    done = ids["Valid done date"]
    assert imported.finished[done].date() == date(2022, 2, 28)
    # 2022-02-29 is no date: the tick is kept, its time is unknown
    assert imported.statuses[ids["Invalid done date"]] is Status.DONE
    assert ids["Invalid done date"] not in imported.finished


def test_non_latin_titles_get_distinct_ids() -> None:
    for name in ("api-security-zh.md", "api-security-ru.md"):
        roadmap = import_markdown(CORPUS / name).roadmap
        ids = [item.id for _, item in roadmap.walk()]
        assert len(set(ids)) == len(ids)
        assert "item" not in ids and not any(i.startswith("item-") for i in ids)


# ------------------------------------------------------------------ 2. ids and edits


def test_ids_come_from_content_in_any_script() -> None:
    assert topic_key("Big-O notation") == "big-o-notation"
    assert topic_key("C++") == "c-plus-plus" != topic_key("C#") == "c-sharp"
    cjk, cyr, arabic, emoji = (topic_key(t) for t in ("数组", "Массивы", "المصفوفات", "🚀"))
    assert len({cjk, cyr, arabic, emoji}) == 4
    assert topic_key("数组") == cjk  # stable
    assert topic_key("Arrays 数组") != topic_key("Arrays 链表")


titles_strategy = st.lists(
    st.text(
        alphabet=st.characters(categories=["L", "N", "Zs", "P", "So"]), min_size=1, max_size=12
    ).filter(lambda t: any(c.isalnum() or not c.isascii() for c in t.strip())),
    min_size=2,
    max_size=8,
    unique_by=lambda t: " ".join(t.casefold().split()),
)


def checklist(titles: list[str]) -> str:
    return "# Plan\n\n## Things\n\n" + "".join(f"- [ ] {t}\n" for t in titles)


@settings(max_examples=80, deadline=None)
@given(titles_strategy, st.data())
def test_ids_survive_inserts_removals_and_reorders(titles: list[str], data: st.DataObject) -> None:
    """Fresh ids of titles whose slug no other title shares never depend on the others;
    and updating the earlier import keeps every surviving topic's id, always."""
    from roadmap_tui.importing.reader import build_import, read_checklist

    def imported(names: list[str], previous: Roadmap | None = None) -> Roadmap:
        found = read_checklist(checklist(names), Path("x.md"))
        return build_import(found, "x", where=Path("x"), previous=previous).roadmap

    first = imported(titles)
    before = topics(first)
    if len(before) != len(titles) or "a brand new task" in map(str.casefold, titles):
        return  # titles that clean to the same text are one topic twice: not this test
    edited = data.draw(st.permutations(titles))[1:]
    edited.insert(data.draw(st.integers(0, len(edited))), "A brand new task")
    fresh, updated = topics(imported(edited)), topics(imported(edited, first))
    slugs = Counter(topic_key(title) for title in [*titles, *edited])
    for title, key in fresh.items():
        assert re.match(ID_PATTERN, key)
        if title in before and slugs[topic_key(title)] == 2:  # its own, before and after
            assert before[title] == key
    for title in edited:
        if title in before:
            assert updated[title] == before[title]
    assert len(set(updated.values())) == len(updated)


INSERTED = "- [ ] Brand new first task\n"


def test_ticks_stay_on_their_topics_when_a_task_is_inserted_above(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = tmp_path / "plan.md"
    original = (CORPUS / "api-security.md").read_text(encoding="utf-8")
    source.write_text(original, encoding="utf-8")
    assert run(capsys, "import", str(source))[0] == 0
    roadmap = load_roadmap(data_dir / "roadmaps" / "api-security-checklist.toml")
    before = topics(roadmap)
    ticked = "Make token expiration (TTL, RTTL) short as possible"
    removed = "Send X-Frame-Options: deny header"
    for title in (ticked, removed):
        code, _, err = run(capsys, "--roadmap", roadmap.id, "mark", before[title], "done")
        assert code == 0, err
    edited = original.replace("## Authentication\n", "## Authentication\n" + INSERTED)
    edited = edited.replace("- [ ] Send `X-Frame-Options: deny` header.\n", "")
    source.write_text(edited, encoding="utf-8")
    code, out, err = run(capsys, "import", str(source))  # no --force: the same source
    assert code == 0, err
    assert "11 topics kept, 1 added, 1 removed" in out
    after = load_roadmap(data_dir / "roadmaps" / "api-security-checklist.toml")
    assert topics(after)[ticked] == before[ticked]
    saved = ProgressStore(progress_path(data_dir, after.id), after.id).load().statuses()
    done = {title for title, key in topics(after).items() if saved.get(key) is Status.DONE}
    assert done == {ticked}  # the new topic starts unticked; nothing moved
    assert removed not in topics(after)
    code, out, _ = run(capsys, "--roadmap", after.id, "status", "--json")
    assert json.loads(out)["overall"]["done"] == 1  # the orphan is not counted
    # The removed topic comes back with its id, and its progress with it.
    source.write_text(original, encoding="utf-8")
    assert run(capsys, "import", str(source))[0] == 0
    assert topics(load_roadmap(data_dir / "roadmaps" / "api-security-checklist.toml")) == before
    saved = ProgressStore(progress_path(data_dir, after.id), after.id).load().statuses()
    assert saved[before[removed]] is Status.DONE


def test_progress_follows_a_topic_whose_id_changes_by_its_title(tmp_path: Path) -> None:
    from roadmap_tui.importing.reader import build_import, read_checklist

    first_text = "# P\n\n## A\n\n- [ ] Exercises\n- [ ] Arrays\n"
    first = build_import(read_checklist(first_text, Path("p.md")), "p", where=Path("p"))
    # A second "Exercises" appears elsewhere: fresh ids would tell both apart by parent.
    second_text = first_text + "\n## B\n\n- [ ] Exercises\n"
    second = build_import(
        read_checklist(second_text, Path("p.md")), "p", where=Path("p"), previous=first.roadmap
    )
    a_exercises = second.roadmap.levels[0].items[0]
    assert a_exercises.id == first.roadmap.levels[0].items[0].id == "exercises"
    assert second.roadmap.levels[1].items[0].id != "exercises"
    assert second.followed is not None
    assert (second.followed.kept, len(second.followed.added)) == (2, 1)


def _reimport(first_text: str, second_text: str) -> tuple[Roadmap, Imported]:
    from roadmap_tui.importing.reader import build_import, read_checklist

    first = build_import(read_checklist(first_text, Path("p.md")), "p", where=Path("p"))
    second = build_import(
        read_checklist(second_text, Path("p.md")), "p", where=Path("p"), previous=first.roadmap
    )
    return first.roadmap, second


def test_a_renamed_topic_is_kept_by_its_first_link() -> None:
    """Each rule of following, in turn: a topic renamed under a new heading is found by
    nothing but its first link; a topic whose first link changed too is a new topic."""
    first, second = _reimport(
        "# P\n\n## A\n\n- [ ] Big O [notes](https://example.org/big-o)\n"
        "- [ ] Sorting [a](https://example.org/a) [b](https://example.org/b)\n",
        "# P\n\n## Basics\n\n- [ ] Big-O notation, explained [notes](https://example.org/big-o)\n"
        "- [ ] Sorting algorithms [b](https://example.org/b)\n",
    )
    old = first.levels[0].items
    new = second.roadmap.levels[0].items
    assert new[0].id == old[0].id  # renamed, moved, same first link: the same topic
    assert new[1].id != old[1].id  # its first link is not the one it had
    assert second.followed is not None
    assert (second.followed.kept, len(second.followed.added)) == (0, 1)  # kept: with progress
    assert [topic_id for topic_id, _ in second.followed.removed] == [old[1].id]


def test_a_link_shared_by_two_topics_keeps_neither() -> None:
    """A link that is the first of two topics says nothing about which is which."""
    first, second = _reimport(
        "# P\n\n## A\n\n- [ ] One [x](https://example.org/x)\n- [ ] Two [x](https://example.org/x)\n",
        "# P\n\n## A\n\n- [ ] Uno [x](https://example.org/x)\n- [ ] Dos [x](https://example.org/x)\n",
    )
    assert second.followed is not None
    assert (second.followed.kept, len(second.followed.added)) == (0, 2)
    assert {item.id for item in first.levels[0].items}.isdisjoint(
        item.id for item in second.roadmap.levels[0].items
    )
    # One left of the two: still no telling which one it was.
    _, third = _reimport(
        "# P\n\n## A\n\n- [ ] One [x](https://example.org/x)\n- [ ] Two [x](https://example.org/x)\n",
        "# P\n\n## A\n\n- [ ] Uno [x](https://example.org/x)\n",
    )
    assert third.followed is not None
    assert (third.followed.kept, len(third.followed.added)) == (0, 1)


# ------------------------------------------------------------------ 3. nothing dropped


def test_tasks_without_text_take_a_title_or_are_named_by_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        "# Quiz\n\n## Q1\n\n"
        "- [x]\n  ```python\n  class Game(LogicGame): pass\n  ```\n"
        "- [ ] \u00ad\n"
        "- [ ] ![only an image](x.png)\n"
        "- [ ]\n\n  The answer is a paragraph.\n"
    )
    source = write(tmp_path, text)
    imported = import_markdown(source)
    titles = [item.title for _, item in imported.roadmap.walk()]
    assert titles == [
        "class Game(LogicGame): pass",
        "Task on line 9",
        "Task on line 10",
        "The answer is a paragraph",
    ]
    assert list(imported.statuses.values()) == [Status.DONE]
    code, out, err = run(capsys, "import", str(source), "-o", str(tmp_path / "q.toml"))
    assert code == 0, err
    assert "line 9: a task with no text" in out and "line 10:" in out


def test_no_title_is_invisible(tmp_path: Path) -> None:
    text = "# \u00ad\u200b\n\n## \u2060\n\n- [ ] \u200b\n- [x] a\u00ad\n"
    roadmap = import_markdown(write(tmp_path, text, "notes.md")).roadmap
    names = [roadmap.title, *(lv.title for lv in roadmap.levels)]
    names += [item.title for _, item in roadmap.walk()]
    assert names == ["notes", "Section on line 3", "Task on line 5", "a"]


@pytest.mark.parametrize(
    ("line", "title", "details"),
    [
        ("`a: b` and more: the rest", "a: b and more", "the rest"),
        ("[Docs: intro](https://x.org/a): read it", "Docs: intro", "read it"),
        ("Use JWT (e.g.: HS256) here", "Use JWT (e.g.: HS256) here", ""),
        ("Title → details", "Title", "details"),
    ],
)
def test_titles_split_only_outside_code_links_and_parentheses(
    tmp_path: Path, line: str, title: str, details: str
) -> None:
    item = import_markdown(write(tmp_path, f"# T\n\n## L\n\n- [ ] {line}\n")).roadmap
    got = item.levels[0].items[0]
    assert (got.title, got.details) == (title, details)


def test_nested_bullets_and_paragraphs_become_description_links_and_note(tmp_path: Path) -> None:
    text = (
        "# Plan\n\n## Data structures\n\n"
        "- [ ] [About Arrays](https://example.org/arrays)\n"
        "  - Read chapter 2 of the book\n"
        "  - [Video: arrays in C](http://videos.example.org/1)\n"
        "  - [mailto](mailto:someone@example.org) and [ftp](ftp://example.org/x)\n"
        "\n"
        "  > [!NOTE]\n"
        "  > Watch the [second video](https://example.org/2) too.\n"
    )
    item = import_markdown(write(tmp_path, text)).roadmap.levels[0].items[0]
    assert item.title == "About Arrays"
    assert [link.url for link in item.links] == [
        "https://example.org/arrays",
        "http://videos.example.org/1",
        "https://example.org/2",
    ]
    assert "Read chapter 2 of the book" in item.description
    assert "mailto" in item.description  # only http(s) become links; the text stays


def test_alerts_become_notes_without_their_marker(tmp_path: Path) -> None:
    text = (
        "# P\n\n## Level\n\n> [!WARNING]\n> Mind the gap.\n\n"
        "- [ ] Task\n\n  > [!tip]- Folded callout\n  > Use the index.\n"
    )
    roadmap = import_markdown(write(tmp_path, text)).roadmap
    assert roadmap.levels[0].note == "Mind the gap."
    imported = import_markdown(write(tmp_path, text))
    assert imported.notes == {"task": "Folded callout\nUse the index."}


def test_a_ticked_parent_with_open_children_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write(tmp_path, "# P\n\n## L\n\n- [x] Parent\n  - [ ] Child\n  - [x] Other\n")
    code, out, err = run(capsys, "import", str(source), "-o", str(tmp_path / "p.toml"))
    assert code == 0, err
    assert "line 5: 'Parent' is ticked but has open subtasks" in out


def nested(depth: int) -> str:
    return "# Deep\n\n## L\n\n" + "".join("  " * i + f"- [ ] t{i}\n" for i in range(depth))


def test_tasks_nested_too_deep_are_flattened_with_a_warning(tmp_path: Path) -> None:
    imported = import_markdown(write(tmp_path, nested(40)))
    assert sum(1 for _ in imported.roadmap.walk()) == 40  # none lost
    assert any("nested more than" in w for w in imported.warnings)


def test_markdown_nested_past_the_parser_limit_is_an_error_not_a_cut(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write(tmp_path, nested(60) + "\n## After\n\n- [ ] last\n")
    code, _, err = run(capsys, "import", str(source), "-o", str(tmp_path / "d.toml"))
    assert code == 2
    one_line_error(err, str(source), "nested")
    assert not (tmp_path / "d.toml").exists()


# ------------------------------------------------------------------ 4. sources


def test_two_readmes_without_a_title_never_share_progress(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    one, two = tmp_path / "one" / "README.md", tmp_path / "two" / "README.md"
    for path in (one, two):
        path.parent.mkdir()
        path.write_text("- [ ] Same task\n", encoding="utf-8")
    # Same folder name too, so the titles collide.
    (tmp_path / "x").mkdir()
    first, second = tmp_path / "x" / "a" / "README.md", tmp_path / "b" / "a" / "README.md"
    for path in (first, second):
        path.parent.mkdir(parents=True)
        path.write_text("- [x] Same task\n", encoding="utf-8")
    assert run(capsys, "import", str(first))[0] == 0
    code, out, err = run(capsys, "import", str(second))
    assert code == 0, err
    assert "Another roadmap already has the id 'a'; this one is 'a-2'" in out
    assert {p.stem for p in (data_dir / "roadmaps").iterdir()} == {"a", "a-2"}
    assert run(capsys, "--roadmap", "a", "mark", "same-task", "todo")[0] == 0
    saved = ProgressStore(progress_path(data_dir, "a-2"), "a-2").load().statuses()
    assert saved["same-task"] is Status.DONE  # untouched by the other roadmap
    # Re-importing the second updates a-2, not a.
    code, out, _ = run(capsys, "import", str(second))
    assert "Updated" in out and "a-2" in out


def test_update_takes_an_explicit_roadmap_from_a_moved_source(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    old = write(tmp_path, "# Plan\n\n- [ ] One\n- [ ] Two\n", "old.md")
    assert run(capsys, "import", str(old))[0] == 0
    assert run(capsys, "--roadmap", "plan", "mark", "two", "done")[0] == 0
    moved = write(tmp_path, "# Plan\n\n- [ ] One\n- [ ] Two\n- [ ] Three\n", "moved.md")
    code, out, err = run(capsys, "import", str(moved), "--update", "plan")
    assert code == 0, err
    assert "2 topics kept, 1 added, 0 removed" in out
    assert load_roadmap(data_dir / "roadmaps" / "plan.toml").source == str(moved.resolve())
    code, _, err = run(capsys, "import", str(moved), "--update", "nope")
    assert code == 2
    one_line_error(err, "nope")


def test_an_import_whose_progress_cannot_be_saved_leaves_nothing_behind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = write(tmp_path, "# Plan\n\n- [x] One\n- [ ] Two\n")
    (data_dir / "progress").mkdir(parents=True)
    (data_dir / "progress" / "plan.toml.lock").mkdir()  # the lock can't be taken
    code, _, err = run(capsys, "import", str(source))
    assert code == 1
    one_line_error(err, "nothing was imported")
    assert not (data_dir / "roadmaps" / "plan.toml").exists()
    # An update that fails leaves the earlier roadmap exactly as it was.
    (data_dir / "progress" / "plan.toml.lock").rmdir()
    assert run(capsys, "import", str(source))[0] == 0
    before = (data_dir / "roadmaps" / "plan.toml").read_bytes()
    (data_dir / "progress" / "plan.toml.lock").unlink(missing_ok=True)
    (data_dir / "progress" / "plan.toml.lock").mkdir()
    write(tmp_path, "# Plan\n\n- [x] One\n- [ ] Two\n- [x] Three\n")
    assert run(capsys, "import", str(source))[0] == 1
    assert (data_dir / "roadmaps" / "plan.toml").read_bytes() == before


# ------------------------------------------------------------------ 5. URLs


ROUTES = {
    "/raw/list.md": (200, "text/markdown", b"# Web\n\n- [ ] [A](docs/a.md)\n- [x] B\n"),
    "/shieldfy/API-Security-Checklist/HEAD/README.md": (
        200,
        "text/plain",
        (CORPUS / "api-security.md").read_bytes(),
    ),
    "/o/r/main/docs/plan.md": (200, "text/plain", b"# Plan\n\n- [ ] Step\n"),
    "/page.html": (200, "text/html", b"<!doctype html><p>hi</p>"),
    "/big.md": (200, "text/plain", b"- [ ] x\n" * 2000),
    "/slow.md": (200, "slow", b"- [ ] x\n"),
}


@dataclass
class _Server:
    url: str
    seen: list[str]


@pytest.fixture
def server() -> Iterator[_Server]:
    seen: list[str] = []

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            status, kind, body = ROUTES.get(self.path, (404, "text/plain", b"no"))
            if kind == "slow":
                threading.Event().wait(3)
                kind = "text/plain"
            self.answer(body, status, kind=kind)

    with serve(Handler) as url:
        yield _Server(url, seen)


def test_import_from_a_raw_url_and_again_updates_it(
    capsys: pytest.CaptureFixture[str], server: _Server, data_dir: Path
) -> None:
    url = f"{server.url}/raw/list.md"
    code, out, err = run(capsys, "import", url)
    assert code == 0, err
    roadmap = load_roadmap(data_dir / "roadmaps" / "web.toml")
    assert roadmap.source == url
    # A relative link in a web source is resolved against it.
    assert links(roadmap)["A"] == [f"{server.url}/raw/docs/a.md"]
    code, out, err = run(capsys, "import", url)
    assert code == 0, err
    assert "Updated 'Web'" in out
    rows = {row["id"]: row for row in json.loads(run(capsys, "list", "--json")[1])}
    assert (rows["web"]["source"], rows["backend"]["source"]) == (url, None)


def test_a_github_repository_page_means_its_raw_readme(
    capsys: pytest.CaptureFixture[str],
    server: _Server,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ROADMAP_TUI_GITHUB_RAW", server.url)
    code, out, err = run(capsys, "import", "https://github.com/shieldfy/API-Security-Checklist")
    assert code == 0, err
    assert server.seen == ["/shieldfy/API-Security-Checklist/HEAD/README.md"]
    assert "12 topics" in out
    code, out, err = run(capsys, "import", "https://github.com/o/r/blob/main/docs/plan.md")
    assert code == 0, err
    assert server.seen[-1] == "/o/r/main/docs/plan.md"


@pytest.mark.parametrize(
    ("path", "words", "exit_code"),
    [
        ("/missing.md", "404", 2),
        ("/page.html", "web page", 2),
        ("/big.md", "larger than", 2),
        ("/slow.md", "seconds", 3),  # the network's failure, not bad input
    ],
)
def test_url_problems_are_one_line_and_exit_2_or_3(
    capsys: pytest.CaptureFixture[str],
    server: _Server,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    words: str,
    exit_code: int,
) -> None:
    from roadmap_tui.importing import fetch

    monkeypatch.setattr(fetch, "MAX_BYTES", 1000)
    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 0.5)
    code, _, err = run(capsys, "import", server.url + path)
    assert code == exit_code
    one_line_error(err, server.url + path, words)
    assert not (data_dir / "roadmaps").exists() or not any((data_dir / "roadmaps").iterdir())


def test_an_unreachable_host_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", "http://127.0.0.1:9/list.md")
    assert code == 3
    one_line_error(err, "127.0.0.1:9", "cannot reach")


# ------------------------------------------------------------------ 6. pace and list


def test_imported_ticks_count_as_done_but_not_in_the_pace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    text = "# Quiz\n\n" + "".join(f"- [x] Question {n}\n" for n in range(40)) + "- [ ] Last\n"
    text += "- [x] Dated ✅ 2026-01-01\n"
    assert run(capsys, "import", str(write(tmp_path, text)))[0] == 0
    code, out, err = run(capsys, "--roadmap", "quiz", "status", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["overall"]["done"] == 41
    assert data["pace"]["finished_last_4_weeks"] <= 1  # only the dated tick, if recent
    roadmap = load_roadmap(data_dir / "roadmaps" / "quiz.toml")
    entries = ProgressStore(progress_path(data_dir, "quiz"), "quiz").load().entries
    stats = compute_stats(roadmap, entries, datetime(2026, 1, 5, tzinfo=UTC), UTC)
    assert stats.finished_last_4_weeks == 1 and stats.current_streak == 0
    assert sum(count for _, count in stats.weeks) == 1
    assert stats.remaining == 1


def test_list_fits_80_columns_with_long_ids_and_wide_titles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.cells import cell_len

    monkeypatch.delenv("COLUMNS", raising=False)  # not a terminal: 80 columns

    long = "# " + "很长的标题🚀" * 8 + "\n\n- [ ] 一\n"
    assert run(capsys, "import", str(write(tmp_path, long, "wide.md")))[0] == 0
    words = "# " + " ".join(["Extraordinarily"] * 12) + "\n\n- [ ] a\n"
    assert run(capsys, "import", str(write(tmp_path, words, "long.md")))[0] == 0
    code, out, err = run(capsys, "list")
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.strip()]
    table = [line for line in lines if line[:1] in "┏┃┡│└"]
    assert len(table) >= 7
    assert {cell_len(line) for line in table} == {80}  # aligned borders, at 80
    assert all(cell_len(line) <= 80 for line in lines)
    assert "…" in out


# ------------------------------------------------------------------ 8. shapes in our words

STUDY_PLAN = """\
# Plan

## Algorithms

- [ ] Recursion
    - Some lectures about it:
        - [ ] [Talk 8 | Abstractions (video)](https://videos.example.org/8)
        - [x] [Talk 9 | Abstractions (video)](https://videos.example.org/9)
    - when it is a good fit
- [ ] Sorting
"""

QUIZ = """\
## Python

#### Q1. What does this print?

```python
print(2 ** 3)
```

- [ ] `6`
- [x] `8`
- [ ] `9`

**Explanation:** `**` is a power.

#### Q2. Is a tuple mutable?

- [ ] True
- [x] False

#### Q3. Is a list mutable?

- [x] True
- [ ] False
"""


def test_a_study_plan_keeps_lectures_as_children_with_their_links(tmp_path: Path) -> None:
    imported = import_markdown(write(tmp_path, STUDY_PLAN))
    recursion = imported.roadmap.levels[0].items[0]
    assert recursion.description == "Some lectures about it:\nwhen it is a good fit"
    assert [(c.title, [x.url for x in c.links]) for c in recursion.children] == [
        ("Talk 8 | Abstractions (video)", ["https://videos.example.org/8"]),
        ("Talk 9 | Abstractions (video)", ["https://videos.example.org/9"]),
    ]
    assert list(imported.statuses.values()) == [Status.DONE]


def test_a_quiz_bank_keeps_every_answer_with_distinct_ids(tmp_path: Path) -> None:
    imported = import_markdown(write(tmp_path, QUIZ, "quiz.md"))
    roadmap = imported.roadmap
    assert [level.title for level in roadmap.levels] == [
        "Q1. What does this print?",
        "Q2. Is a tuple mutable?",
        "Q3. Is a list mutable?",
    ]
    answers = [(item.title, item.id) for _, item in roadmap.walk()]
    assert [title for title, _ in answers] == ["6", "8", "9", "True", "False", "True", "False"]
    assert len({key for _, key in answers}) == 7
    assert sum(1 for s in imported.statuses.values() if s is Status.DONE) == 3
    assert "power" in roadmap.levels[0].note


CODE_ANSWERS = "# Quiz\n\n#### Q1. Which one?\n\n" + "".join(
    f"- [{'x' if n == 1 else ' '}] {name}\n\n```python\ndef f():\n\n    return {n}  \n```\n\n"
    for n, name in enumerate("ABC")
)
NESTED = (
    "# Plan\n\n## Data structures\n\n"
    "- [/] [About Arrays](https://example.org/arrays) — see [the book](https://example.org/b)\n"
    "  - Read chapter 2 of the *book*\n"
    "  - [Video: arrays in C](http://videos.example.org/1)\n"
    "  - see [here](javascript:alert(1)) and [MDN](https://developer.mozilla.org/a_(b))\n"
    "  - | not | a table |\n"
    "  - [ ] Compare\n"
    "    | Tool | Page |\n    |---|---|\n    | A | [site](https://a.example/?q=1&r=(2)) |\n"
    "\n"
    "  > [!NOTE]\n"
    "  > Watch the [second video](https://example.org/2) too.\n"
)


@pytest.mark.parametrize(
    "text", [STUDY_PLAN, CODE_ANSWERS, NESTED], ids=["study-plan", "code-answers", "nested"]
)
def test_study_plans_quizzes_and_nested_links_survive_export_and_import(
    text: str, tmp_path: Path
) -> None:
    first = import_markdown(write(tmp_path, text, "source.md"))
    assert any(item.links or item.description for _, item in first.roadmap.walk())
    assert_export_import_keeps_everything(first, tmp_path)
