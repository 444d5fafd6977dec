"""The bundled Backend roadmap: complete, in the seed's order, clean text, valid ids."""

from __future__ import annotations

import re

import pytest
from samples import SEED

from roadmap_tui.model import Item, Level, Roadmap, is_valid_id
from roadmap_tui.roadmap import bundled_roadmap_path, load_bundled

LEVEL_TITLES = [
    "Prerequisites",
    "Core Backend Languages",
    "Core Backend Concepts",
    "Databases",
    "Frameworks",
    "APIs & Communication",
    "Architecture & Patterns",
    "Security",
    "Testing & Quality",
    "Performance & Optimization",
    "DevOps for Backend",
    "Industry Practices",
    "Advanced Concepts",
]


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return load_bundled()


def _raw_text() -> str:
    return bundled_roadmap_path().read_text(encoding="utf-8")


def _level(roadmap: Roadmap, level_id: str) -> Level:
    matches = [level for level in roadmap.levels if level.id == level_id]
    assert len(matches) == 1, f"expected exactly one level {level_id!r}"
    return matches[0]


def _all_items(roadmap: Roadmap) -> list[Item]:
    return [item for _, item in roadmap.walk()]


# ----------------------------------------------------------------------------- structure


def test_thirteen_levels_in_order(roadmap: Roadmap) -> None:
    assert [level.title for level in roadmap.levels] == LEVEL_TITLES


def test_seventy_items_sixty_nine_leaves(roadmap: Roadmap) -> None:
    items = _all_items(roadmap)
    assert len(items) == 70
    assert sum(1 for item in items if item.is_leaf) == 69


def test_cloud_platforms_has_exactly_aws_gcp_azure(roadmap: Roadmap) -> None:
    devops = _level(roadmap, "devops")
    cloud = [item for item in devops.walk() if item.id == "cloud-platforms"]
    assert len(cloud) == 1
    children = [child.title for child in cloud[0].children]
    assert len(children) == 3
    assert children[0].startswith("AWS")
    assert children[1].startswith("GCP")
    assert children[2].startswith("Azure")
    # Nothing else in the roadmap has children.
    parents = [item.id for item in _all_items(roadmap) if item.children]
    assert parents == ["cloud-platforms"]


def test_level_one_goal_pick_and_tip(roadmap: Roadmap) -> None:
    level = _level(roadmap, "core-languages")
    assert roadmap.levels.index(level) == 1
    assert level.pick == 1
    assert level.goal.startswith("Choose at least one primary backend language")
    assert "👉" in level.tip


def test_aspnet_titles_repaired(roadmap: Roadmap) -> None:
    titles = {item.title for item in _all_items(roadmap)}
    assert "C# (ASP.NET Core)" in titles
    assert "ASP.NET Core (C#)" in titles


def test_ids_unique_and_kebab_case(roadmap: Roadmap) -> None:
    ids = [roadmap.id] + [level.id for level in roadmap.levels]
    ids += [item.id for item in _all_items(roadmap)]
    assert len(ids) == len(set(ids)), "duplicate ids"
    bad = [key for key in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key)]
    assert bad == []
    assert all(is_valid_id(key) for key in ids)


def test_every_item_has_description_and_official_links(roadmap: Roadmap) -> None:
    for item in _all_items(roadmap):
        assert item.description.strip(), f"{item.id} has no description"
        assert 1 <= len(item.links) <= 3, f"{item.id} has {len(item.links)} links"
        for link in item.links:
            assert link.url.startswith("https://"), (item.id, link.url)
            assert link.kind in {"docs", "spec", "tutorial", "tool"}, (item.id, link.kind)
            assert link.title.strip()


# ----------------------------------------------------------------------------- text


@pytest.mark.parametrize("damage", ["â€", "ðŸ", "Ã", "**", "](http"])
def test_no_encoding_damage_or_markdown_in_raw_toml(damage: str) -> None:
    text = _raw_text()
    assert damage not in text


def test_no_damage_in_any_loaded_text(roadmap: Roadmap) -> None:
    texts = [roadmap.title, roadmap.description]
    for level in roadmap.levels:
        texts += [level.title, level.goal, level.tip, level.note]
    for item in _all_items(roadmap):
        texts += [item.title, item.details, item.description]
        texts += [link.title for link in item.links]
    for text in texts:
        for damage in ("â€", "ðŸ", "Ã", "**", "](http", "\ufffd"):
            assert damage not in text, (damage, text)


# ----------------------------------------------------------------------------- seed


def _repair(line: str) -> str:
    """Undo the seed's mojibake (UTF-8 read as cp1252) where a line has it."""
    try:
        return line.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return line


def _seed_lines() -> list[str]:
    return [_repair(line) for line in SEED.read_text(encoding="utf-8").splitlines()]


def _clean_title(text: str) -> str:
    text = text.replace("**", "")
    text = text.replace("[ASP.NET](http://ASP.NET)", "ASP.NET")
    text = text.split(" → ")[0]
    return text.strip().rstrip(".:").strip()


def test_seed_parser_repairs_mojibake() -> None:
    # The helper itself must work, or the comparison below proves nothing.
    assert _repair("Level 0 â€“ Prerequisites") == "Level 0 – Prerequisites"
    assert _repair("ðŸ‘‰ Since") == "👉 Since"
    assert _clean_title("**Go** (for performance-heavy apps).") == "Go (for performance-heavy apps)"
    assert _clean_title("[**ASP.NET](http://ASP.NET) Core** (C#).") == "ASP.NET Core (C#)"
    assert _clean_title("**Servers & Requests** → HTTP methods.") == "Servers & Requests"


def test_item_titles_match_seed_in_order(roadmap: Roadmap) -> None:
    seed_titles = []
    for line in _seed_lines():
        match = re.match(r"^\s*- \[[ xX]\]\s+(.*)$", line)
        if match:
            seed_titles.append(_clean_title(match[1]))
    assert len(seed_titles) == 70
    assert [item.title for item in _all_items(roadmap)] == seed_titles


def test_level_titles_match_seed(roadmap: Roadmap) -> None:
    seed_levels = []
    for line in _seed_lines():
        match = re.match(r"^##\s+(.*)$", line)
        if match:
            heading = match[1].replace("**", "").strip()
            number, _, title = heading.partition(" – ")
            seed_levels.append((number, title))
    expected = [(f"Level {n}", level.title) for n, level in enumerate(roadmap.levels)]
    assert seed_levels == expected


def test_item_details_match_seed_text_after_arrow(roadmap: Roadmap) -> None:
    details = []
    for line in _seed_lines():
        match = re.match(r"^\s*- \[[ xX]\]\s+(.*)$", line)
        if match:
            text = match[1].replace("**", "")
            _, arrow, after = text.partition(" → ")
            details.append(after.strip().rstrip(".") if arrow else None)
    items = _all_items(roadmap)
    assert len(details) == len(items)
    for item, expected in zip(items, details, strict=True):
        if expected is not None:
            assert item.details == expected, item.id
