"""The tracker owns saving: every change it makes reaches the disk through its own saver,
and a save the disk refuses is kept and retried until it lands. No Textual here."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.samples import T0, Clock, LockHolder

from roadmap_tui.base.errors import ProgressError
from roadmap_tui.base.paths import progress_path
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.progress.entries import Entry, ProgressData, View
from roadmap_tui.progress.recovery import journal_paths
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Roadmap, Status
from roadmap_tui.tracking.saver import Saver, SaveState, short_reason
from roadmap_tui.tracking.tracker import UNDO_DEPTH, ReadOnly, Tracker

FAST = (0.05, 0.1)  # retry delays for tests: the behaviour, not the real pacing
WAIT = 30.0  # an upper bound on waiting, never an assertion about speed


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return load_bundled()


@pytest.fixture
def path(data_dir: Path) -> Path:
    return progress_path(data_dir, "backend")


def make_tracker(path: Path, roadmap: Roadmap, clock: Clock | None = None) -> Tracker:
    store = ProgressStore(path, roadmap.id, clock=clock or Clock())
    store.lock_timeout = 0.2
    return Tracker(roadmap, store, Saver(store, retry_delays=FAST))


@pytest.fixture
def tracked(path: Path, roadmap: Roadmap) -> Iterator[tuple[Tracker, Clock]]:
    """A tracker on the bundled roadmap whose clock the test moves; closed afterwards."""
    clock = Clock()
    tracker = make_tracker(path, roadmap, clock)
    yield tracker, clock
    tracker.close()


def on_disk(path: Path) -> dict[str, Entry]:
    """What another process reading the file now would see."""
    return ProgressStore(path, "backend").load().entries


def statuses_on_disk(path: Path) -> dict[str, Status]:
    return {key: entry.status for key, entry in on_disk(path).items()}


# ----------------------------------------------------------------------------- every change


def test_every_kind_of_change_reaches_the_disk(path: Path, tracked: tuple[Tracker, Clock]) -> None:
    tracker, clock = tracked
    tracker.toggle_done("cs-basics")
    tracker.set_status("os-basics", Status.IN_PROGRESS)
    tracker.set_status("cloud-platforms", Status.SKIPPED)  # a parent: its three children
    tracker.set_note("git-github", "learn rebase")
    assert tracker.saver.flush(WAIT)
    disk = on_disk(path)
    assert disk["cs-basics"].status is Status.DONE
    assert disk["os-basics"].status is Status.IN_PROGRESS
    assert {disk[k].status for k in ("cloud-aws", "cloud-gcp", "cloud-azure")} == {Status.SKIPPED}
    assert disk["git-github"].note == "learn rebase"
    clock.tick(seconds=1)
    tracker.undo()  # the skip of the three clouds
    assert tracker.saver.flush(WAIT)
    assert "cloud-aws" not in statuses_on_disk(path) or (
        statuses_on_disk(path)["cloud-aws"] is Status.TODO
    )
    tracker.redo()
    assert tracker.saver.flush(WAIT)
    assert statuses_on_disk(path)["cloud-aws"] is Status.SKIPPED


def test_a_new_change_clears_redo(path: Path, roadmap: Roadmap) -> None:
    tracker = make_tracker(path, roadmap)
    tracker.toggle_done("cs-basics")
    tracker.undo()
    assert tracker.redo_stack
    tracker.toggle_done("os-basics")
    assert tracker.redo() is None
    tracker.close()


def test_skipping_the_rest_of_a_level_is_one_undoable_change(path: Path, roadmap: Roadmap) -> None:
    """Once a pick goal is met, the topics still to do are skipped together; topics done,
    in progress or already skipped keep their status; one undo brings them all back."""
    tracker = make_tracker(path, roadmap)
    level = roadmap.levels[1]
    ids = [leaf.id for leaf in level.leaves()]
    tracker.toggle_done(ids[0])
    tracker.set_status(ids[1], Status.IN_PROGRESS)
    tracker.set_status(ids[2], Status.SKIPPED)
    assert tracker.left_to_do(level.id) == ids[3:]
    change = tracker.skip_rest(level.id)
    assert change is not None
    assert set(change.after) == set(ids[3:])
    expected = [Status.DONE, Status.IN_PROGRESS, *[Status.SKIPPED] * (len(ids) - 2)]
    assert [tracker.statuses[key] for key in ids] == expected
    assert tracker.left_to_do(level.id) == []
    assert tracker.skip_rest(level.id) is None  # nothing left: no change, no undo step
    assert tracker.close()
    assert [statuses_on_disk(path)[key] for key in ids] == expected

    tracker = make_tracker(path, roadmap)
    tracker.toggle_done(ids[1])
    tracker.skip_rest(roadmap.levels[10].id)  # a level with a parent: its leaves
    cloud = ["cloud-aws", "cloud-gcp", "cloud-azure"]
    assert all(tracker.statuses[key] is Status.SKIPPED for key in cloud)
    undone = tracker.undo()
    assert undone is not None and set(undone.after) == {
        leaf.id for leaf in roadmap.levels[10].leaves()
    }
    assert all(tracker.statuses[key] is Status.TODO for key in cloud)
    assert tracker.statuses[ids[1]] is Status.DONE
    assert tracker.close()
    assert all(statuses_on_disk(path)[key] is Status.TODO for key in cloud)


def test_undo_depth_is_bounded(path: Path, roadmap: Roadmap) -> None:
    tracker = make_tracker(path, roadmap)
    for n in range(UNDO_DEPTH + 5):
        tracker.toggle_done("cs-basics" if n % 2 else "os-basics")
    undone = 0
    while tracker.undo() is not None:
        undone += 1
    assert undone == UNDO_DEPTH
    tracker.close()


def test_undo_keeps_a_newer_note(path: Path, tracked: tuple[Tracker, Clock]) -> None:
    tracker, clock = tracked
    tracker.set_note("cs-basics", "first")
    clock.tick(seconds=1)
    tracker.toggle_done("cs-basics")
    clock.tick(seconds=1)
    tracker.set_note("cs-basics", "second thoughts")
    clock.tick(seconds=1)
    tracker.undo()
    assert tracker.entry("cs-basics").status is Status.TODO
    assert tracker.entry("cs-basics").note == "second thoughts"
    assert tracker.saver.flush(WAIT)
    assert on_disk(path)["cs-basics"].note == "second thoughts"


def test_undo_wins_over_a_change_time_from_the_future(
    path: Path, tracked: tuple[Tracker, Clock]
) -> None:
    """A skewed clock stored a time ahead of ours: undo still takes effect on disk."""
    tracker, clock = tracked
    tracker.toggle_done("cs-basics")
    clock.tick(days=-30)  # this machine's clock is now far behind the stored time
    tracker.undo()
    assert tracker.saver.flush(WAIT)
    assert statuses_on_disk(path)["cs-basics"] is Status.TODO


def test_undo_and_redo_in_the_same_clock_tick_as_the_change_reach_the_disk(
    path: Path, roadmap: Roadmap
) -> None:
    """A frozen clock (or a coarse one, as Windows' 15 ms): the tick, its undo and its
    redo all read the same time. Each is saved before the next, so each must beat the
    one on disk, or the undo is silently lost when it meets the tick there."""
    tracker = make_tracker(path, roadmap, Clock())  # never moves
    tracker.toggle_done("cs-basics")
    tracker.set_status("os-basics", Status.SKIPPED)
    assert tracker.saver.flush(WAIT)
    tracker.undo()  # the skip
    assert tracker.saver.flush(WAIT)
    tracker.undo()  # the tick
    assert tracker.saver.flush(WAIT)
    assert set(statuses_on_disk(path).values()) <= {Status.TODO}
    assert tracker.statuses.get("cs-basics", Status.TODO) is Status.TODO
    tracker.redo()
    assert tracker.saver.flush(WAIT)
    assert statuses_on_disk(path)["cs-basics"] is Status.DONE
    assert statuses_on_disk(path)["os-basics"] is Status.TODO
    tracker.close()


def test_a_change_then_its_opposite_in_the_same_clock_tick_keeps_the_last(
    path: Path, roadmap: Roadmap
) -> None:
    tracker = make_tracker(path, roadmap, Clock())
    for status in (Status.DONE, Status.IN_PROGRESS, Status.TODO, Status.SKIPPED):
        tracker.set_status("cs-basics", status)
        assert tracker.saver.flush(WAIT)
        assert statuses_on_disk(path)["cs-basics"] is status
    tracker.set_note("cs-basics", "zzz")
    assert tracker.saver.flush(WAIT)
    tracker.set_note("cs-basics", "aaa")  # sorts first: only its time can make it win
    assert tracker.saver.flush(WAIT)
    assert on_disk(path)["cs-basics"].note == "aaa"
    tracker.close()


def test_read_only_refuses_every_change(path: Path, roadmap: Roadmap) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('schema = 999\nroadmap = "backend"\n', encoding="utf-8")
    before = path.read_bytes()
    tracker = make_tracker(path, roadmap)
    changes: list[Callable[[], object]] = [
        lambda: tracker.toggle_done("cs-basics"),
        lambda: tracker.set_status("cs-basics", Status.SKIPPED),
        lambda: tracker.set_note("cs-basics", "x"),
        lambda: tracker.skip_rest(roadmap.levels[1].id),
        tracker.undo,
        tracker.redo,
    ]
    for change in changes:
        with pytest.raises(ReadOnly):
            change()
    assert tracker.statuses == {}
    assert tracker.saver.flush(WAIT)
    assert path.read_bytes() == before
    tracker.close()


# ----------------------------------------------------------------------------- failing saves


class Listener:
    def __init__(self, saver: Saver) -> None:
        self.states: list[SaveState] = []
        self.saves = 0
        self.changed = threading.Event()
        saver.on_state = self.state
        saver.on_saved = self.saved

    def state(self, state: SaveState) -> None:
        self.states.append(state)
        self.changed.set()

    def saved(self, _: object) -> None:
        self.saves += 1


def test_a_save_refused_while_another_process_holds_the_lock_lands_later(
    path: Path, roadmap: Roadmap
) -> None:
    tracker = make_tracker(path, roadmap)
    listener = Listener(tracker.saver)
    with LockHolder(path) as holder:
        tracker.toggle_done("cs-basics")
        assert listener.changed.wait(WAIT), "the failure was never reported"
        for key in ("os-basics", "git-github", "lang-go"):
            tracker.toggle_done(key)  # a burst while failing
        assert not tracker.saver.flush(1.0)  # still locked: nothing lands
        assert set(tracker.saver.unsaved()) == {"cs-basics", "os-basics", "git-github", "lang-go"}
        assert tracker.saver.state.failing
        assert "locked" in (tracker.saver.state.error or "")
        holder.release()
        assert tracker.saver.flush(WAIT)
    assert set(statuses_on_disk(path)) == {"cs-basics", "os-basics", "git-github", "lang-go"}
    # One report for the burst of failures, one when it recovered.
    failing = [s for s in listener.states if s.failing]
    assert [s.failures for s in failing][:1] == [1]
    assert not listener.states[-1].failing
    assert tracker.saver.state == SaveState()
    tracker.close()


def test_a_save_refused_because_the_folder_is_a_file_lands_once_it_is_fixed(
    path: Path, roadmap: Roadmap
) -> None:
    tracker = make_tracker(path, roadmap)
    tracker.toggle_done("cs-basics")
    assert tracker.saver.flush(WAIT)
    aside = path.parent.with_name("moved")
    path.parent.rename(aside)
    path.parent.write_text("in the way", encoding="utf-8")
    tracker.toggle_done("os-basics")
    assert not tracker.saver.flush(0.5)
    assert tracker.saver.state.failing
    path.parent.unlink()
    aside.rename(path.parent)
    tracker.saver.retry_now()
    assert tracker.saver.flush(WAIT)
    assert statuses_on_disk(path) == {"cs-basics": Status.DONE, "os-basics": Status.DONE}
    tracker.close()


def test_changes_made_while_failing_are_newer_than_the_failed_ones(
    path: Path, roadmap: Roadmap
) -> None:
    clock = Clock()
    tracker = make_tracker(path, roadmap, clock)
    with LockHolder(path) as holder:
        tracker.toggle_done("cs-basics")
        clock.tick(seconds=1)
        tracker.toggle_done("cs-basics")  # and back: the last word is "todo"
        clock.tick(seconds=1)
        tracker.set_status("cs-basics", Status.SKIPPED)
        holder.release()
        assert tracker.saver.flush(WAIT)
    assert statuses_on_disk(path)["cs-basics"] is Status.SKIPPED
    tracker.close()


class GatedStore(ProgressStore):
    """A store whose first save waits until the test lets it go, then fails as a full
    disk would: the test decides what happens while that save is under way."""

    def __init__(self, path: Path, clock: Clock) -> None:
        super().__init__(path, "backend", clock=clock)
        self.entered = threading.Event()
        self.go = threading.Event()
        self.calls = 0

    def save_made_now(self, changes: Mapping[str, Entry], view: View | None = None) -> ProgressData:
        self.calls += 1
        if self.calls == 1:
            self.entered.set()
            assert self.go.wait(WAIT)
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().save_made_now(changes, view)


def test_a_change_made_while_a_failing_save_is_under_way_is_never_overwritten_by_it(
    path: Path, roadmap: Roadmap
) -> None:
    """The older change is in flight when the newer one arrives; the save fails and
    its changes go back to the queue: the newer must stay the one saved, not the older
    (also with a clock that has not moved)."""
    for clock_moves in (True, False):
        clock = Clock()
        store = GatedStore(path, clock)
        tracker = Tracker(roadmap, store, Saver(store, retry_delays=FAST))
        tracker.toggle_done("cs-basics")
        assert store.entered.wait(WAIT)  # the tick's save is under way
        if clock_moves:
            clock.tick(seconds=1)
        tracker.toggle_done("cs-basics")  # and back
        tracker.set_note("os-basics", "written while the disk was full")
        assert tracker.saver.unsaved()["cs-basics"].status is Status.TODO
        store.go.set()
        assert tracker.saver.flush(WAIT)
        assert store.calls >= 2
        disk = on_disk(path)
        assert disk.get("cs-basics", Entry()).status is Status.TODO
        assert disk["os-basics"].note == "written while the disk was full"
        assert tracker.saver.state == SaveState()
        tracker.close()
        path.unlink()


class FailingStore(ProgressStore):
    """A store whose saves fail with ``error`` until it is set to None."""

    def __init__(self, path: Path, error: BaseException | None) -> None:
        super().__init__(path, "backend", clock=Clock())
        self.error = error

    def save_made_now(self, changes: Mapping[str, Entry], view: View | None = None) -> ProgressData:
        if self.error is not None:
            raise self.error
        return super().save_made_now(changes, view)


def test_retry_now_saves_at_once_instead_of_after_the_delay(path: Path, roadmap: Roadmap) -> None:
    store = FailingStore(path, OSError(errno.ENOSPC, "No space left on device"))
    saver = Saver(store, retry_delays=(3600.0,))  # the next try would be in an hour
    listener = Listener(saver)
    landed = threading.Event()
    saver.on_saved = lambda _: landed.set()
    saver.submit({"cs-basics": Entry(Status.DONE, T0)})
    assert listener.changed.wait(WAIT)
    assert saver.state.failing and saver.state.reason == "the disk is full"
    store.error = None  # space was freed
    saver.retry_now()  # what the app's retry key does
    assert landed.wait(WAIT), "retry_now did not retry"
    assert statuses_on_disk(path) == {"cs-basics": Status.DONE}
    assert saver.state == SaveState()
    saver.close()


def test_a_new_change_retries_a_failed_save_at_once(path: Path) -> None:
    store = FailingStore(path, OSError(errno.ENOSPC, "No space left on device"))
    saver = Saver(store, retry_delays=(3600.0,))
    listener = Listener(saver)
    landed = threading.Event()
    saver.on_saved = lambda _: landed.set()
    saver.submit({"cs-basics": Entry(Status.DONE, T0)})
    assert listener.changed.wait(WAIT)
    store.error = None
    saver.submit({"os-basics": Entry(Status.DONE, T0)})  # the next tick: no hour's wait
    assert landed.wait(WAIT), "a new change did not retry the failed save"
    assert statuses_on_disk(path) == {"cs-basics": Status.DONE, "os-basics": Status.DONE}
    saver.close()


def test_where_the_cursor_was_is_saved_and_survives_a_failed_save(
    path: Path, roadmap: Roadmap
) -> None:
    store = FailingStore(path, OSError(errno.ENOSPC, "No space left on device"))
    tracker = Tracker(roadmap, store, Saver(store, retry_delays=FAST))
    tracker.save_view(View("databases", "nosql"))
    assert not tracker.saver.flush(0.3)  # the disk is full: kept, not dropped
    tracker.toggle_done("cs-basics")  # a change without a view of its own
    store.error = None
    assert tracker.saver.flush(WAIT)
    saved = ProgressStore(path, "backend").load()
    assert saved.view == View("databases", "nosql")
    assert saved.statuses() == {"cs-basics": Status.DONE}
    tracker.close()


def test_each_save_reports_what_is_now_on_disk_changes_made_elsewhere_included(
    path: Path,
) -> None:
    ProgressStore(path, "backend", clock=Clock()).set_status(["os-basics"], Status.SKIPPED)
    saver = Saver(ProgressStore(path, "backend", clock=Clock()), retry_delays=FAST)
    reports: list[ProgressData] = []
    reported = threading.Event()

    def on_saved(saved: ProgressData) -> None:
        reports.append(saved)
        reported.set()

    saver.on_saved = on_saved
    saver.submit({"cs-basics": Entry(Status.DONE, T0)})
    assert reported.wait(WAIT)  # (reported after the save, on the saver's thread)
    assert reports[-1].statuses() == {"cs-basics": Status.DONE, "os-basics": Status.SKIPPED}
    saver.close()


def test_a_failure_is_shown_in_one_line_with_its_whole_sentence(path: Path) -> None:
    error = ProgressError("cannot save:\n   the disk\tis full", path=path, exit_code=1)
    saver = Saver(FailingStore(path, error), retry_delays=(3600.0,))
    listener = Listener(saver)
    saver.submit({"cs-basics": Entry(Status.DONE, T0)})
    assert listener.changed.wait(WAIT)
    state = saver.state
    assert state.error is not None and "\n" not in state.error and "\t" not in state.error
    assert "cannot save: the disk is full" in state.error
    assert (state.unsaved, state.failures) == (1, 1)
    saver.close(timeout=0)


def _raised_from(outer: BaseException, cause: BaseException) -> BaseException:
    try:
        try:
            raise cause
        except BaseException as exc:
            raise outer from exc
    except BaseException as caught:
        return caught


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EROFS, "Read-only file system"), "the file system is read-only"),
        (OSError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.ENOENT, "No such file"), "the progress folder is gone"),
        (OSError(errno.EIO, "I/O error"), "input/output error"),  # the system's words
        (ProgressError("the progress file is locked by another roadmap-tui"), "locked by another"),
        (ProgressError("this progress file is never written"), "this progress file is never"),
        (ValueError(""), "ValueError"),
    ],
)
def test_a_failure_is_named_in_a_few_words_for_the_top_bar(error: Exception, words: str) -> None:
    assert short_reason(error).startswith(words)
    # Raised from the system's error, the system's words win over the sentence.
    wrapped = _raised_from(ProgressError("cannot save the progress file"), error)
    if isinstance(error, OSError):
        assert short_reason(wrapped) == short_reason(error)


def test_a_lock_timeout_is_named_as_a_lock_held_by_another(path: Path) -> None:
    from filelock import Timeout

    assert short_reason(Timeout(str(path))) == "locked by another roadmap-tui"
    wrapped = _raised_from(ProgressError("cannot save"), Timeout(str(path)))
    assert short_reason(wrapped) == "locked by another roadmap-tui"


# ----------------------------------------------------------------------------- recovery journal


def test_unsaved_changes_go_to_a_journal_that_the_next_save_merges(
    path: Path, roadmap: Roadmap
) -> None:
    clock = Clock()
    tracker = make_tracker(path, roadmap, clock)
    with LockHolder(path):
        tracker.toggle_done("cs-basics")
        tracker.set_note("os-basics", "kept too")
        assert not tracker.saver.flush(0.5)
        journal = tracker.write_journal()
        tracker.close(timeout=0)
    assert journal is not None and journal.exists()
    assert journal_paths(path) == [journal]
    # A read-only look (status) shows the recovered change and writes nothing.
    store = ProgressStore(path, "backend")
    assert store.load().entry("cs-basics").status is Status.DONE
    assert any("recovered" in notice for notice in store.notices)
    assert journal.exists()
    # The next save by anyone (here, a `mark` of another topic) merges it in.
    ProgressStore(path, "backend").set_status(["git-github"], Status.DONE)
    assert not journal.exists()
    raw = ProgressStore(path, "backend").load()
    assert raw.entry("cs-basics").status is Status.DONE
    assert raw.entry("os-basics").note == "kept too"
    assert raw.entry("git-github").status is Status.DONE


def test_a_new_tracker_writes_what_a_journal_holds(path: Path, roadmap: Roadmap) -> None:
    first = make_tracker(path, roadmap)
    with LockHolder(path):
        first.toggle_done("cs-basics")
        journal = first.write_journal()
        first.close(timeout=0)
    assert journal is not None
    second = make_tracker(path, roadmap)
    assert second.entry("cs-basics").status is Status.DONE
    assert second.saver.flush(WAIT)
    assert not journal.exists()
    assert statuses_on_disk(path)["cs-basics"] is Status.DONE
    second.close()


def test_a_journal_never_undoes_a_newer_change(path: Path, roadmap: Roadmap) -> None:
    clock = Clock()
    first = make_tracker(path, roadmap, clock)
    with LockHolder(path):
        first.toggle_done("cs-basics")
        assert first.write_journal() is not None
        first.close(timeout=0)
    clock.tick(minutes=5)
    ProgressStore(path, "backend", clock=clock).set_status(["cs-basics"], Status.SKIPPED)
    assert statuses_on_disk(path)["cs-basics"] is Status.SKIPPED
    assert journal_paths(path) == []


def test_a_tick_wins_over_a_future_time_written_after_the_app_loaded(
    path: Path, tracked: tuple[Tracker, Clock]
) -> None:
    """Another machine with its clock years ahead writes the topic after the app opened:
    the tick the user makes now still lands."""
    tracker, clock = tracked
    ahead = Clock(clock.now.replace(year=clock.now.year + 3))
    ProgressStore(path, "backend", clock=ahead).set_status(["cs-basics"], Status.SKIPPED)
    ahead_note = ProgressStore(path, "backend", clock=ahead)
    ahead_note.save({"os-basics": Entry().with_note("from the future", ahead())})
    tracker.toggle_done("cs-basics")
    tracker.set_note("os-basics", "written now")
    assert tracker.saver.flush(WAIT)
    disk = on_disk(path)
    assert disk["cs-basics"].status is Status.DONE
    assert disk["os-basics"].note == "written now"


def test_saving_that_works_reports_no_state_changes(path: Path, roadmap: Roadmap) -> None:
    """A burst of ticks that all save fine raises no alarm and no all-clear."""
    tracker = make_tracker(path, roadmap)
    listener = Listener(tracker.saver)
    for n in range(40):
        tracker.toggle_done("cs-basics" if n % 2 else "os-basics")
    assert tracker.saver.flush(WAIT)
    assert listener.saves >= 1
    assert listener.states == []
    tracker.close()


def test_a_change_saved_elsewhere_while_ours_waited_is_newer_and_wins(
    path: Path, roadmap: Roadmap
) -> None:
    """The app's tick could not be saved (lock held); meanwhile `mark` set the topic
    later. When the app's retry lands, the later `mark` stays: newest change wins."""
    clock = Clock()
    store = ProgressStore(path, roadmap.id, clock=clock)
    store.lock_timeout = 0.2
    tracker = Tracker(roadmap, store, Saver(store, retry_delays=(60.0,)))
    with LockHolder(path):
        tracker.toggle_done("cs-basics")
        assert not tracker.saver.flush(1.0)
    later = Clock(clock.now + timedelta(minutes=1))
    ProgressStore(path, "backend", clock=later).set_status(["cs-basics"], Status.SKIPPED)
    clock.tick(minutes=2)  # the app retries after the mark
    tracker.saver.retry_now()
    assert tracker.saver.flush(WAIT)
    assert statuses_on_disk(path)["cs-basics"] is Status.SKIPPED
    tracker.close()


@pytest.mark.parametrize(
    "header",
    ['schema = 99\nroadmap = "backend"\n', 'schema = 1\nroadmap = "another-roadmap"\n'],
    ids=["newer-schema", "other-roadmap"],
)
def test_a_journal_that_is_not_ours_is_left_alone(path: Path, header: str) -> None:
    path.parent.mkdir(parents=True)
    journal = path.with_name(path.name + ".recovery-20261126T000000000000Z-1")
    journal.write_text(
        header + '[items.os-basics]\nstatus = "done"\nchanged = 2026-11-26T00:00:00Z\n',
        encoding="utf-8",
    )
    store = ProgressStore(path, "backend")
    assert "os-basics" not in store.load().entries
    assert any("left as it is" in notice for notice in store.notices)
    ProgressStore(path, "backend").set_status(["git-github"], Status.DONE)
    assert journal.exists()
    assert set(statuses_on_disk(path)) == {"git-github"}


# ------------------------------------------------------------------------------- counting

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["set", "toggle", "undo", "redo"]),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(list(Status)),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_the_counts_after_any_changes_are_a_fresh_count(
    actions: list[tuple[str, int, Status]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The tracker recounts only the levels a change touched; what it shows is always
    what counting the whole roadmap again gives, level by level and overall."""
    roadmap = load_bundled()
    path = progress_path(tmp_path_factory.mktemp("data"), "backend")
    tracker = make_tracker(path, roadmap)
    ids = [item.id for _, item in roadmap.walk()]
    tracker.progress()  # counted in full once; from here on, only what changes
    for action, pick, status in actions:
        item_id = ids[pick % len(ids)]
        if action == "set":
            tracker.set_status(item_id, status)
        elif action == "toggle":
            tracker.toggle_done(item_id)
        else:
            getattr(tracker, action)()
        assert tracker.progress() == compute_progress(roadmap, tracker.statuses)
    tracker.saver.close()


# ----------------------------------------------------------------------------- reviews


def next_due(path: Path, roadmap: Roadmap, topic: str, clock: Clock) -> date | None:
    """The day the topic is next due for review, from what is on disk."""
    from roadmap_tui.numbers.review import review_cards

    saved = ProgressStore(path, "backend").load()
    return {c.topic: c.due_day(UTC) for c in review_cards(roadmap, saved, clock())}.get(topic)


def test_a_rating_is_saved_like_a_tick_and_undone_like_one(path: Path, roadmap: Roadmap) -> None:
    clock = Clock()
    tracker = make_tracker(path, roadmap, clock)
    tracker.toggle_done("cs-basics")
    clock.tick(days=1)
    assert tracker.saver.flush(WAIT)
    first = next_due(path, roadmap, "cs-basics", clock)
    tracker.rate("cs-basics", 4)
    assert tracker.saver.flush(WAIT)
    rated = next_due(path, roadmap, "cs-basics", clock)
    assert rated is not None and first is not None and rated > first
    tracker.undo()
    assert tracker.saver.flush(WAIT)
    assert next_due(path, roadmap, "cs-basics", clock) == first
    assert tracker.entry("cs-basics").status is Status.DONE  # undoing a rating unticks nothing
    tracker.redo()
    assert tracker.saver.flush(WAIT)
    assert next_due(path, roadmap, "cs-basics", clock) == rated
    tracker.close()


def test_a_rating_the_disk_refused_goes_to_the_journal_and_lands_later(
    path: Path, roadmap: Roadmap
) -> None:
    clock = Clock()
    tracker = make_tracker(path, roadmap, clock)
    tracker.toggle_done("cs-basics")
    assert tracker.saver.flush(WAIT)
    with LockHolder(path):
        tracker.rate("cs-basics", 3)
        assert not tracker.saver.flush(0.5)
        assert tracker.saver.state.unsaved == 1
        journal = tracker.write_journal()
        tracker.close(timeout=0)
    assert journal is not None
    ProgressStore(path, "backend").set_status(["git-github"], Status.DONE)  # any next save
    assert [r.rating for r in ProgressStore(path, "backend").load().reviews] == [3]
    assert journal_paths(path) == []
