"""Progress on every machine, and a team's progress, through a git remote.

The remote holds ``members/NAME/<roadmap-id>.toml`` (the progress codec, without the
per-machine cursor) and a README. Each data folder keeps a working clone in
``sync/repo`` and its settings in ``sync/sync.toml``; ``sync/sync.lock`` makes syncs
on one machine take turns.

A sync fetches, puts the clone exactly at the remote's branch (the clone holds nothing
that isn't also in the local progress files), merges this member's remote files into
the local progress through `ProgressStore.save` (per item, under the progress lock),
writes the result into the member's folder, commits and pushes. A push that lost a race
starts over from the fetch, a bounded number of times. Git never merges a progress file
(we never run ``git merge``), so no conflict marker can reach one. A clone that git
can't use is rebuilt from the remote. docs/sync.md describes it for users.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import random
import re
import shutil
import time
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roadmap_tui.codec import SCHEMA_VERSION, decode, encode
from roadmap_tui.entries import Clock, ProgressData, merge, utcnow
from roadmap_tui.errors import RoadmapTuiError
from roadmap_tui.files import atomic_write, ensure_folder
from roadmap_tui.gitcmd import (
    Failure,
    Git,
    GitError,
    Result,
    git_path,
    has_password,
    redact,
    run_git,
)
from roadmap_tui.model import Progress, Roadmap, compute_progress, is_valid_id
from roadmap_tui.paths import progress_path

CONFIG_SCHEMA = 1
MAX_ATTEMPTS = 8
LOCK_TIMEOUT_SECONDS = 300.0
DEFAULT_BRANCH = "main"
MEMBERS = "members"

README = """\
# Learning progress, shared with roadmap-tui

Each folder under `members/` belongs to one person and holds one TOML file per
roadmap: the status of every topic and the notes written about it. Only
`roadmap-tui sync` writes here, and each member only ever writes their own folder.

- `roadmap-tui team` shows everyone's progress.
- Set-up, merging and recovery: docs/sync.md in the roadmap-tui repository.
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
    import filelock

    ensure_folder(sync_dir(base))
    lock = filelock.FileLock(str(sync_dir(base) / "sync.lock"), timeout=timeout)
    try:
        with lock:
            yield
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


# ----------------------------------------------------------------------------- the clone


def _clone(base: Path) -> Git:
    """Git in the clone; ``--git-dir`` so git never climbs into a repository that
    happens to contain the data folder."""
    repo = clone_dir(base)
    return _ClonedGit(repo)


class _ClonedGit(Git):
    def run(self, *args: str, network: bool = False, check: bool = True, what: str = "") -> Result:
        flags = (
            f"--git-dir={self.cwd / '.git'}",
            f"--work-tree={self.cwd}",
            "-c",
            "core.hooksPath=/dev/null",  # no hook of the user's runs in our clone
        )
        what = what or f"git {next(a for a in args if not a.startswith('-') and '=' not in a)}"
        return run_git([*flags, *args], self.cwd, network=network, check=check, what=what)


def _remove_leftovers(base: Path) -> None:
    """What a killed sync may leave: half-built clones, and git's lock files (no git of
    ours runs in the clone while we hold the sync lock)."""
    folder = sync_dir(base)
    for stale in [*folder.glob("repo.new-*"), *folder.glob("repo.old-*")]:
        shutil.rmtree(stale, ignore_errors=True)
    dot_git = clone_dir(base) / ".git"
    if dot_git.is_dir():
        for sub in (dot_git, dot_git / "refs", dot_git / "logs"):
            pattern = "*.lock" if sub == dot_git else "**/*.lock"
            for lock in sub.glob(pattern):
                with contextlib.suppress(OSError):
                    lock.unlink()


def _rebuild(base: Path, config: SyncConfig) -> Git:
    """A new, empty clone of the remote (the next fetch fills it), swapped in whole."""
    folder = sync_dir(base)
    ensure_folder(folder)
    new = folder / f"repo.new-{os.getpid()}"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir()
    git = _ClonedGit(new)
    git.run("init", "--quiet")
    git.run("symbolic-ref", "HEAD", f"refs/heads/{config.branch}")
    git.run("config", "core.autocrlf", "false")
    git.run("remote", "add", "origin", config.remote)
    repo = clone_dir(base)
    if repo.exists() or repo.is_symlink():
        old = folder / f"repo.old-{os.getpid()}"
        os.replace(repo, old)
        os.replace(new, repo)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, repo)
    return _clone(base)


