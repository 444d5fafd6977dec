"""Never lose a tick: `kill -9` at random instants, and writers racing each other.

* A library-level writer saving in a loop is SIGKILLed at seeded random moments; the
  progress file must always parse, load without notices, and hold every save that
  returned before the kill.
* The installed app in a real pseudo-terminal is SIGKILLed in the middle of a burst of
  key presses; the file must hold the effect of some prefix of the keys sent (never a
  mix, never a torn file), and the app must start again from it.
* Two `roadmap-tui mark` loops racing keep all 40 ticks (also through a symlinked
  progress file, which stays a link, and on a tiny disk that keeps filling up, where
  each mark succeeds or says the disk is full); an open app and a `mark`
  process racing keep both, and the app shows the other's change without a restart.

Timeouts only bound waiting; nothing asserts how long anything took.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from support.hostile_fs import one_error_line, run_installed, small_mount

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui.app import RoadmapApp

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals and ptys")

WAIT = 30.0  # seconds: an upper bound on waiting, never an assertion about speed


def temp_files(folder: Path) -> set[Path]:
    return set(folder.rglob("*.tmp")) if folder.exists() else set()


# ----------------------------------------------------------------------------- library level

# The writer cycles each id through three statuses (id t-k is saved at i = k, k+50, ...,
# and i % 3 differs on each visit), so a lost save shows up as a wrong status, and it
# reports the `changed` time of every save that returned.
WRITER = """\
import sys
from itertools import count
from pathlib import Path

from roadmap_tui.roadmap.model import Status
from roadmap_tui.progress.store import ProgressStore

STATUSES = (Status.IN_PROGRESS, Status.DONE, Status.SKIPPED)
path = Path(sys.argv[1])
print("ready", flush=True)
for i in count(int(sys.argv[2])):
    key = f"t-{i % 50}"
    saved = ProgressStore(path, "t").set_status([key], STATUSES[i % 3])
    entry = saved.entries[key]
    print(i, key, entry.status.value, entry.changed.isoformat(), flush=True)
