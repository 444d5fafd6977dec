"""The importer's shortcuts (docs/performance.md, "Importing a big checklist") change
nothing: the tokens it reads are the ones markdown-it's own inline pass gives, and the
addresses it accepts without splitting them are ones the full check accepts."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_core import inline as markdown_it_inline

from roadmap_tui.importing.inline import _PLAIN_WEB_URL
from roadmap_tui.importing.outline import _parser

# Pieces of task lines: boxes, links, references, markup, escapes, entities, plain text.
PIECES = st.sampled_from(
    [
        "- [ ] ",
        "- [x] ",
        "* [X] ",
        "1. [/] ",
        "- [-] ",
        "- [?] ",
        "- [*] ",
        "- [!] ",
        "- [^] ",
        "- [x]",
        "[x] ",
        "[ ]",
        "[x]: https://example.org/ref\n",
        "[ ]: https://example.org/empty\n",
        "[link](https://example.org/a)",
        "[x](https://example.org/b)",
        "![img](https://example.org/i.png)",
        "<https://example.org/auto>",
        "<b>",
        "*em*",
        "**strong**",
        "_u_",
        "~~old~~",
        "`code`",
        "\\*",
        "\\.",
        "&amp;",
        "[^1]",
        "^[inline note]",
        "Topic 1-2: something, number 3",
        "Лекция",
        "✅ 2024-04-13",
        "#tag",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\n  ",
        "]",
        "[",
        "(",
        ")",
        ":",
    ]
)
DOCUMENTS = st.lists(PIECES, max_size=30).map("".join)


def _reference_parser() -> MarkdownIt:
    """The importer's parser with markdown-it's own inline pass put back."""
    md = _parser()
    md.core.ruler.at("inline", markdown_it_inline)
    return md


FAST, REFERENCE = _parser(), _reference_parser()


def _tokens(md: MarkdownIt, text: str) -> list[MutableMapping[str, Any]]:
    return [token.as_dict() for token in md.parse(text)]


@settings(max_examples=600, deadline=None)
@given(DOCUMENTS)
@example("[x]: https://example.org/ref\n\n- [x] a box that is a link\n- [ ] and one that isn't\n")
@example("[-]: <https://example.org>\n- [-] a box that is a link\n- [?] *b*\n")
def test_the_fast_inline_pass_gives_markdown_its_own_tokens(text: str) -> None:
    assert _tokens(FAST, text) == _tokens(REFERENCE, text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_line_gives_markdown_its_own_tokens(line: str) -> None:
    text = f"- [ ] {line}\n- [x] [{line}](https://example.org/{line})\n"
    assert _tokens(FAST, text) == _tokens(REFERENCE, text)


@given(st.from_regex(_PLAIN_WEB_URL, fullmatch=True))
def test_an_address_taken_without_splitting_passes_the_full_check(url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https")
    assert parts.netloc
    assert not re.search(r"\s", url)
