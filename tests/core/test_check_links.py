"""scripts/check_links.py, offline: a local HTTP server on 127.0.0.1 plays the web."""

from __future__ import annotations

import importlib.util
import socket
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from support.samples import REPO, linked
from support.webserver import QuietHandler, serve

from roadmap_tui.roadmap.model import Item, Level, Link, Roadmap

SCRIPT = REPO / "scripts" / "check_links.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_links", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_links"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


check_links = _load_script()

# path -> (status for HEAD, status for GET, Location)
ROUTES: dict[str, tuple[int, int, str]] = {
    "/ok": (200, 200, ""),
    "/moved": (301, 301, "/ok"),
    "/moved-twice": (308, 308, "/moved"),
    "/temporary": (302, 302, "/ok"),
    "/missing": (404, 404, ""),
    "/gone-after-move": (301, 301, "/missing"),
    "/get-only": (405, 200, ""),
    "/head-lies": (404, 200, ""),
    "/broken": (500, 500, ""),
    "/loop": (301, 301, "/loop"),
    "/no-location": (302, 302, ""),
}


class Handler(QuietHandler):
    def _answer(self, method: str) -> None:
        path = self.path.split("?", 1)[0]
        head, get, location = ROUTES.get(path, (404, 404, ""))
        self.answer(
            status=head if method == "HEAD" else get,
            headers=[("Location", location)] if location else [],
        )

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(Handler) as url:
        yield url


# ------------------------------------------------------------------------------ fetch


@pytest.mark.parametrize(
    ("path", "status", "final", "first_hop"),
    [
        ("/ok", 200, "/ok", None),
        ("/get-only", 200, "/get-only", None),
        ("/head-lies", 200, "/head-lies", None),
        ("/moved", 200, "/ok", 301),
        ("/moved-twice", 200, "/ok", 308),
        ("/temporary", 200, "/ok", 302),
    ],
)
def test_working_addresses_and_where_they_lead(
    server: str, path: str, status: int, final: str, first_hop: int | None
) -> None:
    answer = check_links.fetch(server + path, timeout=10)
    assert not answer.broken, answer.error
    assert answer.status == status
    assert answer.final_url == server + final
    assert answer.first_hop == first_hop
    assert answer.moved is (first_hop is not None)


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/missing", "404"),
        ("/gone-after-move", "404"),
        ("/broken", "500"),
        ("/loop", "loop"),
        ("/no-location", "without a Location"),
    ],
)
def test_broken_addresses_say_why(server: str, path: str, error: str) -> None:
    answer = check_links.fetch(server + path, timeout=10)
    assert answer.broken
    assert error in answer.error


def test_a_closed_port_is_an_error_not_a_crash() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    answer = check_links.fetch(f"http://127.0.0.1:{port}/", timeout=10)
    assert answer.broken
    assert answer.error == "connection refused"


def test_a_server_that_never_answers_is_a_timeout() -> None:
    with socket.socket() as sock:  # accepts connections (backlog) but never replies
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        answer = check_links.fetch(f"http://127.0.0.1:{sock.getsockname()[1]}/", timeout=0.5)
    assert answer.broken
    assert answer.error == "no answer within 0.5 s"


def test_something_that_is_not_a_web_address_is_an_error() -> None:
    answer = check_links.fetch("ftp://example.org/file", timeout=1)
    assert answer.broken
    assert "not a web address" in answer.error


# --------------------------------------------------------------------- a whole roadmap


def _roadmap(links: dict[str, list[Link]]) -> Roadmap:
    items = tuple(Item(topic, topic.title(), links=tuple(ls)) for topic, ls in links.items())
    return Roadmap("local", "Local", levels=(Level("one", "One", items=items),))


def test_every_link_is_reported_once_per_topic_and_each_address_asked_once(
    server: str,
) -> None:
    day = date(2026, 11, 26)
    roadmap = _roadmap(
        {
            "alpha": [Link("ok", f"{server}/ok", checked=day), Link("m", f"{server}/moved")],
            "beta": [Link("404", f"{server}/missing"), Link("ok", f"{server}/ok")],
            "gamma": [Link("t", f"{server}/temporary", checked=day)],
        }
    )
    asked: list[str] = []

    def counting_fetch(url: str, timeout: float) -> object:
        asked.append(url)
        return check_links.fetch(url, timeout)

    count, problems = check_links.network_problems(roadmap, timeout=10, ask=counting_fetch)
    assert count == 4
    assert sorted(asked) == sorted(set(asked))  # /ok only once, though linked twice
    found = {(p.kind, p.topic, p.url.removeprefix(server)) for p in problems}
    assert found == {
        ("redirect", "alpha", "/moved"),
        ("error", "beta", "/missing"),
        ("redirect", "gamma", "/temporary"),
    }
    details = {p.url.removeprefix(server): p.detail for p in problems}
    assert details["/moved"] == f"-> {server}/ok (301, permanent)"
    assert details["/temporary"] == f"-> {server}/ok (302, temporary)"
    assert details["/missing"].startswith("404")


@pytest.mark.parametrize(
    ("checked", "today", "stale"),
    [
        (date(2026, 11, 26), date(2026, 11, 26), False),
        (date(2025, 11, 26), date(2026, 11, 26), False),  # exactly a year (365 days)
        (date(2025, 11, 25), date(2026, 11, 26), True),
        (date(2024, 2, 29), date(2025, 3, 1), True),
        (None, date(2026, 11, 26), True),
    ],
)
def test_a_link_is_stale_after_a_year_or_when_never_checked(
    checked: date | None, today: date, stale: bool
) -> None:
    roadmap = _roadmap({"alpha": [Link("a", "https://example.org/", checked=checked)]})
    problems = check_links.stale_links(roadmap, today)
    assert bool(problems) is stale
    assert all(p.kind == "stale" and p.topic == "alpha" for p in problems)


# ------------------------------------------------------------------------ the command


def test_offline_run_reports_stale_links_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "linked.toml"
    path.write_text(linked(date(2026, 1, 10)), encoding="utf-8")
    code = check_links.main(["--roadmap", str(path), "--offline", "--today", "2027-06-01"])
    out = capsys.readouterr().out
    assert code == 1
    assert "checked 2026-01-10, more than 365 days ago" in out
    assert "never checked" in out
    assert "linked: 2 links, no address asked (--offline); 0 errors, 0 redirects, 2 stale" in out


def test_offline_run_of_the_bundled_roadmap_is_clean_after_its_review(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A fixed day: the real one would turn this test red a year after each review.
    assert check_links.main(["--offline", "--today", "2026-12-01"]) == 0
    assert "0 errors, 0 redirects, 0 stale" in capsys.readouterr().out


def test_errors_only_hides_stale_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "linked.toml"
    path.write_text(linked(date(2026, 1, 10)), encoding="utf-8")
    argv = ["--roadmap", str(path), "--offline", "--errors-only", "--today", "2030-01-01"]
    assert check_links.main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1  # only the summary
    assert not lines[0].startswith("stale")


def test_an_unreadable_roadmap_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("format = [", encoding="utf-8")
    assert check_links.main(["--roadmap", str(path), "--offline"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert str(path) in err
    assert "Traceback" not in err
