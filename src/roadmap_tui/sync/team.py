"""`roadmap-tui team` and `sync status`: every member's numbers from the remote's
member files (counted by counts.py, like everything else), and when sync last ran."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from roadmap_tui.numbers.counts import RoadmapCounts, compute_progress
from roadmap_tui.progress.entries import Clock, ProgressData, utcnow
from roadmap_tui.roadmap.model import Roadmap, is_valid_id
from roadmap_tui.sync.clone import (
    clone_usable,
    fetch_remote,
    open_clone,
    rebuild_clone,
    remove_leftovers,
)
from roadmap_tui.sync.clone_files import real_folders
from roadmap_tui.sync.config import (
    MAX_TEAM_MEMBERS,
    MEMBERS,
    SyncConfig,
    ago,
    clone_dir,
    load_config,
    read_member_file,
    sync_lock,
)
from roadmap_tui.sync.git import (
    Failure,
    GitError,
    redact,
)
from roadmap_tui.sync.run import require_config

# ----------------------------------------------------------------------------- status


@dataclass(slots=True)
class SyncStatus:
    """What `sync status` shows: the settings (None when not set up) and the clone."""

    config: SyncConfig | None
    clone: Path


def status(base: Path) -> SyncStatus:
    return SyncStatus(load_config(base), clone_dir(base))


def status_lines(state: SyncStatus, now: datetime) -> list[str]:
    config = state.config
    if config is None:
        return ["Sync is not set up. Connect a git remote with `roadmap-tui sync init REMOTE`."]
    lines = [
        f"remote:       {redact(config.remote)} (branch {config.branch})",
        f"member:       {config.member}",
        f"clone:        {state.clone}",
        f"last success: {_when(config.last_success, now)}",
    ]
    if config.last_error:
        lines.append(
            f"last attempt: {_when(config.last_attempt, now)}, failed: {config.last_error}"
        )
    return lines


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    return f"{moment.astimezone().strftime('%Y-%m-%d %H:%M')} ({ago(moment, now)})"


# ----------------------------------------------------------------------------- team


@dataclass(slots=True)
class MemberProgress:
    """One member's progress on a roadmap, computed by `compute_progress`."""

    name: str
    progress: RoadmapCounts
    last_activity: datetime | None
    note: str = ""


@dataclass(slots=True)
class Team:
    """Every member of the remote on one roadmap, and notices about unreadable files."""

    roadmap: Roadmap
    members: list[MemberProgress]
    notices: list[str] = field(default_factory=list)


def last_activity(data: ProgressData, now: datetime | None = None) -> datetime | None:
    """The latest moment any topic's status or note changed (none after ``now``: a
    date in the future is another member's clock or prank)."""
    moments = [
        moment if now is None else min(moment, now)
        for entry in data.entries.values()
        for moment in (entry.changed, entry.note_changed)
        if moment is not None and moment.year > 1970
    ]
    return max(moments, default=None)


def _member_names(repo: Path, notices: list[str]) -> list[str]:
    """The member folders `team` reads: real folders with names sync makes, at most
    `MAX_TEAM_MEMBERS`; a notice for everything left out."""
    names, problems = real_folders(repo, repo / MEMBERS)
    notices += [f"{problem}; it is left out." for problem in problems]
    odd = [name for name in names if not is_valid_id(name)]
    if odd:  # a name sync never makes (escape sequences, spaces, ...): never printed
        notices.append(
            f"{len(odd)} folder{'s' * (len(odd) != 1)} in {MEMBERS}/ "
            f"{'are not member names' if len(odd) != 1 else 'is not a member name'} "
            "roadmap-tui makes (lower-case letters, digits and dashes); left out."
        )
        names = [name for name in names if is_valid_id(name)]
    if len(names) > MAX_TEAM_MEMBERS:
        notices.append(
            f"the remote has {len(names)} members; the first {MAX_TEAM_MEMBERS} "
            "(by name) are shown."
        )
        names = names[:MAX_TEAM_MEMBERS]
    return names


def team(base: Path, roadmap: Roadmap, *, refresh: bool = True, clock: Clock = utcnow) -> Team:
    """Every member's progress on ``roadmap``, as the remote holds it (fetched first
    when ``refresh``; when that fails, as of the last fetch, with a notice)."""
    config = require_config(base)
    notices: list[str] = []
    now = clock()
    with sync_lock(base):
        remove_leftovers(base)
        try:
            if not clone_usable(base, config):
                rebuild_clone(base, config)
            if refresh:
                fetch_remote(open_clone(base), config)
        except GitError as exc:
            if exc.failure is Failure.MISSING:
                raise
            notices.append(f"showing the team as of the last sync: {exc.message}")
        repo = clone_dir(base)
        names = _member_names(repo, notices)
        members: list[MemberProgress] = []
        for name in names:
            path = repo / MEMBERS / name / f"{roadmap.id}.toml"
            member = read_member_file(repo, path, roadmap.id)
            note = ""
            if member.newer_schema is not None:
                note = f"written by a newer roadmap-tui (schema {member.newer_schema})"
            elif member.problem:
                note = f"not read ({member.problem})"
            data = member.data or ProgressData(roadmap.id)
            progress = compute_progress(roadmap, data.statuses())
            members.append(MemberProgress(name, progress, last_activity(data, now), note))
            if note:
                notices.append(f"{MEMBERS}/{name}/{roadmap.id}.toml is {note}.")
    return Team(roadmap, members, notices)
