"""What `status --short` need not parse in a progress file: the review log.

A year of reviews is most of a progress file (828 lines, 75 KB) and a third of the time
`status --short` takes to read it, yet the line needs none of it (`{due}` takes the
ordinary route). The log is cut out only where it is exactly as roadmap-tui writes it:
the top-level `reviews = [` before the first table, one inline table a line, and `]`.
Written any other way (by hand, by a newer version), nothing is cut and the whole file
is parsed, as before.
"""

from __future__ import annotations

from typing import Any

_START = "\nreviews = [\n"
_END = "\n]\n"


def without_review_log(text: str) -> str:
    """``text`` without its review log, when the log is as roadmap-tui writes it."""
    start = text.find(_START)
    if start == -1 or "\n[" in "\n" + text[:start]:
        return text  # none, or not at the top level
    end = text.find(_END, start + len(_START) - 1)
    if end == -1:
        return text
    rows = text[start + len(_START) : end + 1].split("\n")[:-1]
    if not all(row.startswith("    {") and row.endswith("},") for row in rows):
        return text
    return text[: start + 1] + text[end + len(_END) :]


def load_progress(text: str) -> dict[str, Any]:
    """The progress file's TOML without its review log (`without_review_log`); read
    whole if the cut text does not read (a file this module misjudged), so a cut never
    makes a sound file look corrupt. TOMLDecodeError as `tomllib.loads` raises it."""
    import tomllib

    cut = without_review_log(text)
    if cut is not text:
        try:
            return tomllib.loads(cut)
        except tomllib.TOMLDecodeError:
            pass
    return tomllib.loads(text)