"""
STATUSES = (Status.IN_PROGRESS, Status.DONE, Status.SKIPPED)
KILL_TRIALS = 30
MAX_TRIALS = 120  # trials past KILL_TRIALS each save at least once: 50 ids well before this


@posix_only
def test_kill_9_during_library_saves_never_loses_a_returned_save(tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    path = tmp_path / "progress" / "t.toml"
    rng = random.Random(1234)
    expected: dict[str, tuple[Status, datetime]] = {}  # per id: its last save that returned
    next_i = 0  # the first index no writer has reported
    saves_seen = 0
    for trial in range(MAX_TRIALS):
        if trial >= KILL_TRIALS and len(expected) == 50:
            break
        before = temp_files(tmp_path)
        proc = subprocess.Popen(
            [sys.executable, str(script), str(path), str(next_i)],
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            first = ""
            if trial >= KILL_TRIALS:
                # Past the first trials, each one waits for a save before its random
                # kill: every id gets saved however slow the machine (no deadline).
                first = proc.stdout.readline()
            time.sleep(rng.uniform(0.02, 0.3))
            os.kill(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate(timeout=WAIT)
            out = first + out
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(WAIT)
        assert proc.returncode == -signal.SIGKILL, f"trial {trial}: the writer was not killed"
        # Every line was printed after its save returned: each is a save that must survive.
        # A kill in the middle of a print can cut the last line: that save counts as
        # unreported (the check below allows exactly one).
        lines = out.splitlines()
        if lines and not out.endswith("\n"):
            lines.pop()
        for line in lines:
            index, key, status_word, when = line.split()
            assert int(index) == next_i
            expected[key] = (Status(status_word), datetime.fromisoformat(when))
            next_i += 1
            saves_seen += 1

        if not expected:
            continue  # killed before its first save: nothing was promised yet
        raw = path.read_bytes()
        doc = tomllib.loads(raw.decode("utf-8"))  # the live file is never torn
        assert doc["schema"] == 1
        store = ProgressStore(path, "t")
        data = store.load()
        assert store.notices == [], f"trial {trial}: {store.notices}"
        assert not store.read_only
        assert not list(path.parent.glob("*.corrupt-*")), f"trial {trial}: file moved aside"
        assert set(data.entries) <= {f"t-{k}" for k in range(50)}
        # The killed writer may have finished one more save (index next_i) without
        # printing it; that is the only way the file may differ from `expected`.
        unreported = f"t-{next_i % 50}"
        for key, (status, changed) in expected.items():
            entry = data.entries.get(key)
            assert entry is not None, f"trial {trial}: the returned save of {key} was lost"
            if (entry.status, entry.changed) == (status, changed):
                continue
            assert key == unreported, (
                f"trial {trial}: {key} is {entry.status} at {entry.changed}, "
                f"but its last returned save was {status} at {changed}"
            )
            assert entry.changed > changed
            assert entry.status is STATUSES[next_i % 3]
        for key in set(data.entries) - set(expected):
            assert key == unreported, f"trial {trial}: {key} was never saved"
        # A kill mid-write may leave that write's temporary file (never the live file).
        leftovers = temp_files(tmp_path) - before
        assert len(leftovers) <= 1, f"trial {trial}: {sorted(map(str, leftovers))}"
        assert path not in leftovers
        assert raw == path.read_bytes()  # loading a good file never rewrites it
    assert saves_seen > 0, "no writer ever completed a save: the test proved nothing"
    assert len(expected) == 50, "later trials must start from a populated file"


# ----------------------------------------------------------------------------- app in a pty

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from support.terminal import Terminal, app_env  # noqa: E402

LEVEL_0 = ["cs-basics", "networking-fundamentals", "os-basics", "git-github"]
BOXES = {
    Status.TODO: "[ ]",
    Status.IN_PROGRESS: "[>]",
    Status.DONE: "[x]",
    Status.SKIPPED: "[-]",
}
KEY_STATUS = {"i": Status.IN_PROGRESS, "s": Status.SKIPPED, "r": Status.TODO}
APP_TRIALS = 5
KEYS_PER_TRIAL = 14


def statuses_on_disk(path: Path) -> dict[str, Status]:
    """Level 0's statuses in the file, which must be valid and load without notices."""
    if not path.exists():
        return dict.fromkeys(LEVEL_0, Status.TODO)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == 1
    store = ProgressStore(path, "backend")
    data = store.load()
    assert store.notices == []
    assert not list(path.parent.glob("*.corrupt-*"))
    assert set(data.entries) <= set(LEVEL_0), f"only level 0 was touched: {set(data.entries)}"
    return {key: data.entry(key).status for key in LEVEL_0}


def key_plan(rng: random.Random) -> list[str]:
    """Status keys and cursor moves that never leave level 0's four topics."""
    keys: list[str] = []
    row = 0
    while len(keys) < KEYS_PER_TRIAL:
        moves = ["j"] * (row < len(LEVEL_0) - 1) + ["k"] * (row > 0)
        key = rng.choice([" ", "x", "i", "s", "r", *moves, *moves])
        row += {"j": 1, "k": -1}.get(key, 0)
        keys.append(key)
    return keys


def prefix_states(start: dict[str, Status], keys: list[str]) -> list[dict[str, Status]]:
    """The statuses after each prefix of ``keys`` (index n: after the first n keys)."""
    states = [dict(start)]
    row = 0
    for key in keys:
        state = dict(states[-1])
        item = LEVEL_0[row]
        if key in ("j", "k"):
            row += 1 if key == "j" else -1
        elif key in (" ", "x"):
            state[item] = Status.TODO if state[item] is Status.DONE else Status.DONE
        else:
            state[item] = KEY_STATUS[key]
        states.append(state)
    return states


def wait_for_disk(path: Path, want: dict[str, Status], term: Terminal) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if statuses_on_disk(path) == want:
            return
        term.pause(0.05)
    raise AssertionError(f"the file never showed {want}: {statuses_on_disk(path)}")


