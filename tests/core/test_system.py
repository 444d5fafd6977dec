"""Where operating systems differ (base/system.py, docs/data-safety.md "On each
system"): each difference is run through the real code path — a save, a folder flush,
the app's signal set-up — with the other system's behaviour simulated here (its
`sys.platform`, its errors, its event loop). Each test fails if the handling is removed."""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest

from roadmap_tui.base import system
from roadmap_tui.base.files import atomic_write
from roadmap_tui.roadmap.model import Status


def _sharing_violation(path: Path) -> PermissionError:
    exc = PermissionError(errno.EACCES, "The process cannot access the file", str(path))
    exc.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION, as Windows says it
    return exc


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "progress"
    folder.mkdir()
    return folder


class _HeldOpen:
    """`os.replace` refusing while "another process" holds the file for ``times`` tries."""

    def __init__(self, times: int, error: Any = _sharing_violation) -> None:
        self.left, self.error, self.calls = times, error, 0
        self.real = os.replace

    def __call__(self, source: Any, target: Any) -> None:
        self.calls += 1
        if self.left > 0:
            self.left -= 1
            raise self.error(Path(target))
        self.real(source, target)


def test_on_windows_a_save_waits_out_a_file_held_open_by_another_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _folder(tmp_path) / "backend.toml"
    target.write_text("old", encoding="utf-8")
    held = _HeldOpen(times=3)
    waits: list[float] = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "replace", held)
    monkeypatch.setattr(time, "sleep", waits.append)

    atomic_write(target, "new")

    assert target.read_text(encoding="utf-8") == "new"
    assert held.calls == 4
    assert waits == list(system.REPLACE_DELAYS[:3])  # growing waits, not a busy loop
    assert [p.name for p in target.parent.iterdir()] == ["backend.toml"]  # no temp file left


def test_on_windows_a_file_held_for_good_is_refused_with_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _folder(tmp_path) / "backend.toml"
    target.write_text("old", encoding="utf-8")
    held = _HeldOpen(times=1000)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "replace", held)
    monkeypatch.setattr(time, "sleep", lambda _s: None)

    with pytest.raises(PermissionError):
        atomic_write(target, "new")

    assert held.calls == len(system.REPLACE_DELAYS) + 1  # bounded: it gives up
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in target.parent.iterdir()] == ["backend.toml"]


def test_a_refusal_that_is_not_a_sharing_violation_is_final_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On Linux and macOS a refused rename (a read-only folder, say) never passes by
    # waiting; nor does a plain access denial on Windows with no other process named.
    target = _folder(tmp_path) / "backend.toml"
    target.write_text("old", encoding="utf-8")
    for platform, error in [
        ("linux", _sharing_violation),
        ("darwin", _sharing_violation),
        ("win32", lambda p: PermissionError(errno.EACCES, "read-only", str(p))),
    ]:
        held = _HeldOpen(times=1, error=error)
        monkeypatch.setattr(sys, "platform", platform)
        monkeypatch.setattr(os, "replace", held)
        monkeypatch.setattr(time, "sleep", lambda _s: pytest.fail("waited"))
        with pytest.raises(PermissionError):
            atomic_write(target, "new")
        assert held.calls == 1, platform
    assert target.read_text(encoding="utf-8") == "old"


def test_a_corrupt_progress_file_is_moved_aside_past_a_sharing_violation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap_tui.progress.store import ProgressStore

    path = tmp_path / "backend.toml"
    path.write_text("this is [not toml", encoding="utf-8")
    # (Windows' behaviour for our code only: the lock itself is this system's.)
    monkeypatch.setattr(system, "windows", lambda: True)
    monkeypatch.setattr(os, "replace", _HeldOpen(times=2))
    monkeypatch.setattr(time, "sleep", lambda _s: None)

    store = ProgressStore(path, "backend")
    store.load()
    store.set_status(["a"], Status.DONE)

    assert any(p.name.startswith("backend.toml.corrupt-") for p in tmp_path.iterdir())
    assert 'status = "done"' in path.read_text(encoding="utf-8")


