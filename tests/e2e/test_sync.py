"""Sync through git: two machines of one member, a team of three, and every failure.

Remotes are local bare repositories (``file://``); a "machine" is a data folder. The
command runs as real processes (the installed ``roadmap-tui``) where processes matter:
concurrency, kill -9, PATH without git.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.samples import entries_at as entries
from support.samples import store_at as store
from support.samples import tick_at as tick

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.base.paths import progress_path
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.progress.entries import Entry
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status
from roadmap_tui.sync import config as sync_config
from roadmap_tui.sync import run as sync
from roadmap_tui.sync.git import has_password, redact

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")
ROADMAP = "backend"
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


# ----------------------------------------------------------------------------- helpers


def command() -> list[str]:
    script = Path(sys.executable).parent / "roadmap-tui"
    return [str(script)] if script.exists() else [sys.executable, "-m", "roadmap_tui"]


def env_for(data: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["ROADMAP_TUI_DATA_DIR"] = str(data)
    env.update(extra)
    return env


def rt(data: Path, *argv: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command(), *argv],
        env=env_for(data, **extra),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def ok(data: Path, *argv: str) -> str:
    result = rt(data, *argv)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def one_line_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("roadmap-tui: error: ")
    return lines[0]


def git(cwd: Path, *args: str) -> str:
    assert GIT is not None
    return subprocess.run(
        [GIT, *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    ).stdout


def bare_remote(tmp_path: Path, name: str = "remote.git") -> tuple[Path, str]:
    path = tmp_path / name
    git(tmp_path, "init", "--quiet", "--bare", str(path))
    return path, path.as_uri()


def note(data: Path, item: str, text: str, when: datetime) -> None:
    s = store(data)
    s.save({item: s.load().entry(item).with_note(text, when)})


def remote_file(remote: Path, member: str, roadmap_id: str = ROADMAP) -> str:
    return git(remote, "show", f"main:members/{member}/{roadmap_id}.toml")


@pytest.fixture
def two_machines(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Machines A and B of one member ("sam"), both connected to one bare remote."""
    remote, url = bare_remote(tmp_path)
    a, b = tmp_path / "machine-a", tmp_path / "machine-b"
    ok(a, "sync", "init", url, "--as", "sam")
    ok(b, "sync", "init", url, "--as", "sam")
    return a, b, remote


@pytest.fixture
def a_synced(two_machines: tuple[Path, Path, Path]) -> tuple[Path, Path, Path]:
    """The two machines after A ticked "internet" and synced it to the remote."""
    tick(two_machines[0], "internet", Status.DONE, T0)
    ok(two_machines[0], "sync")
    return two_machines


def stall_git(tmp_path: Path, on: str) -> tuple[dict[str, str], Path]:
    """PATH with a `git` that, for the subcommand ``on``, writes its pid to a mark file
    and sleeps before running the real git: a sync stuck at that step."""
    folder = tmp_path / f"slow-git-{on}"
    folder.mkdir()
    mark = tmp_path / f"stalled-{on}"
    script = folder / "git"
    script.write_text(
        textwrap.dedent(f"""\
            #!/bin/sh
            for arg in "$@"; do
                if [ "$arg" = "{on}" ]; then echo $$ > "{mark}"; sleep 120; fi
            done
            exec "{GIT}" "$@"
            """)
    )
    script.chmod(0o755)
    path = f"{folder}{os.pathsep}{os.environ['PATH']}"
    return {"PATH": path}, mark


def wait_for(path: Path, proc: subprocess.Popen[str]) -> None:
    """Until ``path`` exists (the stalled git has started), or the sync ended."""
    for _ in range(1200):
        if path.exists() and path.read_text().strip():
            return
        if proc.poll() is not None:
            raise AssertionError(f"the sync ended before stalling: {proc.communicate()}")
        time.sleep(0.05)
    raise AssertionError("the sync never reached the stalled git")


# ----------------------------------------------------------------------------- item 1


def test_two_machines_converge_ticks_unticks_and_notes(
    two_machines: tuple[Path, Path, Path],
) -> None:
    a, b, _ = two_machines
    tick(a, "internet", Status.DONE, T0)
    tick(a, "dns", Status.DONE, T0)
    note(a, "http", "read RFC 9110", T0)
    tick(b, "dns", Status.TODO, T0 + timedelta(hours=1))  # B unticks later: wins
    tick(b, "git", Status.IN_PROGRESS, T0 + timedelta(hours=1))
    note(b, "http", "also the MDN guide", T0 + timedelta(hours=2))  # newer note wins
    for machine in (a, b, a):
        out = ok(machine, "sync")
        assert "as sam" in out
    for machine in (a, b):
        got = entries(machine)
        assert got["internet"].status is Status.DONE
        assert got["dns"].status is Status.TODO
        assert got["git"].status is Status.IN_PROGRESS
        assert got["http"].note == "also the MDN guide"
    assert entries(a) == entries(b)


