"""`roadmap-tui serve`: the app in a browser, local, offline and behind a token.

The installed command serves on a free loopback port; the tests talk to it as a browser
would — at the websocket level with aiohttp (fast), and in real headless Chromium
driven by Playwright with the system browser — and check the progress file on disk,
what is refused without the token, that nothing is fetched from elsewhere, and that
ctrl+c leaves no process behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
pytest.importorskip("aiohttp")

import aiohttp
from support.samples import LockHolder, file_statuses
from support.tools import need

from roadmap_tui.base.paths import progress_path
from roadmap_tui.progress.store import ProgressStore
from roadmap_tui.roadmap.model import Status

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and /proc")
WAIT = 60.0  # an upper bound on waiting, never a claim about speed


def command() -> list[str]:
    script = Path(sys.executable).parent / "roadmap-tui"
    return [str(script)] if script.exists() else [sys.executable, "-m", "roadmap_tui"]


class Served:
    """A running `roadmap-tui serve` on a free port, and the address it printed."""

    def __init__(self, data: Path, *extra: str) -> None:
        self.data = data
        self.proc = subprocess.Popen(
            [*command(), "serve", "--data-dir", str(data), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], WAIT)
        line = self.proc.stdout.readline() if ready else ""
        found = re.search(r"(http://127\.0\.0\.1:(\d+))/\?token=(\S+)", line)
        if not found:
            self.close()
            raise AssertionError(f"no address printed first: {line!r}")
        self.base, self.token = found.group(1), found.group(3)
        self.address = f"{self.base}/?token={self.token}"

    def stop(self) -> int:
        """ctrl+c, as in the terminal that runs it."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGINT)
        return self.proc.wait(WAIT)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(WAIT)


@pytest.fixture
def served(data_dir: Path) -> Iterator[Served]:
    server = Served(data_dir)
    try:
        yield server
    finally:
        server.close()


def apps_of(data: Path, but: int = 0) -> list[int]:
    """Every process running roadmap-tui on ``data`` (its command line names it), but
    the process ``but`` (the server itself)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != but:
            with contextlib.suppress(OSError):
                line = (entry / "cmdline").read_bytes().decode(errors="replace")
                if str(data) in line and ("roadmap_tui" in line or "roadmap-tui" in line):
                    found.append(int(entry.name))
    return found


def browser_session() -> aiohttp.ClientSession:
    """A client that keeps cookies as a browser does (aiohttp refuses them from an IP
    address unless told otherwise)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def wait_until(condition: object, what: str) -> None:
    assert callable(condition)
    for _ in range(int(WAIT / 0.05)):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


async def tab(server: Served, session: aiohttp.ClientSession) -> aiohttp.ClientWebSocketResponse:
    """A browser tab: the page (trading the token for the cookie), then the app's
    websocket, read until the app has drawn its first screen."""
    async with session.get(server.address) as page:
        assert page.status == 200
    ws = await session.ws_connect(f"{server.base.replace('http', 'ws')}/ws?width=100&height=30")
    drawn = b""
    while b"Computer Science basics" not in drawn:
        message = await asyncio.wait_for(ws.receive(), WAIT)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        drawn += message.data
    return ws


def plain(drawn: bytes) -> str:
    """What the app drew, without its escape sequences."""
    return re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]", "", drawn.decode("utf-8", "replace"))


async def press(ws: aiohttp.ClientWebSocketResponse, keys: str) -> None:
    await ws.send_str(json.dumps(["stdin", keys]))


def test_without_the_token_everything_but_the_scripts_is_refused(served: Served) -> None:
    async def run() -> None:
        async with browser_session() as session:
            for path in ("/", "/ws", "/download/anything", "/?token=wrong"):
                async with session.get(served.base + path) as response:
                    assert response.status == 403, path
                    assert "needs its token" in await response.text()
            async with session.get(served.base + "/static/js/textual.js") as response:
                assert response.status == 200  # textual-serve's own script: no data of yours

    asyncio.run(run())


def test_the_token_opens_the_app_and_a_tick_lands_on_disk(served: Served) -> None:
    async def run() -> None:
        async with browser_session() as session:
            async with session.get(served.address, allow_redirects=False) as first:
                assert first.status == 302 and first.headers["Location"] == "/"
                assert "HttpOnly" in first.headers["Set-Cookie"]
                assert "SameSite=Strict" in first.headers["Set-Cookie"]
            ws = await tab(served, session)
            await press(ws, " ")
            wait_until(lambda: file_statuses(served.data) == {"cs-basics": "done"}, "the tick")
            await ws.close()

    asyncio.run(run())
    assert served.stop() == 0