def test_on_windows_no_folder_is_opened_to_flush_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = os.open

    def recording_open(path: Any, flags: int, *args: Any) -> int:
        opened.append(os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", recording_open)
    monkeypatch.setattr(sys, "platform", "win32")
    atomic_write(tmp_path / "a.toml", "x")
    assert str(tmp_path) not in opened

    monkeypatch.setattr(sys, "platform", "linux")  # and where it is supported, it is done
    atomic_write(tmp_path / "a.toml", "y")
    assert str(tmp_path) in opened


def test_on_macos_a_save_asks_the_drive_itself_to_write_the_data_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    asked: list[int] = []
    synced: list[int] = []
    real_fsync = os.fsync

    def fake_fcntl(fd: int, command: int, *args: Any) -> int:
        asked.append(command)
        return 0

    def recording_fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(fcntl, "fcntl", fake_fcntl)
    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(sys, "platform", "darwin")
    atomic_write(tmp_path / "a.toml", "x")
    assert asked == [getattr(fcntl, "F_FULLFSYNC", 51)]  # the file: F_FULLFSYNC
    assert len(synced) == 1  # the folder: fsync

    def refusing_fcntl(fd: int, command: int, *args: Any) -> int:
        raise OSError(errno.ENOTSUP, "not supported on this file system")

    monkeypatch.setattr(fcntl, "fcntl", refusing_fcntl)
    synced.clear()
    atomic_write(tmp_path / "a.toml", "y")  # a drive without it: fsync, still saved
    assert len(synced) == 2
    assert (tmp_path / "a.toml").read_text(encoding="utf-8") == "y"


class _ProactorLikeLoop:
    """Windows' event loop: it takes no signal handlers."""

    def __init__(self) -> None:
        self.soon: list[tuple[Any, tuple[Any, ...]]] = []

    def add_signal_handler(self, *_args: Any) -> None:
        raise NotImplementedError

    def call_soon_threadsafe(self, callback: Any, *args: Any) -> None:
        self.soon.append((callback, args))


def test_on_windows_the_app_ends_on_ctrl_break_and_term_without_sighup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed: dict[int, Any] = {}
    fake_signal = types.SimpleNamespace(
        SIGTERM=signal.SIGTERM,
        SIGINT=signal.SIGINT,
        signal=lambda signum, handler: installed.__setitem__(signum, handler),
    )  # Windows' signal module: no SIGHUP
    monkeypatch.setitem(sys.modules, "signal", fake_signal)
    loop = _ProactorLikeLoop()
    seen: list[int] = []

    handled = system.install_exit_handlers(loop, seen.append)

    assert sorted(handled) == sorted([signal.SIGTERM, signal.SIGINT])
    assert set(installed) == {signal.SIGTERM, signal.SIGINT}
    installed[signal.SIGTERM](signal.SIGTERM, None)  # the signal arrives...
    assert seen == []  # ...and is handed to the loop's thread, not run in the handler
    ((callback, args),) = loop.soon
    callback(*args)
    assert seen == [signal.SIGTERM]


def test_on_unix_the_app_ends_on_term_int_and_a_closed_terminal() -> None:
    async def install() -> list[int]:
        loop = asyncio.get_running_loop()
        try:
            return system.install_exit_handlers(loop, lambda _n: None)
        finally:
            for signum in system.exit_signals():
                loop.remove_signal_handler(signum)

    # The test process's own handlers are put back as they were (a test worker may
    # ignore SIGINT: a default handler left behind would make a stray ctrl+c its end).
    before = {signum: signal.getsignal(signum) for signum in system.exit_signals()}
    try:
        handled = asyncio.run(install())
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
    assert sorted(handled) == sorted([signal.SIGTERM, signal.SIGHUP, signal.SIGINT])


def test_where_files_have_no_unix_modes_a_save_still_lands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows' Python before 3.13 has no os.fchmod, and none has os.fchown.
    target = _folder(tmp_path) / "backend.toml"
    target.write_text("old", encoding="utf-8")
    monkeypatch.delattr(os, "fchmod")
    monkeypatch.delattr(os, "fchown")
    atomic_write(target, "new")
    atomic_write(target.with_name("new.toml"), "fresh")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.with_name("new.toml").read_text(encoding="utf-8") == "fresh"
