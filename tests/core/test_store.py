"""The progress file: round trip, format, merging, atomic saves, corrupt and newer files."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.hostile_fs import fresh_folder
from support.samples import T0, Clock

from roadmap_tui.base.errors import ProgressError
from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.backups import BACKUPS_KEPT
from roadmap_tui.progress.entries import Entry, View, merge_entry
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status


@pytest.fixture
def path(data_dir: Path) -> Path:
    return progress_path(data_dir, "backend")


def _store(path: Path, clock: Clock | None = None) -> ProgressStore:
    if clock is None:
        return ProgressStore(path, "backend")
    return ProgressStore(path, "backend", clock=clock)


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# ----------------------------------------------------------------------------- round trip


def test_missing_file_is_empty_progress(path: Path) -> None:
    data = _store(path).load()
    assert data.entries == {}
    assert not path.exists()


def test_set_status_is_read_back_by_a_fresh_store(path: Path) -> None:
    clock = Clock()
    _store(path, clock).set_status(["cs-basics", "os-basics"], Status.DONE)
    clock.tick(minutes=1)
    _store(path, clock).set_status(["lang-go"], Status.IN_PROGRESS)
    data = _store(path).load()
    assert data.statuses() == {
        "cs-basics": Status.DONE,
        "os-basics": Status.DONE,
        "lang-go": Status.IN_PROGRESS,
    }
    assert data.entries["lang-go"].changed == T0 + timedelta(minutes=1)
    assert data.roadmap_id == "backend"


def test_later_change_replaces_earlier(path: Path) -> None:
    clock = Clock()
    store = _store(path, clock)
    store.set_status(["cs-basics"], Status.DONE)
    clock.tick(seconds=5)
    store.set_status(["cs-basics"], Status.TODO)
    assert _store(path).load().statuses()["cs-basics"] is Status.TODO


def test_file_format(path: Path) -> None:
    _store(path, Clock()).set_status(["cs-basics"], Status.DONE)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == 1
    entry = doc["items"]["cs-basics"]
    assert entry["status"] == "done"
    assert entry["changed"] == T0
    assert isinstance(entry["changed"], datetime)


def test_nothing_derivable_is_saved(path: Path) -> None:
    clock = Clock()
    store = _store(path, clock)
    store.set_status(["cs-basics", "os-basics"], Status.DONE)
    store.set_status(["aws"], Status.SKIPPED)
    text = path.read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    assert set(doc) <= {"schema", "roadmap", "items", "view"}
    allowed = {"status", "changed", "started", "finished", "note", "note_changed"}
    for entry in doc["items"].values():
        assert set(entry) <= allowed
    for word in ("percent", "total", "counts", "goal", "levels", "%"):
        assert word not in text.lower()


def test_unknown_ids_are_kept_across_saves(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(
        textwrap.dedent(
            """\
            schema = 1
            roadmap = "backend"

            [items.topic-removed-long-ago]
            status = "done"
            changed = 2025-01-02T03:04:05+00:00
            note = "keep me"
            """
        ),
        encoding="utf-8",
    )
    _store(path, Clock()).set_status(["cs-basics"], Status.DONE)
    data = _store(path).load()
    kept = data.entries["topic-removed-long-ago"]
    assert kept.status is Status.DONE
    assert kept.changed == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert kept.note == "keep me"
    assert data.entries["cs-basics"].status is Status.DONE


def test_notes_survive_status_changes(path: Path) -> None:
    clock = Clock()
    store = _store(path, clock)
    store.save({"cs-basics": Entry().with_note("read chapter 3", clock())})
    clock.tick(seconds=1)
    store.set_status(["cs-basics"], Status.DONE)
    entry = _store(path).load().entries["cs-basics"]
    assert entry.note == "read chapter 3"
    assert entry.status is Status.DONE


# ----------------------------------------------------------------------------- merging


def test_two_stores_saving_different_items_keep_both(path: Path) -> None:
    first, second = _store(path), _store(path)
    first.load()
    second.load()  # both hold the (empty) file before either writes
    first.save({"cs-basics": Entry(Status.DONE, T0)})
    second.save({"lang-go": Entry(Status.IN_PROGRESS, T0)})
    assert _store(path).load().statuses() == {
        "cs-basics": Status.DONE,
        "lang-go": Status.IN_PROGRESS,
    }


@pytest.mark.parametrize("order", ["newest-last", "newest-first"])
def test_same_item_newest_change_wins_regardless_of_save_order(path: Path, order: str) -> None:
    older = Entry(Status.DONE, T0)
    newer = Entry(Status.TODO, T0 + timedelta(seconds=1))
    first, second = _store(path), _store(path)
    saves = [(first, older), (second, newer)]
    if order == "newest-first":
        saves.reverse()
    for store, entry in saves:
        store.save({"cs-basics": entry})
    saved = _store(path).load().entries["cs-basics"]
    assert saved.status is Status.TODO
    assert saved.changed == newer.changed


def test_save_returns_what_is_now_in_the_file(path: Path) -> None:
    _store(path).save({"a": Entry(Status.DONE, T0)})
    merged = _store(path).save({"b": Entry(Status.SKIPPED, T0)})
    assert merged.statuses() == {"a": Status.DONE, "b": Status.SKIPPED}


_times = st.sampled_from([T0, T0 + timedelta(seconds=1), T0 + timedelta(days=3)])
_entries = st.builds(
    Entry,
    status=st.sampled_from(list(Status)),
    changed=_times,
    note=st.sampled_from(["", "a note", "another"]),
    note_changed=st.none() | _times,
)


def _visible(entry: Entry) -> tuple[object, ...]:
    return (entry.status, entry.changed, entry.note, entry.note_changed)


@given(_entries, _entries)
def test_merge_entry_is_commutative(a: Entry, b: Entry) -> None:
    assert merge_entry(a, b) == merge_entry(b, a)
    merged = merge_entry(a, b)
    assert merged.changed == max(a.changed, b.changed)
    assert merged.status in (a.status, b.status)
    assert merged.note in (a.note, b.note)


@given(_entries, _entries, _entries)
def test_merge_entry_is_associative_and_idempotent(a: Entry, b: Entry, c: Entry) -> None:
    left = merge_entry(merge_entry(a, b), c)
    right = merge_entry(a, merge_entry(b, c))
    assert _visible(left) == _visible(right)
    assert merge_entry(a, a) == a


def test_merge_entry_newest_status_and_newest_note_each_win() -> None:
    a = Entry(Status.DONE, T0 + timedelta(hours=1), note="old", note_changed=T0)
    b = Entry(Status.TODO, T0, note="new", note_changed=T0 + timedelta(hours=2))
    merged = merge_entry(a, b)
    assert merged.status is Status.DONE
    assert merged.note == "new"


def test_merge_entry_commutative_on_exact_tie() -> None:
    a = Entry(Status.DONE, T0, started=T0 - timedelta(days=2), finished=T0)
    b = Entry(Status.DONE, T0, started=T0, finished=T0)
    assert merge_entry(a, b) == merge_entry(b, a)


_WORKER = """
import sys
from pathlib import Path
from roadmap_tui.roadmap.model import Status
from roadmap_tui.progress.store import ProgressStore