def _usable(base: Path, config: SyncConfig) -> bool:
    """Whether the clone is there, is a repository of its own and can read its HEAD."""
    if not (clone_dir(base) / ".git").is_dir():
        return False
    git = _clone(base)
    try:
        if git.run("remote", "get-url", "origin", check=False).out.strip() != config.remote:
            return False
        if git.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).code == 0:
            git.run("cat-file", "-e", "HEAD^{tree}")
            git.run("status", "--porcelain", "--untracked-files=no")
    except GitError as exc:
        if exc.failure in (Failure.MISSING, Failure.TIMEOUT):
            raise
        return False
    return True


def _fetch(git: Git, config: SyncConfig) -> str | None:
    """Fetch, and put the clone exactly at the remote branch. Its commit, or None while
    the remote has no such branch yet (an empty remote)."""
    git.run("fetch", "--quiet", "--prune", "origin", network=True, what="fetching from the remote")
    ref = f"refs/remotes/origin/{config.branch}"
    found = git.run("rev-parse", "--verify", "--quiet", ref, check=False)
    if found.code != 0:
        return None
    git.run("checkout", "--quiet", "--force", "-B", config.branch, ref)
    git.run("clean", "--quiet", "-d", "--force")
    return found.out.strip()


# ----------------------------------------------------------------------------- member files


@dataclass(slots=True)
class MemberFile:
    """One member's progress on one roadmap, as the remote holds it."""

    data: ProgressData | None  # None: missing or unreadable
    newer_schema: int | None = None
    problem: str = ""


def read_member_file(path: Path, roadmap_id: str) -> MemberFile:
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return MemberFile(None)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        return MemberFile(None, problem=str(exc).splitlines()[0] if str(exc) else "unreadable")
    schema = doc.get("schema", SCHEMA_VERSION)
    try:
        data = decode(doc, roadmap_id)
    except ValueError as exc:
        data, problem = None, str(exc)
    else:
        problem = ""
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        return MemberFile(data, newer_schema=schema)
    return MemberFile(data, problem=problem)


def _shared_text(data: ProgressData) -> str:
    """What goes to the remote: statuses and notes, not this machine's cursor."""
    return encode(ProgressData(data.roadmap_id, data.entries))


# ----------------------------------------------------------------------------- sync


@dataclass(slots=True)
class SyncReport:
    """What one sync did: roadmaps merged, topics changed here, pushed or not, notices."""

    member: str
    remote: str
    roadmaps: list[str] = field(default_factory=list)
    received: int = 0  # topics changed here by what the remote held
    pushed: bool = False
    attempts: int = 0
    rebuilt: bool = False
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        n = len(self.roadmaps)
        what = f"{n} roadmap{'s' if n != 1 else ''}"
        got = f"{self.received} topic{'s' if self.received != 1 else ''} updated here"
        sent = "changes pushed" if self.pushed else "nothing new to push"
        rebuilt = " (the damaged clone was rebuilt from the remote)" if self.rebuilt else ""
        return f"Synced {what} as {self.member} with {redact(self.remote)}: {got}, {sent}{rebuilt}."


def _merge_member(base: Path, repo: Path, config: SyncConfig, report: SyncReport) -> None:
    """Merge each roadmap's local progress with this member's remote copy, both ways."""
    from roadmap_tui.store import ProgressStore

    folder = repo / MEMBERS / config.member
    local_folder = progress_path(base, "x").parent
    ids = {p.stem for p in local_folder.glob("*.toml")} | {p.stem for p in folder.glob("*.toml")}
    report.roadmaps = []
    for roadmap_id in sorted(i for i in ids if is_valid_id(i)):
        shared = folder / f"{roadmap_id}.toml"
        remote = read_member_file(shared, roadmap_id)
        where = f"{MEMBERS}/{config.member}/{roadmap_id}.toml"
        if remote.newer_schema is not None:
            report.notices.append(
                f"{where} on the remote was written by a newer roadmap-tui (schema "
                f"{remote.newer_schema}); it is left alone: upgrade roadmap-tui to sync it."
            )
            continue
        if remote.problem:
            report.notices.append(
                f"{where} on the remote could not be read ({remote.problem}); it is replaced "
                "by this machine's progress (git history keeps the old one)."
            )
        store = ProgressStore(progress_path(base, roadmap_id), roadmap_id)
        local = store.load()
        report.notices += store.notices
        store.notices.clear()
        if store.read_only:
            continue  # the store's notice says why
        incoming = remote.data.entries if remote.data else {}
        if merge(local, incoming).entries != local.entries:
            before = local.entries
            local = store.save(incoming)
            report.notices += store.notices
            store.notices.clear()
            report.received += sum(1 for k, e in local.entries.items() if before.get(k) != e)
        text = _shared_text(local)
        try:
            unchanged = shared.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            unchanged = False
        if not unchanged:
            ensure_folder(folder)
            atomic_write(shared, text)
        report.roadmaps.append(roadmap_id)


