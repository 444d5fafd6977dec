"""Roadmap validation, load errors a user can read, and the one definition of progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from support.samples import TINY

from roadmap_tui.base.errors import RoadmapError
from roadmap_tui.numbers.counts import Counts, compute_progress, item_state, level_progress
from roadmap_tui.roadmap.load import load_bundled, load_roadmap
from roadmap_tui.roadmap.model import Item, Level, Roadmap, State, Status, parse_status
from roadmap_tui.roadmap.schema import LevelSchema, RoadmapSchema, validate

BASE = TINY  # the tiny roadmap every test module shares (tests/support/samples.py)


def _write(tmp_path: Path, text: str | bytes, name: str = "roadmap.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _load_error(path: Path) -> RoadmapError:
    with pytest.raises(RoadmapError) as info:
        load_roadmap(path)
    return info.value


def _data(**level_extra: Any) -> dict[str, Any]:
    return {
        "id": "tiny",
        "title": "Tiny",
        "levels": [
            {
                "id": "one",
                "title": "One",
                "items": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}],
                **level_extra,
            }
        ],
    }


# ----------------------------------------------------------------------------- validation


def test_base_roadmap_is_valid(tmp_path: Path) -> None:
    roadmap = load_roadmap(_write(tmp_path, BASE))
    assert [item.id for _, item in roadmap.walk()] == ["alpha", "beta"]


def test_duplicate_item_ids_rejected_naming_second_line(tmp_path: Path) -> None:
    text = BASE + '\n[[levels.items]]\nid = "alpha"\ntitle = "Another Alpha"\n'
    path = _write(tmp_path, text)
    err = _load_error(path)
    message = str(err)
    assert str(path) in message
    assert "'alpha'" in message
    assert "more than once" in message
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "alpha"'][1]
    assert err.line == second
    assert f":{second}:" in message


def test_item_id_equal_to_level_id_rejected(tmp_path: Path) -> None:
    text = BASE.replace('id = "beta"', 'id = "one"')
    path = _write(tmp_path, text)
    err = _load_error(path)
    assert "'one'" in str(err)
    assert "more than once" in str(err)
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "one"'][1]
    assert err.line == second


def test_duplicate_between_child_and_item_rejected() -> None:
    data = _data()
    data["levels"][0]["items"][1]["children"] = [{"id": "a", "title": "Child A"}]
    with pytest.raises(ValidationError, match="more than once"):
        RoadmapSchema.model_validate(data)


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_empty_title_rejected(tmp_path: Path, title: str) -> None:
    escaped = title.replace("\t", "\\t").replace("\n", "\\n")
    text = BASE.replace('title = "Beta"', f'title = "{escaped}"')
    err = _load_error(_write(tmp_path, text))
    assert "title must not be empty" in str(err)
    assert "item 2" in str(err)


@pytest.mark.parametrize("bad_id", ["B", "has_underscore", "double--hyphen", "-lead", "trail-", ""])
def test_non_kebab_id_rejected(tmp_path: Path, bad_id: str) -> None:
    err = _load_error(_write(tmp_path, BASE.replace('id = "beta"', f'id = "{bad_id}"')))
    assert "field 'id'" in str(err)
    assert "item 2" in str(err)


def test_unknown_field_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, BASE.replace('title = "Beta"', 'title = "Beta"\ncolour = "red"'))
    err = _load_error(path)
    assert "unknown field 'colour'" in str(err)
    assert str(path) in str(err)
    # The line of the table that holds the stray field.
    assert err.line == 13


def test_unknown_top_level_field_rejected() -> None:
    data = _data()
    data["author"] = "me"
    with pytest.raises(ValidationError):
        RoadmapSchema.model_validate(data)


def test_pick_larger_than_items_rejected(tmp_path: Path) -> None:
    err = _load_error(
        _write(tmp_path, BASE.replace('title = "First Steps"', 'title = "First Steps"\npick = 3'))
    )
    assert "pick 3" in str(err)
    assert "only 2" in str(err)
    with pytest.raises(ValidationError):
        LevelSchema.model_validate({"id": "l", "title": "L", "pick": 1})


@pytest.mark.parametrize("pick", [0, -1])
def test_pick_below_one_rejected(tmp_path: Path, pick: int) -> None:
    err = _load_error(
        _write(
            tmp_path, BASE.replace('title = "First Steps"', f'title = "First Steps"\npick = {pick}')
        )
    )
    assert "pick" in str(err)


@pytest.mark.parametrize("pick", ["true", '"1"', "1.5", "1.0", "0", "-1", "3", "[1]"])
def test_pick_is_a_whole_number_within_the_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pick: str
) -> None:
    path = _write(
        tmp_path, BASE.replace('title = "First Steps"', f'title = "First Steps"\npick = {pick}')
    )
    err = _load_error(path)
    assert str(err).startswith(f"{path}:")  # the file, then where in it
    assert "level 1 ('First Steps')" in str(err) and "pick" in str(err)
    from support.samples import one_error_line, run_cli

    code, out, stderr = run_cli(capsys, "topics", "--roadmap", str(path))
    assert (code, out) == (2, "")
    one_error_line(stderr, says=[str(path), "pick"])


@pytest.mark.parametrize("value", ["true", "false", "1.0", '"1"', "0", "2", "[1]"])
def test_format_is_the_number_1(tmp_path: Path, value: str) -> None:
    err = _load_error(_write(tmp_path, BASE.replace("format = 1", f"format = {value}")))
    assert "field 'format'" in str(err) and "\n" not in str(err)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "1"),
        ("title", "true"),
        ("id", "7"),
        ("details", "2026-11-26"),
        ("description", '["a"]'),
    ],
)
def test_words_are_strings(tmp_path: Path, field: str, value: str) -> None:
    before = {"id": 'id = "alpha"', "title": 'title = "Alpha"'}.get(field)
    if before is not None:  # a number or a boolean in place of the item's id or title
        text = BASE.replace(before, f"{field} = {value}")
    else:
        text = BASE.replace('title = "Alpha"', f'title = "Alpha"\n{field} = {value}')
    err = _load_error(_write(tmp_path, text))
    assert f"field '{field}'" in str(err)


def test_pick_equal_to_item_count_accepted() -> None:
    roadmap = validate(_data(pick=2))
    assert roadmap.levels[0].pick == 2


@pytest.mark.parametrize("url", ["ftp://example.com", "javascript:alert(1)", "file:///etc"])
def test_link_must_be_a_web_address(url: str) -> None:
    data = _data()
    data["levels"][0]["items"][0]["links"] = [{"title": "Docs", "url": url}]
    with pytest.raises(ValidationError):
        RoadmapSchema.model_validate(data)


def test_http_and_https_links_are_accepted() -> None:
    data = _data()
    links = [{"title": "A", "url": "http://example.com"}, {"title": "B", "url": "https://a.b"}]
    data["levels"][0]["items"][0]["links"] = links
    assert [x.url for x in validate(data).levels[0].items[0].links] == [
        "http://example.com",
        "https://a.b",
    ]


def test_roadmap_needs_a_level() -> None:
    with pytest.raises(ValidationError):
        RoadmapSchema.model_validate({"id": "x", "title": "X", "levels": []})


def test_newer_format_explained(tmp_path: Path) -> None:
    err = _load_error(_write(tmp_path, BASE.replace("format = 1", "format = 2")))
    assert "format 2" in str(err)


# ----------------------------------------------------------------------------- load errors


def test_toml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, 'format = 1\nid = "x"\ntitle = = "oops"\n')
    err = _load_error(path)
    message = str(err)
    assert message.startswith(f"{path}:3:")
    assert err.line == 3
    assert err.column is not None and err.column >= 1
    assert "TOML" in message
    assert "\n" not in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    err = _load_error(path)
    assert str(path) in str(err)
    assert "no roadmap file" in str(err)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    err = _load_error(tmp_path)
    assert "folder" in str(err)


@pytest.mark.parametrize("text", ["", "   \n\n\t\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    err = _load_error(path)
    assert str(path) in str(err)
    assert "empty" in str(err)


@pytest.mark.parametrize(
    "data",
    [b"abc\x00def\x00\x01", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"],
    ids=["nul-bytes", "png"],
)
def test_binary_garbage(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, data, "garbage.toml")
    err = _load_error(path)
    message = str(err)
    assert str(path) in message
    assert "binary" in message or "not UTF-8" in message
    assert "\x00" not in message


def test_invalid_utf8_gives_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, b'format = 1\nid = "x"\ntitle = "caf\xe9"\n')
    err = _load_error(path)
    assert (err.line, err.column) == (3, 13)
    assert str(err).startswith(f"{path}:3:13:")
    assert "UTF-8" in str(err)


def test_utf8_bom_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\xef\xbb\xbf" + BASE.encode())
    assert load_roadmap(path).id == "tiny"


def test_roadmap_error_is_one_line_without_file(tmp_path: Path) -> None:
    err = _load_error(_write(tmp_path, BASE.replace('id = "beta"', 'id = "alpha"')))
    assert err.path == tmp_path / "roadmap.toml"
    assert len(str(err).splitlines()) == 1


# ----------------------------------------------------------------------------- progress


def _leaf(item_id: str) -> Item:
    return Item(id=item_id, title=item_id.upper())


def _parent(item_id: str, *children: str) -> Item:
    return Item(id=item_id, title=item_id.upper(), children=tuple(_leaf(c) for c in children))


def test_parse_status_aliases() -> None:
    assert parse_status("doing") is Status.IN_PROGRESS
    assert parse_status(" DONE ") is Status.DONE
    assert parse_status("skip") is Status.SKIPPED
    assert parse_status("reset") is Status.TODO
    assert parse_status("finished") is None


@pytest.mark.parametrize(
    ("done", "skipped", "total", "percent"),
    [
        (0, 0, 4, 0),
        (1, 0, 3, 33),
        (2, 0, 3, 66),  # rounded down, never up
        (3, 0, 3, 100),
        (2, 1, 4, 66),  # skipped leaves leave the count
        (1, 2, 3, 100),
        (0, 3, 3, 100),  # all skipped: complete
        (68, 0, 69, 98),
        (0, 0, 0, 0),  # an empty level
    ],
)
def test_percent_is_done_over_unskipped_rounded_down(
    done: int, skipped: int, total: int, percent: int
) -> None:
    assert Counts(done=done, skipped=skipped, total=total).percent == percent


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_percent_matches_integer_definition(d: int, ip: int, sk: int, todo: int) -> None:
    counts = Counts(done=d, in_progress=ip, skipped=sk, total=d + ip + sk + todo)
    counted = counts.total - sk
    if counts.total == 0:
        expected = 0
    elif counted == 0:
        expected = 100
    else:
        expected = d * 100 // counted
    assert counts.percent == expected
    assert counts.todo == todo


def test_level_percent_with_skips() -> None:
    level = Level(id="l", title="L", items=tuple(_leaf(x) for x in "abcd"))
    lp = level_progress(level, 0, {"a": Status.DONE, "b": Status.SKIPPED})
    assert (lp.counts.done, lp.counts.skipped, lp.counts.total) == (1, 1, 4)
    assert lp.counts.percent == 33


def test_all_skipped_level_is_hundred_percent() -> None:
    level = Level(id="l", title="L", items=(_leaf("a"), _leaf("b")))
    lp = level_progress(level, 0, {"a": Status.SKIPPED, "b": Status.SKIPPED})
    assert lp.counts.percent == 100


@pytest.mark.parametrize(
    ("statuses", "state"),
    [
        ({}, State.TODO),
        ({"c1": Status.DONE, "c2": Status.DONE, "c3": Status.DONE}, State.DONE),
        ({"c1": Status.DONE, "c2": Status.DONE, "c3": Status.SKIPPED}, State.DONE),
        ({"c1": Status.DONE}, State.PARTIAL),
        ({"c1": Status.IN_PROGRESS}, State.PARTIAL),
        ({"c1": Status.SKIPPED, "c2": Status.SKIPPED, "c3": Status.SKIPPED}, State.SKIPPED),
        ({"c1": Status.SKIPPED}, State.TODO),
    ],
)
def test_parent_state_derived_from_children(statuses: dict[str, Status], state: State) -> None:
    parent = _parent("p", "c1", "c2", "c3")
    assert item_state(parent, statuses) is state


def test_parent_own_status_is_ignored() -> None:
    parent = _parent("p", "c1", "c2")
    assert item_state(parent, {"p": Status.DONE}) is State.TODO


def test_leaf_state_is_its_status() -> None:
    assert item_state(_leaf("a"), {}) is State.TODO
    for status in Status:
        assert item_state(_leaf("a"), {"a": status}).value == status.value


def test_progress_counts_leaves_not_parents() -> None:
    level = Level(id="l", title="L", items=(_leaf("a"), _parent("p", "c1", "c2")))
    roadmap = Roadmap(id="r", title="R", levels=(level,))
    progress = compute_progress(roadmap, {"c1": Status.DONE, "c2": Status.DONE})
    assert progress.overall.total == 3
    assert progress.overall.done == 2


def test_pick_one_goal_met_after_one_done() -> None:
    level = Level(id="l", title="L", pick=1, items=tuple(_leaf(x) for x in "abc"))
    assert not level_progress(level, 0, {}).goal_met
    assert not level_progress(level, 0, {"a": Status.IN_PROGRESS}).goal_met
    lp = level_progress(level, 0, {"b": Status.DONE})
    assert lp.goal_met
    assert lp.counts.percent == 33  # the goal and the percentage are separate things


def test_pick_counts_parent_when_all_children_done() -> None:
    level = Level(id="l", title="L", pick=1, items=(_leaf("a"), _parent("p", "c1", "c2")))
    assert not level_progress(level, 0, {"c1": Status.DONE}).goal_met
    assert level_progress(level, 0, {"c1": Status.DONE, "c2": Status.DONE}).goal_met


def test_pick_two_needs_two() -> None:
    level = Level(id="l", title="L", pick=2, items=tuple(_leaf(x) for x in "abc"))
    assert not level_progress(level, 0, {"a": Status.DONE}).goal_met
    assert level_progress(level, 0, {"a": Status.DONE, "c": Status.DONE}).goal_met


def test_no_pick_goal_needs_every_unskipped_leaf() -> None:
    level = Level(id="l", title="L", items=tuple(_leaf(x) for x in "abc"))
    assert not level_progress(level, 0, {"a": Status.DONE, "b": Status.DONE}).goal_met
    done_two_skip_one = {"a": Status.DONE, "b": Status.DONE, "c": Status.SKIPPED}
    assert level_progress(level, 0, done_two_skip_one).goal_met
    all_done = {key: Status.DONE for key in "abc"}
    assert level_progress(level, 0, all_done).goal_met


def test_bundled_level_one_goal_with_one_language() -> None:
    roadmap = load_bundled()
    progress = compute_progress(roadmap, {"lang-go": Status.DONE})
    by_id = {lp.level.id: lp for lp in progress.levels}
    assert by_id["core-languages"].goal_met
    assert by_id["core-languages"].counts.done == 1
    assert not by_id["prerequisites"].goal_met
    assert progress.goals_met == 1


def test_overall_is_sum_of_levels() -> None:
    roadmap = load_bundled()
    statuses = {"cs-basics": Status.DONE, "lang-go": Status.SKIPPED, "aws": Status.IN_PROGRESS}
    progress = compute_progress(roadmap, statuses)
    assert [lp.number for lp in progress.levels] == list(range(13))
    total = Counts()
    for lp in progress.levels:
        total = total + lp.counts
    assert progress.overall == total
    assert progress.overall.total == 69
    assert progress.overall.done == 1
    assert progress.overall.skipped == 1


_BUNDLED = load_bundled()
_LEAF_IDS = [item.id for _, item in _BUNDLED.walk() if item.is_leaf]
_ALL_IDS = [item.id for _, item in _BUNDLED.walk()] + ["not-in-roadmap"]


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(_ALL_IDS), st.sampled_from(list(Status))))
def test_progress_properties_on_bundled(statuses: dict[str, Status]) -> None:
    progress = compute_progress(_BUNDLED, statuses)
    overall = progress.overall
    summed = Counts()
    for lp in progress.levels:
        summed = summed + lp.counts
        c = lp.counts
        assert c.done + c.in_progress + c.skipped + c.todo == c.total
        assert 0 <= c.percent <= 100
        assert c.todo >= 0
    assert overall == summed
    assert overall.total == 69
    assert overall.done + overall.in_progress + overall.skipped + overall.todo == overall.total
    assert 0 <= overall.percent <= 100
    leaf_statuses = [statuses.get(key, Status.TODO) for key in _LEAF_IDS]
    assert overall.done == leaf_statuses.count(Status.DONE)
    assert overall.skipped == leaf_statuses.count(Status.SKIPPED)
