"""Files inside the sync clone, where everything came from other people.

Every member of a cohort can push anything to the shared remote, and a fetch puts it in
our clone: symbolic links (to ``~/.bashrc``, to a FIFO, to ``/dev/zero``), folders where
files belong, submodules, huge files. So nothing in the clone is ever followed:

- `read_clone_file` reads a path only if it and every folder on the way to it (from the
  clone's root) are real: checked with ``lstat``, opened with ``O_NOFOLLOW`` and
  ``O_NONBLOCK``, and never more than a limit of bytes. Anything else is a sentence.
- `write_clone_file` writes our own files (our member folder, the README) so that
  whatever stands at the path or on the way to it is replaced, never written through:
  a symlink is removed, a folder where our file belongs is removed (it is tracked
  content of the remote's, kept in git history), and the file is renamed into place.
- `real_folders` lists the real folders of a folder and names what else is there.

docs/sync.md, "What another member can and cannot do", is the threat model.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from roadmap_tui.base import system
from roadmap_tui.base.files import file_kind
from roadmap_tui.base.system import fsync_dir


class CloneFileError(Exception):
    """A path in the clone that is not what it should be, as a sentence ("it is a
    symbolic link, which sync never follows")."""


def _kind(mode: int) -> str:
    return "a symbolic link" if stat.S_ISLNK(mode) else file_kind(mode)


def _parts(repo: Path, path: Path) -> list[str]:
    relative = path.relative_to(repo)  # ValueError for a path outside the clone: a bug
    return list(relative.parts)


def _on_the_way(repo: Path, parts: list[str]) -> Iterator[tuple[Path, os.stat_result | None]]:
    """Each folder on the way from ``repo`` down ``parts``, with what ``lstat`` says of
    it (None: missing). Read as it is reached, so a caller may change one before the
    next is looked at."""
    where = repo
    for part in parts:
        where = where / part
        try:
            yield where, os.lstat(where)
        except FileNotFoundError:
            yield where, None


def _check_folders(repo: Path, parts: list[str]) -> bool:
    """Whether every folder on the way is real; False if one is missing. CloneFileError
    if one is anything else (a symlink to a folder included)."""
    for where, info in _on_the_way(repo, parts):
        if info is None:
            return False
        if not stat.S_ISDIR(info.st_mode):
            raise CloneFileError(
                f"{'/'.join(where.relative_to(repo).parts)} is {_kind(info.st_mode)}, "
                "not a folder, and sync never follows it"
            )
    return True


def read_clone_file(repo: Path, path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file ``path`` inside the clone ``repo``; None when it is
    missing. CloneFileError when it, or a folder on the way, is anything but real, or
    when it holds more than ``limit`` bytes."""
    parts = _parts(repo, path)
    if not _check_folders(repo, parts[:-1]):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):  # never opened: a FIFO would hang, a link leads out
        raise CloneFileError(f"it is {_kind(info.st_mode)}, which sync never follows")
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # swapped for a link since the lstat
            raise CloneFileError("it is a symbolic link, which sync never follows") from None
        raise
    try:
        return _read_open(fd, limit)
    finally:
        os.close(fd)


def _read_open(fd: int, limit: int) -> bytes:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise CloneFileError(f"it is {_kind(info.st_mode)}, which sync never follows")
    if info.st_size > limit:
        raise CloneFileError(too_big(limit))
    data = os.read(fd, limit + 1)
    while len(data) <= limit and (chunk := os.read(fd, limit + 1 - len(data))):
        data += chunk
    if len(data) > limit:  # it grew while we read it
        raise CloneFileError(too_big(limit))
    return data


def too_big(limit: int) -> str:
    return f"it is larger than {limit // (1024 * 1024)} MiB, the most sync reads from a member"


def _remove(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        shutil.rmtree(path)  # never follows a link inside it
    else:
        path.unlink()


def _make_folders(repo: Path, parts: list[str]) -> list[tuple[str, str]]:
    """Every folder on the way made real; what was replaced (path, kind)."""
    replaced: list[tuple[str, str]] = []
    for where, info in _on_the_way(repo, parts):
        if info is None:
            where.mkdir()
            continue
        if stat.S_ISDIR(info.st_mode):
            continue
        _remove(where, info.st_mode)
        replaced.append(("/".join(where.relative_to(repo).parts), _kind(info.st_mode)))
        where.mkdir()
    return replaced


def write_clone_file(repo: Path, path: Path, text: str) -> list[tuple[str, str]]:
    """Write ``text`` as the regular file ``path`` inside the clone: a temp file beside
    it, fsynced, renamed over whatever is there (a symlink is replaced, never followed;
    a folder is removed first). What was replaced on the way: (path in the clone, what
    it was)."""
    parts = _parts(repo, path)
    replaced = _make_folders(repo, parts[:-1])
    with contextlib.suppress(FileNotFoundError):
        info = os.lstat(path)
        if stat.S_ISDIR(info.st_mode):
            _remove(path, info.st_mode)
        if not stat.S_ISREG(info.st_mode):
            replaced.append(("/".join(parts), _kind(info.st_mode)))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            system.sync_file(handle.fileno())
        system.replace(tmp, path)  # replaces a symlink itself, not what it points to
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)
    return replaced


def real_folders(repo: Path, folder: Path) -> tuple[list[str], list[str]]:
    """The names of the real folders in ``folder`` (itself checked from ``repo``), and a
    sentence for each other entry there that is not a regular file (a symlink, ...)."""
    try:
        if not _check_folders(repo, _parts(repo, folder)):
            return [], []
    except CloneFileError as exc:
        return [], [str(exc)]
    names: list[str] = []
    problems: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(info.st_mode):
                names.append(entry.name)
            elif not stat.S_ISREG(info.st_mode):
                where = "/".join([*_parts(repo, folder), entry.name])
                problems.append(f"{where} is {_kind(info.st_mode)}, which sync never follows")
    return sorted(names), problems


def names_ending(repo: Path, folder: Path, suffix: str) -> list[str]:
    """The stems of the entries named ``*<suffix>`` in ``folder`` of any kind (the caller
    reads each with `read_clone_file`, which says what is wrong with one); [] when the
    folder is missing or not a real folder."""
    try:
        if not _check_folders(repo, _parts(repo, folder)):
            return []
    except CloneFileError:
        return []
    with os.scandir(folder) as entries:
        return sorted(
            entry.name[: -len(suffix)] for entry in entries if entry.name.endswith(suffix)
        )