def _commit(git: Git, config: SyncConfig, repo: Path) -> None:
    readme = repo / "README.md"
    if not readme.exists():
        atomic_write(readme, README)
    mine = f"{MEMBERS}/{config.member}"
    paths = [path for path in (mine, "README.md") if (repo / path).exists()]
    git.run("add", "--all", "--", *paths)
    if git.run("diff", "--cached", "--quiet", check=False).code == 0:
        return
    identity = (
        "-c",
        f"user.name={config.member}",
        "-c",
        f"user.email={config.member}@roadmap-tui.invalid",
        "-c",
        "commit.gpgsign=false",
    )
    git.run(*identity, "commit", "--quiet", "--no-verify", "-m", f"Progress of {config.member}")


def _sync_locked(base: Path, config: SyncConfig, report: SyncReport) -> None:
    _remove_leftovers(base)
    repo = clone_dir(base)
    if not _usable(base, config):
        report.rebuilt = repo.exists()  # damaged, not merely missing
        _rebuild(base, config)
    rebuilt_now = False
    attempt = 0
    while True:
        attempt += 1
        report.attempts = attempt
        git = _clone(base)
        try:
            upstream = _fetch(git, config)
            _merge_member(base, repo, config, report)
            _commit(git, config, repo)
            head = git.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).out.strip()
            if not head or head == upstream:
                return
            git.run(
                "push",
                "--quiet",
                "--no-verify",
                "origin",
                f"HEAD:refs/heads/{config.branch}",
                network=True,
                what="pushing to the remote",
            )
            report.pushed = True
            return
        except GitError as exc:
            if exc.failure is Failure.REJECTED and attempt < MAX_ATTEMPTS:
                time.sleep(random.uniform(0.05, 0.25) * attempt)  # someone pushed first
                continue
            if exc.failure is Failure.LOCAL and not rebuilt_now:
                rebuilt_now = True  # the clone is damaged: start again from the remote
                _rebuild(base, config)
                report.rebuilt = True
                continue
            if exc.failure is Failure.REJECTED:
                raise SyncError(
                    f"others kept pushing to the remote; {MAX_ATTEMPTS} tries did not get "
                    "through. Nothing is lost: run `roadmap-tui sync` again",
                    exit_code=1,
                ) from None
            raise


def _run(base: Path, config: SyncConfig, clock: Clock) -> SyncReport:
    """Sync under the lock, and record how it went in the settings."""
    report = SyncReport(config.member, config.remote)
    with sync_lock(base):
        try:
            try:
                _sync_locked(base, config, report)
            except OSError as exc:
                raise file_error(exc, clone_dir(base)) from None
        except RoadmapTuiError as exc:
            config.last_attempt = clock()
            config.last_error = str(exc)
            with contextlib.suppress(RoadmapTuiError, OSError):
                save_config(base, config)
            raise
        report.notices = list(dict.fromkeys(report.notices))  # once, however many tries
        config.last_attempt = config.last_success = clock()
        config.last_error = ""
        save_config(base, config)
    return report


def require_config(base: Path) -> SyncConfig:
    config = load_config(base)
    if config is None:
        raise SyncError(
            "sync is not set up for this data folder; run `roadmap-tui sync init REMOTE` first",
            exit_code=2,
        )
    return config


def sync(base: Path, clock: Clock = utcnow) -> SyncReport:
    """`roadmap-tui sync`."""
    git_path()
    return _run(base, require_config(base), clock)


def init(base: Path, remote: str, member: str | None, clock: Clock = utcnow) -> SyncReport:
    """`roadmap-tui sync init REMOTE [--as NAME]`: connect, then sync once."""
    git_path()
    remote = remote.strip()
    if not remote or remote.startswith("-"):
        raise SyncError("name a git remote (a URL or a path)", exit_code=2)
    if "://" not in remote and not re.match(r"^[^/]+:", remote):
        remote = str(Path(remote).expanduser().resolve())  # a local path, as git will need it
    if has_password(remote):
        raise SyncError(
            "this remote URL holds a password or token, which roadmap-tui never stores; "
            "use an SSH URL or let git's credential helper keep the secret",
            exit_code=2,
        )
    name = member_slug(member if member is not None else default_member())
    if not name:
        raise SyncError(
            "no member name could be made from that; choose one with --as NAME (letters "
            "and digits)",
            exit_code=2,
        )
    config = SyncConfig(remote, name, _remote_branch(base, remote))
    previous = load_config(base)
    if previous is not None:
        config.last_success = previous.last_success
    with sync_lock(base):
        _rebuild(base, config)
        save_config(base, config)
    return _run(base, config, clock)


