"""`roadmap-tui restore`: the backups and the files moved aside, listed with their date
and the topics done in each; one put back atomically under the lock, the current file
kept first (so a restore is undone the same way); and a corrupt progress file's notice
names `restore`, the same words from every command and the app's store."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.samples import LockHolder, one_error_line, progress_file, put_file, run_cli

from roadmap_tui.base.errors import ProgressError
from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.restore import copies, restore
from roadmap_tui.progress.store import ProgressStore

TWO_DONE = (
    'schema = 1\nroadmap = "backend"\n\n[items.cs-basics]\nstatus = "done"\n\n'
    '[items.os-basics]\nstatus = "done"\n'
)
ONE_DONE = 'schema = 1\nroadmap = "backend"\n\n[items.cs-basics]\nstatus = "done"\n'
BROKEN = 'schema = 1\nroadmap = "backend"\n\n[items.cs-basics]\nstatus = "done\n'


def backups(data: Path) -> Path:
    return data / "progress" / "backups"


def with_history(data: Path) -> Path:
    """Two daily backups, a file moved aside as unreadable, and a current file."""
    put_file(backups(data) / "backend-2026-12-01.toml", TWO_DONE)
    put_file(backups(data) / "backend-2026-12-03.toml", ONE_DONE)
    put_file(backups(data) / "other-2026-12-04.toml", TWO_DONE)  # another roadmap's
    path = progress_file(data, ONE_DONE)
    put_file(path.with_name("backend.toml.corrupt-20261202T080910123456Z"), BROKEN)
    return path


def test_restore_lists_every_copy_newest_first_with_the_topics_done(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    with_history(data_dir)
    code, out, err = run_cli(capsys, "restore")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "(1 of 69 topics done now)" in lines[0]
    rows = [line.split() for line in lines if line[:3].strip().isdigit()]
    assert [row[:2] for row in rows] == [
        ["1", "2026-12-03"],
        ["2", "2026-12-02"],
        ["3", "2026-12-01"],
    ]
    assert "1 of 69 topics done" in lines[2] and "daily backup" in lines[2]
    assert "moved aside, unreadable" in lines[4] and "can't be read" in lines[4]
    assert "2 of 69 topics done" in lines[6]
    assert lines[7].strip() == str(backups(data_dir) / "backend-2026-12-01.toml")
    assert "other-" not in out
    assert "`roadmap-tui restore N`" in lines[-1]


def test_restore_n_puts_it_back_and_can_itself_be_undone(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = with_history(data_dir)
    code, out, _ = run_cli(capsys, "restore", "3")
    assert code == 0
    assert path.read_text(encoding="utf-8") == TWO_DONE
    assert "2 of 69 topics done" in out and "The file it replaced is kept as" in out
    kept = [c for c in copies(path, "backend") if c.kind == "before a restore"]
    assert len(kept) == 1 and kept[0].path.read_text(encoding="utf-8") == ONE_DONE
    assert ProgressStore(path, "backend").load().entry("os-basics").status.value == "done"

    code, out, _ = run_cli(capsys, "restore", kept[0].path.name)  # undo, by its name
    assert code == 0
    assert path.read_text(encoding="utf-8") == ONE_DONE
    befores = [c for c in copies(path, "backend") if c.kind == "before a restore"]
    assert len(befores) == 2  # the undone restore's file is kept too: nothing is lost


def test_a_repaired_file_that_was_moved_aside_can_be_restored(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = with_history(data_dir)
    aside = path.with_name("backend.toml.corrupt-20261202T080910123456Z")
    code, _, err = run_cli(capsys, "restore", "2")  # still broken: refused
    assert code == 2
    one_error_line(err, says=["can't be read", str(aside)])
    assert path.read_text(encoding="utf-8") == ONE_DONE
    assert not [c for c in copies(path, "backend") if c.kind == "before a restore"]
    aside.write_text(TWO_DONE, encoding="utf-8")  # repaired in an editor
    assert run_cli(capsys, "restore", "2")[0] == 0
    assert path.read_text(encoding="utf-8") == TWO_DONE


@pytest.mark.parametrize(
    ("which", "says"),
    [("9", ["no copy number 9 (there are 3"]), ("nowhere.toml", ["nowhere.toml"])],
)
def test_restore_refuses_what_is_not_there_in_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, which: str, says: list[str]
) -> None:
    path = with_history(data_dir)
    code, out, err = run_cli(capsys, "restore", which)
    assert (code, out) == (2, "")
    one_error_line(err, says=says)
    assert path.read_text(encoding="utf-8") == ONE_DONE


def test_restore_waits_for_the_lock_and_changes_nothing_without_it(data_dir: Path) -> None:
    path = with_history(data_dir)
    store = ProgressStore(path, "backend")
    store.lock_timeout = 0.1
    with LockHolder(path), pytest.raises(ProgressError, match="locked by another roadmap-tui"):
        restore(store, backups(data_dir) / "backend-2026-12-01.toml")
    assert path.read_text(encoding="utf-8") == ONE_DONE
    assert not [c for c in copies(path, "backend") if c.kind == "before a restore"]


def test_restore_on_a_file_system_without_locks_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import fcntl

    def no_flock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOSYS, "Function not implemented")

    path = with_history(data_dir)
    monkeypatch.setattr(fcntl, "flock", no_flock)
    store = ProgressStore(path, "backend")
    with pytest.raises(ProgressError, match="no file locks") as info:
        restore(store, backups(data_dir) / "backend-2026-12-01.toml")
    assert "locked by another" not in info.value.message
    assert path.read_text(encoding="utf-8") == ONE_DONE


def test_a_corrupt_file_says_the_same_and_names_restore_for_reading_and_changing(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    put_file(backups(data_dir) / "backend-2026-12-03.toml", ONE_DONE)
    path = progress_file(data_dir, BROKEN)
    hint = "There is a daily backup (the newest of 2026-12-03): `roadmap-tui restore` lists"
    code, _, err = run_cli(capsys, "status")
    assert code == 0 and hint in err and "progress shows as empty" in err
    store = ProgressStore(path, "backend")  # what the app opens with (it moves it aside)
    store.load()
    assert len(store.notices) == 1
    assert hint in store.notices[0] and "moved aside" in store.notices[0]
    assert "progress shows as empty" in store.notices[0]
    assert progress_path(data_dir, "backend").exists() is False
