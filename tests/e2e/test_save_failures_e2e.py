"""The installed app in a real pseudo-terminal, with saves the file system refuses: a lock
held past the timeout, a full disk, the progress folder replaced by a file, SIGTERM and
SIGHUP. Every tick is checked on disk afterwards. Timeouts only bound waiting."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from support.hostile_fs import fill_disk, small_mount
from support.samples import LockHolder, file_statuses
from support.terminal import SCRIPT, Terminal, app_env

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.recovery import journal_paths

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
    pytest.mark.slow,
]


def start(data_dir: Path) -> Terminal:
    term = Terminal(app_env(data_dir))
    term.wait_for_details("Computer Science basics")
    return term


@contextlib.contextmanager
def running(data_dir: Path) -> Iterator[Terminal]:
    term = start(data_dir)
    try:
        yield term
    finally:
        term.kill()


def tick_first_two(term: Terminal) -> None:
    term.press(" ")
    term.wait_for("[x] Computer Science")
    term.press("j")
    term.wait_for_details("Networking fundamentals")
    term.press(" ")
    term.wait_for("[x] Networking")


BOTH = {"cs-basics": "done", "networking-fundamentals": "done"}


def test_lock_held_past_the_timeout_quit_waits_and_nothing_is_lost(data_dir: Path) -> None:
    with running(data_dir) as term, LockHolder(progress_path(data_dir, "backend")) as holder:
        tick_first_two(term)
        term.wait_for("2 unsaved changes")
        assert "locked by another roadmap-tui" in term.text
        term.press("q")
        term.wait_for("not saved yet")
        assert file_statuses(data_dir) == {}
        holder.release()  # the other roadmap-tui lets go: the app saves, then quits
        assert term.wait_exit() == 0
    assert file_statuses(data_dir) == BOTH


def test_quit_anyway_exits_non_zero_and_the_next_start_recovers(data_dir: Path) -> None:
    path = progress_path(data_dir, "backend")
    with LockHolder(path):
        with running(data_dir) as term:
            tick_first_two(term)
            term.press("q")
            term.wait_for("not saved yet")
            term.press("q")
            assert term.wait_exit() == 1
            text = " ".join(term.text.split())
        assert "2 changes could not be saved" in text
        assert len(journal_paths(path)) == 1
        assert file_statuses(data_dir) == {}
    with running(data_dir) as term:
        term.wait_for("[x] Networking")
        term.wait_for("[x] Computer Science")
        term.press("q")
        assert term.wait_exit() == 0
    assert file_statuses(data_dir) == BOTH
    assert journal_paths(path) == []


def test_progress_folder_replaced_by_a_file_then_restored(data_dir: Path) -> None:
    folder = progress_path(data_dir, "backend").parent
    with running(data_dir) as term:
        term.press(" ")
        term.wait_for("[x] Computer Science")
        term.wait_until(lambda: file_statuses(data_dir) == {"cs-basics": "done"}, "first save")
        folder.rename(folder.with_name("aside"))
        folder.write_text("not a folder", encoding="utf-8")
        term.press("j")
        term.wait_for_details("Networking fundamentals")
        term.press(" ")
        term.wait_for("1 unsaved change")
        folder.unlink()
        folder.with_name("aside").rename(folder)
        term.wait_until(lambda: "unsaved" not in term.lines[0], "the top bar to clear")
        term.press("q")
        assert term.wait_exit() == 0
    assert file_statuses(data_dir) == BOTH


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB file system of its own (tmpfs), to fill up for real."""
    with small_mount(tmp_path / "disk", "1m") as mount:
        yield mount


def test_full_disk_keeps_ticks_pending_until_there_is_room(tiny_disk: Path) -> None:
    data_dir = tiny_disk / "data"
    with running(data_dir) as term:
        term.press(" ")
        term.wait_for("[x] Computer Science")
        term.wait_until(lambda: file_statuses(data_dir) == {"cs-basics": "done"}, "first save")
        filler = fill_disk(tiny_disk)
        term.press("j")
        term.wait_for_details("Networking fundamentals")
        term.press(" ")
        term.wait_for("1 unsaved change")
        assert "the disk is full" in term.text
        assert file_statuses(data_dir) == {"cs-basics": "done"}  # the old file, whole
        filler.unlink()
        term.wait_until(lambda: "unsaved" not in term.lines[0], "the top bar to clear")
        term.press("q")
        assert term.wait_exit() == 0
    assert file_statuses(data_dir) == BOTH


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_saves_what_it_can_and_journals_the_rest(data_dir: Path, signum: int) -> None:
    path = progress_path(data_dir, "backend")
    # Nothing in the way: the signal's flush saves the tick and the app exits 0.
    with running(data_dir) as term:
        term.press(" ")
        term.wait_for("[x] Computer Science")
        term.child.kill(signum)
        assert term.wait_exit() == 0
    assert file_statuses(data_dir) == {"cs-basics": "done"}
    # The file locked for longer than the flush: exit 1, the tick kept in a journal.
    with LockHolder(path), running(data_dir) as term:
        term.press("j")
        term.wait_for_details("Networking fundamentals")
        term.press(" ")
        term.wait_for("[x] Networking")
        term.child.kill(signum)
        assert term.wait_exit() == 1
        assert len(journal_paths(path)) == 1
    assert file_statuses(data_dir) == {"cs-basics": "done"}
    subprocess.run(
        [str(SCRIPT), "--data-dir", str(data_dir), "mark", "git-github", "done"],
        check=True,
        capture_output=True,
    )
    assert file_statuses(data_dir) == {**BOTH, "git-github": "done"}
    assert journal_paths(path) == []


def exit_status_of(pid: int, seconds: float = 60.0) -> int | None:
    """The exit code of our child ``pid`` once it ends (None if it was still running)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    return None


@pytest.mark.parametrize("locked", [False, True], ids=["saved", "locked"])
def test_closing_the_terminal_ends_the_app_and_keeps_every_tick(
    data_dir: Path, locked: bool
) -> None:
    """The terminal window closes (the pty goes away, SIGHUP): the app must not hang
    writing to a terminal that is gone, and no tick may be lost."""
    path = progress_path(data_dir, "backend")
    with contextlib.ExitStack() as stack:
        if locked:
            stack.enter_context(LockHolder(path))
        term = stack.enter_context(running(data_dir))
        tick_first_two(term)
        pid = term.child.pid
        os.close(term.child.child_fd)  # the terminal emulator goes away
        code = exit_status_of(pid)
        if code is None:
            os.kill(pid, signal.SIGKILL)
        assert code == (1 if locked else 0), f"exit status {code} (None: it hung)"
        term.ended = term.reaped = True
        if locked:
            assert len(journal_paths(path)) == 1
            assert file_statuses(data_dir) == {}
    if locked:  # the next command that saves merges the journal in
        subprocess.run(
            [str(SCRIPT), "--data-dir", str(data_dir), "mark", "git-github", "done"],
            check=True,
            capture_output=True,
        )
        assert file_statuses(data_dir) == {**BOTH, "git-github": "done"}
    else:
        assert file_statuses(data_dir) == BOTH
