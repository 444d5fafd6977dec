"""A progress file with other names (hard links) is never split by a save: saving
replaces the file with a new one, which would leave the other names with the old
content, so the save is refused in one line and nothing changes under any name
(docs/data-safety.md, "Hard links")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.samples import one_error_line, run_cli

from roadmap_tui.base.paths import progress_path


def test_a_hard_linked_progress_file_is_never_split(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    assert run_cli(capsys, "mark", "cs-basics", "done")[0] == 0
    path = progress_path(data_dir, "backend")
    other = tmp_path / "elsewhere.toml"
    os.link(path, other)
    before = path.read_bytes()
    code, out, err = run_cli(capsys, "mark", "cs-basics", "todo")
    assert (code, out) == (1, "")
    one_error_line(err, says=[str(path), "2 names", "nothing was saved", "symlink"])
    assert path.read_bytes() == other.read_bytes() == before
    assert os.stat(path).st_ino == os.stat(other).st_ino  # still one file


def test_a_symlink_in_place_of_the_hard_link_saves(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    assert run_cli(capsys, "mark", "cs-basics", "done")[0] == 0
    path = progress_path(data_dir, "backend")
    other = tmp_path / "elsewhere.toml"
    other.symlink_to(path)
    assert run_cli(capsys, "mark", "cs-basics", "todo")[0] == 0
    assert other.read_bytes() == path.read_bytes()
    assert b"todo" in other.read_bytes()
