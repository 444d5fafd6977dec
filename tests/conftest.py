"""Shared by every test: per-user paths inside tmp_path (no test touches a real home),
the data folder fixture, and the `slow` mark on end-to-end tests."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests never assert how long an example took: Hypothesis's default deadline
# (200 ms an example) and its "too slow" health check are wall-clock assertions that a
# loaded machine fails at random (CONTRIBUTING.md, "Flaky tests"). What they check stays.
settings.register_profile(
    "roadmap-tui", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# In CI the examples are the same on every run (derandomized): a red run is a change's
# doing, never a new example drawn that day. Everywhere else (a developer's `pytest`,
# scripts/soak_tests.sh) each run draws new examples, and what one finds is a bug to fix
# (and to add as an @example), found before CI could trip over it.
settings.register_profile("ci", parent=settings.get_profile("roadmap-tui"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "roadmap-tui")

# Before any test module is imported (some load the bundled roadmap at import time):
# no per-user folder of the person running the tests is ever touched.
_SESSION = Path(tempfile.mkdtemp(prefix="roadmap-tui-tests-"))
os.environ["ROADMAP_TUI_CACHE_DIR"] = str(_SESSION / "cache")
os.environ["ROADMAP_TUI_CONFIG_DIR"] = str(_SESSION / "config")
os.environ["ROADMAP_TUI_DATA_DIR"] = str(_SESSION / "data")
os.environ["XDG_CACHE_HOME"] = str(_SESSION / "xdg-cache")
os.environ["XDG_DATA_HOME"] = str(_SESSION / "xdg-data")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in {
        "XDG_DATA_HOME": "xdg-data",
        "XDG_CONFIG_HOME": "xdg-config",
        "XDG_STATE_HOME": "xdg-state",
        "XDG_CACHE_HOME": "xdg-cache",
    }.items():
        monkeypatch.setenv(var, str(home / sub))
    data = tmp_path / "data"
    monkeypatch.setenv("ROADMAP_TUI_DATA_DIR", str(data))
    monkeypatch.setenv("ROADMAP_TUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ROADMAP_TUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    # No test opens a real browser on the desktop of the person running it: without a
    # display `o` shows links instead (tests/app/test_share_app.py sets these itself).
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(var, raising=False)
    # git (sync tests): no user or system git config, a fixed identity, never a prompt.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Person")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.invalid")
    return home


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The data folder every test's roadmap-tui uses (via ROADMAP_TUI_DATA_DIR)."""
    return tmp_path / "data"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e (the installed command in real terminals and
    processes) is `slow`: `pytest -m "not slow"` leaves them out."""
    e2e = Path(__file__).parent / "e2e"
    for item in items:
        if e2e in Path(item.path).parents:
            item.add_marker(pytest.mark.slow)