def wait_for_boxes(term: Terminal, titles: dict[str, str], state: dict[str, Status]) -> None:
    """The app, started on the file, shows each level-0 topic with the file's box."""
    for key in LEVEL_0:
        term.wait_for(f"{BOXES[state[key]]} {titles[key]}")


@posix_only
def test_kill_9_mid_key_burst_keeps_a_prefix_of_the_ticks(data_dir: Path) -> None:
    env = app_env(data_dir)
    path = progress_path(data_dir, "backend")
    index = load_bundled().index()
    titles = {key: index.items[key].title[:20] for key in LEVEL_0}
    rng = random.Random(1234)

    for trial in range(APP_TRIALS + 1):
        start = statuses_on_disk(path)
        term = Terminal(env)
        try:
            # Reopening after the previous kill: the app starts, showing what was saved.
            term.wait_for_details("Computer Science basics")
            wait_for_boxes(term, titles, start)
            if trial == APP_TRIALS:
                term.child.send("q")
                assert term.wait_exit() == 0
                break
            keys = key_plan(rng)
            states = prefix_states(start, keys)
            last = trial == APP_TRIALS - 1
            sent = len(keys) if last else rng.randint(1, len(keys))
            for key in keys[:sent]:
                term.child.send(key)
                term.pause(rng.uniform(0.005, 0.06))
            if last:  # no quit: every key must reach the disk while the app runs
                wait_for_disk(path, states[-1], term)
            else:
                term.pause(rng.uniform(0.0, 0.1))
            term.kill_9()
            assert term.child.signalstatus == signal.SIGKILL
        finally:
            term.kill_9()
        on_disk = statuses_on_disk(path)
        assert on_disk in states[: sent + 1], (
            f"trial {trial}: after keys {keys[:sent]!r} from {start}, the file holds "
            f"{on_disk}, which no prefix of the keys gives"
        )
        if last:
            assert on_disk == states[-1]

    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["view"] == {"level": "prerequisites", "item": "cs-basics"}


# ----------------------------------------------------------------------------- racing writers


