"""Bad input of every kind: one clear line, the right exit code, no traceback, nothing lost.

Table-driven CLI cases (in-process with capsys, and some as real processes so that no
traceback can reach a real stderr), corrupt and newer progress files, huge and absurdly
nested roadmaps, hostile text (markup, terminal escapes), and hypothesis fuzzing of the
roadmap parser, the progress loader and the Markdown importer.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support.hostile_fs import fresh_folder, tree_state
from support.samples import (
    HOSTILE,
    HOSTILE_ROADMAP,
    MARKUP,
    ROADMAP_HEAD,
    TINY,
    dotted_nesting,
    progress_file,
    run_module,
)
from support.samples import one_error_line as one_line
from support.samples import run_cli as run

from roadmap_tui.base.errors import RoadmapError
from roadmap_tui.base.paths import progress_path
from roadmap_tui.importing.reader import import_markdown
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import MAX_DEPTH, parse_roadmap, roadmap_toml
from roadmap_tui.roadmap.model import Roadmap, Status

TINY_LINES = TINY.splitlines()
BETA_ID_LINE = TINY_LINES.index('id = "beta"') + 1
ALPHA_TITLE_LINE = TINY_LINES.index('title = "Alpha"') + 1
BETA_TITLE_LINE = TINY_LINES.index('title = "Beta"') + 1
SEEDED = b'schema = 1\nroadmap = "x"\n\n[items.alpha]\nstatus = "done"\n'
# Raw control characters a roadmap must never get onto a terminal: C0 (but tab and
# newline), DEL and C1.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run_process(*argv: str) -> subprocess.CompletedProcess[str]:
    return run_module(*argv)


def snapshot(root: Path) -> dict[Path, bytes]:
    """Every file under ``root`` (the cache aside) with its bytes."""
    return {
        path: path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and "cache" not in path.relative_to(root).parts
    }


def assert_nothing_lost(before: dict[Path, bytes]) -> None:
    for path, data in before.items():
        assert path.is_file(), f"{path} is gone"
        assert path.read_bytes() == data, f"{path} was changed"


def seed_progress(data_dir: Path) -> None:
    """Progress the user already has, for the bundled roadmap and the tiny one."""
    for roadmap_id in ("backend", "tiny"):
        path = progress_path(data_dir, roadmap_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(SEEDED.replace(b'"x"', f'"{roadmap_id}"'.encode()))


# ----------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Case:
    """A command run against prepared files. ``{tmp}`` in any string is tmp_path."""

    files: dict[str, bytes]
    argv: tuple[str, ...]
    code: int
    names: str = ""  # text the error line must contain, e.g. "{tmp}/bad.toml:3:"
    says: tuple[str, ...] = ()  # words the sentence must contain
    seed: bool = True  # give the user existing progress first


def roadmap_cases() -> Iterator[Any]:
    """Each broken roadmap file, with a reading command and a writing one."""
    broken: dict[str, tuple[bytes, str, tuple[str, ...]]] = {
        "toml-syntax": (
            TINY.replace('title = "Alpha"', "title = = 3").encode(),
            f"{{tmp}}/bad.toml:{ALPHA_TITLE_LINE}:",
            ("TOML",),
        ),
        "unterminated-string": (
            TINY.replace('title = "Alpha"', 'title = "Alpha').encode(),
            f"{{tmp}}/bad.toml:{ALPHA_TITLE_LINE}:",
            ("TOML",),
        ),
        "duplicate-id": (
            TINY.replace('id = "beta"', 'id = "alpha"').encode(),
            f"{{tmp}}/bad.toml:{BETA_ID_LINE}:",
            ("'alpha'", "more than once"),
        ),
        "empty-file": (b"", "{tmp}/bad.toml:", ("empty",)),
        "whitespace-only": (b"  \n\t\n", "{tmp}/bad.toml:", ("empty",)),
        "binary-garbage": (b"\x00\x01\x02\x03garbage\x00\x7f", "{tmp}/bad.toml:", ("binary",)),
        "png-bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "{tmp}/bad.toml:1:1:", ("UTF-8",)),
        "invalid-utf8": (
            TINY.encode().replace(b'"Beta"', b'"B\xffta"'),
            f"{{tmp}}/bad.toml:{BETA_TITLE_LINE}:11:",
            ("UTF-8", "0xff"),
        ),
        "newer-format": (
            TINY.replace("format = 1", "format = 2").encode(),
            "{tmp}/bad.toml:",
            ("format",),
        ),
    }
    for name, (content, names, says) in broken.items():
        for command in (("status",), ("mark", "alpha", "done")):
            yield pytest.param(
                Case(
                    {"bad.toml": content}, ("--roadmap", "{tmp}/bad.toml", *command), 2, names, says
                ),
                id=f"{name}-{command[0]}",
            )
    for command in (("status",), ("mark", "alpha", "done")):
        yield pytest.param(
            Case({}, ("--roadmap", "{tmp}/gone.toml", *command), 2, "{tmp}/gone.toml:", ("no",)),
            id=f"missing-file-{command[0]}",
        )
        yield pytest.param(
            Case(
                {"folder.toml/x": b""},
                ("--roadmap", "{tmp}/folder.toml", *command),
                2,
                "{tmp}/folder.toml:",
                ("folder",),
            ),
            id=f"roadmap-is-a-folder-{command[0]}",
        )


def in_the_way_cases() -> Iterator[Any]:
    """A file where a folder goes or the other way round: the error names it."""
    stands: dict[str, tuple[str, str, str]] = {  # what is in the way, its name, the command
        "data-folder-is-a-file-mark": ("data", "data", "mark cs-basics done"),
        "data-folder-is-a-file-status": ("data", "data", "status"),
        "progress-folder-is-a-file": ("data/progress", "data/progress:", "mark cs-basics done"),
        "progress-file-is-a-folder": (
            "data/progress/backend.toml/x",
            "data/progress/backend.toml:",
            "mark cs-basics done",
        ),
    }
    for name, (where, names, command) in stands.items():
        says = ("folder",) if where.endswith("/x") else ("file",)
        case = Case({where: b"a file, not a folder"}, tuple(command.split()), 1, "{tmp}/" + names)
        yield pytest.param(replace(case, says=says, seed=False), id=name)


CASES = [
    *roadmap_cases(),
    pytest.param(
        Case({}, ("mark", "no-such-topic", "done"), 2, says=("'no-such-topic'",)),
        id="unknown-item-id",
    ),
    pytest.param(Case({}, ("mark", "cs-basic", "done"), 2, says=("cs-basics",)), id="near-miss-id"),
    pytest.param(
        Case({}, ("mark", "cs-basics", "finished"), 2, says=("'finished'", "done")),
        id="unknown-status-word",
    ),
    pytest.param(
        Case(
            {"notes.md": b"# My notes\n\nJust prose, no tasks.\n\n- a plain list item\n"},
            ("import", "{tmp}/notes.md"),
            2,
            "{tmp}/notes.md:",
            ("checklist",),
        ),
        id="import-markdown-without-checklist",
    ),
    pytest.param(
        Case(
            {"notes.md": b"- [ ] ok\n- [x] \xff\n"},
            ("import", "{tmp}/notes.md"),
            2,
            "{tmp}/notes.md:2:",
            ("UTF-8",),
        ),
        id="import-invalid-utf8",
    ),
    pytest.param(
        Case({}, ("import", "{tmp}/gone.md"), 2, "{tmp}/gone.md:"), id="import-missing-file"
    ),
    pytest.param(
        Case({}, ("export", "-o", "{tmp}/none/out.md"), 2, "{tmp}/none/out.md:", ("folder",)),
        id="export-into-missing-folder",
    ),
    *in_the_way_cases(),
]


def prepare(case: Case, tmp_path: Path, data_dir: Path) -> tuple[list[str], dict[Path, bytes]]:
    if case.seed:
        seed_progress(data_dir)
    for name, content in case.files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in case.argv]
    return argv, snapshot(tmp_path)


def check(case: Case, tmp_path: Path, code: int, out: str, err: str) -> None:
    assert code == case.code, err
    assert out == ""
    line = one_line(err)
    if case.names:
        assert case.names.replace("{tmp}", str(tmp_path)) in line
    for word in case.says:
        assert word in line


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gives_one_line_and_loses_nothing(
    case: Case, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, before = prepare(case, tmp_path, data_dir)
    code, out, err = run(capsys, *argv)
    check(case, tmp_path, code, out, err)
    assert_nothing_lost(before)
    assert not list(tmp_path.rglob("*.tmp"))
    assert not list(tmp_path.rglob("*.corrupt-*"))


@pytest.mark.parametrize(
    "case",
    [
        p
        for p in CASES
        if p.id
        in {
            "toml-syntax-mark",
            "invalid-utf8-status",
            "binary-garbage-mark",
            "unknown-item-id",
            "unknown-status-word",
            "data-folder-is-a-file-mark",
        }
    ],
)
def test_bad_input_in_a_real_process(case: Case, tmp_path: Path, data_dir: Path) -> None:
    argv, before = prepare(case, tmp_path, data_dir)
    result = run_process(*argv)
    check(case, tmp_path, result.returncode, result.stdout, result.stderr)
    assert_nothing_lost(before)


@pytest.mark.parametrize("command", [["status"], ["mark", "cs-basics", "done"]])
def test_data_folder_blocked_names_the_file_in_the_way(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").write_text("a file, not a folder", encoding="utf-8")
    code, _, err = run(capsys, *command)
    assert code == 1
    assert f"{tmp_path / 'data'}: " in one_line(err)


# ----------------------------------------------------------------------------- progress files


@pytest.mark.parametrize("how", ["os.replace", "tempfile.mkstemp"])
def test_progress_folder_that_cannot_be_written(
    how: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_progress(data_dir)
    path = progress_path(data_dir, "backend")
    before = snapshot(data_dir)

    def refuse(*args: object, **kwargs: object) -> Any:
        raise PermissionError(13, "Permission denied")

    root = os.geteuid() == 0 if hasattr(os, "geteuid") else False
    with pytest.MonkeyPatch.context() as patch:
        if root:  # chmod does not stop root: make the writes themselves fail
            # roadmap_tui.base.files calls os.replace and tempfile.mkstemp through the modules
            module = os if how == "os.replace" else tempfile
            patch.setattr(module, how.split(".")[1], refuse)
        else:
            path.parent.chmod(0o500)
        try:
            code, out, err = run(capsys, "mark", "cs-basics", "done")
        finally:
            path.parent.chmod(0o755)
    assert code == 1
    assert out == ""
    line = one_line(err)
    assert str(path) in line
    assert "permission denied" in line.lower()
    assert_nothing_lost(before)
    assert not list(data_dir.rglob("*.tmp"))


CORRUPT = {
    "not-toml": b"this is = = not toml [[[",
    "not-utf8": b'schema = 1\n[items.cs-basics]\nstatus = "d\xffne"\n',
    "nul-bytes": b"\x00\x00\x00\x00",
    "wrong-shape": b'schema = 1\nitems = "everything"\n',
    "unknown-status": b'schema = 1\n[items.cs-basics]\nstatus = "finished"\n',
    "date-not-datetime": b'[items.cs-basics]\nstatus = "done"\nchanged = 2026-01-01\n',
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_progress_file_is_moved_aside_byte_for_byte_by_a_change(
    content: bytes, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_file(data_dir, content)
    code, out, err = run(capsys, "mark", "os-basics", "done")
    assert code == 0, err
    assert out
    line = one_line(err, "warning")
    (aside,) = path.parent.glob("backend.toml.corrupt-*")
    assert aside.read_bytes() == content
    assert str(aside) in line
    assert str(path) in line
    assert ProgressStore(path, "backend").load().statuses() == {"os-basics": Status.DONE}
    code, _, err = run(capsys, "status")  # and it is never touched again
    assert (code, err) == (0, "")
    assert aside.read_bytes() == content


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
@pytest.mark.parametrize("command", [["status"], ["export"], ["list"], ["status", "--json"]])
def test_read_only_commands_report_a_corrupt_file_and_change_nothing(
    content: bytes, command: list[str], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_file(data_dir, content)
    before = tree_state(data_dir)
    code, out, err = run(capsys, *command)
    assert code == 0, err
    assert out
    line = one_line(err, "warning")
    assert str(path) in line
    assert "left as it is" in line
    assert tree_state(data_dir) == before  # nothing renamed, written or created


NEWER = (
    b'schema = 99\nroadmap = "backend"\nfuture = { thing = 1 }\n\n'
    b'[items.cs-basics]\nstatus = "done"\nchanged = 2026-01-01T00:00:00Z\n'
)


def test_newer_progress_file_status_works_and_warns(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_file(data_dir, NEWER)
    code, out, err = run(capsys, "status", "--json")
    assert code == 0
    assert json.loads(out)["overall"]["done"] == 1  # read as far as possible
    line = one_line(err, "warning")
    assert str(path) in line
    assert "newer" in line
    assert path.read_bytes() == NEWER
    assert sorted(p.name for p in path.parent.iterdir()) == ["backend.toml"]


def test_newer_progress_file_refuses_mark_and_is_untouched(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_file(data_dir, NEWER)
    code, out, err = run(capsys, "mark", "os-basics", "done")
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("roadmap-tui: error: ")]
    assert len(errors) == 1, err
    assert str(path) in errors[0]
    assert "upgrade" in errors[0]
    assert all(line.startswith("roadmap-tui: ") for line in err.splitlines())
    assert path.read_bytes() == NEWER
    assert not list(path.parent.glob("*.tmp"))
    assert not (path.parent / "backups").exists()


def test_newer_progress_file_mark_prints_exactly_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    progress_file(data_dir, NEWER)
    code, _, err = run(capsys, "mark", "os-basics", "done")
    assert code == 1
    one_line(err)


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"], ids=["year-1", "year-9999"]
)
def test_progress_time_out_of_range_is_moved_aside(
    when: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_path(data_dir, "backend")
    path.parent.mkdir(parents=True)
    content = f'[items.cs-basics]\nstatus = "done"\nchanged = {when}\n'.encode()
    path.write_bytes(content)
    code, _, err = run(capsys, "mark", "os-basics", "done")
    assert code == 0
    assert "moved aside" in one_line(err, "warning")
    (aside,) = path.parent.glob("backend.toml.corrupt-*")
    assert aside.read_bytes() == content


def test_mark_after_an_entry_changed_at_the_end_of_time(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = progress_file(
        data_dir, b'[items.cs-basics]\nstatus = "done"\nchanged = 9999-12-31T23:59:59.999999Z\n'
    )
    code, _, err = run(capsys, "mark", "cs-basics", "todo")
    assert (code, err) == (0, "")  # nothing is later than that time, yet the mark lands
    assert ProgressStore(path, "backend").load().statuses() == {"cs-basics": Status.TODO}


# ----------------------------------------------------------------------------- huge and deep


def big_roadmap(levels: int, items: int) -> str:
    details = "details " * 5
    parts = ['format = 1\nid = "big"\ntitle = "Big"\n']
    for lv in range(levels):
        parts.append(f'\n[[levels]]\nid = "l{lv}"\ntitle = "Level {lv}"\n')
        parts.extend(
            f'[[levels.items]]\nid = "i{lv}-{n}"\ntitle = "Item {lv} {n}"\n'
            f'details = "{details}{lv} {n}"\n'
            for n in range(items)
        )
    return "".join(parts)


def test_very_large_roadmap_loads_and_reports(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.toml"
    big.write_text(big_roadmap(200, 500), encoding="utf-8")
    assert big.stat().st_size > 9_000_000
    code, out, err = run(capsys, "--roadmap", str(big), "mark", "i199-499", "done")
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "--roadmap", str(big), "status", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert len(data["levels"]) == 200
    assert data["overall"]["total"] == 100_000
    assert data["overall"]["done"] == 1
    assert data["levels"][199]["done"] == 1


def inline_nesting(depth: int) -> str:
    item = '{ id = "leaf", title = "Leaf" }'
    for n in range(depth):
        item = f'{{ id = "d{n}", title = "T", children = [{item}] }}'
    return ROADMAP_HEAD + f"items = [{item}]\n"


DEEP = {
    "items-one-too-deep": dotted_nesting(MAX_DEPTH + 1),
    "items-40-deep": dotted_nesting(40),
    "items-300-deep-headers": dotted_nesting(300),
    "items-2000-deep-inline": inline_nesting(2000),
    "arrays-3000-deep": ROADMAP_HEAD + "note = " + "[" * 3000 + "]" * 3000 + "\n",
    "tables-3000-deep": ROADMAP_HEAD + "note = " + "{ a = " * 3000 + "1" + " }" * 3000 + "\n",
    "dotted-key-5000-deep": ROADMAP_HEAD + "title." + ".".join(["a"] * 5000) + " = 1\n",
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_absurd_nesting_is_one_clear_error(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(text, encoding="utf-8")
    with pytest.raises(RoadmapError) as info:
        parse_roadmap(text, deep)
    assert "\n" not in str(info.value)
    code, out, err = run(capsys, "--roadmap", str(deep), "status")
    assert code == 2
    assert out == ""
    line = one_line(err)
    assert f"{deep}:" in line
    assert "Recursion" not in line


# ----------------------------------------------------------------------------- hostile text


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE_ROADMAP, encoding="utf-8")
    return path


def test_status_shows_markup_literally_and_no_raw_escapes(
    hostile: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # no wrapping inside the strings looked for
    assert run(capsys, "--roadmap", str(hostile), "mark", "evil", "done")[0] == 0
    code, out, err = run(capsys, "--roadmap", str(hostile), "status")
    assert (code, err) == (0, "")
    assert not RAW_CONTROL.findall(out), RAW_CONTROL.findall(out)
    assert f"Title {MARKUP}" in out
    assert f"Level {MARKUP}" in out
    assert "\u241b[2J" in out  # ESC shown as ␛
    assert "$(rm -rf ~)" in out
    code, out, err = run(capsys, "--roadmap", str(hostile), "status", "--json")
    assert (code, err) == (0, "")
    assert "\x1b" not in out
    assert "\x07" not in out
    assert json.loads(out)["roadmap"]["title"] == f"Title {HOSTILE}"


def test_status_json_has_no_raw_c1_controls(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--roadmap", str(hostile), "status", "--json")
    assert (code, err) == (0, "")
    assert not RAW_CONTROL.findall(out), RAW_CONTROL.findall(out)


def test_export_escapes_markup_and_no_raw_escapes(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--roadmap", str(hostile), "export")
    assert (code, err) == (0, "")
    assert not RAW_CONTROL.findall(out), RAW_CONTROL.findall(out)
    assert r"Item \[bold red\]x\[/\]" in out
    assert MARKUP not in out  # never as live Markdown link/markup syntax
    assert "\u241b" in out  # the escape is visible, not dropped silently


def test_mark_and_errors_never_echo_raw_escapes(
    hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--roadmap", str(hostile), "mark", "evil", "doing")
    assert (code, err) == (0, "")
    assert "Item" in out
    assert not RAW_CONTROL.findall(out)
    code, out, err = run(capsys, "mark", f"x{HOSTILE}", "done")  # a hostile argument
    assert code == 2
    assert not RAW_CONTROL.findall(err), err
    one_line(err)
    bad = tmp_path / "bad.toml"
    bad.write_text(HOSTILE_ROADMAP.replace('"plain"', '"evil"'), encoding="utf-8")
    code, out, err = run(capsys, "--roadmap", str(bad), "status")
    assert code == 2
    assert not RAW_CONTROL.findall(err), err
    one_line(err)


@pytest.mark.parametrize(
    "argv",
    [["mark", "no-such-id", "done"], ["export", "-o", "{tmp}/out.md"]],
    ids=["mark", "export"],
)
def test_messages_naming_the_roadmap_title_escape_it(
    argv: list[str], hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    _, _, err = run(capsys, "--roadmap", str(hostile), *argv)
    assert "Title" in err
    assert not RAW_CONTROL.findall(err), err


# ----------------------------------------------------------------------------- fuzzing

FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
KEYS = st.sampled_from(
    [
        "format",
        "id",
        "title",
        "description",
        "levels",
        "items",
        "children",
        "details",
        "links",
        "url",
        "kind",
        "pick",
        "goal",
        "tip",
        "note",
    ]
) | st.text(max_size=6)
SCALARS = (
    st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["a", "kebab-id", "https://x.org/", "docs", "", " ", "A-B"])
    | st.datetimes(timezones=st.none() | st.just(UTC))
    | st.dates()
    | st.times()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)
ITEM_IDS = st.sampled_from(["a", "b", "c", "a-b", "Bad_Id", "", "x" * 201])


def items(depth: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Roadmap-shaped items, mostly right and sometimes wrong, with random extra fields."""
    fields: dict[str, st.SearchStrategy[Any]] = {
        "details": st.text(max_size=10),
        "links": st.lists(
            st.fixed_dictionaries(
                {"title": st.text(max_size=5), "url": st.sampled_from(["https://a.b/", "ftp://x"])},
                optional={"kind": st.sampled_from(["docs", "spec", "video"])},
            ),
            max_size=2,
        ),
    }
    if depth > 0:
        fields["children"] = items(depth - 1)
    item = st.fixed_dictionaries(
        {
            "id": ITEM_IDS | st.text(max_size=5),
            "title": st.sampled_from(["T", "", "  ", "x\ny"]) | st.text(max_size=10),
        },
        optional={**fields, "bogus": VALUES},
    )
    return st.lists(item, max_size=3)


