"""What makes huge roadmaps fast must not change a single answer: levels decoded lazily
from the cache, the index built level by level, counting from each level's outline, and
`status` showing a window of levels when there are too many to read."""

from __future__ import annotations

import json
import marshal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.base.paths import progress_path
from roadmap_tui.cli.main import main
from roadmap_tui.numbers.counts import compute_progress, item_state
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.cache import roadmap_from_cache, roadmap_to_cache
from roadmap_tui.roadmap.model import Item, Level, Roadmap, Status
from roadmap_tui.views.tables import MAX_ROWS


@st.composite
def roadmaps(draw: st.DrawFn) -> Roadmap:
    counter = iter(range(10**6))

    def item(depth: int) -> Item:
        n = next(counter)
        kids = draw(st.integers(0, 3)) if depth < 3 else 0
        return Item(f"i{n}", f"Item {n}", children=tuple(item(depth + 1) for _ in range(kids)))

    levels = []
    for number in range(draw(st.integers(1, 5))):
        items = tuple(item(0) for _ in range(draw(st.integers(0, 5))))
        pick = draw(st.none() | st.integers(1, max(1, len(items)))) if items else None
        levels.append(Level(f"l{number}", f"Level {number}", pick=pick, items=items))
    return Roadmap("gen", "Generated", levels=tuple(levels))


def through_cache(roadmap: Roadmap) -> Roadmap:
    return roadmap_from_cache(marshal.loads(marshal.dumps(roadmap_to_cache(roadmap))))


@settings(max_examples=60, deadline=None)
@given(roadmap=roadmaps(), data=st.data())
def test_a_cached_roadmap_counts_and_looks_up_like_the_original(
    roadmap: Roadmap, data: st.DataObject
) -> None:
    ids = [item.id for _, item in roadmap.walk()]
    leaves = [item.id for _, item in roadmap.walk() if item.is_leaf]
    statuses = data.draw(
        st.dictionaries(st.sampled_from(leaves), st.sampled_from(list(Status)))
        if leaves
        else st.just({})
    )
    cached = through_cache(roadmap)
    # Counting from the outline, before any item is decoded, agrees with the items.
    progress = compute_progress(cached, statuses)
    for level in cached.levels:
        assert level._items is None  # still not decoded
    assert progress == compute_progress(roadmap, statuses)
    for level, original in zip(cached.levels, roadmap.levels, strict=True):
        assert list(level.outline()[0]) == [leaf.id for leaf in original.leaves()]
    # The index answers every id (looked up in random order) as an eager walk would.
    index = cached.index()
    for key in data.draw(st.permutations(ids)):
        level = next(lv for lv in roadmap.levels if any(it.id == key for it in lv.walk()))
        assert index.level_of[key].id == level.id
        assert index.items[key] == next(it for it in level.walk() if it.id == key)
        assert item_state(index.items[key], statuses) == item_state(
            next(it for it in level.walk() if it.id == key), statuses
        )
    assert "no-such-id" not in index.items
    assert sorted(index.items) == sorted(ids)
    assert cached == roadmap and hash(cached) == hash(roadmap)


def test_levels_stay_immutable() -> None:
    level = through_cache(Roadmap("r", "R", levels=(Level("a", "A"),))).levels[0]
    with pytest.raises(AttributeError):
        level.title = "B"


def test_looking_up_one_topic_indexes_only_up_to_its_level() -> None:
    roadmap = through_cache(
        Roadmap(
            "r",
            "R",
            levels=tuple(
                Level(f"l{n}", f"L{n}", items=(Item(f"t{n}", f"T{n}"),)) for n in range(50)
            ),
        )
    )
    index = roadmap.index()
    assert index.items["t3"].title == "T3"
    assert [level._items is not None for level in roadmap.levels[:5]] == [True] * 4 + [False]


def many_levels(path: Path, levels: int) -> None:
    lines = ['format = 1\nid = "many"\ntitle = "Many"\n']
    for n in range(levels):
        lines.append(f'[[levels]]\nid = "l{n}"\ntitle = "Level {n}"\n')
        lines.append(f'[[levels.items]]\nid = "t{n}"\ntitle = "Topic {n}"\n')
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("done", [0, 45, 100])
def test_status_shows_a_window_of_levels_from_the_current_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, done: int
) -> None:
    path = tmp_path / "many.toml"
    many_levels(path, 100)
    if done:
        store = ProgressStore(progress_path(data_dir, "many"), "many")
        store.set_status([f"t{n}" for n in range(done)], Status.DONE)
    assert main(["--roadmap", str(path), "status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["levels"]) == 100  # --json always has every level
    assert main(["--roadmap", str(path), "status"]) == 0
    out = capsys.readouterr().out
    start = min(done, 100 - MAX_ROWS)
    shown = [n for n in range(100) if f" Level {n} " in out]
    assert shown == list(range(start, start + MAX_ROWS))
    assert f"levels {start}–{start + MAX_ROWS - 1} of 100 shown" in " ".join(out.split())


def test_status_shows_every_level_of_a_small_roadmap(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "few.toml"
    many_levels(path, MAX_ROWS)
    assert main(["--roadmap", str(path), "status"]) == 0
    out = capsys.readouterr().out
    assert all(f" Level {n} " in out for n in range(MAX_ROWS))
    assert "shown" not in out


def test_a_checklist_past_the_size_limit_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    from roadmap_tui.cli.import_cmd import IMPORT_LIMIT

    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:  # sparse: the size is what counts, not the content
        handle.write(b"# Huge\n\n## Level\n\n- [ ] topic\n")
        handle.truncate(IMPORT_LIMIT + 1)
    code = main(["import", str(huge)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith(f"roadmap-tui: error: {huge}: this checklist is larger than 10 MiB")
    assert len(err.splitlines()) == 1
    assert not (data_dir / "roadmaps").exists()  # nothing written
    huge.write_bytes(b"# Huge\n\n## Level\n\n- [ ] topic\n")  # the same checklist, small
    assert main(["import", str(huge)]) == 0


@settings(max_examples=25, deadline=None)
@given(roadmap=roadmaps(), data=st.data())
def test_the_trackers_running_counts_match_a_full_recount(
    tmp_path_factory: pytest.TempPathFactory, roadmap: Roadmap, data: st.DataObject
) -> None:
    from datetime import UTC, datetime

    from roadmap_tui.progress.entries import Entry, ProgressData
    from roadmap_tui.tracking.tracker import Tracker

    cached = through_cache(roadmap)
    folder = tmp_path_factory.mktemp("tracker")
    store = ProgressStore(folder / "progress.toml", cached.id)
    tracker = Tracker(cached, store)
    ids = [item.id for _, item in roadmap.walk()]
    try:
        assert tracker.progress() == compute_progress(roadmap, {})
        for _ in range(data.draw(st.integers(0, 12))):
            action = data.draw(st.sampled_from(["set", "undo", "redo", "elsewhere"]))
            if action == "set" and ids:
                tracker.set_status(
                    data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(list(Status)))
                )
            elif action == "undo":
                tracker.undo()
            elif action == "redo":
                tracker.redo()
            elif ids:  # saved by another window: absorbed, including an id we don't have
                key = data.draw(st.sampled_from([*ids, "gone"]))
                entry = Entry().with_status(Status.DONE, datetime(2100, 1, 1, tzinfo=UTC))
                tracker.absorb(ProgressData(cached.id, {key: entry}))
            assert tracker.progress() == compute_progress(roadmap, dict(tracker.statuses))
    finally:
        tracker.close()