def test_the_page_names_nothing_outside_this_machine(served: Served) -> None:
    async def run() -> str:
        async with browser_session() as session, session.get(served.address) as page:
            return await page.text()

    html = asyncio.run(run())
    assert "textual.js" in html and "RobotoMono" in html
    addresses = re.findall(r"""(?:https?|wss?):[^"'\s)]*|(?<=["'(])//[^"'\s)]+""", html)
    assert all(a.startswith(("ws://127.0.0.1:", "http://127.0.0.1:")) for a in addresses), addresses


def test_a_page_of_another_site_may_not_drive_the_app(served: Served) -> None:
    async def run() -> None:
        async with browser_session() as session:
            async with session.get(served.address) as page:
                assert page.status == 200
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(
                    f"{served.base.replace('http', 'ws')}/ws", origin="http://evil.example"
                )
            assert refused.value.status == 403

    asyncio.run(run())


def test_two_tabs_are_two_writers_and_nothing_is_lost(served: Served) -> None:
    async def run() -> None:
        async with browser_session() as one, browser_session() as two:
            first, second = await tab(served, one), await tab(served, two)
            await press(first, " ")  # the first topic
            await press(second, "jjx")  # the third
            wait_until(
                lambda: file_statuses(served.data) == {"cs-basics": "done", "os-basics": "done"},
                "both ticks",
            )
            await first.close()
            await second.close()

    asyncio.run(run())


def test_a_tab_closed_before_its_tick_could_be_saved_keeps_it(served: Served) -> None:
    """Another roadmap-tui holds the progress file's lock, so the tick can't be saved
    yet when the tab is closed: the tab's app keeps it in a recovery journal, and the
    next start writes it. Nothing shown is lost."""
    path = progress_path(served.data, "backend")
    holder = LockHolder(path)
    try:

        async def run() -> None:
            async with browser_session() as session:
                ws = await tab(served, session)
                await press(ws, "jx")
                drawn = b""
                while "[x] Networking" not in plain(drawn):  # the tick is on screen...
                    drawn += (await asyncio.wait_for(ws.receive(), WAIT)).data
                await ws.close()  # ...and the tab is gone at once

        asyncio.run(run())
        wait_until(lambda: not apps_of(served.data, but=served.proc.pid), "the app to end")
    finally:
        holder.release()
    assert file_statuses(served.data) == {}  # it could not be written...
    store = ProgressStore(path, "backend")
    assert store.load().entry("networking-fundamentals").status is Status.DONE  # ...kept
    assert any("recovered" in notice for notice in store.notices)


def test_o_opens_the_link_in_a_new_tab_and_e_hands_the_export_over(served: Served) -> None:
    """In a browser, links open in a new browser tab and the export is also offered as
    a download (and still written where the app always writes it)."""
    from roadmap_tui.roadmap.load import load_bundled

    first_link = load_bundled().levels[0].items[0].links[0].url

    async def said(ws: aiohttp.ClientWebSocketResponse, kind: str) -> list[object]:
        while True:
            message = await asyncio.wait_for(ws.receive(), WAIT)
            if message.type == aiohttp.WSMsgType.TEXT:
                envelope = json.loads(message.data)
                if envelope[0] == kind:
                    return list(envelope)

    async def run() -> None:
        async with browser_session() as session:
            ws = await tab(served, session)
            await press(ws, "o")
            opened = await said(ws, "open_url")
            assert opened[1] == {"url": first_link, "new_tab": True}
            await press(ws, "e\r")  # the first format: Markdown
            delivered = await said(ws, "deliver_file_start")
            async with session.get(f"{served.base}/download/{delivered[1]}") as download:
                assert download.status == 200
                text = await download.text()
            assert text.startswith("# Backend Developer Roadmap")
            await ws.close()

    asyncio.run(run())
    written = served.data / "exports" / "backend.md"
    wait_until(written.exists, "the export file")
    assert written.read_text(encoding="utf-8").startswith("# Backend Developer Roadmap")


def test_ctrl_c_stops_every_tabs_app_and_leaves_no_process(served: Served) -> None:
    async def run() -> list[aiohttp.ClientWebSocketResponse]:
        sessions = [browser_session() for _ in range(2)]
        tabs = [await tab(served, session) for session in sessions]
        await press(tabs[0], "x")
        wait_until(lambda: file_statuses(served.data) == {"cs-basics": "done"}, "the tick")
        assert len(apps_of(served.data)) >= 3  # the server and two apps
        assert served.stop() == 0  # ctrl+c with both tabs open
        for session in sessions:
            await session.close()
        return tabs

    asyncio.run(run())
    wait_until(lambda: not apps_of(served.data), "no process left")
    assert file_statuses(served.data) == {"cs-basics": "done"}