ROADMAP_SHAPED = st.fixed_dictionaries(
    {"format": st.sampled_from([1, 1, 2, "1"]), "id": ITEM_IDS, "title": st.text(max_size=8)},
    optional={
        "levels": st.lists(
            st.fixed_dictionaries(
                {"id": ITEM_IDS, "title": st.sampled_from(["L", ""])},
                optional={
                    "items": items(3),
                    "pick": st.integers(-2, 5),
                    "goal": st.text(max_size=5),
                    "extra": VALUES,
                },
            ),
            max_size=3,
        ),
        "description": VALUES,
    },
)


def dumps(doc: dict[str, Any]) -> str:
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):
        assume(False)
        raise


def parses_or_refuses(text: str) -> Roadmap | None:
    try:
        return parse_roadmap(text, Path("x.toml"))
    except RoadmapError as exc:
        message = str(exc)
        assert message.startswith("x.toml")
        assert "\n" not in message, message
        return None


@FUZZ
@given(st.text())
def test_fuzz_parse_roadmap_any_text(text: str) -> None:
    parses_or_refuses(text)


@FUZZ
@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_fuzz_parse_roadmap_toml_documents(doc: dict[str, Any]) -> None:
    parses_or_refuses(dumps(doc))


@FUZZ
@given(ROADMAP_SHAPED)
def test_fuzz_parse_roadmap_shaped_documents(doc: dict[str, Any]) -> None:
    roadmap = parses_or_refuses(dumps(doc))
    if roadmap is not None:  # what loads, round-trips through the cache form
        assert parses_or_refuses(roadmap_toml(roadmap)) == roadmap


