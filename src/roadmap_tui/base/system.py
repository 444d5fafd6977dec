"""Where operating systems differ, handled on purpose (docs/data-safety.md, "On each
system"). Each function takes the system's behaviour from `sys.platform` at call time,
so a test can run the real code path with another system's behaviour simulated.

- **Replacing a file** (`replace`): on Windows `os.replace` fails with a sharing
  violation while another process (an indexer, an antivirus, a second window reading
  it) has the target open; that passes in milliseconds, so we retry with backoff before
  giving up. Elsewhere a refusal is final at once.
- **Flushing a file** (`sync_file`): on macOS `fsync` only hands the data to the drive,
  which may keep it in its cache; `F_FULLFSYNC` asks the drive to write it down.
- **Flushing a folder** (`fsync_dir`): makes a rename durable on Linux and macOS;
  Windows can't open a folder as a file and its renames are journaled: nothing to do.
- **Signals that end the app** (`exit_signals`, `install_exit_handlers`): SIGTERM,
  SIGINT and SIGHUP where they exist (Windows has no SIGHUP), through the event loop
  where it takes signal handlers, else through `signal.signal`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Windows' errors while another process holds the file: ERROR_ACCESS_DENIED,
# ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
_SHARING = {5, 32, 33}
REPLACE_DELAYS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0)
"""The waits between tries of a replace that met a sharing violation: about 2.6 s in
all, far longer than an indexer or antivirus holds a small file."""


def windows() -> bool:
    return sys.platform == "win32"


def macos() -> bool:
    return sys.platform == "darwin"


def _shared(exc: OSError) -> bool:
    """Whether ``exc`` is Windows saying another process has the file open."""
    return getattr(exc, "winerror", None) in _SHARING


def replace(
    source: Path | str, target: Path | str, *, sleep: Callable[[float], None] | None = None
) -> None:
    """`os.replace`, retried with backoff on Windows while another process holds the
    target (or the source) open; the last refusal is raised as it came."""
    if not windows():
        os.replace(source, target)
        return
    for delay in (*REPLACE_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if delay is None or not _shared(exc):
                raise
        (sleep or time.sleep)(delay)


def sync_file(fd: int) -> None:
    """Flush an open file's data to the drive: `F_FULLFSYNC` on macOS (falling back to
    `fsync` where the file system refuses it), `fsync` elsewhere."""
    if macos():
        import fcntl

        full = getattr(fcntl, "F_FULLFSYNC", 51)  # 51 is its value in macOS's headers
        try:
            fcntl.fcntl(fd, full)
            return
        except OSError:
            pass  # a network or FAT drive without it: fsync is the best there is
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Not on Windows (a folder can't be opened
    there, and its renames are journaled); a no-op where a folder can't be opened."""
    if windows():
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def exit_signals() -> list[int]:
    """The signals that ask the app to end, those this system has: SIGTERM, SIGINT, and
    SIGHUP (a closed terminal) where it exists."""
    import signal

    names = ("SIGTERM", "SIGHUP", "SIGINT")
    return [int(getattr(signal, name)) for name in names if hasattr(signal, name)]


def install_exit_handlers(loop: Any, handler: Callable[[int], None]) -> list[int]:
    """Call ``handler(signum)`` on the event loop's thread when an exit signal comes;
    the signals handled. Through the loop where it takes signal handlers (Unix), else
    (Windows' proactor loop) through `signal.signal`, handed to the loop thread-safely."""
    import signal

    handled = []
    for signum in exit_signals():
        try:
            loop.add_signal_handler(signum, handler, signum)
        except NotImplementedError:

            def relay(number: int, _frame: object) -> None:
                loop.call_soon_threadsafe(handler, number)

            try:
                signal.signal(signum, relay)
            except (OSError, ValueError):  # not the main thread, or not settable here
                continue
        handled.append(signum)
    return handled