def test_another_address_than_this_machine_needs_saying_so(data_dir: Path) -> None:
    result = subprocess.run(
        [*command(), "serve", "--host", "0.0.0.0", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "add --public" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_the_web_extra_serve_says_what_to_install(tmp_path: Path, data_dir: Path) -> None:
    blocker = tmp_path / "no-extra" / "textual_serve"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = {**os.environ, "PYTHONPATH": str(blocker.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "serve", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=WAIT,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert 'pip install "roadmap-tui[web]"' in result.stderr


def test_other_commands_never_load_the_web_server(data_dir: Path) -> None:
    code = (
        "import sys\n"
        "from roadmap_tui.cli.main import main\n"
        "for argv in (['status'], ['export'], ['path'], ['--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print([m for m in ('aiohttp', 'textual_serve', 'jinja2') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=WAIT,
        env={**os.environ, "ROADMAP_TUI_DATA_DIR": str(data_dir)},
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


# ----------------------------------------------------------------------------- a browser


def test_in_chromium_the_roadmap_appears_a_tick_lands_and_nothing_leaves(
    served: Served, tmp_path: Path
) -> None:
    chromium = need("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    requested: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 620})
            page.on("request", lambda request: requested.append(request.url))
            refused = page.goto(served.base + "/")
            assert refused is not None and refused.status == 403
            page.goto(served.address)
            page.wait_for_selector("body.-first-byte", timeout=WAIT * 1000)
            page.click("#terminal")
            page.keyboard.press("x")
            wait_until(lambda: file_statuses(served.data) == {"cs-basics": "done"}, "the tick")
            page.screenshot(path=str(tmp_path / "browser.png"))
        finally:
            browser.close()
    assert (tmp_path / "browser.png").stat().st_size > 10_000
    local = ("http://127.0.0.1:", "ws://127.0.0.1:")
    assert requested and all(url.startswith(local) for url in requested), requested


def test_open_hands_the_browser_a_private_page_never_the_token(
    tmp_path: Path, data_dir: Path
) -> None:
    """`--open`: the browser's command line (which every user can list) gets a file
    only this user can read, which leads to the address; the file goes at ctrl+c."""
    seen = tmp_path / "browser-args"
    fake = tmp_path / "browser"
    fake.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{seen}"\n')
    fake.chmod(0o755)
    os.environ["BROWSER"] = f"{fake} %s"
    try:
        server = Served(data_dir, "--open")
    finally:
        del os.environ["BROWSER"]
    try:
        wait_until(seen.exists, "the browser to be started")
        wait_until(lambda: seen.read_text().startswith("file://"), "its argument")
        argument = seen.read_text()
        assert server.token not in argument
        page = Path(argument.removeprefix("file://"))
        assert page.stat().st_mode & 0o077 == 0  # nobody else can read it
        assert server.address in page.read_text().replace("&amp;", "&")
        assert server.stop() == 0
        assert not page.exists()
    finally:
        server.close()


def test_requests_no_browser_would_send_get_a_refusal_and_the_token_stays_out_of_logs(
    served: Served,
) -> None:
    """Bytes that are not UTF-8 in a cookie or the address, a request line too long to
    parse, odd digits: a refusal or the page, never a server error, and the server's
    log (its stderr) never shows the token or a traceback."""
    import socket

    host, port = served.base.removeprefix("http://").split(":")
    raw = [
        b"GET / HTTP/1.1\r\nHost: x\r\nCookie: "
        + f"roadmap_tui_token_{port}".encode()
        + b"=\xff\xfe\r\n\r\n",
        b"GET /?token=" + served.token.encode() + b"&x=\xff HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /?token=" + served.token.encode() + b"&x=" + b"A" * 9000 + b" HTTP/1.1\r\n\r\n",
    ]
    for request in raw:
        with socket.create_connection((host, int(port)), timeout=WAIT) as conn:
            conn.sendall(request)
            status = conn.recv(64).split(b"\r\n")[0]
        assert not status.startswith(b"HTTP/1.1 5"), (request[:40], status)

    async def run() -> None:
        async with browser_session() as session, session.get(served.address) as page:
            assert page.status == 200
            async with session.get(f"{served.base}/?fontsize=%C2%B2") as odd:
                assert odd.status == 200

    asyncio.run(run())
    assert served.stop() == 0
    assert served.proc.stderr is not None
    log = served.proc.stderr.read()
    assert served.token not in log
    assert "Traceback" not in log
