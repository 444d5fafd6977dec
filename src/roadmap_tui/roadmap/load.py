"""Load a roadmap (the bundled one or a user's TOML file) into a validated `Roadmap`."""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from roadmap_tui.base.errors import RoadmapError, RoadmapTuiError
from roadmap_tui.base.files import read_bytes, text_of
from roadmap_tui.base.locate import bundled_file, cache_entry, cache_folder
from roadmap_tui.roadmap.cache import (
    CacheError,
    cache_bytes,
    roadmap_from_cache_bytes,
    roadmap_to_data,
)
from roadmap_tui.roadmap.model import Item, Roadmap

_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_EOF = re.compile(r"\s*\(at end of document\)\s*$")


def bundled_roadmap_path() -> Path:
    """Where the bundled Backend roadmap is, inside the installed package."""
    return Path(bundled_file())


def available_roadmaps(base: Path) -> list[tuple[str, Path]]:
    """(origin, path) of the bundled roadmap and of each in the user's roadmaps folder."""
    return [("bundled", bundled_roadmap_path())] + [("imported", p) for p in imported(base)]


def imported(base: Path) -> list[Path]:
    """The roadmap files in ``base``'s roadmaps folder, by name; a folder that can't be
    listed is one line (exit 1), never "nothing imported"."""
    from roadmap_tui.base.paths import roadmaps_dir

    folder = roadmaps_dir(base)
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):  # nothing imported yet
        names = []
    except OSError as exc:  # never "no imported roadmaps" when they can't be listed
        from roadmap_tui.base.errors import os_reason

        raise RoadmapError(
            f"cannot list the imported roadmaps: {os_reason(exc)}", path=folder, exit_code=1
        ) from None
    return [folder / name for name in sorted(names) if name.endswith(".toml")]


def load_bundled() -> Roadmap:
    return load_roadmap(bundled_roadmap_path())


def load_roadmap(path: Path) -> Roadmap:
    """Read and validate the roadmap at ``path``, or raise `RoadmapError` with a sentence.

    A file is validated once: the result is cached (keyed by a hash of the file's bytes
    and this version), so later runs skip decoding, TOML parsing and pydantic entirely.
    The cache is never trusted: an entry that can't be read whole, or holds anything but
    what we wrote, is ignored and rebuilt (docs/data-safety.md, "The cache")."""
    data = read_bytes(path, "roadmap", RoadmapError)
    assert data is not None
    cache = _cache_file(data)
    if cache is not None:
        raw = _read_cache(cache)
        if raw is not None:

            def afresh(index: int) -> tuple[Item, ...]:
                # A level found damaged only when first used: validate the file again
                # (the bytes we hashed, not whatever is on disk now) and mend the cache.
                roadmap = parse_roadmap(text_of(data, path, "roadmap", RoadmapError), path)
                _write_cache(cache, roadmap)
                return roadmap.levels[index].items

            with contextlib.suppress(CacheError):
                return roadmap_from_cache_bytes(raw, afresh)
    roadmap = parse_roadmap(text_of(data, path, "roadmap", RoadmapError), path)
    if cache is not None:
        _write_cache(cache, roadmap)
    return roadmap


def _read_cache(cache: Path) -> bytes | None:
    """The bytes of a cache entry, read as any file we read (a regular file only, never
    blocking, within the size limit); None when there is none or it can't be read."""
    try:
        return read_bytes(cache, "cache", missing_ok=True)
    except RoadmapTuiError:
        return None


def _cache_file(data: bytes) -> Path | None:
    try:
        folder = cache_folder()
    except Exception:  # no usable cache folder: validate every time
        return None
    return Path(folder) / "roadmaps" / cache_entry(data)


def _write_cache(cache: Path, roadmap: Roadmap) -> None:
    """Best effort: a cache that can't be written only costs speed. Whatever is in the
    entry's place but is not a regular file (a link, a pipe) is removed first, never
    written through; a folder there is left alone (the roadmap is validated every run)."""
    import os
    import stat

    from roadmap_tui.base.files import atomic_write

    # marshal: plain dicts, lists and strings, read back in a fraction of JSON's time
    # (the key includes Python's version, so its format never changes under us).
    with contextlib.suppress(OSError, ValueError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            mode = os.lstat(cache).st_mode
            if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                os.unlink(cache)
        atomic_write(cache, cache_bytes(roadmap))


def parse_roadmap(text: str, path: Path) -> Roadmap:
    if not text.strip():
        raise RoadmapError("the roadmap file is empty", path=path)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise RoadmapError("values are nested too deeply to be a roadmap", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = column = None
        if match := _TOML_WHERE.search(message):
            line, column = int(match[1]), int(match[2])
            message = message[: match.start()]
        elif match := _TOML_EOF.search(message):
            lines = text.splitlines() or [""]
            line, column = len(lines), len(lines[-1]) + 1
            message = message[: match.start()] + " at the end of the file"
        raise RoadmapError(
            f"not valid TOML: {message[:1].lower()}{message[1:]}",
            path=path,
            line=line,
            column=column,
        ) from None
    return roadmap_from_data(data, path, text)


MAX_DEPTH = 32


def _check_depth(data: dict[str, Any], path: Path) -> None:
    """Refuse absurd nesting up front (iteratively), before any recursive code sees it."""
    stack: list[tuple[Any, int]] = [(level, 0) for level in _as_list(data.get("levels"))]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict):
            continue
        if depth > MAX_DEPTH:
            raise RoadmapError(
                f"items are nested more than {MAX_DEPTH} deep; flatten the roadmap", path=path
            )
        for key in ("items", "children"):
            stack.extend((child, depth + 1) for child in _as_list(node.get(key)))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def roadmap_from_data(data: dict[str, Any], path: Path, text: str = "") -> Roadmap:
    """Validate parsed roadmap data (`schema.validate`), or raise `RoadmapError` naming
    the file, and the line where pydantic's complaint can be placed."""
    _check_depth(data, path)
    from pydantic import ValidationError

    from roadmap_tui.roadmap.schema import explain, validate

    try:
        return validate(data)
    except ValidationError as exc:
        raise explain(exc, data, path, text) from None


def roadmap_toml(roadmap: Roadmap) -> str:
    """The roadmap as a TOML file in our format (docs/roadmap-format.md)."""
    import tomli_w

    data = roadmap_to_data(roadmap)
    header = (
        "# A roadmap for roadmap-tui (format: `roadmap-tui docs roadmap-format`).\n"
        "# Ids are stable: progress is keyed by them. Rename titles freely; keep the ids.\n"
    )
    return header + tomli_w.dumps(data, multiline_strings=True)
