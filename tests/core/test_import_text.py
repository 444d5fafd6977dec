"""The text of imported task lines: emoji shortcodes and full-width colons, and titles
that would show nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.base.text import has_text
from roadmap_tui.importing.reader import build_import, read_checklist


def _topics(text: str) -> list[tuple[str, str]]:
    imported = build_import(read_checklist(text, Path("x.md")), "x", where=Path("x"))
    return [(item.title, item.details) for _, item in imported.roadmap.walk()]


@pytest.mark.parametrize(
    ("line", "title", "details"),
    [
        (":memo: Write the docs", ":memo: Write the docs", ""),
        (":bug: Fix: the crash", ":bug: Fix", "the crash"),
        (":sparkles: :tada: Launch", ":sparkles: :tada: Launch", ""),
        ("配置：说明", "配置", "说明"),
        ("Read: Chapter 1", "Read", "Chapter 1"),
    ],
)
def test_a_shortcode_colon_never_splits_and_a_full_width_one_does(
    line: str, title: str, details: str
) -> None:
    assert _topics(f"# P\n\n- [ ] {line}\n") == [(title, details)]


# Characters that show nothing: format characters, marks with no base, fillers.
_NOTHING = "\u00ad\u200b\u2060\ufeff\u180e\u3164\u2800\u115f\u1160\uffa0\u034f\ufe0f\u200e"


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=_NOTHING + " ", min_size=1, max_size=6))
def test_a_title_of_invisible_characters_is_no_title(title: str) -> None:
    assert not has_text(title)
    ((shown, _),) = _topics(f"# P\n\n- [ ] a{title}b\n- [ ] {title}\n")[1:]
    assert shown == "Task on line 4"


def test_invisible_characters_leave_titles_but_emoji_sequences_stay() -> None:
    family = "👨\u200d👩\u200d👧"
    assert _topics(f"# P\n\n- [ ] A\u3164B\u00ad{family}\n") == [(f"AB{family}", "")]


def test_a_quiz_answers_code_block_after_it_at_the_top_level_is_kept() -> None:
    answers = "".join(
        f"- [{'x' if n == 1 else ' '}] {name}\n\n```python\ndef f():\n    return {n}\n```\n\n"
        for n, name in enumerate("ABC")
    )
    text = f"# Quiz\n\n#### Q1. Which one?\n\n{answers}- [ ]\n\n```python\nprint(4)\n```\n"
    imported = build_import(read_checklist(text, Path("q.md")), "q", where=Path("q"))
    items = [item for _, item in imported.roadmap.walk()]
    assert [item.title for item in items] == ["A", "B", "C", "print(4)"]
    assert [item.description for item in items[:3]] == [
        f"def f():\n    return {n}" for n in range(3)
    ]
    assert not imported.warnings  # the last one took its title from its code
    ids = [item.id for item in items]
    assert len(set(ids)) == 4


def test_code_after_a_checklist_of_several_tasks_is_not_the_last_tasks() -> None:
    text = "# P\n\n- [ ] One\n- [ ] Two\n\n```sh\nmake example\n```\n"
    imported = build_import(read_checklist(text, Path("p.md")), "p", where=Path("p"))
    assert [item.description for _, item in imported.roadmap.walk()] == ["", ""]


@pytest.mark.parametrize("columns", [80, 120, 160])
def test_list_gives_ids_more_room_in_wider_terminals(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
) -> None:
    from rich.cells import cell_len
    from support.samples import run_cli

    monkeypatch.setenv("COLUMNS", str(columns))
    title = "Distributed systems reading group"  # an id of 33 characters
    source = tmp_path / "plan.md"
    source.write_text(f"# {title}\n\n- [ ] a\n", encoding="utf-8")
    assert run_cli(capsys, "import", str(source))[0] == 0
    code, out, err = run_cli(capsys, "list")
    assert code == 0, err
    table = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert len({cell_len(line) for line in table}) == 1  # aligned
    assert all(cell_len(line) <= columns for line in out.splitlines())
    assert "distributed-systems-reading-group" in out  # whole: `--roadmap ID` takes it


def test_strikethrough_footnotes_tables_and_script_links_read_as_text() -> None:
    text = (
        "# P\n\n"
        "- [ ] ~~Old~~ New thing\n"
        "- [ ] Read the docs[^1]\n"
        "- [ ] Compare\n"
        "  | Tool | Page |\n  |---|---|\n  | A | [site](https://a.example) |\n"
        "- [ ] Scripts\n"
        "  - see [here](javascript:alert(1)) and <javascript:alert(2)>\n"
        "\n[^1]: The footnote's own text.\n"
    )
    imported = build_import(read_checklist(text, Path("p.md")), "p", where=Path("p"))
    items = {item.title: item for _, item in imported.roadmap.walk()}
    assert list(items) == ["Old New thing", "Read the docs", "Compare", "Scripts"]
    assert items["Compare"].description == "Tool | Page\nA | site"
    assert [link.url for link in items["Compare"].links] == ["https://a.example"]
    assert items["Scripts"].description == "see here and"
    assert not items["Scripts"].links
    assert "footnote" not in str(imported.roadmap)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        # A tag among the words is a word: Slack channels, hashtags in a sentence.
        ("Join #general and #random", "Join #general and #random"),
        ("Post in #intros #onboarding", "Post in #intros #onboarding"),
        ("Read docs #todo", "Read docs #todo"),
        ("Fix issue #42", "Fix issue #42"),
        # Obsidian Tasks: the tags a line starts with (its `#task` filter) go, and every
        # tag of a line with a Tasks field (a date, a priority) goes with the field.
        ("#task Task 1 Vanilla", "Task 1 Vanilla"),
        ("#task #home Water the plants 📅 2022-02-28 #later", "Water the plants"),
        ("Pay rent ⏫ #bills", "Pay rent"),
    ],
)
def test_tags_go_only_where_obsidian_tasks_puts_them(line: str, title: str) -> None:
    (got,) = _topics(f"# T\n\n## L\n\n- [ ] {line}\n")
    assert got[0] == title
