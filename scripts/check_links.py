"""Check every link of a roadmap: broken, moved, or not verified for over a year.

Run by hand, with network, from the repository root after `pip install .`:

    python scripts/check_links.py                    # the bundled roadmap
    python scripts/check_links.py --roadmap FILE     # any roadmap file (or imported id)
    python scripts/check_links.py --offline          # only the `checked` dates, no network

Each distinct address is asked once: HEAD first, then GET when the server refuses HEAD
or answers it with an error (some sites only answer GET). Redirects are followed one
by one, so each is reported with where it ends. One line per problem:

    error     <topic>  <url>  what went wrong (status, timeout, unknown host, TLS…)
    redirect  <topic>  <url>  -> <final url> (status of the first hop)
    stale     <topic>  <url>  checked <day>, more than <N> days ago (or never)

Exit status: 0 nothing to report, 1 something reported, 2 bad usage or an unreadable
roadmap. docs/roadmap-format.md ("Keeping the content current") records the last runs.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import ssl
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

from roadmap_tui.base.errors import RoadmapTuiError
from roadmap_tui.roadmap.model import Roadmap

USER_AGENT = "roadmap-tui-check-links/1 (a learning-roadmap link checker; run by hand)"
MAX_REDIRECTS = 10
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}


@dataclass(frozen=True, slots=True)
class Answer:
    """What an address answered in the end."""

    url: str
    status: int | None = None  # the last status; None when no answer came
    final_url: str = ""  # where the redirects ended
    first_hop: int | None = None  # the first redirect's status, if it redirected
    error: str = ""  # why there was no usable answer

    @property
    def broken(self) -> bool:
        return bool(self.error) or self.status is None or self.status >= 400

    @property
    def moved(self) -> bool:
        return self.first_hop is not None and not self.broken


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str  # "error", "redirect" or "stale"
    topic: str
    url: str
    detail: str

    def line(self) -> str:
        return f"{self.kind:<9} {self.topic:<28} {self.url}  {self.detail}"


def _request(url: str, method: str, timeout: float) -> tuple[int, str, str]:
    """One request, no redirects followed: (status, reason, Location header)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"not a web address: {url}")
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    try:
        connection.request(method, target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        return response.status, response.reason, response.getheader("Location") or ""
    finally:
        connection.close()


def _why(exc: BaseException, timeout: float) -> str:
    """One short phrase for a failed request."""
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or exc}"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionError | http.client.HTTPException):
        return f"the connection failed ({type(exc).__name__})"
    return str(exc) or type(exc).__name__


def _ask(url: str, timeout: float) -> tuple[int, str, str]:
    """HEAD, or GET when HEAD fails or is refused: (status, reason, Location)."""
    try:
        answer = _request(url, "HEAD", timeout)
        if answer[0] < 400:
            return answer
    except ValueError:
        raise
    except Exception:  # some servers drop HEAD: GET decides
        pass
    return _request(url, "GET", timeout)


def fetch(url: str, timeout: float = 15.0) -> Answer:
    """Where ``url`` leads: its final status and address, or why it could not be read."""
    current = url
    first_hop: int | None = None
    seen = {url}
    for _ in range(MAX_REDIRECTS + 1):
        try:
            status, reason, location = _ask(current, timeout)
        except Exception as exc:
            return Answer(url, None, current, first_hop, _why(exc, timeout))
        if status not in REDIRECTS:
            error = f"{status} {reason}".strip() if status >= 400 else ""
            return Answer(url, status, current, first_hop, error)
        if not location:
            return Answer(url, status, current, first_hop, f"{status} without a Location")
        first_hop = status if first_hop is None else first_hop
        current = urljoin(current, location)
        if current in seen:
            return Answer(url, status, current, first_hop, "redirects in a loop")
        seen.add(current)
    return Answer(url, None, current, first_hop, f"more than {MAX_REDIRECTS} redirects")


