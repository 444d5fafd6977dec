"""Reading user files as text, with one clear sentence for everything that can go wrong."""

from __future__ import annotations

from pathlib import Path

from roadmap_tui.errors import RoadmapTuiError


def read_text(path: Path, what: str, error: type[RoadmapTuiError] = RoadmapTuiError) -> str:
    """The UTF-8 text of ``path`` (a leading BOM is dropped), or ``error`` with a sentence."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(f"there is no {what} file here", path=path) from None
    except IsADirectoryError:
        raise error(f"this is a folder, not a {what} file", path=path) from None
    except PermissionError:
        raise error(f"permission denied reading this {what} file", path=path) from None
    except OSError as exc:
        raise error(f"cannot read this {what} file ({exc.strerror})", path=path) from None
    try:
        text = data.decode("utf-8")
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
    return text.removeprefix("\ufeff")
