"""Recovery journals: changes the app could not save before it had to exit.

When the app must exit while the disk still refuses a save (the user chose "quit
anyway", or a SIGTERM/SIGHUP flush ran out of time), it writes its unsaved entries to
``<progress file>.recovery-<UTC time>-<pid>`` beside the progress file, in the progress
file's own format. Every later load shows them, and the next successful save (the app's
or a command's) merges them in per topic (newest change wins, as between two windows;
reviews as a union) and only then removes the journal. A journal that cannot be read
is left alone and reported. docs/data-safety.md describes this for users.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.files import atomic_write, read_bytes, real_path
from roadmap_tui.progress.codec import SCHEMA_VERSION, decode, encode
from roadmap_tui.progress.entries import Entry, ProgressData, merge, merge_entry
from roadmap_tui.progress.reviews import Review

SUFFIX = ".recovery-"
DRAFT = "-note"
"""The tail of a journal that keeps a note being written when the app had to close."""


def journal_paths(progress_file: Path) -> list[Path]:
    """The recovery journals waiting beside ``progress_file`` (beside the real file when
    it is a symlink, like its lock and backups), oldest first."""
    try:
        real = real_path(progress_file)
        return sorted(real.parent.glob(f"{real.name}{SUFFIX}*"))
    except OSError:
        return []


def write_journal(
    progress_file: Path,
    roadmap_id: str,
    entries: Mapping[str, Entry],
    now: datetime,
    *,
    draft: bool = False,
    reviews: Iterable[Review] = (),
) -> Path:
    """Write ``entries`` (and unsaved ``reviews``) to a new journal beside
    ``progress_file``; its path. OSError if it cannot be written. ``draft``: they hold a
    note that was still being written (its name ends in `DRAFT`, and the next start says
    so). Never replaces another journal."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    with contextlib.suppress(OSError):  # a first note, before anything was saved
        progress_file.parent.mkdir(parents=True, exist_ok=True)  # (else: the write says)
    real = real_path(progress_file)
    tail = DRAFT if draft else ""
    path = real.with_name(f"{real.name}{SUFFIX}{stamp}-{os.getpid()}{tail}")
    n = 1
    while os.path.lexists(path):  # two journals in one clock tick (a coarse clock)
        n += 1
        path = real.with_name(f"{real.name}{SUFFIX}{stamp}-{os.getpid()}-{n}{tail}")
    atomic_write(path, encode(ProgressData(roadmap_id, dict(entries), reviews=frozenset(reviews))))
    return path


def recovered_notice(entries: Mapping[str, Entry], paths: Iterable[Path]) -> str:
    """What a load says about the journals ``paths`` it merged in (in memory)."""
    paths = list(paths)
    drafts = [path for path in paths if path.name.endswith(DRAFT)]
    others = [path for path in paths if path not in drafts]
    sentences = []
    if drafts:
        ids = sorted({key for path in drafts for key in _ids_in(path)})
        which = ", ".join(ids) or "a topic"
        sentences.append(
            f"A note that was being written when roadmap-tui had to close ({which}) was "
            f"recovered from {', '.join(map(str, drafts))}; it is the topic's note now "
            "and is written with the next save (n edits it)."
        )
    if others:
        count = len({key for path in others for key in _ids_in(path)}) or len(entries) or 1
        one = count == 1
        sentences.append(
            f"{count} unsaved change{'s' * (not one)} of an earlier run "
            f"{'was' if one else 'were'} recovered from {', '.join(map(str, others))}; "
            f"{'it is' if one else 'they are'} written with the next save."
        )
    return " ".join(sentences)


def _ids_in(path: Path) -> list[str]:
    """The topic ids a journal (already read once) holds; none if it is gone."""
    try:
        doc = tomllib.loads((read_bytes(path, "recovery journal") or b"").decode("utf-8-sig"))
    except (RoadmapTuiError, OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    items = doc.get("items", {})
    return sorted(items) if isinstance(items, dict) else []


def read_journals(
    progress_file: Path, roadmap_id: str
) -> tuple[dict[str, Entry], list[Path], list[str], ProgressData]:
    """Every journal's entries merged; the journals read; a sentence for each one that
    could not be read (left where it is); their review logs, as one (``reviews``)."""
    merged: dict[str, Entry] = {}
    log = ProgressData(roadmap_id)
    read: list[Path] = []
    problems: list[str] = []
    for path in journal_paths(progress_file):
        if not path.is_file():  # a folder or a pipe by that name is nothing of ours
            continue
        try:
            raw = read_bytes(path, "recovery journal") or b""
            doc = tomllib.loads(raw.decode("utf-8-sig"))
            schema = doc.get("schema", SCHEMA_VERSION)
            if not isinstance(schema, int) or schema > SCHEMA_VERSION:
                raise ValueError("written by a newer roadmap-tui; it is left as it is")
            if doc.get("roadmap", roadmap_id) != roadmap_id:
                raise ValueError(f"it belongs to the roadmap {doc.get('roadmap')!r}; left as it is")
            data = decode(doc, roadmap_id)
        except RoadmapTuiError as exc:  # too big, unreadable: its own sentence
            problems.append(f"{exc}; it was left as it is.")
            continue
        except (
            OSError,
            UnicodeDecodeError,
            tomllib.TOMLDecodeError,
            ValueError,
            RecursionError,
        ) as exc:
            reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
            problems.append(f"the recovery journal {path} could not be read ({reason}).")
            continue
        for key, entry in data.entries.items():
            merged[key] = merge_entry(merged[key], entry) if key in merged else entry
        log = merge(log, {}, reviews=data)
        read.append(path)
    return merged, read, problems, log


def remove(paths: Iterable[Path]) -> None:
    """Delete journals whose entries are now in the progress file."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def recovery_commands(
    entries: Mapping[str, Entry],
    data_dir: Path,
    roadmap: str | None,
    reviews: Iterable[Review] = (),
) -> str:
    """Shell commands that re-apply ``entries``' statuses and the ratings in ``reviews``
    (for when not even a journal could be written); notes, which no command sets, are
    shown as comments."""
    import shlex

    prefix = ["roadmap-tui", "--data-dir", str(data_dir)]
    if roadmap:
        prefix += ["--roadmap", roadmap]
    lines = []
    for key in sorted(entries):
        entry = entries[key]
        lines.append(shlex.join([*prefix, "mark", key, entry.status.value]))
        if entry.note_changed:
            note = " ".join(entry.note.split()) or "(empty)"
            lines.append(f"# note of {key}: {note}")
    for review in sorted(r for r in reviews if r.kind == "review"):
        lines.append(shlex.join([*prefix, "review", review.topic, str(review.rating)]))
    return "\n".join(lines) + "\n"