@pytest.mark.parametrize("through", ["a plain file", "a symlink"])
def test_two_parallel_mark_loops_keep_all_40(data_dir: Path, tmp_path: Path, through: str) -> None:
    path = progress_path(data_dir, "backend")
    real = path
    if through == "a symlink":  # a progress file kept in a synced folder, linked in
        real = tmp_path / "synced" / "backend.toml"
        real.parent.mkdir()
        path.parent.mkdir(parents=True)
        path.symlink_to(real)
    roadmap = load_bundled()
    leaves = [item.id for _, item in roadmap.walk() if item.is_leaf][:40]
    assert len(leaves) == 40
    barrier = threading.Barrier(2)
    results: list[subprocess.CompletedProcess[str]] = []
    lock = threading.Lock()

    def loop(ids: list[str]) -> None:
        barrier.wait(WAIT)
        for item_id in ids:
            result = subprocess.run(
                [sys.executable, "-m", "roadmap_tui", "mark", item_id, "done"],
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=60,
                check=False,
            )
            with lock:
                results.append(result)

    threads = [
        threading.Thread(target=loop, args=(leaves[0::2],)),
        threading.Thread(target=loop, args=(leaves[1::2],)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
        assert not thread.is_alive()
    assert len(results) == 40
    for result in results:
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Marked "), result.stdout
        assert result.stderr == ""
    store = ProgressStore(real, "backend")
    assert store.load().statuses() == dict.fromkeys(leaves, Status.DONE)
    assert store.notices == []
    assert path.is_symlink() == (through == "a symlink")  # the link stays a link
    assert not temp_files(real.parent) and not temp_files(path.parent)


async def test_open_app_and_mark_process_keep_both(data_dir: Path) -> None:
    roadmap = load_bundled()
    store = ProgressStore(progress_path(data_dir, roadmap.id), roadmap.id)
    app = RoadmapApp(roadmap, store, data=data_dir, watch_interval=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.main.topics.item_id == "cs-basics"
        proc = subprocess.Popen(
            [sys.executable, "-m", "roadmap_tui", "mark", "git-github", "done"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        try:
            await pilot.press("space")
            deadline = time.monotonic() + WAIT
            while proc.poll() is None and time.monotonic() < deadline:
                await pilot.pause(0.05)
            out, err = proc.communicate(timeout=WAIT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(WAIT)
        assert proc.returncode == 0, err
        assert out.startswith("Marked 'Git")
        assert app.saver is not None
        assert app.saver.flush(WAIT)
        deadline = time.monotonic() + WAIT
        while app.tracker.statuses.get("git-github") is not Status.DONE:
            assert time.monotonic() < deadline, "the app never showed the other process's tick"
            await pilot.pause(0.1)
        assert app.tracker.statuses.get("cs-basics") is Status.DONE
        assert str(app.main.topics.nodes["git-github"].label).startswith("[x]")
        assert str(app.main.topics.nodes["cs-basics"].label).startswith("[x]")
    fresh = ProgressStore(progress_path(data_dir, roadmap.id), roadmap.id)
    assert fresh.load().statuses() == {"cs-basics": Status.DONE, "git-github": Status.DONE}


# ----------------------------------------------------------------------------- a disk filling up


def test_mark_loops_on_a_disk_that_keeps_filling_up_lose_nothing_that_succeeded(
    tmp_path: Path,
) -> None:
    """Two `mark` loops race while another thread fills a tiny real tmpfs to the last
    byte and empties it again: every `mark` either succeeds or says "the disk is full"
    (exit 1) in one line; every one that succeeded is on disk; the file always parses."""
    with small_mount(tmp_path / "mnt", "256k") as mount:
        data = mount / "data"
        path = progress_path(data, "backend")
        leaves = [item.id for _, item in load_bundled().walk() if item.is_leaf][:40]
        stop = threading.Event()
        fills = 0

        def pressure() -> None:
            nonlocal fills
            rng = random.Random(7)
            while not stop.is_set():
                fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                try:
                    for size in (4096, 1):
                        while os.write(fd, b"\0" * size) == size:
                            pass
                except OSError:
                    fills += 1
                finally:
                    os.close(fd)
                stop.wait(rng.uniform(0.05, 0.3))
                (mount / "filler").unlink()
                stop.wait(rng.uniform(0.0, 0.1))

        results: dict[str, subprocess.CompletedProcess[bytes]] = {}
        lock = threading.Lock()

        def loop(ids: list[str]) -> None:
            for item_id in ids:
                result = run_installed("--data-dir", str(data), "mark", item_id, "done")
                with lock:
                    results[item_id] = result

        filler = threading.Thread(target=pressure)
        filler.start()
        workers = [threading.Thread(target=loop, args=(leaves[k::2],)) for k in (0, 1)]
        try:
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join(300)
                assert not worker.is_alive()
        finally:
            stop.set()
            filler.join(WAIT)
        assert fills > 0, "the disk never filled up: the test proved nothing"
        (mount / "filler").unlink(missing_ok=True)

        succeeded = []
        for item_id, result in results.items():
            err = result.stderr.decode("utf-8", "replace")
            assert "Traceback" not in err
            if result.returncode == 0:
                succeeded.append(item_id)
                # The only thing a full disk may add to a success: a backup not made.
                assert all("daily backup" in line for line in err.splitlines()), err
            else:
                assert result.returncode == 1, err
                assert "disk is full" in one_error_line(err), err
        assert len(results) == 40
        assert len(succeeded) < 40, "no mark ever met a full disk: the test proved nothing"
        if path.exists():
            tomllib.loads(path.read_text(encoding="utf-8"))  # never torn
        saved = ProgressStore(path, "backend").load().statuses()
        assert all(saved.get(item_id) is Status.DONE for item_id in succeeded)
        for item_id in set(leaves) - set(succeeded):  # with room again, the rest land
            assert run_installed("--data-dir", str(data), "mark", item_id, "done").returncode == 0
        store = ProgressStore(path, "backend")
        assert store.load().statuses() == dict.fromkeys(leaves, Status.DONE)
        assert store.notices == []
        assert not temp_files(data)
