"""Where sync keeps its things, its settings, member names, and the member files on the
remote (the progress codec without the per-machine cursor). Used by sync.py, team.py and
autosync.py; docs/sync.md describes it for users."""

from __future__ import annotations

import contextlib
import getpass
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.files import atomic_write, ensure_folder
from roadmap_tui.progress.codec import SCHEMA_VERSION, check_depth, decode, encode
from roadmap_tui.progress.entries import ProgressData
from roadmap_tui.roadmap.model import is_valid_id
from roadmap_tui.sync.git import (
    GitError,
    run_git,
)

CONFIG_SCHEMA = 1
MAX_ATTEMPTS = 8
LOCK_TIMEOUT_SECONDS = 300.0
DEFAULT_BRANCH = "main"
MEMBERS = "members"

# What another member can make us read or write (docs/sync.md, "What another member can
# and cannot do"). A member file is at most a quarter of what a progress file may be, so
# merging one can't make a local file the store refuses to read (the store checks too).
MAX_MEMBER_BYTES = 16 * 1024 * 1024
MAX_MEMBER_ENTRIES = 100_000
MAX_MEMBER_ROADMAPS = 100  # roadmap files of one member that sync takes in
MAX_TEAM_MEMBERS = 1_000  # members `team` reads

README = """\
# Learning progress, shared with roadmap-tui

Each folder under `members/` belongs to one person and holds one TOML file per
roadmap: the status of every topic and the notes written about it. Only
`roadmap-tui sync` writes here, and each member's sync only ever writes their own
folder; a change to someone's folder made by anyone else is reported to them.

- `roadmap-tui team` shows everyone's progress.
- Set-up, merging and recovery: `roadmap-tui docs sync`.
"""


class SyncError(RoadmapTuiError):
    """Sync can't go on: a sentence, and exit code 1 (2 for bad usage)."""


# ----------------------------------------------------------------------------- places


def sync_dir(base: Path) -> Path:
    return base / "sync"


def clone_dir(base: Path) -> Path:
    return sync_dir(base) / "repo"


def config_path(base: Path) -> Path:
    return sync_dir(base) / "sync.toml"


# ----------------------------------------------------------------------------- settings


@dataclass(slots=True)
class SyncConfig:
    """``sync/sync.toml``: where to sync, as whom, and how the last sync went."""

    remote: str
    member: str
    branch: str = DEFAULT_BRANCH
    last_success: datetime | None = None
    last_attempt: datetime | None = None
    last_error: str = ""


def load_config(base: Path) -> SyncConfig | None:
    """The sync settings, or None when sync is not set up."""
    path = config_path(base)
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SyncError(
            f"cannot read the sync settings ({exc.strerror})", path=path, exit_code=1
        ) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = str(exc).splitlines()[0]
        raise SyncError(
            f"the sync settings can't be read ({reason}); run `roadmap-tui sync init REMOTE` again",
            path=path,
            exit_code=1,
        ) from None
    schema = doc.get("schema", CONFIG_SCHEMA)
    if not isinstance(schema, int) or schema > CONFIG_SCHEMA:
        raise SyncError(
            "these sync settings were written by a newer roadmap-tui; upgrade roadmap-tui",
            path=path,
            exit_code=1,
        )
    remote, member = doc.get("remote"), doc.get("member")
    if not isinstance(remote, str) or not isinstance(member, str) or not is_valid_id(member):
        raise SyncError(
            "the sync settings name no remote or member; run `roadmap-tui sync init REMOTE` again",
            path=path,
            exit_code=1,
        )

    def when(key: str) -> datetime | None:
        value = doc.get(key)
        return value.astimezone(UTC) if isinstance(value, datetime) and value.tzinfo else None

    branch = doc.get("branch", DEFAULT_BRANCH)
    return SyncConfig(
        remote,
        member,
        branch if isinstance(branch, str) and branch else DEFAULT_BRANCH,
        when("last_success"),
        when("last_attempt"),
        str(doc.get("last_error", "")),
    )


def save_config(base: Path, config: SyncConfig) -> None:
    import tomli_w

    doc: dict[str, Any] = {
        "schema": CONFIG_SCHEMA,
        "remote": config.remote,
        "member": config.member,
        "branch": config.branch,
    }
    if config.last_success:
        doc["last_success"] = config.last_success
    if config.last_attempt:
        doc["last_attempt"] = config.last_attempt
    if config.last_error:
        doc["last_error"] = config.last_error
    ensure_folder(sync_dir(base))
    header = "# roadmap-tui sync settings (written by `roadmap-tui sync`).\n"
    atomic_write(config_path(base), header + tomli_w.dumps(doc))


