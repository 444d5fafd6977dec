"""The bundled Backend roadmap: complete, in the seed's order, clean text, valid ids."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support.samples import SEED, linked

from roadmap_tui.base.errors import RoadmapError
from roadmap_tui.base.paths import cache_dir
from roadmap_tui.roadmap.cache import roadmap_from_cache_bytes
from roadmap_tui.roadmap.load import bundled_roadmap_path, load_bundled, load_roadmap
from roadmap_tui.roadmap.model import Item, Level, Roadmap, is_valid_id

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


# A topic links at most this many pages (docs/roadmap-format.md, "The bundled roadmap"):
# enough for the tools a topic names and a "Go further" reading, few enough to scan.
MAX_LINKS = 6


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
    assert level.tip.startswith("👉")


def test_level_one_tip_keeps_the_seeds_meaning_for_every_learner(roadmap: Roadmap) -> None:
    # The seed's tip spoke to one person ("Since you already use MERN, ..."): ours keeps
    # its advice for JavaScript/MERN learners and says where everyone else starts.
    tip = _level(roadmap, "core-languages").tip
    assert "MERN" in tip
    assert "Node.js + TypeScript" in tip
    assert "otherwise" in tip.lower()
    assert "you already use" not in tip


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
        assert 1 <= len(item.links) <= MAX_LINKS, f"{item.id} has {len(item.links)} links"
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


def test_go_further_is_one_closing_sentence_where_it_appears(roadmap: Roadmap) -> None:
    # "Go further: ..." points past the seed's topic (docs/roadmap-format.md): at most once
    # per description, as its last sentence, so the description proper comes first.
    found = []
    for item in _all_items(roadmap):
        text = item.description
        if "Go further" not in text:
            continue
        found.append(item.id)
        assert text.count("Go further") == 1, item.id
        head, _, tail = text.partition("Go further: ")
        assert head.endswith(". ") and tail, item.id
        assert ". " not in tail and tail.endswith("."), item.id
    assert len(found) >= 8  # the late-2026 topics of issue #31 (the list is in the docs)


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


# ----------------------------------------------------------------------------- links

# Addresses that are no longer the current reference, each with the reason. Matched
# against the lowercased address without its scheme, so every spelling is caught.
RETIRED = [
    (r"\brfc-?8446\b", "RFC 8446 (TLS 1.3) is obsoleted by RFC 9846"),
    (r"dev\.mysql\.com/doc/[a-z-]+/8\.0/", "MySQL 8.0 reached end of life in April 2026: 8.4 LTS"),
    (r"(^|\.)cloud\.google\.com/functions\b", "Cloud Functions is now Cloud Run functions"),
    (r"junit\.org/junit5/docs", "JUnit 6's guide is at docs.junit.org"),
    (
        r"developer\.mozilla\.org/[a-z-]+/docs/web/http/(cors|status|methods|headers)\b",
        "MDN moved these under /Web/HTTP/Guides/ and /Web/HTTP/Reference/",
    ),
    (r"docs\.gitlab\.com/ee/", "GitLab's documentation dropped the /ee/ prefix"),
    (r"nodejs\.org/[a-z-]+/docs\b", "Node.js's API docs are at nodejs.org/docs/latest/api/"),
    (r"vercel\.com/docs/(concepts/)?(functions/)?edge-functions", "Edge Functions are deprecated"),
    (r"docs\.python\.org/3/library/profile\.html", "deprecated in 3.15: see `profiling`"),
    (r"\brfc-?7807\b", "RFC 7807 (problem details) is obsoleted by RFC 9457"),
    (r"kubernetes\.github\.io/ingress-nginx", "ingress-nginx was retired in March 2026"),
    (r"github\.com/(visionmedia|ladjs)/supertest", "supertest lives at github.com/forwardemail"),
]


def _retired(url: str) -> str | None:
    """Why ``url`` is a retired address, or None."""
    where = url.lower().split("://", 1)[-1]
    return next((why for pattern, why in RETIRED if re.search(pattern, where)), None)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.rfc-editor.org/rfc/rfc8446",
        "https://www.rfc-editor.org/rfc/rfc8446.html#section-4",
        "https://datatracker.ietf.org/doc/html/rfc8446",
        "http://tools.ietf.org/html/RFC8446",
        "https://dev.mysql.com/doc/refman/8.0/en/optimization.html",
        "https://cloud.google.com/functions/docs",
        "https://docs.cloud.google.com/functions/docs/concepts/overview",
        "https://junit.org/junit5/docs/current/user-guide/",
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS",
        "https://developer.mozilla.org/fr/docs/Web/HTTP/Status/404",
        "https://docs.gitlab.com/ee/ci/",
        "https://nodejs.org/en/docs",
        "https://vercel.com/docs/functions/edge-functions",
        "https://docs.python.org/3/library/profile.html#module-cProfile",
        "https://www.rfc-editor.org/rfc/rfc7807",
        "https://datatracker.ietf.org/doc/html/RFC7807",
        "https://kubernetes.github.io/ingress-nginx/deploy/",
        "https://github.com/ladjs/supertest",
        "https://github.com/visionmedia/supertest#readme",
    ],
)
def test_the_retired_list_catches_every_spelling(url: str) -> None:
    assert _retired(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.rfc-editor.org/rfc/rfc9846",
        "https://www.rfc-editor.org/rfc/rfc84460",
        "https://dev.mysql.com/doc/refman/8.4/en/optimization.html",
        "https://docs.cloud.google.com/run/docs/functions-with-run",
        "https://docs.junit.org/current/overview.html",
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS",
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Status",
        "https://docs.gitlab.com/ci/",
        "https://nodejs.org/docs/latest/api/",
        "https://vercel.com/docs/functions/runtimes",
        "https://docs.python.org/3/library/profiling.html",
        "https://www.rfc-editor.org/rfc/rfc9457",
        "https://kubernetes.io/docs/concepts/services-networking/gateway/",
        "https://github.com/forwardemail/supertest",
    ],
)
def test_the_retired_list_leaves_current_addresses_alone(url: str) -> None:
    assert _retired(url) is None


def _links(roadmap: Roadmap) -> list[tuple[str, str, str, date | None]]:
    return [
        (item.id, link.url, link.kind, link.checked)
        for item in _all_items(roadmap)
        for link in item.links
    ]


def test_every_link_is_https_with_a_host(roadmap: Roadmap) -> None:
    bad = [(key, url) for key, url, _, _ in _links(roadmap) if not _is_https(url)]
    assert bad == []


def _is_https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and " " not in url


def test_every_topic_has_a_docs_or_spec_link(roadmap: Roadmap) -> None:
    bare = [
        item.id
        for item in _all_items(roadmap)
        if not any(link.kind in {"docs", "spec"} for link in item.links)
    ]
    assert bare == []


def test_no_topic_links_the_same_address_twice(roadmap: Roadmap) -> None:
    for item in _all_items(roadmap):
        urls = [link.url.rstrip("/").lower() for link in item.links]
        assert len(urls) == len(set(urls)), item.id


def test_no_link_goes_to_a_retired_address(roadmap: Roadmap) -> None:
    found = [(key, url, _retired(url)) for key, url, _, _ in _links(roadmap) if _retired(url)]
    assert found == []


def test_every_link_has_a_checked_day_not_in_the_future(roadmap: Roadmap) -> None:
    links = _links(roadmap)
    assert all(isinstance(checked, date) for *_, checked in links)
    future = [(key, url) for key, url, _, checked in links if checked and checked > date.today()]
    assert future == []


# ------------------------------------------------------------ the checked day, any roadmap


def test_the_checked_day_survives_validation_and_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "linked.toml"
    path.write_text(linked(date(2026, 11, 26)), encoding="utf-8")
    first = load_roadmap(path)
    links = first.levels[0].items[0].links
    assert [link.checked for link in links] == [date(2026, 11, 26), None]
    cached = list((cache_dir() / "roadmaps").glob("*.marshal"))
    assert cached, "the validated roadmap was not cached"
    from_cache = [roadmap_from_cache_bytes(p.read_bytes()) for p in cached]
    assert first in from_cache
    assert load_roadmap(path) == first


@pytest.mark.parametrize(
    "checked",
    [
        "2026-11-26",
        datetime(2026, 11, 26, 10),
        datetime(2026, 11, 26, 10, tzinfo=UTC),
        20261126,
        True,
    ],
)
def test_a_checked_that_is_not_a_plain_date_is_refused_in_one_sentence(
    tmp_path: Path, checked: object
) -> None:
    path = tmp_path / "linked.toml"
    path.write_text(linked(checked), encoding="utf-8")
    with pytest.raises(RoadmapError) as caught:
        load_roadmap(path)
    message = str(caught.value)
    assert str(path) in message
    assert "checked must be a TOML date such as 2026-11-26" in message
    assert "\n" not in message
