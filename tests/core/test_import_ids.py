"""Ids of imported topics that repeat a title: told apart by their parents and their
content, never by their place, so progress never lands on another topic."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.samples import run_cli

from roadmap_tui.base.paths import progress_path
from roadmap_tui.importing.reader import build_import, read_checklist
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_roadmap
from roadmap_tui.roadmap.model import Roadmap, Status

TITLES = ["Read", "Watch", "内存", ":bug:", "Implementation (C)"]
PARENTS = [
    "Week 1",
    "硬件信息",
    "运行信息",
    "Настройка",
    "A very long parent title number one",
    "A very long parent title number two",
]


def _build(text: str, previous: Roadmap | None = None) -> Roadmap:
    found = read_checklist(text, Path("x.md"))
    return build_import(found, "x", where=Path("x"), previous=previous).roadmap


def _render(sections: list[tuple[str, list[tuple[str, str, list[tuple[str, str]]]]]]) -> str:
    out = "# Plan\n\n"
    for heading, tasks in sections:
        out += f"## {heading}\n\n"
        for title, details, children in tasks:
            out += f"- [ ] {title}{details}\n"
            out += "".join(f"  - [ ] {t}{d}\n" for t, d in children)
        out += "\n"
    return out


def _by_content(roadmap: Roadmap) -> dict[tuple[str, ...], str]:
    """Each topic's id, keyed by its path of titles and its details and link."""
    out: dict[tuple[str, ...], str] = {}

    def visit(item: object, path: tuple[str, ...]) -> None:
        from roadmap_tui.roadmap.model import Item

        assert isinstance(item, Item)
        link = item.links[0].url if item.links else ""
        key = (*path, item.title, item.details, link)
        out[key] = item.id
        for child in item.children:
            visit(child, (*path, item.title))

    for level in roadmap.levels:
        for item in level.items:
            visit(item, (level.title,))
    return out


detail = st.sampled_from(["", ": Chapter 1", ": Chapter 2", ": Chapter 3", " — intro"])
linked = st.sampled_from(["", " [C](https://a.example/1)", " [C](https://a.example/2)"])
task = st.tuples(st.sampled_from(TITLES), st.one_of(detail, linked))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(TITLES),
            st.one_of(detail, linked),
            st.lists(task, max_size=3),
        ),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.sampled_from(PARENTS), min_size=1, max_size=3, unique=True),
    st.randoms(use_true_random=False),
)
def test_an_inserted_task_never_takes_another_topics_id(
    tasks: list[tuple[str, str, list[tuple[str, str]]]], headings: list[str], rnd: random.Random
) -> None:
    sections = [(h, [(t, d, list(c)) for t, d, c in tasks]) for h in headings]
    first = _build(_render(sections))
    before = _by_content(first)
    if len(before) != len(first.index().items):
        return  # true copies (same title, parents and content): only order tells them apart
    # A task (maybe a title that is already there) is inserted somewhere, under any heading.
    where = rnd.randrange(len(sections))
    new: tuple[str, str, list[tuple[str, str]]] = (rnd.choice(TITLES), ": Chapter 0", [])
    sections[where][1].insert(rnd.randrange(len(sections[where][1]) + 1), new)
    updated = _by_content(_build(_render(sections), first))
    for content, key in before.items():
        assert updated[content] == key, content
    assert len(set(updated.values())) == len(updated)


@settings(max_examples=60, deadline=None)
@given(st.lists(task, min_size=2, max_size=8), st.randoms(use_true_random=False))
def test_siblings_with_one_title_get_ids_from_their_content(
    siblings: list[tuple[str, str]], rnd: random.Random
) -> None:
    """Fresh ids of siblings that share a title but not their content come from the
    content (never a number): another such sibling inserted anywhere changes none."""
    text = _render([("Week 1", [(t, d, []) for t, d in siblings])])
    before = _by_content(_build(text))
    if len(before) != len(siblings):
        return
    titles = [content[1] for content in before]
    shared = {title for title in titles if titles.count(title) > 1}
    siblings.insert(rnd.randrange(len(siblings) + 1), (siblings[0][0], ": Chapter 9"))
    after = _by_content(_build(_render([("Week 1", [(t, d, []) for t, d in siblings])])))
    for content, key in before.items():
        if content[1] in shared:
            assert after[content] == key, content
            assert not key.endswith(("-2", "-3")), key


