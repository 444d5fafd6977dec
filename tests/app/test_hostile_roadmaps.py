"""The app on roadmaps nobody wrote for it: imported checklists, hostile text, nesting to
the limit. (The command line's side of these is in tests/core.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from support.pilot import links_opened_by_o, make_app
from support.samples import HOSTILE_ROADMAP, MARKUP, dotted_nesting
from support.samples import run_cli as run

from roadmap_tui.base.paths import progress_path
from roadmap_tui.importing.reader import import_markdown
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.load import MAX_DEPTH, load_roadmap
from roadmap_tui.roadmap.model import Status
from roadmap_tui.tui.app import RoadmapApp

RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def rendered(widget: Any) -> str:
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE_ROADMAP, encoding="utf-8")
    return path


async def test_roadmap_nested_to_the_limit_loads_and_the_app_shows_it(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(dotted_nesting(MAX_DEPTH), encoding="utf-8")
    roadmap = load_roadmap(deep)
    deepest = f"d{MAX_DEPTH - 1}"
    assert deepest in roadmap.index().items
    code, _, err = run(capsys, "--roadmap", str(deep), "mark", deepest, "done")
    assert (code, err) == (0, "")
    store = ProgressStore(progress_path(data_dir, roadmap.id), roadmap.id)
    app = RoadmapApp(roadmap, store, data=data_dir, watch_interval=0)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        topics = app.main.topics
        assert set(topics.nodes) == {f"d{n}" for n in range(MAX_DEPTH)}
        assert str(topics.nodes[deepest].label).startswith(f"[x] Deep {MAX_DEPTH - 1}")
        assert str(topics.nodes["d0"].label).startswith("[x] Deep 0")  # parents derive done
        assert topics.select_item(deepest)
        await pilot.pause()
        assert f"Deep {MAX_DEPTH - 1}" in rendered(app.main.query_one("#details"))


async def test_app_shows_hostile_text_literally(hostile: Path, data_dir: Path) -> None:
    roadmap = load_roadmap(hostile)
    store = ProgressStore(progress_path(data_dir, roadmap.id), roadmap.id)
    app = RoadmapApp(roadmap, store, data=data_dir, watch_interval=0)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        label = app.main.topics.nodes["evil"].label
        plain = label.plain if isinstance(label, Text) else str(label)
        assert f"Item {MARKUP}" in plain
        assert not RAW_CONTROL.findall(plain), plain
        for selector in ("#overall", "#topics", "#details", "#levels"):
            shown = rendered(app.main.query_one(selector))
            assert not RAW_CONTROL.findall(shown), (selector, shown)
        assert f"Item {MARKUP}" in rendered(app.main.query_one("#topics"))
        assert f"Item {MARKUP}" in rendered(app.main.query_one("#details"))
        await pilot.press("space")
        assert app.saver is not None
        assert app.saver.flush(10)
    assert store.load().statuses() == {"evil": Status.DONE}


async def test_o_opens_an_imported_http_link(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "plan.md"
    source.write_text(
        "# Plan\n\n- [ ] [Lecture 1](http://videos.example.org/1)\n", encoding="utf-8"
    )
    roadmap = import_markdown(source).roadmap
    opened = await links_opened_by_o(make_app(data_dir, roadmap), monkeypatch)
    assert opened == ["http://videos.example.org/1"]
