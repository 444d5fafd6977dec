"""Backups of a progress file, in `progress/backups/` beside it (docs/data-safety.md):
one copy a day before the first write (the last `BACKUPS_KEPT` kept), and the file
exactly as an older roadmap-tui wrote it before it is upgraded to the current schema;
and what a notice about a corrupt progress file says about them (`restore_hint`)."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

from roadmap_tui.base.errors import ProgressError, os_reason
from roadmap_tui.base.files import atomic_write, real_path
from roadmap_tui.base.paths import backups_dir

BACKUPS_KEPT = 7


def backup_before_migration(real: Path, schema: int, now: datetime, shown_as: Path) -> str:
    """Keep the file exactly as an older version wrote it before rewriting it in the
    current schema (never overwriting an earlier such backup); the notice to show. If
    the backup can't be made, ProgressError: nothing is saved."""
    folder = backups_dir(real)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{real.stem}-schema{schema}-{stamp}.toml"
    try:
        folder.mkdir(exist_ok=True)
        atomic_write(target, real.read_bytes(), replace=False)
    except OSError as exc:
        raise ProgressError(
            "the backup of the older progress file could not be made "
            f"({os_reason(exc)}); nothing was saved",
            path=target,
            exit_code=1,
        ) from None
    return (
        f"{shown_as} was written by an older roadmap-tui (schema {schema}); it was "
        f"upgraded, and the old file kept as {target}."
    )


def backup_daily(real: Path, now: datetime) -> str | None:
    """Keep yesterday's file: copy it once a day before the first write. A backup that
    can't be made never blocks the save itself: the notice to show, else None."""
    folder = backups_dir(real)
    day = now.astimezone(UTC).strftime("%Y-%m-%d")
    target = folder / f"{real.stem}-{day}.toml"
    try:
        if not real.exists():
            return None
        if target.exists():
            return None
        folder.mkdir(exist_ok=True)
        atomic_write(target, real.read_bytes())
    except OSError as exc:
        return (
            f"the daily backup {target} could not be made ({os_reason(exc)}); "
            "the progress was saved."
        )
    with contextlib.suppress(OSError):  # tidying only: the backups stay until next time
        old = sorted(folder.glob(f"{real.stem}-????-??-??.toml"))
        for stale in old[:-BACKUPS_KEPT]:
            with contextlib.suppress(OSError):
                stale.unlink()
    return None


def restore_hint(progress_file: Path) -> str:
    """The sentence a corrupt progress file's notice ends with, in the app and the
    command line alike: where the backups are and the command that puts one back."""
    try:
        real = real_path(progress_file)
    except OSError:
        real = progress_file
    with contextlib.suppress(OSError):
        daily = sorted(backups_dir(real).glob(f"{real.stem}-????-??-??.toml"))
        if daily:
            newest = daily[-1].stem[len(real.stem) + 1 :]
            many = f"{len(daily)} daily backups" if len(daily) > 1 else "a daily backup"
            return (
                f"There {'are' if len(daily) > 1 else 'is'} {many} (the newest of {newest}): "
                "`roadmap-tui restore` lists them and puts one back."
            )
    return "`roadmap-tui restore` lists the copies kept and puts one back."
