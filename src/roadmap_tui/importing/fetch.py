"""Fetch a Markdown checklist from the web for `roadmap-tui import https://…`.

A raw Markdown address is read as is. A GitHub page means its raw file: a repository
(``github.com/OWNER/REPO``) its README on the default branch, a file page
(``…/blob/BRANCH/PATH``) that file, a folder (``…/tree/BRANCH/DIR``) its README. The
raw host can be changed with ``ROADMAP_TUI_GITHUB_RAW`` (the tests point it at a local
server). Addresses are percent-encoded where they need it (a path with spaces). The
whole download has one deadline (not each read), answers larger than `MAX_BYTES` are
refused, and so is an answer cut short (fewer bytes than its Content-Length).
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from roadmap_tui.base.errors import RoadmapError
from roadmap_tui.base.text import one_line

TIMEOUT_SECONDS = 20.0
MAX_BYTES = 5 * 1024 * 1024
RAW_ENV = "ROADMAP_TUI_GITHUB_RAW"
RAW_HOST = "https://raw.githubusercontent.com"
_GITHUB = re.compile(
    r"^https?://(?:www\.)?github\.com/([^/?#]+)/([^/?#]+?)(?:\.git)?"
    r"(?:/(blob|tree|raw)/([^?#]+))?/?(?:[?#].*)?$"
)


def is_url(text: str) -> bool:
    """Whether ``text`` is meant as a web address (a broken one is still one: reading it
    then says what is wrong with it)."""
    return text[:8].lower().startswith(("http://", "https://"))


# Characters a URL may hold as they are; everything else (spaces, non-ASCII) is
# percent-encoded. `%` stays, so an address already encoded is not encoded twice.
_SAFE = "/%:@!$&'()*+,;=~-._"


def quoted(url: str) -> str:
    """``url`` with its path and query percent-encoded where they need it; its fragment
    (a place in a page) dropped. ValueError if it is no valid address."""
    parts = urlsplit(url.strip())
    if not parts.hostname:
        raise ValueError("it names no host")
    return urlunsplit(
        (parts.scheme, parts.netloc, quote(parts.path, _SAFE), quote(parts.query, _SAFE + "?"), "")
    )


def raw_url(url: str) -> str:
    """The address of the Markdown a URL means (GitHub pages become raw files)."""
    match = _GITHUB.match(url)
    if match is None:
        return url
    owner, repo, kind, rest = match.groups()
    raw = os.environ.get(RAW_ENV, RAW_HOST).rstrip("/")
    if kind is None:
        return f"{raw}/{owner}/{repo}/HEAD/README.md"
    if kind == "tree":
        return f"{raw}/{owner}/{repo}/{rest.rstrip('/')}/README.md"
    return f"{raw}/{owner}/{repo}/{rest}"


def source_key(url: str) -> str:
    """The one name of what ``url`` means, so that the same source imported by another
    spelling updates the same roadmap: a GitHub page without ``.git``, a trailing
    ``/``, a query (``?plain=1``) or a fragment (``#L3``), a ``raw`` page as its
    ``blob`` page; any other address without its fragment."""
    match = _GITHUB.match(url.strip())
    if match is None:
        return url.strip().split("#", 1)[0]
    owner, repo, kind, rest = match.groups()
    key = f"https://github.com/{owner}/{repo}"
    if kind is not None:
        key += f"/{'tree' if kind == 'tree' else 'blob'}/{rest.rstrip('/')}"
    return key


def fetch_markdown(url: str, timeout: float | None = None) -> tuple[str, str]:
    """(text, address it was read from), or `RoadmapError` in one sentence naming ``url``.
    The whole download must finish within ``timeout`` seconds."""
    import threading

    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    try:
        source = quoted(raw_url(url))
    except ValueError as exc:
        raise _error(url, f"this is not a valid address ({_reason(exc)})") from None
    answer: list[tuple[bytes, str, str] | RoadmapError] = []

    def download() -> None:
        try:
            answer.append(_download(url, source, timeout))
        except RoadmapError as exc:
            answer.append(exc)

    # A daemon thread: a server that keeps dripping bytes can't hold the command past
    # the deadline (the thread ends with the process).
    worker = threading.Thread(target=download, daemon=True)
    worker.start()
    worker.join(timeout)
    if not answer:
        raise _error(url, f"no complete answer within {timeout:g} seconds", NETWORK)
    result = answer[0]
    if isinstance(result, RoadmapError):
        raise result
    data, kind, final = result
    return _decode(url, data, kind), final


def _download(url: str, source: str, timeout: float) -> tuple[bytes, str, str]:
    """The answer's bytes, content type and final address; `RoadmapError` otherwise."""
    import http.client
    import urllib.error
    import urllib.request

    request = urllib.request.Request(source, headers={"User-Agent": "roadmap-tui"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            length = response.headers.get("Content-Length", "")
            data = response.read(MAX_BYTES + 1)
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise _http_error(url, exc) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _error(url, f"no answer within {timeout:g} seconds", NETWORK) from None
        raise _error(url, f"cannot reach it ({_reason(exc.reason)})", NETWORK) from None
    except TimeoutError:
        raise _error(url, f"no answer within {timeout:g} seconds", NETWORK) from None
    except http.client.InvalidURL as exc:
        raise _error(url, f"this is not a valid address ({_reason(exc)})") from None
    except http.client.HTTPException as exc:
        raise _error(url, f"the answer broke off ({_reason(exc)})", NETWORK) from None
    except OSError as exc:
        raise _error(url, f"cannot read it ({_reason(exc)})", NETWORK) from None
    except ValueError as exc:  # what urllib says of an address it can't use
        raise _error(url, f"this is not a valid address ({_reason(exc)})") from None
    if length.strip().isdigit() and len(data) < int(length) and len(data) <= MAX_BYTES:
        raise _error(
            url,
            f"the download was cut short ({len(data)} of {int(length)} bytes); try again",
            NETWORK,
        )
    return data, kind, final


def _http_error(url: str, exc: Any) -> RoadmapError:
    """An answer that was not the file, in one sentence: a redirect loop (urllib's own
    words for it are three lines), a 4xx (the address is wrong: bad input) or a 5xx
    (the server failed, exit `NETWORK`)."""
    if 300 <= exc.code < 400:
        return _error(url, "it redirects in a loop, or too many times", NETWORK)
    code = 2 if 400 <= exc.code < 500 and exc.code not in (408, 429) else NETWORK
    return _error(url, f"the server answered {exc.code} {_reason(exc.reason)}", code)


def _decode(url: str, data: bytes, kind: str) -> str:
    if len(data) > MAX_BYTES:
        raise _error(url, f"it is larger than {MAX_BYTES // (1024 * 1024)} MB; not a checklist")
    if kind == "text/html" or data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html")):
        raise _error(url, "this is a web page, not Markdown; use the address of the raw file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _error(url, f"it is not UTF-8 text (byte 0x{data[exc.start]:02x})") from None
    if "\x00" in text:
        raise _error(url, "it holds binary data, not text")
    return text.removeprefix("\ufeff")


def _reason(reason: object) -> str:
    text = getattr(reason, "strerror", None) or str(reason)
    return str(text).splitlines()[0] if str(text) else type(reason).__name__


NETWORK = 3
"""The exit code of a download that failed on the way (no answer, cut short, a server
error, a redirect loop), as opposed to 2 for an address or an answer that is wrong
(docs/usage.md, "Exit codes")."""


def _error(url: str, message: str, exit_code: int = 2) -> RoadmapError:
    # A URL is not a path (Path would fold its `//`): it goes into the sentence itself.
    return RoadmapError(f"{url}: {one_line(message)}", exit_code=exit_code)