def test_the_testers_examples_are_told_apart_by_content() -> None:
    text = (
        "# P\n\n## Week 1\n\n- [ ] Read: Chapter 1\n- [ ] Read: Chapter 2\n"
        "- [ ] [Implementation (C)](https://a.example/c1)\n"
        "- [ ] [Implementation (C)](https://a.example/c2)\n"
        "\n## 信息\n\n- [ ] 硬件信息\n  - [ ] 内存\n- [ ] 运行信息\n  - [ ] 内存\n"
    )
    ids = [item.id for _, item in _build(text).walk()]
    assert len(set(ids)) == len(ids)
    assert not any(key.endswith("-2") or key.endswith("-3") for key in ids), ids
    assert not any(key.startswith("in-topic") for key in ids), ids


def test_a_task_named_by_its_line_keeps_its_id_when_lines_come_above() -> None:
    text = "# Q\n\n## Q40\n\n- [ ] ![diagram](q.png)\n- [ ] Plain answer\n"
    before = {item.title: item.id for _, item in _build(text).walk()}
    moved = text.replace("## Q40\n\n", "## Q40\n\nSome words first.\n\nAnd more.\n\n")
    after = _build(moved, _build(text))
    fresh = _build(moved)
    (named,) = [i for _, i in fresh.walk() if i.title.startswith("Task on line")]
    assert named.id == before["Task on line 5"] == "task"
    (kept,) = [i for _, i in after.walk() if i.title.startswith("Task on line")]
    assert kept.id == "task"


def test_imports_written_with_o_never_share_an_id_or_progress(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    def run(*argv: str) -> tuple[int, str, str]:
        return run_cli(capsys, *argv)

    data = data_dir
    one, two = tmp_path / "a" / "docs" / "README.md", tmp_path / "b" / "docs" / "README.md"
    for path in (one, two):
        path.parent.mkdir(parents=True)
        path.write_text("- [x] Same task\n", encoding="utf-8")
    ids = []
    for source, out in ((one, "a.toml"), (two, "b.toml")):
        code, _, err = run("import", str(source), "-o", str(tmp_path / out))
        assert code == 0, err
        ids.append(load_roadmap(tmp_path / out).id)
    assert ids[0] != ids[1]
    # --force over another source's import gives a new id, not the replaced one's.
    code, out, err = run("import", str(two), "-o", str(tmp_path / "a.toml"), "--force")
    assert code == 0, err
    assert "Another roadmap already has the id" in out
    replaced = load_roadmap(tmp_path / "a.toml").id
    assert replaced not in ids
    # ... nor one a roadmap in the roadmaps folder of another source has.
    code, _, err = run("import", str(one))
    assert code == 0, err
    folder_ids = {p.stem for p in (data / "roadmaps").iterdir()}
    assert not folder_ids & {*ids, replaced}
    assert all(progress_path(data, key).exists() for key in ids)


def test_ticks_the_file_moves_follow_it_unless_you_changed_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    source = tmp_path / "plan.md"
    source.write_text(
        "# Plan\n\n- [x] set\n- [ ] list\n- [x] mine\n- [ ] other\n- [ ] noted\n",
        encoding="utf-8",
    )
    assert run_cli(capsys, "import", str(source))[0] == 0
    for key, status in (("mine", "todo"), ("other", "done"), ("noted", "skipped")):
        code, _, err = run_cli(capsys, "--roadmap", "plan", "mark", key, status)
        assert code == 0, err
    # Upstream moves every tick.
    source.write_text(
        "# Plan\n\n- [ ] set\n- [x] list\n- [ ] mine\n- [ ] other\n- [x] noted\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(capsys, "import", str(source))
    assert code == 0, err
    assert "ticks changed on 2 topics you had not changed yourself" in out
    saved = ProgressStore(progress_path(data_dir, "plan"), "plan").load()
    statuses = saved.statuses()
    assert statuses.get("set", Status.TODO) is Status.TODO  # followed the file
    assert statuses["list"] is Status.DONE  # followed the file
    assert statuses["mine"] is Status.TODO and statuses["other"] is Status.DONE  # yours
    assert statuses["noted"] is Status.SKIPPED  # yours, although the file ticks it now
    assert saved.entries["list"].finished is None  # a file's tick is not "finished today"
    # And again: the file's tick on "set" comes back; "other" stays yours.
    source.write_text(
        "# Plan\n\n- [x] set\n- [x] list\n- [ ] mine\n- [ ] other\n- [x] noted\n",
        encoding="utf-8",
    )
    assert run_cli(capsys, "import", str(source))[0] == 0
    statuses = ProgressStore(progress_path(data_dir, "plan"), "plan").load().statuses()
    assert statuses["set"] is Status.DONE and statuses["other"] is Status.DONE
