"""A small typed wrapper around the system ``git``.

Git already holds the user's credentials, SSH keys and proxies; we only run it. Every
call has a timeout, never prompts (``GIT_TERMINAL_PROMPT=0``, no askpass, SSH in batch
mode), and every message we build from its output has credentials in URLs masked. A
failure becomes one `GitError` sentence that says what kind of failure it was.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from roadmap_tui.base.errors import RoadmapTuiError

TIMEOUT_ENV = "ROADMAP_TUI_GIT_TIMEOUT"
LOCAL_TIMEOUT = 60.0
NETWORK_TIMEOUT = 120.0


class Failure(StrEnum):
    """What kind of failure a git command had (what the sync does next depends on it)."""

    MISSING = "missing"  # git is not installed
    UNREACHABLE = "unreachable"  # the remote can't be reached or is not a repository
    AUTH = "auth"  # the remote refused us (credentials, permissions, hooks)
    REJECTED = "rejected"  # a push lost a race: fetch, merge and try again
    TIMEOUT = "timeout"
    LOCAL = "local"  # anything else: the clone is probably damaged


class GitError(RoadmapTuiError):
    """A git command that failed, as one sentence; ``failure`` says what kind."""

    def __init__(self, message: str, failure: Failure, *, path: Path | None = None) -> None:
        super().__init__(message, path=path, exit_code=1)
        self.failure = failure


_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/@\s]*)@")


def redact(text: str) -> str:
    """``text`` with any ``user:password@`` (or token) of a URL replaced by ``***@``."""

    def mask(match: re.Match[str]) -> str:
        scheme = match.group("scheme")
        if scheme.lower().startswith(("http", "ftp")) or ":" in match.group("userinfo"):
            return f"{scheme}***@"
        return match.group(0)  # ssh://git@host: a user name, not a secret

    return _USERINFO.sub(mask, text)


def has_password(url: str) -> bool:
    """Whether ``url`` carries a secret we must never store: ``scheme://user:secret@``
    or ``http(s)://token@``."""
    return redact(url) != url


def git_path() -> str:
    found = shutil.which("git")
    if found is None:
        raise GitError(
            "git is not installed (or not on PATH); install git to use sync", Failure.MISSING
        )
    return found


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for inherited in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        env.pop(inherited, None)  # set by a hook or a script around us: not our repository
    env.update(
        GIT_TERMINAL_PROMPT="0",  # never ask for a password on the terminal
        GIT_ASKPASS="",
        SSH_ASKPASS="",
        LC_ALL="C",  # messages we can classify
        LANGUAGE="",
    )
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


def _timeout(default: float) -> float:
    try:
        return float(os.environ.get(TIMEOUT_ENV, "")) or default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Result:
    """A finished git command: exit code, output, and its messages (secrets masked)."""

    code: int
    out: str
    err: str


_UNREACHABLE = (
    "could not resolve host",
    "does not appear to be a git repository",
    "connection refused",
    "connection timed out",
    "connection reset",
    "unable to access",
    "network is unreachable",
    "no route to host",
    "could not read from remote repository",
    "repository not found",
)
_REFUSED = (
    "authentication failed",
    "permission denied (publickey",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "returned error: 401",
    "returned error: 403",
    "hook declined",
    "protected branch",
)
_RACE = (
    "[rejected]",
    "fetch first",
    "non-fast-forward",
    "cannot lock ref",
    "failed to lock",
    "failed to update ref",
    "stale info",
)


def classify(err: str) -> Failure:
    low = err.lower()
    if any(word in low for word in _REFUSED) or re.search(r"permission to \S+ denied", low):
        return Failure.AUTH
    if any(word in low for word in _RACE):
        return Failure.REJECTED
    if "remote rejected" in low:
        return Failure.AUTH
    if any(word in low for word in _UNREACHABLE):
        return Failure.UNREACHABLE
    return Failure.LOCAL


def _first_line(err: str) -> str:
    """Git's most telling line: the first ``fatal:``/``error:``/``remote:`` line."""
    lines = [line.strip() for line in err.splitlines() if line.strip()]
    for prefix in ("fatal:", "!", "error:", "remote:"):
        for line in lines:
            if line.lower().startswith(prefix) and len(line) > len(prefix) + 1:
                return line.removeprefix("!").strip()
    return lines[0] if lines else "no message"


class Git:
    """``git`` run in one working folder (``cwd``)."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd

    def run(self, *args: str, network: bool = False, check: bool = True, what: str = "") -> Result:
        """Run ``git ARGS``; raise `GitError` on failure when ``check``."""
        return run_git(args, self.cwd, network=network, check=check, what=what)


def run_git(
    args: Sequence[str],
    cwd: Path,
    *,
    network: bool = False,
    check: bool = True,
    what: str = "",
) -> Result:
    exe = git_path()
    limit = _timeout(NETWORK_TIMEOUT if network else LOCAL_TIMEOUT)
    label = what or f"git {args[0]}"
    try:
        proc = subprocess.Popen(
            [exe, *args],
            cwd=cwd,
            env=_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # so a timeout can stop git and its helpers (ssh)
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed (or not on PATH); install git to use sync", Failure.MISSING
        ) from None
    except OSError as exc:
        raise GitError(f"git could not be started ({exc.strerror})", Failure.LOCAL) from None
    try:
        raw_out, raw_err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise GitError(
            f"{label} took longer than {limit:g} seconds and was stopped; "
            "check the network and try again",
            Failure.TIMEOUT,
        ) from None
    except BaseException:
        _kill_group(proc)
        raise
    result = Result(
        proc.returncode,
        raw_out.decode("utf-8", "replace"),
        redact(raw_err.decode("utf-8", "replace")),
    )
    if check and result.code != 0:
        failure = classify(result.err)
        why = {
            Failure.UNREACHABLE: "the remote can't be reached: ",
            Failure.AUTH: "the remote refused access: ",
        }.get(failure, "")
        raise GitError(f"{label} failed; {why}{_first_line(result.err)}", failure)
    return result


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.communicate()
