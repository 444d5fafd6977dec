"""Notes are private unless asked: every export format leaves them out by default and
`--notes` puts them in; `roadmap-tui note ID [TEXT | - | --clear]` sets them from
scripts, one line and exit 2 for what it cannot take."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from support.samples import entries_at, one_error_line, run_cli

from roadmap_tui.export.markdown import FORMATS

SECRET = "Watched the Zyxwv overview. TODO ask Quokka about the raise"


def stdin_of(monkeypatch: pytest.MonkeyPatch, raw: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_export_format_leaves_notes_out_unless_asked(
    capsys: pytest.CaptureFixture[str], data_dir: Path, fmt: str
) -> None:
    assert run_cli(capsys, "note", "cs-basics", SECRET)[0] == 0
    code, out, err = run_cli(capsys, "export", "--format", fmt)
    assert code == 0, err
    assert "Zyxwv" not in out and "Quokka" not in out
    code, with_notes, err = run_cli(capsys, "export", "--format", fmt, "--notes")
    assert code == 0, err
    if fmt == "svg":  # the card shows numbers only, with or without notes
        assert "Zyxwv" not in with_notes
    elif fmt == "json":
        first = json.loads(with_notes)["levels"][0]["topics"][0]
        assert first["id"] == "cs-basics" and first["note"] == SECRET
        assert json.loads(out)["levels"][0]["topics"][0]["note"] == ""
    else:
        assert "Watched the Zyxwv overview" in with_notes


def test_note_sets_prints_and_clears_a_note(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = run_cli(capsys, "note", "cs-basics", "  read chapter 3  ")
    assert (code, out) == (0, "")
    assert "Saved the note of 'Computer Science basics'" in err
    assert entries_at(data_dir)["cs-basics"].note == "read chapter 3"
    assert run_cli(capsys, "note", "cs-basics")[:2] == (0, "read chapter 3\n")

    code, _, err = run_cli(capsys, "note", "cs-basics", "--clear")
    assert code == 0 and "Cleared" in err
    assert entries_at(data_dir)["cs-basics"].note == ""
    assert run_cli(capsys, "note", "cs-basics")[:2] == (0, "")


def test_note_dash_reads_the_note_from_stdin(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin_of(monkeypatch, "first line\n\nsecond — with a dash\n".encode())
    assert run_cli(capsys, "note", "os-basics", "-")[0] == 0
    assert entries_at(data_dir)["os-basics"].note == "first line\n\nsecond — with a dash"


@pytest.mark.parametrize(
    ("argv", "raw", "says"),
    [
        (["note", "cs-basic", "x"], b"", ["no topic has the id 'cs-basic'", "cs-basics"]),
        (["note", "cs-basics", "x", "--clear"], b"", ["TEXT or --clear"]),
        (["note", "cs-basics", "-"], b"\xff\xfe bad", ["not UTF-8"]),
        (["note", "cs-basics", "-"], b"x" * (1024 * 1024 + 1), ["longer than 1024 KiB"]),
    ],
)
def test_note_refuses_in_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    raw: bytes,
    says: list[str],
) -> None:
    stdin_of(monkeypatch, raw)
    code, out, err = run_cli(capsys, *argv)
    assert (code, out) == (2, "")
    one_error_line(err, says=says)
    assert "cs-basics" not in entries_at(data_dir)