@contextlib.contextmanager
def sync_lock(base: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """One sync at a time per data folder (the app's and the command's take turns)."""
    from roadmap_tui.progress.locks import NoRealLock, acquire, load_filelock, real_lock

    filelock = load_filelock()

    ensure_folder(sync_dir(base))
    lock_file = sync_dir(base) / "sync.lock"
    what = "this data folder's sync"
    try:
        lock = real_lock(lock_file, timeout, what)  # never a soft lock
        acquire(lock, lock_file, what)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                lock.release()
    except NoRealLock as exc:
        if exc.path != lock_file:  # the progress file's, from inside: not ours to word
            raise
        raise SyncError(exc.message, path=lock_file, exit_code=1) from None
    except filelock.Timeout:
        raise SyncError(
            "another sync of this data folder is still running; try again when it ends",
            path=sync_dir(base) / "sync.lock",
            exit_code=1,
        ) from None
    except OSError as exc:
        raise file_error(exc, sync_dir(base)) from None


def file_error(exc: OSError, where: Path) -> SyncError:
    """A file operation that failed during a sync, as one sentence naming the file."""
    path = Path(exc.filename) if exc.filename else where
    return SyncError(f"sync cannot use this file ({exc.strerror or exc})", path=path, exit_code=1)


# ----------------------------------------------------------------------------- names


def member_slug(name: str) -> str:
    """``name`` as a folder name: lower-case ASCII letters and digits joined by '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].strip("-")


def default_member() -> str:
    """git's ``user.name``, else the login name."""
    with contextlib.suppress(GitError):
        name = run_git(["config", "--get", "user.name"], Path.home(), check=False).out.strip()
        if member_slug(name):
            return name
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return ""


def ago(when: datetime | None, now: datetime) -> str:
    """'just now', '3 min ago', '2 h ago', '5 days ago' (or 'never')."""
    if when is None:
        return "never"
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return f"{days} day{'s' if days > 1 else ''} ago"


# ----------------------------------------------------------------------------- member files


@dataclass(slots=True)
class MemberFile:
    """One member's progress on one roadmap, as the remote holds it."""

    data: ProgressData | None  # None: missing, refused or unreadable
    newer_schema: int | None = None
    problem: str = ""


def read_member_file(repo: Path, path: Path, roadmap_id: str) -> MemberFile:
    """One member's file in the clone, read as hostile: never followed, never more than
    `MAX_MEMBER_BYTES` or `MAX_MEMBER_ENTRIES`, and only if it is progress on
    ``roadmap_id``. Anything else is a ``problem`` and no data."""
    from roadmap_tui.sync.clone_files import CloneFileError, read_clone_file

    try:
        raw = read_clone_file(repo, path, MAX_MEMBER_BYTES)
    except CloneFileError as exc:
        return MemberFile(None, problem=str(exc))
    except OSError as exc:
        return MemberFile(None, problem=exc.strerror or str(exc))
    if raw is None:
        return MemberFile(None)
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
        check_depth(doc)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        return MemberFile(None, problem=str(exc).splitlines()[0] if str(exc) else "unreadable")
    schema = doc.get("schema", SCHEMA_VERSION)
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        return MemberFile(None, newer_schema=schema)
    named = doc.get("roadmap", roadmap_id)
    if named != roadmap_id:
        return MemberFile(None, problem=f"it is progress on another roadmap ({str(named)[:60]!r})")
    items = doc.get("items")
    if isinstance(items, dict) and len(items) > MAX_MEMBER_ENTRIES:
        return MemberFile(
            None, problem=f"it holds more than {MAX_MEMBER_ENTRIES:,} topics, the most sync reads"
        )
    try:
        return MemberFile(decode(doc, roadmap_id))
    except ValueError as exc:
        return MemberFile(None, problem=str(exc))


def shared_text(data: ProgressData) -> str:
    """What goes to the remote: statuses, notes, the plan and the review log, not this
    machine's cursor."""
    return encode(
        ProgressData(
            data.roadmap_id,
            data.entries,
            plan=data.plan,
            reviews=data.reviews,
            reviews_kept=data.reviews_kept,
        )
    )
