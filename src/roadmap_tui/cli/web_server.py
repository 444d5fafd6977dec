"""textual-serve's server with a token on every door, our own offline page, and no
access log (`roadmap-tui serve`; `serve.py` says what it promises). Imported only by
`serve`: nothing else pays for aiohttp."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
REFUSED = (
    "roadmap-tui: this address needs its token. Open the address `roadmap-tui serve` "
    "printed (it ends in ?token=…)."
)


class TokenServer(Server):
    """Serves the app to whoever brings the token, on our page, without logging it."""

    def __init__(
        self, command: str, host: str, port: int, token: str, page: Path, stop_seconds: float
    ) -> None:
        super().__init__(command, host=host, port=port, title="roadmap-tui", templates_path=page)
        self.token = token
        self.stop_seconds = stop_seconds
        self.cookie = f"roadmap_tui_token_{port}"  # two servers never share one cookie
        self.before_stop: Callable[[], None] = lambda: None

    # -- the doors

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every request but the static files (textual-serve's scripts and fonts, no
        data of yours) needs the token: in the address once, then in the cookie."""
        if request.path.startswith("/static/"):
            return await handler(request)
        given = request.query.get("token")
        if given is not None and request.path == "/" and token_matches(given, self.token):
            # Trade the token for a cookie and take it out of the address bar.
            query = {k: v for k, v in request.query.items() if k != "token"}
            target = (
                request.rel_url.with_query(query) if query else request.rel_url.with_query(None)
            )
            response = web.HTTPFound(str(target))
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
            raise response
        if not token_matches(request.cookies.get(self.cookie, ""), self.token):
            raise web.HTTPForbidden(text=REFUSED)
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"{request.scheme}://{request.host}":
            raise web.HTTPForbidden(
                text="roadmap-tui: a page of another site may not use this app."
            )
        return await handler(request)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    # -- our page (built from the request, so localhost and 127.0.0.1 both work)

    @aiohttp_jinja2.template("page.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        size = request.query.get("fontsize", "16")
        return {
            "font_size": int(size) if _small_number(size) and 6 <= int(size) <= 64 else 16,
            "static": "/static/",
            "websocket": f"{'wss' if request.secure else 'ws'}://{request.host}/ws",
        }

    # -- running

    def initialize_logging(self) -> None:
        """Warnings and errors only, one line each, the token masked, and never a
        request line (aiohttp logs the request line of one it cannot parse, token and
        all, with a traceback): the token must not reach a log."""
        logging.basicConfig(level=logging.WARNING, format="roadmap-tui serve: %(message)s")
        for name in ("aiohttp.access", "aiohttp.server", "aiohttp.web"):
            logging.getLogger(name).disabled = True
        for handler in logging.getLogger().handlers:
            handler.addFilter(_OneLineWithoutToken(self.token))

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: `serve` prints its own address once the port is open."""

    async def _serve(self, started: Callable[[], None]) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            # (Windows has no such handlers: ctrl+c arrives as KeyboardInterrupt.)
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stop.set)
        runner = web.AppRunner(
            await self._make_app(),
            access_log=None,
            handle_signals=False,
            shutdown_timeout=self.stop_seconds,
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host.strip("[]"), self.port).start()
            started()  # the port is open: the address works from now on
            await stop.wait()
        finally:
            self.before_stop()  # each tab's app asked to save and exit now, not on a timeout
            await runner.cleanup()  # closes every tab

    def run(self, started: Callable[[], None]) -> None:
        """Serve until ctrl+c (or SIGTERM); ``started`` runs once the port is open."""
        self.initialize_logging()
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(self._serve(started))


def token_matches(given: str, token: str) -> bool:
    """Whether ``given`` is the token (a cookie or query of any bytes is simply not)."""
    return given.isascii() and hmac.compare_digest(given.encode(), token.encode())


def _small_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 3


class _OneLineWithoutToken(logging.Filter):
    """A log record as one line, with the token masked and no traceback."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage().replace(self.token, "***")
        if record.exc_info and record.exc_info[1] is not None:
            text = f"{text} ({type(record.exc_info[1]).__name__})"
        record.msg, record.args = text.splitlines()[0] if text else "", ()
        record.exc_info = record.exc_text = None
        record.stack_info = None
        return True
