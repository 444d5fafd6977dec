"""Where roadmap-tui's files are, as plain strings, importing next to nothing.

`status --short` runs from shell prompts every few seconds and must start in a few
milliseconds, before `pathlib` (or anything else it can do without) is imported;
`roadmap_tui.base.paths` and `roadmap_tui.roadmap.load` use these same functions, so both
routes agree on every location.
"""

from __future__ import annotations

import os

APP_NAME = "roadmap-tui"
DATA_DIR_ENV = "ROADMAP_TUI_DATA_DIR"
CACHE_DIR_ENV = "ROADMAP_TUI_CACHE_DIR"
CONFIG_DIR_ENV = "ROADMAP_TUI_CONFIG_DIR"

CACHE_FORMAT = 4  # 2: links carry `checked`; 3: items per level, leaf groups; 4: sealed
BUNDLED_NAME = "roadmap.toml"


def data_folder(override: str | None = None) -> str:
    """``--data-dir``, else ``$ROADMAP_TUI_DATA_DIR``, else platformdirs' data folder."""
    if override:
        return os.path.expanduser(override)
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return os.path.expanduser(env)
    import platformdirs

    return platformdirs.user_data_dir(APP_NAME, appauthor=False)


def cache_folder() -> str:
    """``$ROADMAP_TUI_CACHE_DIR``, else platformdirs' per-user cache folder."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return os.path.expanduser(env)
    import platformdirs

    return platformdirs.user_cache_dir(APP_NAME, appauthor=False)


def bundled_file() -> str:
    """The bundled Backend roadmap, inside the installed package.

    The wheel carries `data/roadmap.toml` as package data (pyproject's force-include).
    An editable install (`pip install -e .`) maps the package to `src/` and carries no
    package data; only then is the checkout's own `data/roadmap.toml` used."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # roadmap_tui/
    path = os.path.join(package, "data", BUNDLED_NAME)
    src = os.path.dirname(package)
    if os.path.basename(src) != "src":  # installed: the package data is there
        return path
    try:
        os.stat(path)
    except OSError:  # (a checkout that can't be read either: reading it says why)
        return os.path.join(os.path.dirname(src), "data", BUNDLED_NAME)
    return path


def docs_folder() -> str:
    """The user docs (docs/*.md): package data in the wheel (pyproject's force-include),
    the checkout's own docs/ in an editable install, as for `bundled_file`."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # roadmap_tui/
    path = os.path.join(package, "docs")
    src = os.path.dirname(package)
    if os.path.basename(src) != "src" or os.path.isdir(path):
        return path
    return os.path.join(os.path.dirname(src), "docs")


def cache_entry(data: bytes) -> str:
    """The file name, in the cache folder's ``roadmaps`` folder, of the validated form
    of the roadmap whose file holds ``data``: keyed by the bytes (so a cached roadmap is
    found without decoding its file), roadmap-tui's version and Python's (marshal's
    format may change between Python versions)."""
    # zlib's checksums instead of hashlib: the same job here (telling files apart, not
    # resisting forgery: a cache entry is only ever our own validated output) at a
    # fraction of the start-up cost. Length and two independent checksums make a
    # collision between two real roadmap files practically impossible.
    import sys
    import zlib

    from roadmap_tui import __version__

    head = f"{CACHE_FORMAT}.{__version__}.{sys.version_info[:2]}\0".encode()
    crc = zlib.crc32(data, zlib.crc32(head))
    adler = zlib.adler32(data, zlib.adler32(head))
    return f"{len(head) + len(data):x}-{crc:08x}{adler:08x}.marshal"


_SEAL = b"roadmap-tui cache\0"


def seal_cache(payload: bytes) -> bytes:
    """A cache entry's bytes: ``payload`` behind a header with its length and checksum,
    so that a truncated or damaged entry is told from ours before anything decodes it."""
    import zlib

    return _SEAL + b"%016x%08x" % (len(payload), zlib.crc32(payload)) + payload


def unseal_cache(raw: bytes) -> bytes | None:
    """The payload `seal_cache` sealed into ``raw``, or None if ``raw`` is not such an
    entry whole (cut short, grown, damaged, or something else entirely)."""
    import zlib

    head = len(_SEAL) + 24
    if not raw.startswith(_SEAL) or len(raw) < head:
        return None
    try:
        size, crc = int(raw[len(_SEAL) : head - 8], 16), int(raw[head - 8 : head], 16)
    except ValueError:
        return None
    payload = raw[head:]
    if size != len(payload) or crc != zlib.crc32(payload):
        return None
    return payload