path, prefix = Path(sys.argv[1]), sys.argv[2]
for i in range(20):
    ProgressStore(path, "backend").set_status([f"{prefix}-{i}"], Status.DONE)
"""


def test_two_processes_never_lose_each_others_changes(path: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(path), prefix],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for prefix in ("left", "right")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    statuses = _store(path).load().statuses()
    expected = {f"{p}-{i}" for p in ("left", "right") for i in range(20)}
    assert set(statuses) == expected
    assert set(statuses.values()) == {Status.DONE}


# ----------------------------------------------------------------------------- atomic save


def test_failed_replace_leaves_old_file_intact_and_no_temp_files(
    path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    store = _store(path, clock)
    store.save({"cs-basics": Entry(Status.DONE, T0)})
    store.save({"os-basics": Entry(Status.DONE, T0)})  # today's backup now exists
    before = path.read_bytes()
    files_before = _files(data_dir)

    def crash(src: object, dst: object) -> None:
        raise OSError(5, "simulated crash before replace")

    monkeypatch.setattr("roadmap_tui.base.files.os.replace", crash)
    with pytest.raises(ProgressError) as info:
        store.save({"lang-go": Entry(Status.DONE, T0 + timedelta(seconds=1))})
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert _files(data_dir) == files_before
    assert not [p for p in data_dir.rglob("*") if p.name.endswith(".tmp")]
    assert str(path) in str(info.value)
    assert "lang-go" not in _store(path).load().entries


def test_failed_save_on_backup_day_leaves_no_temp_files(
    path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    _store(path, clock).save({"cs-basics": Entry(Status.DONE, T0)})
    before = path.read_bytes()
    clock.tick(days=1)  # the next save is the first of a new day: a backup is due

    def crash(src: object, dst: object) -> None:
        raise OSError(5, "simulated crash before replace")

    monkeypatch.setattr("roadmap_tui.base.files.os.replace", crash)
    with pytest.raises(ProgressError):
        _store(path, clock).save({"lang-go": Entry(Status.DONE, clock())})
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in data_dir.rglob("*") if p.name.endswith(".tmp")] == []


def test_save_leaves_only_the_file_lock_and_backups(path: Path) -> None:
    clock = Clock()
    for n in range(3):
        clock.tick(seconds=1)
        _store(path, clock).set_status([f"item-{n}"], Status.DONE)
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "backend.toml",
        "backend.toml.lock",
        "backups",
    ]


# ----------------------------------------------------------------------------- bad files


CORRUPT = b"schema = 1\n[items.cs-basics\nstatus = done\x00\xff\n"


def test_corrupt_file_is_moved_aside_and_never_overwritten(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(CORRUPT)
    store = _store(path, Clock())
    data = store.load()
    assert data.entries == {}
    asides = [p for p in path.parent.iterdir() if p.name.startswith("backend.toml.corrupt-")]
    assert len(asides) == 1
    aside = asides[0]
    assert re.fullmatch(r"backend\.toml\.corrupt-[0-9A-Za-z]+", aside.name)
    assert aside.read_bytes() == CORRUPT
    assert not path.exists()
    assert any(str(aside) in notice for notice in store.notices)

    store.set_status(["cs-basics"], Status.DONE)
    assert aside.read_bytes() == CORRUPT
    assert _store(path).load().statuses() == {"cs-basics": Status.DONE}
    assert tomllib.loads(path.read_text(encoding="utf-8"))["schema"] == 1


def test_corrupt_files_moved_aside_at_the_same_instant_are_all_kept(path: Path) -> None:
    """Three corrupt files moved aside within one clock tick (a frozen clock here; a
    coarse clock, or a script, in real life): each gets a name of its own, none
    replaces an earlier one, and each notice names where its file went."""
    path.parent.mkdir(parents=True)
    clock = Clock()  # never moves: every move aside has the same time stamp
    contents = [CORRUPT + bytes([n]) for n in range(3)]
    notices: list[str] = []
    for content in contents:
        path.write_bytes(content)
        store = _store(path, clock)
        assert store.load().entries == {}
        notices += store.notices
        assert not path.exists()
    asides = sorted(path.parent.glob("backend.toml.corrupt-*"))
    assert sorted(p.read_bytes() for p in asides) == sorted(contents)
    assert all(aside.name.startswith("backend.toml.corrupt-20260301T090000") for aside in asides)
    for aside in asides:
        assert sum(f"to {aside}, " in notice for notice in notices) == 1
    # Found at save time (not at load), with the same frozen clock: a fourth name.
    path.write_bytes(CORRUPT + b"4")
    _store(path, clock).save({"cs-basics": Entry(Status.DONE, T0)})
    assert len(list(path.parent.glob("backend.toml.corrupt-*"))) == 4
    assert _store(path).load().statuses() == {"cs-basics": Status.DONE}


@pytest.mark.parametrize(
    "text",
    [
        'schema = 1\nitems = "not a table"\n',
        'schema = 1\n[items.cs-basics]\nstatus = "finished"\n',
        'schema = "one"\n',
        'schema = 1\n[items.cs-basics]\nstatus = "done"\nchanged = "yesterday"\n',
    ],
    ids=["items-not-table", "unknown-status", "schema-not-int", "changed-not-datetime"],
)
def test_unreadable_content_is_moved_aside(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    store = _store(path, Clock())
    assert store.load().entries == {}
    asides = list(path.parent.glob("backend.toml.corrupt-*"))
    assert [p.read_text(encoding="utf-8") for p in asides] == [text]
    assert store.notices


def test_corrupt_file_found_at_save_is_moved_aside_too(path: Path) -> None:
    store = _store(path, Clock())
    store.load()  # no file yet
    path.parent.mkdir(parents=True)
    path.write_bytes(CORRUPT)  # someone damages it while the app is open
    store.save({"cs-basics": Entry(Status.DONE, T0)})
    asides = list(path.parent.glob("backend.toml.corrupt-*"))
    assert [p.read_bytes() for p in asides] == [CORRUPT]
    assert _store(path).load().statuses() == {"cs-basics": Status.DONE}


def test_newer_schema_is_read_only_and_untouched(path: Path) -> None:
    path.parent.mkdir(parents=True)
    original = (
        b'schema = 99\nroadmap = "backend"\nfuture = true\n\n'
        b'[items.cs-basics]\nstatus = "done"\nchanged = 2030-01-01T00:00:00Z\n'
    )
    path.write_bytes(original)
    store = _store(path, Clock())
    store.load()
    assert store.read_only
    assert any("newer" in notice and str(path) in notice for notice in store.notices)
    with pytest.raises(ProgressError) as info:
        store.save({"os-basics": Entry(Status.DONE, T0)})
    assert info.value.exit_code == 1
    with pytest.raises(ProgressError):
        store.set_status(["os-basics"], Status.DONE)
    assert path.read_bytes() == original
    assert not list(path.parent.glob("*.corrupt-*"))


def test_newer_schema_appearing_before_save_is_not_overwritten(path: Path) -> None:
    store = _store(path, Clock())
    store.load()
    path.parent.mkdir(parents=True)
    original = b"schema = 2\n"
    path.write_bytes(original)
    with pytest.raises(ProgressError):
        store.save({"os-basics": Entry(Status.DONE, T0)})
    assert path.read_bytes() == original


# ----------------------------------------------------------------------------- backups


def test_daily_backup_on_first_save_of_a_day(path: Path) -> None:
    clock = Clock(datetime(2026, 3, 1, 23, 0, tzinfo=UTC))
    backups = path.parent / "backups"
    store = _store(path, clock)
    store.save({"a": Entry(Status.DONE, clock())})
    assert not backups.exists()  # nothing to back up before the file existed
    first_file = path.read_bytes()

    clock.tick(minutes=1)
    store.save({"b": Entry(Status.DONE, clock())})
    day_one = backups / "backend-2026-03-01.toml"
    assert day_one.read_bytes() == first_file

    clock.tick(minutes=1)
    store.save({"c": Entry(Status.DONE, clock())})
    assert day_one.read_bytes() == first_file  # once a day, not on every save
    before_day_two = path.read_bytes()

    clock.tick(hours=2)  # 2026-03-02
    store.save({"d": Entry(Status.DONE, clock())})
    day_two = backups / "backend-2026-03-02.toml"
    assert day_two.read_bytes() == before_day_two
    assert sorted(p.name for p in backups.iterdir()) == [day_one.name, day_two.name]


def test_old_backups_are_pruned(path: Path) -> None:
    clock = Clock()
    store = _store(path, clock)
    store.save({"a": Entry(Status.DONE, clock())})
    for day in range(10):
        clock.tick(days=1)
        store.save({f"d{day}": Entry(Status.DONE, clock())})
    names = sorted(p.name for p in (path.parent / "backups").iterdir())
    assert len(names) == BACKUPS_KEPT
    assert names[-1] == f"backend-{clock().date().isoformat()}.toml"


# ----------------------------------------------------------------------------- folders


def test_data_folder_blocked_by_a_file_on_save(tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("I am a file", encoding="utf-8")
    store = ProgressStore(progress_path(blocker, "backend"), "backend")
    with pytest.raises(ProgressError) as info:
        store.save({"a": Entry(Status.DONE, T0)})
    assert info.value.exit_code == 1
    assert str(blocker) in str(info.value)
    assert blocker.read_text(encoding="utf-8") == "I am a file"


def test_progress_folder_blocked_by_a_file(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "progress").write_text("", encoding="utf-8")
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    with pytest.raises(ProgressError) as info:
        store.save({"a": Entry(Status.DONE, T0)})
    assert info.value.exit_code == 1
    assert "is a file where roadmap-tui needs a folder" in str(info.value)
    assert info.value.path == data_dir / "progress"  # names the file in the way


def test_data_folder_blocked_by_a_file_on_load(tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("I am a file", encoding="utf-8")
    store = ProgressStore(progress_path(blocker, "backend"), "backend")
    with pytest.raises(ProgressError) as info:
        store.set_status(["a"], Status.DONE)
    assert info.value.exit_code == 1


def test_progress_file_that_is_a_folder(path: Path) -> None:
    path.mkdir(parents=True)
    with pytest.raises(ProgressError) as info:
        _store(path).load()
    assert info.value.exit_code == 1
    assert path.is_dir()


def test_nothing_is_created_by_loading(path: Path, data_dir: Path) -> None:
    _store(path).load()
    assert not data_dir.exists()


def test_an_older_schema_is_backed_up_byte_for_byte_before_it_is_rewritten(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress" / "old.toml"
    path.parent.mkdir()
    old = b'schema = 0\nroadmap = "old"\n\n[items.a]\nstatus = "done"\n'
    path.write_bytes(old)
    store = ProgressStore(path, "old")
    assert store.load().statuses() == {"a": "done"}
    store.set_status(["b"], Status.DONE)
    backups = list((path.parent / "backups").glob("old-schema0-*.toml"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == old
    assert any(str(backups[0]) in notice for notice in store.notices)
    saved = path.read_text()
    assert "schema = 1" in saved
    assert ProgressStore(path, "old").load().statuses() == {"a": "done", "b": "done"}
    # Once upgraded, later saves make no further migration backups.
    store.set_status(["c"], Status.DONE)
    assert len(list((path.parent / "backups").glob("old-schema0-*.toml"))) == 1


# ----------------------------------------------------------------------------- explicit wins

# Each example makes its own folder inside tmp_path, so sharing the fixture is safe.
PER_EXAMPLE_FOLDER = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

# Stored times anywhere in the calendar, the far future and its very end included.
_ANY_TIME = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)
).map(lambda t: t.replace(tzinfo=UTC))


@PER_EXAMPLE_FOLDER
@given(
    stored=st.builds(Entry, status=st.sampled_from(list(Status)), changed=_ANY_TIME),
    target=st.sampled_from(list(Status)),
)
def test_an_explicit_status_always_takes_effect_whatever_time_is_stored(
    tmp_path: Path, stored: Entry, target: Status
) -> None:
    with fresh_folder(tmp_path) as folder:
        path = folder / "backend.toml"
        store = _store(path, Clock())  # the clock reads 2026: stored times may be far later
        store.save({"a": stored})
        saved = store.set_status(["a"], target)
        assert saved.entries["a"].status is target
        assert _store(path).load().statuses()["a"] is target
        assert _store(path).load().entries["a"].changed >= stored.changed


def test_a_newer_entry_written_since_loading_does_not_beat_an_explicit_mark(path: Path) -> None:
    mine = _store(path, Clock())
    mine.load()  # what this store saw: nothing
    future = T0 + timedelta(days=365 * 50)  # another machine whose clock is far ahead
    _store(path, Clock(future)).set_status(["a"], Status.DONE)
    mine.set_status(["a"], Status.TODO)
    assert _store(path).load().statuses()["a"] is Status.TODO


def test_set_status_can_keep_skipped_topics(path: Path) -> None:
    store = _store(path, Clock())
    store.set_status(["a"], Status.SKIPPED)
    saved = store.set_status(["a", "b"], Status.DONE, keep_skipped=True)
    assert saved.statuses() == {"a": Status.SKIPPED, "b": Status.DONE}
    saved = store.set_status(["a", "b"], Status.TODO)
    assert saved.statuses() == {"a": Status.TODO, "b": Status.TODO}


# ----------------------------------------------------------------------------- lenient reading


def test_a_byte_order_mark_is_read_not_treated_as_corruption(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b'\xef\xbb\xbfschema = 1\n[items.a]\nstatus = "done"\n')
    store = _store(path)
    assert store.load().statuses() == {"a": Status.DONE}
    assert store.notices == []
    store.set_status(["b"], Status.DONE)
    assert _store(path).load().statuses() == {"a": Status.DONE, "b": Status.DONE}
    assert not list(path.parent.glob("*.corrupt-*"))


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Done", Status.DONE),
        ("DONE", Status.DONE),
        ("In-Progress", Status.IN_PROGRESS),
        ("doing", Status.IN_PROGRESS),
        ("Skipped", Status.SKIPPED),
        (" todo ", Status.TODO),
    ],
)
def test_status_words_in_the_file_are_read_in_any_case(
    path: Path, word: str, status: Status
) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(f'[items.a]\nstatus = "{word}"\n', encoding="utf-8")
    store = _store(path)
    assert store.load().statuses() == {"a": status}
    assert store.notices == []


UNKNOWN = """\
schema = 1
roadmap = "backend"
synced_by = "my-script"
devices = ["laptop", "desktop"]

