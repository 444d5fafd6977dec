"""`roadmap-tui topics [--json] [LEVEL]`: every topic's id, title and status, fitting
the terminal; and every "unknown id" hint points to it (docs/usage.md)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from support.samples import one_error_line, run_cli

from roadmap_tui.numbers.counts import STATE_WORDS, compute_progress, item_state
from roadmap_tui.roadmap.load import load_bundled, roadmap_from_data
from roadmap_tui.roadmap.model import Roadmap, Status
from roadmap_tui.views.tables import render_topics

MARKS = {
    "cs-basics": "done",
    "networking-fundamentals": "doing",
    "os-basics": "skip",
    "cloud-aws": "done",
}


def topics_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run_cli(capsys, "topics", "--json", *argv)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def rows(out: str) -> dict[str, tuple[str, str]]:
    """id -> (the rest of its row, status words) of every topic row of `topics`."""
    found: dict[str, tuple[str, str]] = {}
    for line in out.splitlines():
        if line.startswith("  "):
            key, _, rest = line.strip().partition("  ")
            words = sorted(STATE_WORDS.values(), key=len, reverse=True)
            status = next(word for word in words if line.endswith(word))
            found[key] = (rest.strip(), status)
    return found


def test_topics_lists_every_id_title_and_status(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, status in MARKS.items():
        assert run_cli(capsys, "mark", key, status)[0] == 0
    monkeypatch.setenv("COLUMNS", "200")  # room for every title whole
    code, out, err = run_cli(capsys, "topics")
    assert (code, err) == (0, "")
    backend = load_bundled()
    listed = rows(out)
    statuses = {
        "cs-basics": Status.DONE,
        "networking-fundamentals": Status.IN_PROGRESS,
        "os-basics": Status.SKIPPED,
        "cloud-aws": Status.DONE,
    }
    items = [item for _, item in backend.walk()]
    assert list(listed) == [item.id for item in items]  # every topic, in order, once
    for item in items:
        title, words = listed[item.id]
        assert title.startswith(item.title)
        assert words == STATE_WORDS[item_state(item, statuses)]
    assert listed["cloud-platforms"][1] == "partly done"
    for number, level in enumerate(backend.levels):
        assert f"Level {number} – {level.title} (" in out and f"id {level.id}" in out


def test_topics_fit_80_columns_with_ids_whole(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "topics")  # not a terminal, no COLUMNS: 80
    assert code == 0
    assert all(cell_len(line) <= 80 for line in out.splitlines())
    assert list(rows(out)) == [item.id for _, item in load_bundled().walk()]
    assert "…" in out  # the longest titles are cut, with an ellipsis


def test_every_listed_id_is_one_mark_takes(capsys: pytest.CaptureFixture[str]) -> None:
    data = topics_json(capsys)
    ids = [topic["id"] for level in data["levels"] for topic in level["topics"]]
    ids += [level["id"] for level in data["levels"]]
    for key in ids[::7]:
        code, _, err = run_cli(capsys, "mark", key, "doing")
        assert code == 0, err


def test_topics_json_gives_ids_titles_statuses_and_the_tree(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, status in MARKS.items():
        assert run_cli(capsys, "mark", key, status)[0] == 0
    data = topics_json(capsys)
    backend = load_bundled()
    assert data["roadmap"] == {"id": backend.id, "title": backend.title}
    topics = [topic for level in data["levels"] for topic in level["topics"]]
    assert [t["id"] for t in topics] == [item.id for _, item in backend.walk()]
    by_id = {t["id"]: t for t in topics}
    assert by_id["cs-basics"]["status"] == "done"
    assert by_id["networking-fundamentals"]["status"] == "in-progress"
    assert by_id["os-basics"]["status"] == "skipped"
    assert by_id["lang-go"]["status"] == "todo"
    assert (
        by_id["cloud-platforms"] | {"status": "partial", "depth": 0, "parent": None}
        == (by_id["cloud-platforms"])
    )
    assert (by_id["cloud-aws"]["depth"], by_id["cloud-aws"]["parent"]) == (1, "cloud-platforms")


@pytest.mark.parametrize("level", ["3", "databases"])
def test_topics_of_one_level_by_number_or_id(
    capsys: pytest.CaptureFixture[str], level: str
) -> None:
    code, out, _ = run_cli(capsys, "topics", level)
    assert code == 0
    databases = load_bundled().levels[3]
    assert list(rows(out)) == [item.id for item in databases.walk()]
    data = topics_json(capsys, level)
    assert [lv["id"] for lv in data["levels"]] == ["databases"]


@pytest.mark.parametrize("level", ["13", "-1", "nope", ""])
def test_an_unknown_level_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], level: str
) -> None:
    code, out, err = run_cli(capsys, "topics", level)
    assert (code, out) == (2, "")
    one_error_line(err, says=["0–12", "`roadmap-tui topics`"])


def test_an_unknown_id_points_to_topics(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "mark", "xyz", "done")
    assert code == 2
    assert "status --json" not in one_error_line(err, says=["'xyz'", "`roadmap-tui topics`"])


# A roadmap's worth of awkward titles and ids: wide characters, long ids, nesting.
_titles = st.text(
    alphabet=st.sampled_from("abc XYZ 内存数据库 🦀 é – \x1b"), min_size=1, max_size=60
).filter(str.strip)
_ids = st.from_regex(r"[a-z0-9]{1,20}(-[a-z0-9]{1,12}){0,3}", fullmatch=True)


@st.composite
def awkward(draw: st.DrawFn) -> tuple[Roadmap, dict[str, Status]]:
    keys = draw(st.lists(_ids, min_size=4, max_size=20, unique=True))
    levels: list[dict[str, Any]] = []
    for n, key in enumerate(keys):
        item = {"id": key, "title": draw(_titles)}
        nest = draw(st.booleans())
        if levels and nest and levels[-1]["items"]:
            levels[-1]["items"][-1].setdefault("children", []).append(item)
        elif not levels or draw(st.integers(0, 3)) == 0:
            levels.append({"id": f"level-{n}", "title": draw(_titles), "items": [item]})
        else:
            levels[-1]["items"].append(item)
    roadmap = roadmap_from_data(
        {"format": 1, "id": "awkward", "title": draw(_titles), "levels": levels},
        Path("awkward.toml"),
    )
    statuses = {key: draw(st.sampled_from(Status)) for key in keys}
    return roadmap, statuses


@settings(max_examples=60, deadline=None)
@given(awkward(), st.integers(60, 200))
def test_topics_fit_the_width_and_never_cut_an_id(
    case: tuple[Roadmap, dict[str, Status]], width: int
) -> None:
    roadmap, statuses = case
    out = io.StringIO()
    levels = compute_progress(roadmap, statuses).levels
    render_topics(roadmap.title, levels, statuses, out, width=width)
    text = out.getvalue()
    lines = text.splitlines()
    assert all(cell_len(line) <= width for line in lines), text
    assert "\x1b" not in text
    # Every id whole, at the start of a row; statuses in one column.
    starts = {line.strip().split("  ")[0] for line in lines if line.startswith("  ")}
    assert {item.id for _, item in roadmap.walk()} <= starts
    ends = {
        cell_len(line) - len(word)
        for line in lines
        for word in STATE_WORDS.values()
        if line.startswith("  ") and line.endswith("  " + word)
    }
    assert len(ends) == 1, text