def _links(roadmap: Roadmap) -> list[tuple[str, str, date | None]]:
    """(topic id, url, checked) of every link, in the roadmap's order."""
    return [(item.id, link.url, link.checked) for _, item in roadmap.walk() for link in item.links]


def stale_links(roadmap: Roadmap, today: date, max_age_days: int = 365) -> list[Problem]:
    """Links never checked, or checked more than ``max_age_days`` before ``today``."""
    problems = []
    for topic, url, checked in _links(roadmap):
        if checked is None:
            problems.append(Problem("stale", topic, url, "never checked (no `checked` day)"))
        elif today - checked > timedelta(days=max_age_days):
            detail = f"checked {checked.isoformat()}, more than {max_age_days} days ago"
            problems.append(Problem("stale", topic, url, detail))
    return problems


def network_problems(
    roadmap: Roadmap,
    *,
    timeout: float = 15.0,
    workers: int = 8,
    ask: Callable[[str, float], Answer] = fetch,
) -> tuple[int, list[Problem]]:
    """(distinct addresses asked, errors and redirects), each address asked once."""
    links = _links(roadmap)
    urls = list(dict.fromkeys(url for _, url, _ in links))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        answers = dict(zip(urls, pool.map(lambda u: ask(u, timeout), urls), strict=True))
    problems = []
    for topic, url, _ in links:
        answer = answers[url]
        if answer.broken:
            problems.append(Problem("error", topic, url, answer.error))
        elif answer.moved:
            kind = "permanent" if answer.first_hop in PERMANENT else "temporary"
            detail = f"-> {answer.final_url} ({answer.first_hop}, {kind})"
            problems.append(Problem("redirect", topic, url, detail))
    return len(urls), problems


def _load(source: str | None) -> Roadmap:
    """The bundled roadmap, or a file, or the id of an imported one (as `--roadmap`)."""
    from roadmap_tui.base.paths import data_dir
    from roadmap_tui.cli.commands import resolve_roadmap
    from roadmap_tui.roadmap.load import load_bundled, load_roadmap

    if source is None:
        return load_bundled()
    return load_roadmap(resolve_roadmap(source, data_dir()))


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="check_links.py",
        description="Check every link of a roadmap: errors, redirects, stale check days.",
    )
    parser.add_argument("--roadmap", help="a roadmap file or imported id (default: bundled)")
    parser.add_argument("--timeout", type=_positive, default=15.0, help="seconds per request")
    parser.add_argument("--workers", type=int, default=8, help="requests at a time")
    parser.add_argument("--max-age-days", type=int, default=365, help="when a check is stale")
    parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--offline", action="store_true", help="only the checked days")
    parser.add_argument("--errors-only", action="store_true", help="report only errors")
    return parser.parse_args(argv)


def _report(problems: Iterable[Problem], errors_only: bool) -> list[Problem]:
    order = {"error": 0, "redirect": 1, "stale": 2}
    kept = [p for p in problems if not errors_only or p.kind == "error"]
    return sorted(kept, key=lambda p: order[p.kind])


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        roadmap = _load(args.roadmap)
    except RoadmapTuiError as exc:
        print(f"check_links.py: {exc}", file=sys.stderr)
        return 2
    today = args.today or date.today()
    problems = stale_links(roadmap, today, args.max_age_days)
    links = len(_links(roadmap))
    if args.offline:
        asked = "no address asked (--offline)"
    else:
        count, found = network_problems(roadmap, timeout=args.timeout, workers=args.workers)
        problems += found
        asked = f"{count} addresses asked"
    shown = _report(problems, args.errors_only)
    for problem in shown:
        print(problem.line())
    counts = {kind: sum(1 for p in shown if p.kind == kind) for kind in ("error", "redirect")}
    stale = sum(1 for p in shown if p.kind == "stale")
    print(
        f"{roadmap.id}: {links} links, {asked}; {counts['error']} errors, "
        f"{counts['redirect']} redirects, {stale} stale (checked on {today.isoformat()})"
    )
    return 1 if shown else 0


if __name__ == "__main__":
    sys.exit(main())