# Every time the calendar holds, its very ends included (they have their own tests too).
ZONES: st.SearchStrategy[Any] = st.sampled_from(
    [None, UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=12))]
)
TIMES = st.datetimes(timezones=ZONES)
ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from([s.value for s in Status]) | st.text(max_size=4) | st.integers(),
        "changed": TIMES | st.dates() | st.times() | st.text(max_size=3),
        "started": TIMES,
        "finished": TIMES,
        "note": st.text(max_size=10) | st.integers(),
        "note_changed": TIMES,
    },
)
PLAN = st.fixed_dictionaries(  # `roadmap-tui plan`'s table, hand-edited
    {},
    optional={
        "by": st.dates() | TIMES | st.text(max_size=3),
        "per_week": st.floats() | st.integers(-5, 10**20) | st.booleans(),
        "since": st.dates() | TIMES,
        "done_then": st.integers(-5, 10**20) | st.floats(),
        "changed": TIMES | st.dates(),
    },
)
PROGRESS_DOC = st.fixed_dictionaries(
    {},
    optional={
        "schema": st.sampled_from([1, 1, 1, 0, 2, 99, -1, True]) | st.text(max_size=2),
        "roadmap": st.text(max_size=5),
        "view": st.fixed_dictionaries({"level": st.text(max_size=3), "item": VALUES}) | VALUES,
        "items": st.dictionaries(st.sampled_from(["a", "b", "cs-basics"]), ENTRY | VALUES) | VALUES,
        "plan": PLAN | VALUES,
    },
)


