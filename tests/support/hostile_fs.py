"""A hostile file system, made for real: FIFOs, sockets, devices, folders where files
belong, symlink loops, sparse files over the size limit, tiny and read-only mounts.
Shared by the tests of data safety (test_filesystem, test_bad_input, test_torture)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from roadmap_tui.base.files import MAX_FILE_BYTES
from support.samples import one_error_line as one_error_line
from support.terminal import SCRIPT

# Things that are not a regular file, each made for real at a given path.
SPECIAL_KINDS = ("fifo", "socket", "folder", "device")


def make_special(kind: str, path: Path) -> contextlib.AbstractContextManager[None]:
    """Put a ``kind`` of non-file at ``path`` (a context manager: the socket stays open)."""
    return _special(kind, path)


@contextlib.contextmanager
def _special(kind: str, path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
        yield
    elif kind == "folder":
        path.mkdir()
        yield
    elif kind == "device":  # a real character device, reached through a link
        path.symlink_to("/dev/zero")
        yield
    elif kind == "socket":
        # AF_UNIX paths are limited to ~107 bytes: bind a short relative name from inside
        # the folder (tmp_path itself is often longer than that).
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        here = Path.cwd()
        os.chdir(path.parent)
        try:
            server.bind(path.name)
        finally:
            os.chdir(here)
        try:
            yield
        finally:
            server.close()
    else:  # pragma: no cover - a typo in a test
        raise ValueError(kind)


def make_too_big(path: Path) -> None:
    """A sparse file one byte over the size limit (no real disk space used)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)


def make_loop(path: Path) -> None:
    """``path`` and a sibling as symlinks pointing at each other."""
    path.parent.mkdir(parents=True, exist_ok=True)
    other = path.with_name(path.name + ".other")
    path.symlink_to(other.name)
    other.symlink_to(path.name)


@contextlib.contextmanager
def fresh_folder(parent: Path) -> Iterator[Path]:
    """A new empty folder inside ``parent`` (for each example of a property test)."""
    with tempfile.TemporaryDirectory(dir=parent) as name:
        yield Path(name)


def tree_state(root: Path, folder_times: bool = True) -> dict[Path, tuple[int, int, bytes]]:
    """Every entry under ``root`` with its mode, modification time and content (without
    ``folder_times``, a folder's time, which any file made and removed in it changes,
    is left out)."""
    state = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
        keep_time = folder_times or not stat.S_ISDIR(info.st_mode)
        state[path] = (info.st_mode, info.st_mtime_ns if keep_time else 0, data)
    return state


def run_installed(
    *argv: str, env: dict[str, str] | None = None, umask: int = -1
) -> subprocess.CompletedProcess[bytes]:
    """The installed `roadmap-tui` command in a real process; output as bytes (so that
    tests can check encodings). The timeout turns a hang into a failure."""
    return subprocess.run(
        [str(SCRIPT), *argv],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
        umask=umask,
    )


@contextlib.contextmanager
def small_mount(folder: Path, size: str = "64k") -> Iterator[Path]:
    """A real tiny tmpfs at ``folder`` (skips the test where mounting isn't allowed)."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill_disk(mount: Path) -> Path:
    """Fill the file system at ``mount`` to the last byte; the filler file, whose
    removal makes room again."""
    filler = mount / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (4096, 1):
            with contextlib.suppress(OSError):  # ENOSPC: this size no longer fits
                while os.write(fd, b"\0" * size) == size:
                    pass
    finally:
        os.close(fd)
    return filler


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
