"""Conflict copies that file-sync tools leave beside a progress file, folded back in.

Syncthing writes ``backend.sync-conflict-20261126-101010-ABCDEF7.toml`` and Dropbox
``backend (Alice's conflicted copy 2026-11-26).toml`` when two machines changed the
file at once. Each is a whole progress file; the store merges every readable copy
item by item (the same merge as concurrent writers) and moves it into ``backups/``,
so nothing is lost and the folder is clean again. A copy written by a newer
roadmap-tui is left where it is; one that can't be read is moved aside unmerged.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from roadmap_tui.base import system
from roadmap_tui.base.system import fsync_dir
from roadmap_tui.progress.codec import SCHEMA_VERSION, decode
from roadmap_tui.progress.entries import (
    Entry,
    Plan,
    ProgressData,
    clamp_future,
    merge,
    merge_entry,
    newer_plan,
)


def _is_copy(name: str, stem: str, suffix: str) -> bool:
    """Whether ``name`` is a Syncthing or Dropbox conflict copy of ``stem + suffix``."""
    if not name.endswith(suffix):
        return False
    return name.startswith(f"{stem}.sync-conflict-") or (
        name.startswith(f"{stem} (") and "conflicted copy" in name
    )


def conflict_copies(progress_file: Path) -> list[Path]:
    """Conflict copies of ``progress_file``: beside it, and beside the file it links to."""
    folders = {progress_file.parent}
    with contextlib.suppress(OSError, RuntimeError):  # (a copy unseen now is seen next time)
        if progress_file.is_symlink():
            folders.add(progress_file.resolve().parent)
    stem, suffix = progress_file.stem, progress_file.suffix
    found: list[Path] = []
    for folder in folders:
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            found += [
                Path(entry.path)
                for entry in entries
                if _is_copy(entry.name, stem, suffix) and entry.is_file()
            ]
    return sorted(found)


@dataclass(slots=True)
class Fold:
    """What the conflict copies add, and which of them to move aside after the save."""

    entries: dict[str, Entry] = field(default_factory=dict)
    plan: Plan | None = None  # the newest plan of the copies (`entries.newer_plan`)
    log: ProgressData = field(default_factory=lambda: ProgressData(""))  # their reviews
    done_with: list[tuple[Path, bool]] = field(default_factory=list)  # (copy, merged)
    notices: list[str] = field(default_factory=list)

    def into(self, data: ProgressData) -> ProgressData:
        """``data`` with the copies' entries, newest plan and review logs merged in."""
        return merge(data, self.entries, self.plan, self.log)

    def put_aside(self, backups: Path) -> list[str]:
        """Move the copies that were merged (or unreadable) into ``backups``."""
        notices = list(self.notices)
        for copy, merged in self.done_with:
            try:
                backups.mkdir(exist_ok=True)
                target = backups / copy.name
                n = 1
                while target.exists():  # never replace an earlier moved copy
                    n += 1
                    target = backups / f"{copy.stem}-{n}{copy.suffix}"
                system.replace(copy, target)
                fsync_dir(copy.parent)
                what = "merged in and moved" if merged else "moved unmerged"
                notices.append(f"the conflict copy {copy} was {what} to {target}.")
            except OSError as exc:
                notices.append(f"the conflict copy {copy} could not be moved ({exc.strerror}).")
        return notices


def fold(progress_file: Path, roadmap_id: str, now: datetime | None = None) -> Fold:
    """Read every conflict copy of ``progress_file`` and merge their entries (a copy of
    another roadmap's progress is never merged; times after ``now`` are set to ``now``:
    the copy came from another machine, whose clock may be anywhere)."""
    result = Fold()
    for copy in conflict_copies(progress_file):
        try:
            doc = tomllib.loads(copy.read_bytes().decode("utf-8"))
            schema = doc.get("schema", SCHEMA_VERSION)
            if isinstance(schema, int) and schema > SCHEMA_VERSION:
                result.notices.append(
                    f"the conflict copy {copy} was written by a newer roadmap-tui "
                    f"(schema {schema}); it is left where it is."
                )
                continue
            if doc.get("roadmap", roadmap_id) != roadmap_id:
                raise ValueError(f"it is progress on another roadmap ({doc.get('roadmap')!r})")
            data = decode(doc, roadmap_id)
        except OSError:
            continue  # gone already (another process folded it in) or unreadable
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            result.notices.append(f"the conflict copy {copy} could not be read ({reason}).")
            result.done_with.append((copy, False))
            continue
        entries = data.entries if now is None else clamp_future(data.entries, now)
        for key, entry in entries.items():
            mine = result.entries.get(key)
            result.entries[key] = entry if mine is None else merge_entry(mine, entry)
        plan = data.plan
        if plan is not None and now is not None and plan.changed > now:
            plan = replace(plan, changed=now)
        result.plan = newer_plan(result.plan, plan)
        result.log = merge(result.log, {}, reviews=data)
        result.done_with.append((copy, True))
    return result
