"""The order of the system calls that make a save survive a power cut.

No test inside a process can pull the plug, so a deleted `os.fsync` would pass every
other test: these record the calls a save makes (`os.fsync`, `os.replace`, `os.link`)
and check their order. A new file's content is on the disk before its name replaces
the old file (fsync of the temp file, then replace), and the rename itself is on the
disk before the save reports success (then fsync of the folder). docs/data-safety.md
states the guarantee."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.samples import Clock

from roadmap_tui.base.files import atomic_write
from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status


@dataclass(frozen=True)
class Call:
    """One recorded call: what it was, on which file (by inode) and what it saw."""

    name: str  # "fsync-file", "fsync-folder", "replace", "link"
    inode: int  # the file synced or moved; the folder for "fsync-folder"
    size: int = 0  # fsync of a file: its size then (all of it written and flushed)
    target: str = ""  # replace and link: the name it now has


class Recorder:
    def __init__(self) -> None:
        self.calls: list[Call] = []

    def names(self) -> list[str]:
        return [call.name for call in self.calls]


@pytest.fixture
def record(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """Every `os.fsync`, `os.replace` and `os.link` in order, each passed on to the
    real call."""
    recorder = Recorder()
    real_fsync, real_replace, real_link = os.fsync, os.replace, os.link

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        kind = "fsync-folder" if stat.S_ISDIR(info.st_mode) else "fsync-file"
        recorder.calls.append(Call(kind, info.st_ino, info.st_size))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str], **kw: object) -> None:
        inode = os.stat(src).st_ino
        real_replace(src, dst, **kw)  # type: ignore[arg-type]
        recorder.calls.append(Call("replace", inode, target=str(dst)))

    def link(src: str | os.PathLike[str], dst: str | os.PathLike[str], **kw: object) -> None:
        inode = os.stat(src).st_ino
        real_link(src, dst, **kw)  # type: ignore[arg-type]
        recorder.calls.append(Call("link", inode, target=str(dst)))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)
    yield recorder


def assert_durable(calls: list[Call], target: Path, data: bytes, move: str = "replace") -> None:
    """Among ``calls``: the file that ends at ``target`` was fsynced with all of
    ``data`` in it, then moved there, then ``target``'s folder was fsynced."""
    moves = [n for n, c in enumerate(calls) if c.name == move and Path(c.target) == target]
    assert len(moves) == 1, f"{target} was not put in place exactly once: {calls}"
    moved = calls[moves[0]]
    assert moved.inode == target.stat().st_ino
    synced = [
        n
        for n, c in enumerate(calls[: moves[0]])
        if c.name == "fsync-file" and c.inode == moved.inode
    ]
    assert synced, f"the new {target.name} was never fsynced before it replaced the old"
    assert calls[synced[-1]].size == len(data), "fsynced before all of it was written"
    folder = target.parent.stat().st_ino
    assert any(c.name == "fsync-folder" and c.inode == folder for c in calls[moves[0] + 1 :]), (
        f"the folder of {target.name} was never fsynced after the rename"
    )


def test_an_atomic_write_fsyncs_the_file_then_replaces_then_fsyncs_the_folder(
    tmp_path: Path, record: Recorder
) -> None:
    target = tmp_path / "file.toml"
    target.write_text("old", encoding="utf-8")
    data = b"new content " * 1000
    atomic_write(target, data)
    assert target.read_bytes() == data
    assert record.names() == ["fsync-file", "replace", "fsync-folder"]
    assert_durable(record.calls, target, data)


def test_a_new_file_without_replace_is_as_durable(tmp_path: Path, record: Recorder) -> None:
    target = tmp_path / "new.toml"
    atomic_write(target, b"first", replace=False)
    assert record.names() in (
        ["fsync-file", "link", "fsync-folder"],  # hard links: no replacing, atomically
        ["fsync-file", "replace", "fsync-folder"],
    )
    assert_durable(record.calls, target, b"first", move=record.calls[1].name)


def test_a_save_of_progress_is_durable_before_it_returns(data_dir: Path, record: Recorder) -> None:
    path = progress_path(data_dir, "backend")
    store = ProgressStore(path, "backend", clock=Clock())
    store.set_status(["cs-basics"], Status.DONE)
    assert_durable(record.calls, path, path.read_bytes())
    record.calls.clear()
    store.set_status(["os-basics"], Status.DONE)  # replacing an existing file
    assert_durable(record.calls, path, path.read_bytes())
    assert record.calls[-1].name == "fsync-folder"  # nothing after: the save is done


def test_a_corrupt_file_moved_aside_is_durable(data_dir: Path, record: Recorder) -> None:
    path = progress_path(data_dir, "backend")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not [ toml")
    store = ProgressStore(path, "backend", clock=Clock())
    store.load()
    (aside,) = path.parent.glob("backend.toml.corrupt-*")
    moves = [n for n, c in enumerate(record.calls) if c.name == "replace"]
    assert [Path(record.calls[n].target) for n in moves] == [aside]
    folder = path.parent.stat().st_ino
    after = record.calls[moves[0] + 1 :]
    assert any(c.name == "fsync-folder" and c.inode == folder for c in after)