def test_the_cursor_stays_on_each_machine(two_machines: tuple[Path, Path, Path]) -> None:
    from roadmap_tui.progress.entries import View

    a, b, remote = two_machines
    s = store(a)
    s.save({"dns": Entry().with_status(Status.DONE, T0)}, view=View("internet", "dns"))
    ok(a, "sync")
    ok(b, "sync")
    assert "[view]" not in remote_file(remote, "sam")
    assert store(b).load().view == View()
    assert store(a).load().view == View("internet", "dns")


OPS = st.lists(
    st.tuples(
        st.sampled_from("ab"),
        st.sampled_from(["internet", "dns", "http", "git"]),
        st.one_of(st.sampled_from(list(Status)), st.text(max_size=8)),
        st.sampled_from("ab-"),  # sync on a, on b, or not now
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS)
def test_any_interleaving_of_changes_and_syncs_converges_to_the_newest(
    ops: list[tuple[str, str, Status | str, str]],
) -> None:
    """Whatever each machine changes, and whenever it syncs, a final sync on each gives
    both machines the newest status and the newest note of every topic."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _, url = bare_remote(root)
        machines = {"a": root / "a", "b": root / "b"}
        for data in machines.values():
            sync.init(data, url, "sam")
        newest_status: dict[str, Status] = {}
        newest_note: dict[str, str] = {}
        for n, (who, item, change, sync_on) in enumerate(ops):
            when = T0 + timedelta(minutes=n + 1)
            if isinstance(change, Status):
                tick(machines[who], item, change, when)
                newest_status[item] = change
            else:
                note(machines[who], item, change, when)
                newest_note[item] = change
            if sync_on != "-":
                sync.sync(machines[sync_on])
        for who in "aba":
            sync.sync(machines[who])
        for data in machines.values():
            got = entries(data)
            assert {k: got[k].status for k in newest_status} == newest_status
            assert {k: got[k].note for k in newest_note} == newest_note


def barrier_git(tmp_path: Path, name: str) -> dict[str, str]:
    """PATH with a `git` whose pushes wait until two of them have started, so two
    machines' pushes really race (one of them is rejected and must retry)."""
    folder = tmp_path / f"barrier-git-{name}"
    (folder / "bin").mkdir(parents=True)
    script = folder / "bin" / "git"
    script.write_text(
        textwrap.dedent(f"""\
            #!/bin/sh
            for arg in "$@"; do
                if [ "$arg" = "push" ]; then
                    touch "{folder}/pushing-$$"
                    n=0
                    while [ "$(ls {folder} | grep -c pushing-)" -lt 2 ] && [ $n -lt 200 ]; do
                        sleep 0.05; n=$((n+1))
                    done
                fi
            done
            exec "{GIT}" "$@"
            """)
    )
    script.chmod(0o755)
    return {"PATH": f"{folder / 'bin'}{os.pathsep}{os.environ['PATH']}"}


def _start(data: Path, *argv: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*command(), *argv],
        env=env_for(data, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_syncs_on_both_machines_lose_nothing(
    two_machines: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, b, _ = two_machines
    items = [leaf.id for _, leaf in load_bundled().walk() if leaf.is_leaf][:12]
    for round_ in range(4):
        when = T0 + timedelta(minutes=round_)
        tick(a, items[2 * round_], Status.DONE, when)
        tick(b, items[2 * round_ + 1], Status.DONE, when)
        barrier = barrier_git(tmp_path, str(round_))  # their pushes race
        procs = [_start(a, "sync", **barrier), _start(b, "sync", **barrier)]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            assert "Traceback" not in err
    for machine in (a, b, a):
        ok(machine, "sync")
    expected = {item: Status.DONE for item in items[:8]}
    for machine in (a, b):
        got = entries(machine)
        assert {k: got[k].status for k in expected} == expected


def test_concurrent_syncs_and_ticks_on_one_machine_take_turns(
    two_machines: tuple[Path, Path, Path],
) -> None:
    a, b, _ = two_machines
    items = [leaf.id for _, leaf in load_bundled().walk() if leaf.is_leaf][:6]
    procs = [_start(a, "sync"), _start(a, "sync")]
    procs += [_start(a, "mark", item, "done") for item in items]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    ok(a, "sync")
    ok(b, "sync")
    assert {k: entries(b)[k].status for k in items} == dict.fromkeys(items, Status.DONE)


@pytest.mark.parametrize("step", ["fetch", "checkout", "commit", "push"])
def test_kill_9_during_sync_leaves_everything_usable(
    a_synced: tuple[Path, Path, Path], tmp_path: Path, step: str
) -> None:
    a, b, remote = a_synced
    tick(a, "dns", Status.DONE, T0 + timedelta(minutes=1))
    note(a, "internet", "kept", T0 + timedelta(minutes=2))
    before = entries(a)
    extra, mark = stall_git(tmp_path, step)
    proc = subprocess.Popen(
        [*command(), "sync"],
        env=env_for(a, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(mark, proc)
    os.kill(proc.pid, signal.SIGKILL)
    os.killpg(int(mark.read_text()), signal.SIGKILL)  # the stalled git, which we started
    proc.communicate(timeout=60)
    assert entries(a) == before  # the local progress is intact
    out = ok(a, "sync")  # and the next sync completes
    assert "Synced 1 roadmap" in out
    ok(b, "sync")
    assert entries(b)["dns"].status is Status.DONE
    assert entries(b)["internet"].note == "kept"
    assert "dns" in remote_file(remote, "sam")


def test_git_lock_files_left_by_a_killed_git_are_cleared(
    two_machines: tuple[Path, Path, Path],
) -> None:
    a, _, _ = two_machines
    dot_git = sync_config.clone_dir(a) / ".git"
    for stale in ("index.lock", "HEAD.lock", "refs/heads/main.lock", "packed-refs.lock"):
        (dot_git / stale).parent.mkdir(parents=True, exist_ok=True)
        (dot_git / stale).write_text("")
    tick(a, "internet", Status.DONE, T0)
    assert "changes pushed" in ok(a, "sync")


# ----------------------------------------------------------------------------- item 2


def test_a_team_of_three_shows_each_members_numbers(tmp_path: Path) -> None:
    remote, url = bare_remote(tmp_path)
    leaves = [leaf.id for _, leaf in load_bundled().walk() if leaf.is_leaf]
    plan = {
        "alice": {leaf: Status.DONE for leaf in leaves[:10]},
        "bob": {leaves[0]: Status.DONE, leaves[1]: Status.SKIPPED, leaves[2]: Status.IN_PROGRESS},
        "carol": {leaf: Status.DONE for leaf in leaves[-5:]},
    }
    for n, (name, statuses) in enumerate(plan.items()):
        data = tmp_path / name
        s = store(data)
        s.save({k: Entry().with_status(v, T0 + timedelta(days=n)) for k, v in statuses.items()})
        ok(data, "sync", "init", url, "--as", name)
    report = json.loads(ok(tmp_path / "alice", "team", "--json"))
    roadmap = load_bundled()
    assert [m["name"] for m in report["members"]] == ["alice", "bob", "carol"]
    for n, member in enumerate(report["members"]):
        expected = compute_progress(roadmap, plan[member["name"]])
        assert (member["done"], member["total"], member["percent"]) == (
            expected.overall.done,
            expected.overall.total,
            expected.overall.percent,
        )
        assert [(lv["id"], lv["done"], lv["total"], lv["percent"]) for lv in member["levels"]] == [
            (lp.level.id, lp.counts.done, lp.counts.total, lp.counts.percent)
            for lp in expected.levels
        ]
        assert datetime.fromisoformat(member["last_activity"]) == T0 + timedelta(days=n)
    table = ok(tmp_path / "bob", "team")
    for name, statuses in plan.items():
        overall = compute_progress(roadmap, statuses).overall
        row = next(line for line in table.splitlines() if f" {name} " in line)
        skipped = f", {overall.skipped} skipped" if overall.skipped else ""  # docs/progress.md
        assert f"{overall.done}/{overall.counted} · {overall.percent}%{skipped}" in row
    # Every commit touches only its author's folder (and the shared README).
    log = git(remote, "log", "--format=%x00%s", "--name-only", "main")
    for block in log.split("\0")[1:]:
        subject, *files = [line for line in block.splitlines() if line]
        author = subject.removeprefix("Progress of ")
        assert all(f.startswith(f"members/{author}/") or f == "README.md" for f in files), block


def test_team_without_a_network_shows_the_last_fetch_with_a_warning(
    two_machines: tuple[Path, Path, Path],
) -> None:
    a, _, remote = two_machines
    first_leaf = next(leaf.id for _, leaf in load_bundled().walk() if leaf.is_leaf)
    tick(a, first_leaf, Status.DONE, T0)
    ok(a, "sync")
    shutil.rmtree(remote)
    result = rt(a, "team", "--json")
    assert result.returncode == 0, result.stderr
    assert "as of the last sync" in result.stderr
    assert json.loads(result.stdout)["members"][0]["done"] == 1


# ----------------------------------------------------------------------------- item 3


def test_sync_before_init_says_how_to_set_it_up(tmp_path: Path) -> None:
    data = tmp_path / "m"
    assert "sync init" in one_line_error(rt(data, "sync"), code=2)
    assert "sync init" in one_line_error(rt(data, "team"), code=2)
    assert "not set up" in ok(data, "sync", "status")


def test_a_remote_that_refuses_pushes_fails_in_one_line_and_keeps_progress(
    tmp_path: Path,
) -> None:
    remote, url = bare_remote(tmp_path)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'permission denied for you' >&2\nexit 1\n")
    hook.chmod(0o755)
    data = tmp_path / "m"
    tick(data, "internet", Status.DONE, T0)
    before = entries(data)
    line = one_line_error(rt(data, "sync", "init", url, "--as", "sam"))
    assert "pushing to the remote failed; the remote refused access" in line
    assert "pre-receive hook declined" in line
    assert entries(data) == before
    status = ok(data, "sync", "status")
    assert "failed" in status and "last success: never" in status
    hook.unlink()  # the remote lets us in again: the next sync catches up
    assert "changes pushed" in ok(data, "sync")
    assert "internet" in remote_file(remote, "sam")
    assert "last success: never" not in ok(data, "sync", "status")


def test_a_remote_that_is_gone_fails_in_one_line(
    two_machines: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, _, remote = two_machines
    tick(a, "internet", Status.DONE, T0)
    before = entries(a)
    shutil.rmtree(remote)
    line = one_line_error(rt(a, "sync"))
    assert "the remote can't be reached" in line
    assert entries(a) == before
    missing = (tmp_path / "nowhere.git").as_uri()
    line = one_line_error(rt(tmp_path / "other", "sync", "init", missing, "--as", "x"))
    assert "the remote can't be reached" in line
    assert not sync_config.config_path(tmp_path / "other").exists()


def test_without_git_installed_sync_says_so(two_machines: tuple[Path, Path, Path]) -> None:
    a, _, _ = two_machines
    no_git = Path(tempfile.mkdtemp())
    cmd = [sys.executable, "-m", "roadmap_tui"]
    for argv in (["sync"], ["team"], ["sync", "init", "file:///x.git"]):
        result = subprocess.run(
            [*cmd, *argv],
            env=env_for(a, PATH=str(no_git)),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert "git is not installed" in one_line_error(result)
    shutil.rmtree(no_git)


def test_a_git_that_hangs_is_stopped_after_the_timeout(
    two_machines: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, _, _ = two_machines
    extra, _ = stall_git(tmp_path, "fetch")
    result = rt(a, "sync", ROADMAP_TUI_GIT_TIMEOUT="1", **extra)
    assert "took longer than 1 seconds" in one_line_error(result)


@pytest.mark.parametrize("damage", ["objects", "dot-git", "file", "garbage-head", "half-rebuilt"])
def test_a_corrupted_clone_is_rebuilt_from_the_remote(
    a_synced: tuple[Path, Path, Path], damage: str
) -> None:
    a, b, _ = a_synced
    tick(a, "dns", Status.DONE, T0 + timedelta(minutes=1))
    clone = sync_config.clone_dir(a)
    if damage == "objects":
        shutil.rmtree(clone / ".git" / "objects")
    elif damage == "dot-git":
        shutil.rmtree(clone / ".git")
    elif damage == "file":
        shutil.rmtree(clone)
        clone.write_text("not a clone")
    elif damage == "garbage-head":
        (clone / ".git" / "HEAD").write_text("garbage\n")
    else:  # killed while swapping in a rebuilt clone
        clone.rename(clone.with_name("repo.old-999"))
        (clone.with_name("repo.new-999") / ".git").mkdir(parents=True)
    out = ok(a, "sync")
    assert "changes pushed" in out
    assert ("rebuilt" in out) is (damage != "half-rebuilt")  # a missing clone is just built
    assert not list(clone.parent.glob("repo.*-999"))
    ok(b, "sync")
    assert {k: e.status for k, e in entries(b).items()} == {
        "internet": Status.DONE,
        "dns": Status.DONE,
    }


def test_an_unpushed_commit_in_the_clone_never_becomes_a_conflict(
    a_synced: tuple[Path, Path, Path],
) -> None:
    """A sync killed after its commit and before its push leaves a local commit; the
    remote has moved on meanwhile. No git merge happens: no conflict marker anywhere."""
    a, b, remote = a_synced
    ok(b, "sync")
    tick(b, "internet", Status.TODO, T0 + timedelta(hours=1))
    ok(b, "sync")
    clone = sync_config.clone_dir(a)
    (clone / "members" / "sam" / "backend.toml").write_text("<<<<<<< not ours\n")
    git(clone, "commit", "--quiet", "-am", "left by a killed sync")
    tick(a, "dns", Status.DONE, T0 + timedelta(hours=2))
    ok(a, "sync")
    ok(b, "sync")
    shared = remote_file(remote, "sam")
    assert "<<<<<<<" not in shared
    for machine in (a, b):
        assert "<<<<<<<" not in progress_path(machine, ROADMAP).read_text()
        got = entries(machine)
        assert (got["internet"].status, got["dns"].status) == (Status.TODO, Status.DONE)


def test_a_remote_that_was_replaced_gets_everything_again(
    a_synced: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, b, remote = a_synced
    shutil.rmtree(remote)  # the remote is recreated empty: the clone's history diverged
    bare_remote(tmp_path)
    tick(a, "dns", Status.DONE, T0)
    ok(a, "sync")
    ok(b, "sync")
    assert set(entries(b)) == {"internet", "dns"}


def test_a_member_file_from_a_newer_schema_is_left_alone(
    a_synced: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, _, remote = a_synced
    work = tmp_path / "newer-machine"
    git(tmp_path, "clone", "--quiet", "-b", "main", remote.as_uri(), str(work))
    newer = 'schema = 2\nroadmap = "backend"\n[items.internet]\nstatus = "mastered"\n'
    (work / "members" / "sam" / "backend.toml").write_text(newer)
    git(work, "commit", "--quiet", "-am", "newer")
    git(work, "push", "--quiet", "origin", "main")
    tick(a, "dns", Status.DONE, T0 + timedelta(minutes=1))
    before = entries(a)
    result = rt(a, "sync")
    assert result.returncode == 0, result.stderr
    assert "newer roadmap-tui" in result.stderr
    assert remote_file(remote, "sam") == newer
    assert entries(a) == before


def test_a_local_progress_file_from_a_newer_schema_is_not_synced(
    two_machines: tuple[Path, Path, Path],
) -> None:
    a, _, remote = two_machines
    path = progress_path(a, ROADMAP)
    path.parent.mkdir(parents=True, exist_ok=True)
    newer = 'schema = 9\nroadmap = "backend"\n'
    path.write_text(newer)
    result = rt(a, "sync")
    assert result.returncode == 0, result.stderr
    assert "newer roadmap-tui" in result.stderr
    assert path.read_text() == newer
    assert "members/sam" not in git(remote, "ls-tree", "-r", "--name-only", "main")


@pytest.mark.parametrize(
    "url",
    [
        "https://sam:hunter2secret@example.com/team/progress.git",
        "https://ghp_hunter2secret@github.com/team/progress.git",
        "ssh://sam:hunter2secret@example.com/progress.git",
    ],
)
def test_a_url_with_a_secret_is_refused_and_never_printed(tmp_path: Path, url: str) -> None:
    result = rt(tmp_path / "m", "sync", "init", url)
    line = one_line_error(result, code=2)
    assert "hunter2secret" not in line and "password or token" in line
    assert not sync_config.config_path(tmp_path / "m").exists()


@given(secret=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-.", min_size=4))
def test_redact_hides_any_secret_in_a_url(secret: str) -> None:
    for url in (f"https://user:{secret}@host/x.git", f"https://{secret}@host/x.git"):
        message = f"fatal: unable to access '{url}': The requested URL returned error: 403"
        masked = "fatal: unable to access 'https://***@host/x.git': "
        assert redact(message) == masked + "The requested URL returned error: 403"
        assert has_password(url)
    assert not has_password("git@github.com:team/progress.git")
    assert not has_password("ssh://git@github.com/team/progress.git")


def test_member_names_become_folder_names() -> None:
    assert sync_config.member_slug("Zoë O'Brien") == "zoe-o-brien"
    assert sync_config.member_slug("  ") == ""
    with pytest.raises(RoadmapTuiError, match="--as NAME"):
        sync.init(Path(tempfile.mkdtemp()), "file:///nowhere.git", "!!!")


def test_the_name_defaults_to_gits_user_name(tmp_path: Path) -> None:
    _, url = bare_remote(tmp_path)
    git(tmp_path, "config", "--global", "user.name", "Ada Lovelace")
    assert "as ada-lovelace" in ok(tmp_path / "m", "sync", "init", url)
    assert "member:       ada-lovelace" in ok(tmp_path / "m", "sync", "status")


def test_a_remote_with_another_default_branch_is_used_as_it_is(tmp_path: Path) -> None:
    remote, url = bare_remote(tmp_path)
    seed = tmp_path / "seed"
    git(tmp_path, "init", "--quiet", "-b", "trunk", str(seed))
    (seed / "README.md").write_text("ours\n")
    git(seed, "add", "README.md")
    git(seed, "commit", "--quiet", "-m", "seed")
    git(seed, "push", "--quiet", url, "trunk")
    git(remote, "symbolic-ref", "HEAD", "refs/heads/trunk")
    data = tmp_path / "m"
    tick(data, "internet", Status.DONE, T0)
    ok(data, "sync", "init", url, "--as", "sam")
    assert "internet" in git(remote, "show", "trunk:members/sam/backend.toml")
    assert git(remote, "show", "trunk:README.md") == "ours\n"  # never replaced


def test_a_file_where_the_sync_folder_belongs_is_one_line(
    two_machines: tuple[Path, Path, Path],
) -> None:
    a, _, _ = two_machines
    shutil.rmtree(a / "sync")
    (a / "sync").write_text("mine")
    line = one_line_error(rt(a, "sync", "init", "file:///x.git", "--as", "sam"))
    assert str(a / "sync") in line
    assert (a / "sync").read_text() == "mine"


def test_a_remote_that_looks_like_an_option_is_refused(tmp_path: Path) -> None:
    result = rt(tmp_path / "m", "sync", "init", "--", "--upload-pack=touch x")
    one_line_error(result, code=2)
    assert not (tmp_path / "m" / "sync").exists()


def test_a_secret_slipped_into_the_settings_is_never_printed(tmp_path: Path) -> None:
    data = tmp_path / "m"
    sync_config.save_config(
        data, sync_config.SyncConfig("https://sam:hunter2secret@127.0.0.1:9/x.git", "sam")
    )
    result = rt(data, "sync")
    assert "hunter2secret" not in one_line_error(result)
    assert "hunter2secret" not in ok(data, "sync", "status")


_PROBE = textwrap.dedent(
    """
    import sys
    import roadmap_tui.cli.main
    code = roadmap_tui.cli.main.main(sys.argv[1:])
    print()
    print(code)
    print(any(m == "textual" or m.startswith("textual.") for m in sys.modules))
    """
)


@pytest.mark.parametrize("argv", [["sync"], ["sync", "status"], ["team", "--json"], ["team"]])
def test_sync_and_team_never_load_the_terminal_ui(
    two_machines: tuple[Path, Path, Path], argv: list[str]
) -> None:
    a, _, _ = two_machines
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        env=env_for(a),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.splitlines()[-2:] == ["0", "False"], result.stderr


def test_a_relative_path_to_a_remote_works_from_anywhere(tmp_path: Path) -> None:
    remote, _ = bare_remote(tmp_path)
    data = tmp_path / "m"
    tick(data, "internet", Status.DONE, T0)
    result = subprocess.run(
        [*command(), "sync", "init", "remote.git", "--as", "sam"],
        env=env_for(data),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "internet" in remote_file(remote, "sam")
    assert str(remote) in ok(data, "sync", "status")


def test_hooks_of_the_user_never_run_in_the_clone(
    two_machines: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, _, _ = two_machines
    hooks = tmp_path / "my-hooks"
    hooks.mkdir()
    ran = tmp_path / "hook-ran"
    for name in ("pre-commit", "post-checkout", "pre-push", "post-commit"):
        (hooks / name).write_text(f"#!/bin/sh\necho {name} >> {ran}\n")
        (hooks / name).chmod(0o755)
    git(tmp_path, "config", "--global", "core.hooksPath", str(hooks))
    tick(a, "internet", Status.DONE, T0)
    assert "changes pushed" in ok(a, "sync")
    assert not ran.exists()