[future]
mode = "team"
since = 2026-01-01T00:00:00Z

[[journal]]
at = 2026-02-01
what = "started"

[view]
level = "databases"
item = "nosql"
theme = "dark"

[items.a]
status = "done"
changed = 2026-03-01T09:00:00Z
confidence = 4
tags = ["hard", "review"]
reviewed = { by = "me", on = 2026-03-02 }
"""


def test_unknown_fields_survive_saves(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(UNKNOWN, encoding="utf-8")
    before = tomllib.loads(UNKNOWN)
    clock = Clock(T0 + timedelta(days=1))
    store = _store(path, clock)
    store.set_status(["a"], Status.SKIPPED)  # the topic that carries unknown fields
    store.set_status(["b"], Status.DONE)
    store.save(view=View("apis", "rest"))
    after = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in ("synced_by", "devices", "future", "journal"):
        assert after[key] == before[key]
    assert after["view"] == {"level": "apis", "item": "rest", "theme": "dark"}
    for key in ("confidence", "tags", "reviewed"):
        assert after["items"]["a"][key] == before["items"]["a"][key]
    assert after["items"]["a"]["status"] == "skipped"


_TOML_VALUES = st.recursive(
    st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8) | st.booleans(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_EXTRA_KEYS = st.text(min_size=1, max_size=8).filter(
    lambda key: (
        key
        not in {
            "schema",
            "roadmap",
            "items",
            "view",
            "status",
            "changed",
            "started",
            "finished",
            "note",
            "note_changed",
        }
    )
)


@PER_EXAMPLE_FOLDER
@given(
    top=st.dictionaries(_EXTRA_KEYS, _TOML_VALUES, max_size=3),
    item=st.dictionaries(_EXTRA_KEYS, _TOML_VALUES, max_size=3),
)
def test_any_unknown_fields_round_trip_through_a_save(
    tmp_path: Path, top: dict[str, object], item: dict[str, object]
) -> None:
    import tomli_w

    doc = {"schema": 1, "roadmap": "backend", **top, "items": {"a": {"status": "done", **item}}}
    with fresh_folder(tmp_path) as folder:
        path = folder / "backend.toml"
        path.write_text(tomli_w.dumps(doc), encoding="utf-8")
        _store(path, Clock()).set_status(["b"], Status.DONE)
        after = tomllib.loads(path.read_text(encoding="utf-8"))
        assert {k: after[k] for k in top} == top
        assert {k: after["items"]["a"][k] for k in item} == item


def test_a_save_that_would_make_a_file_too_big_to_read_writes_nothing(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store never writes a progress file it would refuse to read: a merge that
    would cross the size limit (another machine's thousands of entries) is refused in
    one sentence and the file stays as it was, readable."""
    store = ProgressStore(path, "backend")
    store.set_status(["cs-basics"], Status.DONE)
    before = path.read_bytes()
    monkeypatch.setattr("roadmap_tui.progress.store.MAX_FILE_BYTES", len(before) + 2_000)
    many = {f"orphan-{n}": Entry(Status.DONE) for n in range(200)}
    with pytest.raises(ProgressError, match="larger than"):
        store.save(many)
    assert path.read_bytes() == before
    assert ProgressStore(path, "backend").load().entry("cs-basics").status is Status.DONE


