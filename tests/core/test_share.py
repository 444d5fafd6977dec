"""`export --format svg|html|json`: the card rendered by a real SVG renderer
(rsvg-convert), the page opened by a real browser (headless Chromium), the JSON
against `status --json`; hostile roadmap text stays text everywhere."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from support.samples import HOSTILE, HOSTILE_ROADMAP, run_cli, store_at
from support.tools import need

from roadmap_tui.base.text import visible
from roadmap_tui.export.card import (
    BAR_WIDTH,
    BAR_X,
    LEVEL_BAR_WIDTH,
    LEVEL_BAR_X,
    LIGHT,
    OVERALL_HEIGHT,
    OVERALL_Y,
    ROW,
    TOP,
    WIDTH,
    bar_pixels,
)
from roadmap_tui.numbers.counts import compute_progress
from roadmap_tui.roadmap.load import load_bundled, load_roadmap
from roadmap_tui.roadmap.model import Roadmap, Status

BUNDLED = load_bundled()
LEAVES = [leaf.id for level in BUNDLED.levels for leaf in level.leaves()]
SVG = "{http://www.w3.org/2000/svg}"


def tick(data: Path, statuses: dict[str, Status], roadmap_id: str = "backend") -> None:
    store = store_at(data, roadmap_id)
    for status in Status:
        keys = [key for key, value in statuses.items() if value is status]
        if keys:
            store.set_status(keys, status)


def note(data: Path, key: str, text: str, roadmap_id: str = "backend") -> None:
    store = store_at(data, roadmap_id)
    store.save({key: store.load().entry(key).with_note(text, datetime.now(UTC))})


def export(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, *extra: str) -> Path:
    target = tmp_path / f"out.{fmt}"
    code, _, err = run_cli(capsys, "export", "--format", fmt, "-o", str(target), "--force", *extra)
    assert code == 0, err
    return target


def hostile_roadmap(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE_ROADMAP, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- svg


def render_png(svg: Path, page: str | None = None) -> Image.Image:
    """``svg`` as rsvg-convert draws it (on a page of colour ``page``)."""
    png = svg.with_suffix(".png")
    background = ["--background-color", page] if page else []
    subprocess.run(
        [need("rsvg-convert"), *background, str(svg), "-o", str(png)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return Image.open(png).convert("RGB")


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


FILLS = {_rgb(LIGHT["fill"]), _rgb(LIGHT["met"])}


def filled(image: Image.Image, x: int, y: int, width: int) -> int:
    """Pixels along row ``y`` of a bar from ``x`` that have a bar's fill colour."""
    return sum(1 for dx in range(width) if image.getpixel((x + dx, y)) in FILLS)


statuses_strategy = st.dictionaries(
    st.sampled_from(LEAVES), st.sampled_from(list(Status)), max_size=len(LEAVES)
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(statuses=statuses_strategy)
def test_the_card_draws_each_bar_as_long_as_its_percentage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, statuses: dict[str, Status]
) -> None:
    need("rsvg-convert")
    data = tmp_path / "data"
    for old in data.glob("**/*.toml"):
        old.unlink()
    tick(data, statuses)
    image = render_png(export(capsys, tmp_path, "svg"))
    progress = compute_progress(BUNDLED, store_at(data).load().statuses())
    assert image.size == (WIDTH, TOP + ROW * len(BUNDLED.levels) + 6)
    middle = OVERALL_Y + OVERALL_HEIGHT // 2
    assert filled(image, BAR_X, middle, BAR_WIDTH) == bar_pixels(
        progress.overall.fraction, BAR_WIDTH
    )
    for row, lp in enumerate(progress.levels):
        y = TOP + ROW * row - 4  # the middle of the level's bar
        expected = bar_pixels(lp.counts.fraction, LEVEL_BAR_WIDTH)
        assert filled(image, LEVEL_BAR_X, y, LEVEL_BAR_WIDTH) == expected, lp.level.title
        # The fill is green where the goal is met, blue where not.
        if expected:
            colour = LIGHT["met"] if lp.goal_met else LIGHT["fill"]
            assert image.getpixel((LEVEL_BAR_X, y)) == _rgb(colour)


def test_the_card_is_self_contained_and_names_only_generic_fonts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tick(tmp_path / "data", {"cs-basics": Status.DONE})
    root = ET.parse(export(capsys, tmp_path, "svg")).getroot()
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "style", "rect", "text"}  # no script, image, foreignObject
    for element in root.iter():
        for name, value in element.attrib.items():
            assert "href" not in name and "url(" not in value and "javascript" not in value
            if name == "font-family":
                assert value in {"sans-serif", "serif", "monospace"}
    style = "".join(element.text or "" for element in root.iter(f"{SVG}style"))
    assert "@import" not in style and "url(" not in style and "@font-face" not in style
    # It reads the same on a dark page: the card paints its own opaque background.
    background = root.find(f"{SVG}rect")
    assert background is not None and background.get("fill") == LIGHT["bg"]
    texts = " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))
    assert "Backend Developer Roadmap" in texts and "1/69 · 1% · 0 in progress" in texts
    assert "1%" in texts


