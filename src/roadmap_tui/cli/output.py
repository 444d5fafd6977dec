"""How the command line speaks: its name in every message, and warnings on stderr, one
line each, with text from files shown literally (`visible`). Output the system refuses
(a full disk, a closed stdout, a failing stderr) is one line and exit code 1, never a
traceback (`guarded`, `to_stderr`); a reader that left (`| head`) ends the command
quietly."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable
from typing import Any, Protocol, TextIO, cast

from roadmap_tui.base.errors import RoadmapTuiError

PROG = "roadmap-tui"


class HasNotices(Protocol):
    """Anything that collects notices to show (a progress store)."""

    notices: list[str]


class OutputError(RoadmapTuiError):
    """The standard output refused what a command wrote (exit code 1)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=1)


class _Closed:
    """Where a command's output goes when it was started with stdout closed (``>&-``):
    every write is refused."""

    encoding = "utf-8"
    errors = "strict"
    buffer = None

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise OutputError("the standard output is closed, so nothing could be shown")

    def flush(self) -> None:
        return None


class _Guarded:
    """A stream whose failing writes raise `OutputError` in one sentence (a reader that
    left still raises `BrokenPipeError`: `main` ends quietly on it)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: Any) -> Any:
        return self._call("write", text)

    def writelines(self, lines: Any) -> Any:
        return self._call("writelines", lines)

    def flush(self) -> Any:
        return self._call("flush")

    @property
    def buffer(self) -> Any:
        raw = getattr(self._stream, "buffer", None)
        return None if raw is None else _Guarded(raw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _call(self, name: str, *args: Any) -> Any:
        from roadmap_tui.base.errors import os_reason

        try:
            return getattr(self._stream, name)(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write to the standard output: {os_reason(exc)}") from None
        except ValueError:  # a stream closed under us
            raise OutputError("the standard output is closed, so nothing could be shown") from None


def guarded(stream: TextIO | None) -> TextIO:
    """``stream`` (stdout) for a command to write to: a write the system refuses raises
    `OutputError`; a missing stream (``>&-``) refuses every write."""
    return cast(TextIO, _Guarded(_Closed() if stream is None else stream))


def to_stderr(line: str) -> None:
    """Print one line on stderr; if stderr itself fails (closed, an I/O error), there is
    nowhere left to tell, and the exit code says it."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


class _Lenient:
    """stderr for code that writes to a stream: what can't be written is dropped, as
    `to_stderr` drops it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is not None:
            with contextlib.suppress(OSError, ValueError):
                self._stream.write(text)
                self._stream.flush()
        return len(text)

    def flush(self) -> None:
        return None


def stderr() -> TextIO:
    """The current stderr, as a stream whose failures are dropped (see `to_stderr`);
    a closed one (``2>&-``) takes everything and shows nothing."""
    return cast(TextIO, _Lenient(sys.stderr))


def hold_closed_std_fds() -> None:
    """A standard stream started closed (``2>&-``) gets the null device on its number,
    so that no file opened later (a progress file, a temporary file) takes fd 1 or 2
    and receives what was meant for the terminal. sys.stdout stays None: every write to
    it is still refused, and said."""
    for fd in (1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                held = os.open(os.devnull, os.O_WRONLY)
                if held != fd:
                    os.dup2(held, fd)
                    os.close(held)


def stdout_to_devnull() -> None:
    """Point stdout's file descriptor at the null device, so that Python's flush at
    exit cannot fail (and print a traceback) after the command has said what happened."""
    if sys.__stdout__ is None:  # started with stdout closed: fd 1 may be another file now
        return
    try:
        fd = sys.__stdout__.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError):
        pass


def say_warnings(notices: Iterable[str]) -> None:
    from roadmap_tui.base.text import visible

    for notice in notices:
        to_stderr(f"{PROG}: warning: {visible(notice)}")


def warn(store: HasNotices) -> None:
    """Print a store's notices as warnings, and clear them."""
    say_warnings(store.notices)
    store.notices.clear()
