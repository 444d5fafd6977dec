"""A real lock or none: the operating system's file lock (`flock` on Unix), never the
"soft" lock filelock falls back to when `fcntl` can't be imported or the file system
has no `flock`.

A soft lock is only a file's existence: it doesn't exclude a process holding the real
lock, and since our `.lock` files stay in place after use, it would read as "locked by
another roadmap-tui" when nobody is there. When the real lock can't be had, `real_lock`
says so in one sentence (`NoRealLock`) and nothing is written (docs/data-safety.md,
"The lock").
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import Any

from roadmap_tui.base.errors import ProgressError

# What the system says when a file system has no locks for us.
_NO_LOCKS = {errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOLCK}


class NoRealLock(ProgressError):
    """The operating system's lock can't be had here: nothing is saved."""


def real_lock(lock_file: Path, timeout: float, what: str = "the progress file") -> Any:
    """A filelock lock on ``lock_file`` that is the system's own lock, or `NoRealLock`."""
    try:
        filelock = load_filelock()
    except ImportError as exc:  # out of file handles while importing, say
        raise _refused(lock_file, what, f"the locking module can't be loaded ({exc})") from None
    if sys.platform == "win32":  # pragma: no cover - Windows has no soft fallback
        return filelock.WindowsFileLock(str(lock_file), timeout=timeout)
    if not filelock.has_fcntl:
        raise _refused(lock_file, what, "this Python can't use the system's file locks (fcntl)")
    try:  # filelock 4 can fall back to a soft lock by itself on a file system without flock
        return filelock.UnixFileLock(str(lock_file), timeout=timeout, fallback_to_soft=False)
    except TypeError:  # older filelock: it never falls back (NotImplementedError instead)
        return filelock.UnixFileLock(str(lock_file), timeout=timeout)


def load_filelock() -> Any:
    """The filelock module, imported without its warning about falling back to soft
    locks (a second line on stderr): `real_lock` says what it means instead."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import filelock
    return filelock


def acquire(lock: Any, lock_file: Path, what: str = "the progress file") -> None:
    """``lock.acquire()``; `NoRealLock` where the file system has no locks. Other
    errors (filelock's Timeout, OSError) are the caller's to explain."""
    try:
        lock.acquire()
    except NotImplementedError:
        raise _refused(lock_file, what, "this file system has no file locks (flock)") from None
    except OSError as exc:
        if exc.errno in _NO_LOCKS and not _is_timeout(exc):
            raise _refused(lock_file, what, "this file system has no file locks (flock)") from None
        raise


def _is_timeout(exc: BaseException) -> bool:
    return type(exc).__name__ == "Timeout" and type(exc).__module__.startswith("filelock")


def _refused(lock_file: Path, what: str, why: str) -> NoRealLock:
    return NoRealLock(
        f"cannot take the lock of {what}: {why}; nothing was saved "
        "(roadmap-tui never saves without a real lock)",
        path=lock_file,
        exit_code=1,
    )