@pytest.mark.parametrize("page", ["#ffffff", "#0d1117"])  # GitHub's light and dark pages
def test_the_card_looks_the_same_on_a_light_and_a_dark_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, page: str
) -> None:
    tick(tmp_path / "data", dict.fromkeys(LEAVES[:20], Status.DONE))
    card = export(capsys, tmp_path, "svg")
    on_page = render_png(card, page)
    alone = render_png(card)
    inside = (6, 6, WIDTH - 6, on_page.size[1] - 6)  # all but the rounded corners
    assert on_page.crop(inside).tobytes() == alone.convert("RGB").crop(inside).tobytes()
    # Dark title text on the card's light background: high contrast whatever the page.
    title = on_page.crop((BAR_X, 20, BAR_X + 200, 40))
    darkest = min(sum(title.getpixel((x, y))) for x in range(200) for y in range(20))  # type: ignore[arg-type]
    assert darkest < 200 and on_page.getpixel((WIDTH // 2, 10)) == _rgb(LIGHT["bg"])


def test_a_hostile_roadmap_makes_a_valid_card_with_its_text_as_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = hostile_roadmap(tmp_path)
    target = export(capsys, tmp_path, "svg", "--roadmap", str(path))
    root = ET.parse(target).getroot()  # well-formed XML: every character escaped or made safe
    assert {element.tag.removeprefix(SVG) for element in root.iter()} <= {
        "svg",
        "title",
        "style",
        "rect",
        "text",
    }
    texts = "".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))
    assert visible("0 Level [bold red]x[/]") in texts
    if need("rsvg-convert"):
        assert render_png(target).size[0] == WIDTH


def test_a_long_roadmap_shows_its_first_levels_and_counts_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    levels = "".join(
        f'[[levels]]\nid = "l{n}"\ntitle = "Level {n} with a title far too long to fit on one '
        f'row of the card"\n[[levels.items]]\nid = "i{n}"\ntitle = "I"\n'
        for n in range(40)
    )
    path = tmp_path / "long.toml"
    path.write_text(f'format = 1\nid = "long"\ntitle = "{"Long " * 30}"\n{levels}', "utf-8")
    root = ET.parse(export(capsys, tmp_path, "svg", "--roadmap", str(path))).getroot()
    texts = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
    assert "… and 24 more levels" in texts
    assert all(len(text) < 60 for text in texts if not text.startswith("0/"))
    assert any(text.endswith("…") and text.startswith("Long Long") for text in texts)


# ----------------------------------------------------------------------------- html


