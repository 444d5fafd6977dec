"""Text from roadmap files is shown literally: control characters become visible."""

from __future__ import annotations

import re
import unicodedata

# Bidirectional controls (embeddings, overrides, isolates, marks): invisible, yet they
# reorder what follows them on screen, so a title could reverse the rest of its line.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code > 0x9F:  # a bidi control: its code point, in plain ASCII
        return f"<U+{code:04X}>"
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def visible(text: str) -> str:
    """``text`` with every control character (ESC, BEL, C1, ...) replaced by a visible
    symbol, so nothing in a roadmap can act as a terminal escape, and every bidi control
    (U+202E, ...) by its code point (`<U+202E>`), so nothing can reorder what follows it
    on screen. Tabs and newlines stay."""
    return _CONTROL.sub(_picture, text) if _CONTROL.search(text) else text


def one_line(text: str) -> str:
    """``text`` on one line: runs of whitespace that include a line break become a space."""
    return " ".join(text.split()) if ("\n" in text or "\r" in text) else text


def plural(count: int, noun: str) -> str:
    """``1 topic``, ``2 topics``, ``0 topics``."""
    return f"{count} {noun}{'s' * (count != 1)}"


_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` on one line, made visible (as `visible`) and escaped for XML and HTML
    text or a quoted attribute; characters XML forbids become U+FFFD."""
    from html import escape

    return escape(_NOT_XML.sub("\ufffd", visible(one_line(text))), quote=True)


def fit(text: str, width: float) -> str:
    """``text`` cut to about ``width`` ems of a proportional font (an ellipsis marks a
    cut); East Asian wide characters count double."""
    from unicodedata import east_asian_width

    used = 0.0
    for index, char in enumerate(text):
        used += 1.0 if east_asian_width(char) in "WF" else 0.55
        if used > width:
            return text[: max(index - 1, 0)].rstrip() + "…"
    return text


def xml_block(text: str) -> str:
    """Like `xml_text`, but line breaks stay (for text shown with ``pre-wrap``)."""
    from html import escape

    return escape(_NOT_XML.sub("\ufffd", visible(text.strip())), quote=True)


# Characters that show nothing although their category says letter or symbol: Hangul
# fillers and the blank Braille pattern (used to fake empty text).
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Format characters that join or shape what is around them (emoji sequences): kept.
_JOINERS = frozenset("\u200c\u200d")


def clean(text: str) -> str:
    """One line: whitespace runs to one space, invisible characters gone."""
    if not text.isascii():
        text = "".join(c for c in text if not _invisible(c))
    return " ".join(text.split())


def _invisible(c: str) -> bool:
    """A character that takes no room: a format character (soft hyphen, zero-width
    space, byte order mark…; not the joiners of emoji sequences), the combining
    grapheme joiner, or a blank that poses as a letter (`_BLANK`)."""
    return (unicodedata.category(c) == "Cf" and c not in _JOINERS) or c in _BLANK or c == "\u034f"


def has_text(text: str) -> bool:
    """Whether ``text`` shows anything: not only spaces, controls, format characters,
    marks with nothing to sit on (a lone U+FE0F) and blanks that pose as letters."""
    return any(unicodedata.category(c)[0] not in "CZM" and c not in _BLANK for c in text)
