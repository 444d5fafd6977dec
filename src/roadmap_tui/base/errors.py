"""The one error type users see: a sentence naming the file, and where in it."""

from __future__ import annotations

from pathlib import Path


class RoadmapTuiError(Exception):
    """An error a user can cause (bad file, unknown id, ...), shown as one clear line.

    ``exit_code`` is 2 for bad input or usage and 1 for other failures.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        exit_code: int = 2,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.exit_code = exit_code
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class RoadmapError(RoadmapTuiError):
    """A roadmap file that can't be read or doesn't describe a valid roadmap."""


class ProgressError(RoadmapTuiError):
    """A progress file that can't be read or written."""


_REASONS = {
    "EACCES": "permission denied",
    "EPERM": "permission denied",
    "ELOOP": "a symlink loop (too many levels of symbolic links)",
    "ENAMETOOLONG": "the name is too long",
    "EROFS": "the file system is read-only",
    "ENOSPC": "the disk is full",
    "EDQUOT": "the disk quota is used up",
    "ENOENT": "it does not exist",
    "ENOTDIR": "a part of the path is a file, not a folder",
    "EISDIR": "it is a folder",
    "EIO": "an input/output error (the disk or network share failed)",
    "EMFILE": "too many open files",
    "ENXIO": "it is a socket or a device with nothing behind it",
    "EBUSY": "it is busy",
    "ETXTBSY": "it is busy",
    "EXDEV": "it is on another file system",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words (never an errno number alone)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _REASONS.get(name) or (exc.strerror or str(exc) or type(exc).__name__).lower()