def _remote_branch(base: Path, remote: str) -> str:
    """The remote's default branch if it has one, else ``main``."""
    ensure_folder(sync_dir(base))
    listing = run_git(
        ["ls-remote", "--symref", remote],
        sync_dir(base),
        network=True,
        what="reaching the remote",
    ).out
    heads = {
        line.split("\t")[1].removeprefix("refs/heads/")
        for line in listing.splitlines()
        if "\trefs/heads/" in line and not line.startswith("ref:")
    }
    for line in listing.splitlines():
        if line.startswith("ref: refs/heads/") and line.endswith("\tHEAD"):
            target = line[len("ref: refs/heads/") : -len("\tHEAD")]
            if target in heads:
                return target
    for candidate in (DEFAULT_BRANCH, "master", *sorted(heads)):
        if candidate in heads:
            return candidate
    return DEFAULT_BRANCH


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
    progress: Progress
    last_activity: datetime | None
    note: str = ""


@dataclass(slots=True)
class Team:
    """Every member of the remote on one roadmap, and notices about unreadable files."""

    roadmap: Roadmap
    members: list[MemberProgress]
    notices: list[str] = field(default_factory=list)


def last_activity(data: ProgressData) -> datetime | None:
    """The latest moment any topic's status or note changed."""
    moments = [
        moment
        for entry in data.entries.values()
        for moment in (entry.changed, entry.note_changed)
        if moment is not None and moment.year > 1970
    ]
    return max(moments, default=None)


def team(base: Path, roadmap: Roadmap, *, refresh: bool = True) -> Team:
    """Every member's progress on ``roadmap``, as the remote holds it (fetched first
    when ``refresh``; when that fails, as of the last fetch, with a notice)."""
    config = require_config(base)
    notices: list[str] = []
    with sync_lock(base):
        _remove_leftovers(base)
        try:
            if not _usable(base, config):
                _rebuild(base, config)
            if refresh:
                _fetch(_clone(base), config)
        except GitError as exc:
            if exc.failure is Failure.MISSING:
                raise
            notices.append(f"showing the team as of the last sync: {exc.message}")
        folder = clone_dir(base) / MEMBERS
        names = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        members: list[MemberProgress] = []
        for name in names:
            path = folder / name / f"{roadmap.id}.toml"
            member = read_member_file(path, roadmap.id)
            note = ""
            if member.newer_schema is not None:
                note = f"written by a newer roadmap-tui (schema {member.newer_schema})"
            elif member.problem:
                note = f"unreadable ({member.problem})"
            data = member.data or ProgressData(roadmap.id)
            progress = compute_progress(roadmap, data.statuses())
            members.append(MemberProgress(name, progress, last_activity(data), note))
            if note:
                notices.append(f"{MEMBERS}/{name}/{roadmap.id}.toml is {note}.")
    return Team(roadmap, members, notices)


# ----------------------------------------------------------------------------- background


class AutoSync:
    """Syncs in a background thread: soon after each `request` (requests that come
    while waiting or syncing are folded into one later sync), and every ``every``
    seconds to bring in other machines' changes. ``report`` gets each result: the
    report, or the error's sentence. Nothing here ever blocks the caller."""

    def __init__(
        self,
        base: Path,
        report: Callable[[SyncReport | None, str], object],
        *,
        delay: float = 5.0,
        every: float = 900.0,
    ) -> None:
        import threading

        self.base = base
        self.report = report
        self.delay = delay
        self.every = every
        self._due: float | None = None
        self._closed = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="roadmap-tui-sync", daemon=True)
        self._thread.start()

    def request(self, delay: float | None = None) -> None:
        """Sync ``delay`` seconds from now (default: the debounce delay); a request
        already waiting is moved later, so a burst of changes makes one sync."""
        with self._wake:
            self._due = time.monotonic() + (self.delay if delay is None else delay)
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._closed:
                    if self._due is None:
                        if not self._wake.wait(timeout=self.every) and self._due is None:
                            self._due = time.monotonic()  # the periodic sync
                        continue
                    left = self._due - time.monotonic()
                    if left <= 0:
                        break
                    self._wake.wait(timeout=left)
                if self._closed:
                    return
                self._due = None
            try:
                result: SyncReport | None = sync(self.base)
                error = ""
            except RoadmapTuiError as exc:
                result, error = None, str(exc)
            except Exception as exc:  # a bug must not end background sync silently
                result, error = None, f"{type(exc).__name__}: {exc}"
            self.report(result, error)
