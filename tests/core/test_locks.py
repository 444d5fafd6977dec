"""A lock that tells the truth: when the system's own file lock can't be had (no
`fcntl`, a file system without `flock`), nothing is saved and the sentence says why,
never "locked by another roadmap-tui" and never a soft lock (docs/data-safety.md,
"The lock")."""

from __future__ import annotations

import errno
import fcntl
import sys
from pathlib import Path
from typing import Any

import filelock
import pytest
from support.samples import one_error_line, run_python, store_at

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.entries import Entry
from roadmap_tui.progress.locks import NoRealLock
from roadmap_tui.roadmap.model import Status
from roadmap_tui.sync.config import SyncError, sync_lock

WITHOUT_FCNTL = """
import sys
sys.modules["fcntl"] = None  # as when the import fails (out of file handles, an I/O error)
from roadmap_tui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_without_fcntl_mark_saves_nothing_and_says_why(data_dir: Path) -> None:
    first = run_python("-m", "roadmap_tui", "mark", "cs-basics", "done")
    assert first.returncode == 0, first.stderr
    path = progress_path(data_dir, "backend")
    assert Path(f"{path}.lock").exists()  # the lock file stays: a soft lock would see it
    before = path.read_bytes()
    done = run_python("-c", WITHOUT_FCNTL, "mark", "cs-basics", "todo", timeout=60)
    assert (done.returncode, done.stdout) == (1, "")
    line = one_error_line(done.stderr, says=["nothing was saved", "fcntl"])
    assert "locked by another" not in line
    assert path.read_bytes() == before


def _no_flock(fd: int, operation: int) -> None:
    raise OSError(errno.ENOSYS, "Function not implemented")


def test_a_file_system_without_flock_saves_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = store_at(data_dir)
    store.save({"cs-basics": Entry(Status.DONE, _when())})
    before = store.path.read_bytes()
    monkeypatch.setattr(fcntl, "flock", _no_flock)
    store = store_at(data_dir)
    store.lock_timeout = 0.5  # a soft lock would wait on the lock file, then blame "another"
    with pytest.raises(NoRealLock) as info:
        store.save({"cs-basics": Entry(Status.TODO, _when(1))})
    assert "no file locks" in info.value.message and "nothing was saved" in info.value.message
    assert "locked" not in info.value.message
    assert store.path.read_bytes() == before


def test_sync_never_runs_under_a_soft_lock(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filelock, "has_fcntl", False)
    ran = []
    with pytest.raises(SyncError) as info, sync_lock(data_dir):
        ran.append(True)
    assert ran == []
    assert "fcntl" in info.value.message and "still running" not in info.value.message


def test_the_real_lock_still_excludes_another_holder(data_dir: Path) -> None:
    store = store_at(data_dir)
    store.save({"cs-basics": Entry(Status.DONE, _when())})
    holder = filelock.UnixFileLock(f"{store.path}.lock")
    with holder:
        other = store_at(data_dir)
        other.lock_timeout = 0.2
        with pytest.raises(Exception) as info:
            other.save({"cs-basics": Entry(Status.TODO, _when(1))})
        assert "locked by another roadmap-tui" in str(info.value)


def _when(minutes: int = 0) -> Any:
    from datetime import UTC, datetime, timedelta

    return datetime(2026, 12, 1, 12, tzinfo=UTC) + timedelta(minutes=minutes)


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip("Unix locks")
