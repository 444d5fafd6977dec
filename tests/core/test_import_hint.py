"""`--roadmap NAME`: a file wins, else an imported roadmap's id, never a folder; and the
"Open it with" line an import prints works where it is printed."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from support.samples import run_cli as run

CHECKLIST = "# Todo\n\n- [x] One\n- [ ] Two\n"


def _hint(out: str) -> list[str]:
    line = next(x for x in out.splitlines() if x.startswith("Open it with: "))
    words = shlex.split(line.removeprefix("Open it with: "))
    assert words[0] == "roadmap-tui"
    return words[1:]


def _import_then_follow_the_hint(
    capsys: pytest.CaptureFixture[str], *options: str, name: str = "todo/TODO.md"
) -> tuple[int, str, str]:
    code, out, err = run(capsys, *options, "import", name)
    assert code == 0, err
    return run(capsys, *_hint(out), "status", "--json")


def test_the_hint_opens_the_roadmap_beside_a_folder_of_the_same_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "todo").mkdir()
    (tmp_path / "todo" / "TODO.md").write_text(CHECKLIST, encoding="utf-8")
    code, out, err = _import_then_follow_the_hint(capsys)
    assert code == 0, err
    assert '"done": 1' in out


def test_a_folder_named_like_an_id_never_stands_in_for_the_roadmap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "todo").mkdir()
    (tmp_path / "todo" / "TODO.md").write_text(CHECKLIST, encoding="utf-8")
    assert run(capsys, "import", "todo/TODO.md")[0] == 0
    for short in (False, True):  # the ordinary route and the prompt's fast one
        argv = ["--roadmap", "todo", "status", *(["--short"] if short else [])]
        code, _, err = run(capsys, *argv)
        assert code == 0, err
        assert "folder" not in err


def test_a_file_named_like_the_id_wins_and_the_hint_names_the_roadmap_by_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "list.md").write_text(CHECKLIST, encoding="utf-8")
    (tmp_path / "todo").write_text("not a roadmap\n", encoding="utf-8")
    code, out, err = run(capsys, "import", "list.md")
    assert code == 0, err
    hint = _hint(out)
    assert hint[-1] != "todo"  # "todo" here is the file, which --roadmap reads first
    code, out, err = run(capsys, *hint, "status")
    assert code == 0, err
    assert run(capsys, "--roadmap", "todo", "status")[0] != 0  # the file won


def test_the_hint_keeps_the_data_dir_the_import_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "list.md").write_text(CHECKLIST, encoding="utf-8")
    code, out, err = _import_then_follow_the_hint(
        capsys, "--data-dir", str(tmp_path / "my data"), name="list.md"
    )
    assert code == 0, err
    assert '"done": 1' in out


def test_the_hint_after_output_names_the_file_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "list.md").write_text(CHECKLIST, encoding="utf-8")
    code, out, err = run(capsys, "import", "list.md", "--output", "some where.toml")
    assert code == 0, err
    code, out, err = run(capsys, *_hint(out), "status")
    assert code == 0, err