def test_the_largest_file_the_store_reads_is_one_it_may_write(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At exactly the size limit a progress file is written and read back; one byte
    over, it is refused (never written, never read)."""
    change = {"cs-basics": Entry(Status.DONE, T0, note="x" * 5_000)}
    first = progress_path(data_dir, "first")
    ProgressStore(first, "backend", clock=Clock()).save(change)
    size = first.stat().st_size
    for limit, fits in ((size, True), (size - 1, False)):
        monkeypatch.setattr("roadmap_tui.progress.store.MAX_FILE_BYTES", limit)
        monkeypatch.setattr("roadmap_tui.base.files.MAX_FILE_BYTES", limit)
        path = progress_path(data_dir, f"at-{limit}")
        store = ProgressStore(path, "backend", clock=Clock())
        if fits:
            store.save(change)
            assert path.stat().st_size == limit
            assert ProgressStore(path, "backend").load().entry("cs-basics").note == "x" * 5_000
        else:
            with pytest.raises(ProgressError, match="larger than"):
                store.save(change)
            assert not path.exists()
        monkeypatch.setattr("roadmap_tui.base.files.MAX_FILE_BYTES", size - 1)
        if fits:  # the same file, one byte over what is read: refused, not read as empty
            with pytest.raises(ProgressError, match="larger than"):
                ProgressStore(path, "backend").load()
