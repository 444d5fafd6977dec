"""Files on disk, read and written safely, with one clear sentence for everything that
can go wrong.

Every file roadmap-tui reads (a roadmap, a Markdown checklist, a progress file, the
keymap) goes through `read_bytes`: it never blocks on a FIFO or device (the file is
opened non-blocking and must be a regular file), never reads more than
`MAX_FILE_BYTES`, and turns every `OSError` into one sentence naming the path.

Every file it writes goes through `atomic_write`: a temporary file in the target's own
folder, flushed and fsynced, then renamed over the target, and the folder fsynced; a
crash at any instant leaves the old file or the new one. A symlink is written through
(the link stays), and a replaced file keeps its permission bits.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import Any

from roadmap_tui.base.errors import ProgressError, RoadmapTuiError, os_reason
from roadmap_tui.base.system import fsync_dir, sync_file
from roadmap_tui.base.system import replace as replace_file

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
        with contextlib.suppress(OSError):  # after the read: a failing close loses nothing
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
    return text_of(data, path, what, error)


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """A small TOML file of the user's (`keymap.toml`, `config.toml`) as a table, or
    `RoadmapTuiError` with one sentence naming the file ("a keymap", "settings")."""
    import tomllib

    text = read_text(path, what.split()[-1], RoadmapTuiError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoadmapTuiError(f"not valid TOML: {exc}", path=path) from None
    except RecursionError:
        raise RoadmapTuiError(f"values are nested too deeply to be {what}", path=path) from None


def text_of(data: bytes, path: Path, what: str, error: type[RoadmapTuiError]) -> str:
    """The bytes read from ``path`` as text, as `read_text` gives them."""
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


def real_path(path: Path) -> Path:
    """Where writing ``path`` lands: a symlink is followed to its target (which may not
    exist yet), so saving replaces the target and the link stays. OSError (ELOOP) for a
    symlink loop."""
    if not os.path.islink(path):
        return path
    with contextlib.suppress(FileNotFoundError):  # a dangling link: writing creates it
        os.stat(path)  # raises for a loop
    return Path(os.path.realpath(path))


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    global _UMASK
    if _UMASK is None:
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                line = next(line for line in status if line.startswith("Umask:"))
            _UMASK = int(line.split()[1], 8)
        except (OSError, StopIteration, ValueError, IndexError):
            _UMASK = os.umask(0o022)
            os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None


def atomic_write(path: Path, text: str | bytes, *, replace: bool = True) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one.

    A symlink at ``path`` is written through (its target is replaced in the target's own
    folder). A replaced file keeps its permission bits (and owner, where allowed); a new
    file gets 0666 minus the umask, like any new file. With ``replace=False`` an existing
    ``path`` is never replaced (FileExistsError), checked atomically where the file
    system has hard links. Something other than a regular file at the target is never
    replaced (IsADirectoryError for a folder, OSError EINVAL otherwise)."""
    import stat
    import tempfile

    from roadmap_tui.base.files import file_kind

    if not replace and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "it already exists", str(path))
    target = real_path(path) if replace else path
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = file_kind(info.st_mode)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
        raise OSError(errno.EINVAL, f"it is {kind}, not a regular file", str(path))
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            _set_mode(handle.fileno(), info)
            handle.write(data)
            handle.flush()
            sync_file(handle.fileno())
        if replace:
            replace_file(tmp, target)
        else:
            _create_from(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


def write_user_file(path: Path, text: str, *, force: bool = True) -> None:
    """Write an output file the user named (an export, an imported roadmap), atomically,
    with a clear error if we can't.

    Without ``force`` an existing file is never replaced. A symlink is written through;
    a folder is refused. A stream the user named (`/dev/stdout`, a pipe, `/dev/null`)
    is written straight into, as a shell redirection would: there is no file to lose."""
    if os.path.isdir(path):
        raise RoadmapTuiError("this is a folder; name a file to write", path=path, exit_code=2)
    if _is_stream(path):
        _write_stream(path, text)
        return
    try:
        atomic_write(path, text, replace=force)
    except FileExistsError:
        raise RoadmapTuiError(
            "this file already exists; add --force to replace it", path=path, exit_code=2
        ) from None
    except (FileNotFoundError, NotADirectoryError):  # (not a folder it can't look into)
        why = "the folder for this file does not exist"
        raise RoadmapTuiError(why, path=path, exit_code=2) from None
    except OSError as exc:
        bad_path = exc.errno in (errno.EINVAL, errno.EISDIR, errno.ENAMETOOLONG)
        raise RoadmapTuiError(
            f"cannot write this file: {os_reason(exc)}", path=path, exit_code=2 if bad_path else 1
        ) from None


def _is_stream(path: Path) -> bool:
    """A character device or a pipe (what `/dev/stdout` and `>(cmd)` name)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


READER_WAIT_SECONDS = 5.0
"""How long an export into a named pipe waits for a reader to open it (`cat` started
a moment later in another terminal) before saying nobody is reading."""


def _write_stream(path: Path, text: str) -> None:
    """Write ``text`` into the stream at ``path`` (never waiting for a reader forever)."""
    import time

    deadline = time.monotonic() + READER_WAIT_SECONDS
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                why = os_reason(exc)
                raise RoadmapTuiError(f"cannot write here: {why}", path=path, exit_code=1) from None
            if time.monotonic() >= deadline:  # a pipe nobody opened to read
                raise RoadmapTuiError(
                    f"nothing is reading from this pipe (waited {READER_WAIT_SECONDS:g} s)",
                    path=path,
                ) from None
            time.sleep(0.05)
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a reader is there: wait for it like any writer
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
    except OSError as exc:  # a full disk, an I/O error, a reader that left: the system's
        why = os_reason(exc)
        raise RoadmapTuiError(f"cannot write here: {why}", path=path, exit_code=1) from None
    finally:
        with contextlib.suppress(OSError):  # what was written is written, or said above
            os.close(fd)


def _set_mode(fd: int, replaced: os.stat_result | None) -> None:
    """Give a temp file the mode (and owner) of the file it replaces, or a new file's."""
    import stat

    if not hasattr(os, "fchmod"):  # Windows: files have no Unix modes to keep
        return
    if replaced is None:
        os.fchmod(fd, 0o666 & ~_umask())
        return
    os.fchmod(fd, stat.S_IMODE(replaced.st_mode))
    if hasattr(os, "fchown") and (replaced.st_uid, replaced.st_gid) != (
        os.geteuid(),
        os.getegid(),
    ):
        with contextlib.suppress(OSError):
            os.fchown(fd, replaced.st_uid, replaced.st_gid)


def _create_from(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target`` only if nothing is there (atomic with a hard link)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system: check, then rename
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "it already exists", str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def ensure_folder(folder: Path, error: type[ProgressError] = ProgressError) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise error(
            "this is a file where roadmap-tui needs a folder; move it away or choose "
            "another folder with --data-dir",
            path=file_in_the_way(folder),
            exit_code=1,
        ) from None
    except OSError as exc:
        raise error(
            f"cannot create this folder: {os_reason(exc)}", path=folder, exit_code=1
        ) from None