def dump_bytes(doc: dict[str, Any]) -> bytes:
    try:
        return tomli_w.dumps(doc).encode()
    except (TypeError, ValueError):
        return b"schema = 1\n"


PROGRESS_BYTES = (
    st.binary(max_size=200) | st.text(max_size=200).map(str.encode) | PROGRESS_DOC.map(dump_bytes)
)


@FUZZ
@given(content=PROGRESS_BYTES)
def test_fuzz_progress_load_never_raises_and_keeps_the_bytes(
    tmp_path: Path, content: bytes
) -> None:
    with fresh_folder(tmp_path) as folder:
        path = folder / "t.toml"
        path.write_bytes(content)
        store = ProgressStore(path, "t")
        data = store.load()
        asides = list(folder.glob("t.toml.corrupt-*"))
        if asides:
            assert len(asides) == 1
            assert asides[0].read_bytes() == content
            assert not path.exists()
            assert data.entries == {}
            assert any(str(asides[0]) in notice for notice in store.notices)
        else:
            assert path.read_bytes() == content  # a readable file is never rewritten by a load
        if store.read_only:
            assert any("newer" in notice for notice in store.notices)
            return
        # A save after any of that works and keeps what was readable.
        saved = store.set_status(["fuzz"], Status.DONE)
        assert saved.entries["fuzz"].status is Status.DONE
        again = ProgressStore(path, "t")
        reread = again.load()
        assert again.notices == []
        assert set(data.entries) | {"fuzz"} <= set(reread.entries)
        for aside in asides:
            assert aside.read_bytes() == content