class Page(HTMLParser):
    """What a browser's DOM holds, read back from `chromium --dump-dom`."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.boxes: list[dict[str, str | None]] = []
        self.hrefs: list[str] = []
        self.classes: list[str] = []
        self.text: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "input":
            self.boxes.append({**attributes, "in": " ".join(self.classes[-1:])})
        if tag == "a":
            self.hrefs.append(attributes.get("href") or "")
        if tag in ("li", "section"):
            self.classes.append(attributes.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("li", "section") and self.classes:
            self.classes.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def browse(page: Path, tmp_path: Path) -> Page:
    """Open ``page`` in headless Chromium: the DOM it built, and a screenshot of it."""
    chromium = need("chromium")
    common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    common.append(f"--user-data-dir={tmp_path / 'chromium'}")
    url = page.resolve().as_uri()
    dom = subprocess.run(
        [*common, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    shot = tmp_path / "page.png"
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=800,1000", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    image = Image.open(shot).convert("RGB")
    assert image.size == (800, 1000)
    assert len(image.getcolors(1 << 24) or []) > 10  # text and bars drawn, not a blank page
    parsed = Page()
    parsed.feed(dom)
    return parsed


def test_the_page_in_a_real_browser_shows_every_topic_as_a_box_ticked_where_done(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    need("chromium")
    data = tmp_path / "data"
    done = LEAVES[:3] + LEAVES[10:15]
    tick(data, {**dict.fromkeys(done, Status.DONE), LEAVES[3]: Status.SKIPPED})
    note(data, LEAVES[0], "read <b>chapter</b> 3 & 4")
    page = browse(export(capsys, tmp_path, "html", "--notes"), tmp_path)
    topics = [box for box in page.boxes if "topic" in str(box["in"])]
    leaves = [box for box in topics if "leaf" in str(box["in"])]
    levels = [box for box in page.boxes if "level" in str(box["in"])]
    assert len(leaves) == len(LEAVES)
    assert len(topics) == sum(1 for _ in BUNDLED.walk())
    assert len(levels) == len(BUNDLED.levels)
    assert all(box["type"] == "checkbox" and "disabled" in box for box in page.boxes)
    assert sum("checked" in box for box in leaves) == len(done)
    progress = compute_progress(BUNDLED, store_at(data).load().statuses())
    assert sum("checked" in box for box in levels) == progress.goals_met
    text = "".join(page.text)
    assert "read <b>chapter</b> 3 & 4" in text  # the note, as text
    assert "b" not in page.tags
    assert "(skipped)" not in text and "skipped" in text
    for level in BUNDLED.levels:
        assert level.title in text
        if level.goal:
            assert " ".join(level.goal.split()) in " ".join(text.split())
    assert page.hrefs and all(href.startswith(("https://", "http://")) for href in page.hrefs)
    assert {"script", "img", "link", "iframe", "object"}.isdisjoint(page.tags)


def test_a_hostile_roadmap_page_renders_its_text_as_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    need("chromium")
    path = hostile_roadmap(tmp_path)
    roadmap = load_roadmap(path)
    data = tmp_path / "data"
    tick(data, {"evil": Status.DONE}, roadmap.id)
    note(data, "evil", f'</blockquote><script>alert(1)</script> "{HOSTILE}', roadmap.id)
    page = browse(export(capsys, tmp_path, "html", "--notes", "--roadmap", str(path)), tmp_path)
    assert {"script", "bold", "img"}.isdisjoint(page.tags)
    assert sum("checked" in box for box in page.boxes if "leaf" in str(box["in"])) == 1
    text = "".join(page.text)
    for field in ("Title", "Level", "Goal", "Tip", "Item", "Details", "Link"):
        assert visible(f"{field} {HOSTILE}") in text, field
    assert "<script>alert(1)</script>" in text
    assert "\x1b" not in text and "\x07" not in text


def test_the_page_needs_nothing_from_outside_and_prints_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    html = export(capsys, tmp_path, "html").read_text(encoding="utf-8")
    for external in ("<script", "<link", "<img", "@import", "url(", "src=", "@font-face"):
        assert external not in html
    assert "@media print" in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        'https://x.example/" onmouseover="alert(1)',
    ],
)
def test_only_web_addresses_become_links(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str
) -> None:
    from roadmap_tui.export.page import _link, web_address
    from roadmap_tui.roadmap.model import Link

    assert not web_address(url) or '"' not in _link(Link("t", url)).split('href="')[1][:-5]
    made = _link(Link("title", url))
    if not web_address(url):
        assert "<a " not in made
    assert "<script" not in made and '" onmouseover' not in made


# ----------------------------------------------------------------------------- json, md


def test_json_is_status_json_plus_every_topic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tick(tmp_path / "data", {LEAVES[0]: Status.DONE, LEAVES[1]: Status.IN_PROGRESS})
    note(tmp_path / "data", LEAVES[0], "a note")
    exported: dict[str, Any] = json.loads(
        export(capsys, tmp_path, "json", "--notes").read_text("utf-8")
    )
    code, out, _ = run_cli(capsys, "status", "--json")
    assert code == 0
    status: dict[str, Any] = json.loads(out)
    topics = [level.pop("topics") for level in exported["levels"]]
    for level in exported["levels"]:
        for key in ("goal", "pick", "tip"):
            level.pop(key)
    exported.pop("exported_on")
    assert exported == status

    def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [t for item in items for t in [item, *walk(item.get("children", []))]]

    every = [topic for level in topics for topic in walk(level)]
    assert [topic["id"] for topic in every] == [item.id for _, item in BUNDLED.walk()]
    first = every[0]
    assert first["status"] == "done" and first["note"] == "a note" and first["finished"]
    assert every[1]["status"] == "in-progress" and every[1]["finished"] is None


def test_markdown_stays_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    _, default, _ = run_cli(capsys, "export")
    _, md, _ = run_cli(capsys, "export", "--format", "md")
    assert default == md and default.startswith("# Backend Developer Roadmap")


def test_an_unknown_format_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli(capsys, "export", "--format", "pdf")
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'pdf'" in err and "Traceback" not in err


def test_every_format_of_an_empty_roadmap_progress(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    roadmap: Roadmap = BUNDLED
    for fmt in ("md", "html", "svg", "json"):
        text = export(capsys, tmp_path, fmt).read_text(encoding="utf-8")
        assert roadmap.title in text


def test_the_page_prints_to_pages_in_a_real_browser(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    chromium = need("chromium")
    page = export(capsys, tmp_path, "html")
    pdf = tmp_path / "page.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF")
    # 13 levels and 69 topics with their links: several pages, not one cut-off screen.
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", printed)
    assert len(pages) >= 3


def test_a_missing_tool_skips_here_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install librsvg2-bin"):
        need("rsvg-convert")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        need("chromium")
