"""The search window: it finds words in descriptions and notes, filters by status and
note, and the status keys (remapped ones too) act on the highlighted result."""

from __future__ import annotations

import re
from pathlib import Path

from support.pilot import make_app, screen_text
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import load_bundled
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui.app import RoadmapApp
from roadmap_tui.tui.screens.search import SearchScreen


def on_disk(data_dir: Path) -> dict[str, Status]:
    return ProgressStore(progress_path(data_dir, "backend"), "backend").load().statuses()


def result_ids(app: RoadmapApp) -> list[str | None]:
    results = app.screen.query_one("#search-results", OptionList)
    return [results.get_option_at_index(i).id for i in range(results.option_count)]


async def search(app: RoadmapApp, pilot: Pilot[None], query: str) -> None:
    if not isinstance(app.screen, SearchScreen):
        await pilot.press("slash")
    field = app.screen.query_one(Input)
    field.value = ""
    await pilot.press(*query)
    await pilot.pause()


async def test_words_are_found_in_descriptions_and_notes(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "n", *"ask Sam about anycast", "ctrl+s")
        await pilot.pause()
        await search(app, pilot, "anycast")
        assert result_ids(app) == ["networking-fundamentals"]
        assert "note: ask Sam about anycast" in screen_text(app)
        assert "1 topic\n" in screen_text(app) or "1 topic " in screen_text(app)
        # "memory" is in no title: it is in descriptions, shown with the words around it
        await search(app, pilot, "memory")
        assert "cs-basics" in result_ids(app)
        assert "about: …" in screen_text(app)
        assert re.search(r"\b\d+ topics\b", screen_text(app))


async def test_filters_by_status_and_note_combined_with_words(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i", "j", "i", "j", "s", "j", "n", *"later", "ctrl+s")
        await pilot.pause()
        await search(app, pilot, "is:doing")
        assert result_ids(app) == ["cs-basics", "networking-fundamentals"]
        await search(app, pilot, "is:doing networking")
        assert result_ids(app) == ["networking-fundamentals"]
        await search(app, pilot, "is:skipped")
        assert result_ids(app) == ["os-basics"]
        await search(app, pilot, "has:note")
        assert result_ids(app) == ["git-github"]
        await search(app, pilot, "is:done")
        assert result_ids(app) == []
        assert "nothing matches" in screen_text(app)
        await search(app, pilot, "is:soon")
        assert "Not a filter: is:soon" in screen_text(app)
        assert len(result_ids(app)) == 70  # the rest of the query still applies


async def test_status_keys_act_on_the_highlighted_result(data_dir: Path) -> None:
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await search(app, pilot, "is:todo kafka")
        assert result_ids(app) == ["message-queues", "event-driven-kafka"]
        await pilot.press("down", "space")  # into the results; done
        await pilot.pause()
        assert app.tracker.statuses == {"message-queues": Status.DONE}
        # it no longer matches is:todo: the next result takes its place
        assert result_ids(app) == ["event-driven-kafka"]
        await pilot.press("i")
        await pilot.pause()
        assert app.tracker.statuses == {
            "message-queues": Status.DONE,
            "event-driven-kafka": Status.IN_PROGRESS,
        }
        await pilot.press("u")  # undo, still in the search window
        await pilot.pause()
        assert app.tracker.statuses["event-driven-kafka"] is Status.TODO
        assert isinstance(app.screen, SearchScreen)
        assert result_ids(app) == ["event-driven-kafka"]  # a to-do topic again
        # typing a letter that is no key goes back to the search field
        await pilot.press("w")
        assert app.screen.query_one(Input).has_focus
        assert app.screen.query_one(Input).value == "is:todo kafkaw"
        await pilot.press("down", "up", "q")  # up from the first result: back to typing
        assert app.screen.query_one(Input).value == "is:todo kafkawq"
        await pilot.press("escape")
        await pilot.pause()
        assert app.saver.flush(5)
    saved = on_disk(data_dir)
    assert saved["message-queues"] is Status.DONE
    assert saved.get("event-driven-kafka", Status.TODO) is Status.TODO


async def test_a_remapped_status_key_works_on_results(data_dir: Path) -> None:
    store = ProgressStore(progress_path(data_dir, "backend"), "backend")
    app = RoadmapApp(
        load_bundled(), store, data=data_dir, watch_interval=0, keymap={"mark-skipped": "z"}
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await search(app, pilot, "kafka")
        assert "z skip" in screen_text(app)
        await pilot.press("down", "z")
        await pilot.pause()
        assert app.tracker.statuses == {"message-queues": Status.SKIPPED}


async def test_an_empty_box_counts_topics_not_their_parents(data_dir: Path) -> None:
    """69 topics on the 69-topic roadmap ("70 matches" counted Cloud platforms too)."""
    app = make_app(data_dir, watch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await search(app, pilot, "")
        leaves = sum(1 for level in app.roadmap.levels for _ in level.leaves())
        assert f"{leaves} topics + 1 parent" in screen_text(app)
        assert "70" not in screen_text(app).split("topics")[0][-4:]