MARKDOWN_LINE = st.sampled_from(
    [
        "# {}",
        "## Level 2 – {} (1/3)",
        "- [ ] {}",
        "- [x] **{}** — details",
        "  - [/] {}",
        "    * [-] {}",
        "1. [X] {}",
        "> {}",
        "{}",
        "",
        "---",
        "Goal (pick 2 of 3): {}",
        "👉 {}",
        "- [ ] {} (in progress)",
        "   - [~] {}: x",
    ]
)
MARKDOWN = st.lists(
    st.tuples(MARKDOWN_LINE, st.text(max_size=12)).map(lambda pair: pair[0].format(pair[1])),
    max_size=15,
).map("\n".join)


@FUZZ
@given(text=st.text() | MARKDOWN)
def test_fuzz_import_markdown_only_raises_roadmap_error(tmp_path: Path, text: str) -> None:
    with fresh_folder(tmp_path) as folder:
        source = folder / "checklist.md"
        source.write_text(text, encoding="utf-8", newline="")
        try:
            imported = import_markdown(source)
        except RoadmapError as exc:
            assert "\n" not in str(exc)
            return
        # What an import writes loads back as the same roadmap.
        assert parses_or_refuses(roadmap_toml(imported.roadmap)) == imported.roadmap
        index = imported.roadmap.index()
        assert set(imported.statuses) <= set(index.items)
        assert set(imported.notes) <= set(index.items)


def test_fuzz_strategies_reach_both_outcomes() -> None:
    """The fuzzers are not vacuous: both outcomes are reachable by the documents they make."""
    good = {
        "format": 1,
        "id": "a",
        "title": "T",
        "levels": [{"id": "b", "title": "L", "items": [{"id": "c", "title": "T"}]}],
    }
    assert parses_or_refuses(tomli_w.dumps(good)) is not None
    assert parses_or_refuses(tomli_w.dumps({**good, "format": 2})) is None
