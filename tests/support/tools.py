"""External programs some tests need (rsvg-convert, chromium): missing ones skip the
test with the reason on a developer's machine, and fail it in CI (``CI`` set), where
.ci/run installs them."""

from __future__ import annotations

import os
import shutil

import pytest

PACKAGES = {"rsvg-convert": "librsvg2-bin", "chromium": "chromium", "zsh": "zsh", "fish": "fish"}


def need(tool: str) -> str:
    """The path of ``tool``; skips (or, in CI, fails) the test when it is missing.
    ``ROADMAP_TUI_TOOL_<NAME>`` names it where it is not on PATH as ``tool`` (the GitHub
    workflow's Chromium comes from Playwright)."""
    named = os.environ.get("ROADMAP_TUI_TOOL_" + tool.upper().replace("-", "_"))
    path = shutil.which(named or tool)
    if path is not None:
        return path
    reason = f"{tool} is not installed (Debian: apt-get install {PACKAGES.get(tool, tool)})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must have it (.ci/run installs it)")
    pytest.skip(reason)
