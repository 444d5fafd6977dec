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
