"""Reading user files, with one clear sentence for everything that can go wrong.

Every file roadmap-tui reads (a roadmap, a Markdown checklist, a progress file, the
keymap) goes through `read_bytes`: it never blocks on a FIFO or device (the file is
opened non-blocking and must be a regular file), never reads more than
`MAX_FILE_BYTES`, and turns every `OSError` into one sentence naming the path.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from roadmap_tui.errors import RoadmapTuiError, os_reason

MAX_FILE_BYTES = 64 * 1024 * 1024  # docs/data-safety.md, "Limits"
_CHUNK = 1024 * 1024
# Errors that say the path the user gave is wrong, rather than that the system failed.
_BAD_PATH = {errno.ENAMETOOLONG, errno.EISDIR, errno.ENXIO}


def file_kind(mode: int) -> str:
    """What a ``stat`` mode describes, in words: 'a folder', 'a named pipe (FIFO)', ..."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def file_in_the_way(folder: Path) -> Path:
    """The nearest of ``folder`` and its parents that exists but is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            return candidate if not candidate.is_dir() else folder
    return folder


def read_bytes(
    path: Path,
    what: str,
    error: type[RoadmapTuiError] = RoadmapTuiError,
    *,
    exit_code: int = 2,
    missing_ok: bool = False,
) -> bytes | None:
    """The bytes of the regular file ``path``, or ``error`` with one sentence.

    ``exit_code`` is used when the path itself is wrong (missing, a folder, a FIFO, too
    big); failures of the system (permission denied, I/O errors, ...) are always 1. A
    missing file is None when ``missing_ok``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise error(f"there is no {what} file here", path=path, exit_code=exit_code) from None
    except NotADirectoryError:
        raise error(
            f"this is a file where roadmap-tui needs a folder (on the way to the {what} "
            "file); move it away",
            path=file_in_the_way(path.parent),
            exit_code=exit_code,
        ) from None
    except OSError as exc:
        kind = _special_kind(path)
        if kind:  # a socket can't even be opened: say what it is
            raise error(
                f"this is {kind}, not a {what} file", path=path, exit_code=exit_code
            ) from None
        code = exit_code if exc.errno in _BAD_PATH else 1
        raise error(
            f"cannot read this {what} file: {os_reason(exc)}", path=path, exit_code=code
        ) from None
    try:
        return _read_open_file(fd, path, what, error, exit_code)
    except OSError as exc:
        raise error(
            f"cannot read this {what} file: {os_reason(exc)}", path=path, exit_code=1
        ) from None
    finally:
        os.close(fd)


def _read_open_file(
    fd: int, path: Path, what: str, error: type[RoadmapTuiError], exit_code: int
) -> bytes:
    """The bytes behind ``fd`` if it is a regular file of at most `MAX_FILE_BYTES`."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise error(
            f"this is {file_kind(info.st_mode)}, not a {what} file",
            path=path,
            exit_code=exit_code,
        )
    if info.st_size > MAX_FILE_BYTES:
        raise _too_big(path, what, error, exit_code)
    chunks: list[bytes] = []
    size = 0
    while chunk := os.read(fd, _CHUNK):
        size += len(chunk)
        if size > MAX_FILE_BYTES:  # it grew while we read it
            raise _too_big(path, what, error, exit_code)
        chunks.append(chunk)
    return b"".join(chunks)


def _special_kind(path: Path) -> str:
    """'a socket', 'a folder', ... when ``path`` is something other than a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""
    return "" if stat.S_ISREG(mode) else file_kind(mode)


def _too_big(
    path: Path, what: str, error: type[RoadmapTuiError], exit_code: int
) -> RoadmapTuiError:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return error(
        f"this {what} file is larger than {limit} MiB, more than roadmap-tui reads",
        path=path,
        exit_code=exit_code,
    )


def decode_utf8(data: bytes) -> str:
    """``data`` as UTF-8 text without a leading byte order mark (UnicodeDecodeError if not)."""
    return data.decode("utf-8").removeprefix("\ufeff")


def read_text(path: Path, what: str, error: type[RoadmapTuiError] = RoadmapTuiError) -> str:
    """The UTF-8 text of ``path`` (a leading BOM is dropped), or ``error`` with a sentence."""
    data = read_bytes(path, what, error)
    assert data is not None
    try:
        text = decode_utf8(data)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(
            f"this {what} file is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8 and try again",
            path=path,
            line=line,
            column=column,
        ) from None
    if "\x00" in text:
        raise error(f"this {what} file holds binary data, not text", path=path) from None
    return text
