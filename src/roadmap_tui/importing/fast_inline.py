"""A faster inline pass for the importer's markdown-it parser: the same tokens, with
less work for plain lines and task boxes (tests/core/test_import_shortcuts.py compares
it with markdown-it's own)."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

# ------------------------------------------------------------- a faster inline pass

# The characters at which one of the importer's inline rules (markdown-it's CommonMark
# ones, strikethrough and footnotes) can start: text without them is one text token.
_INLINE_MARKUP = re.compile(r"[\n\\`~*_\[<&]")
# A task's box that no inline rule can touch (`[ ]`, `[x]`, `[/]`…), then one space.
_PLAIN_BOX = re.compile(r"\[(?: |[^\s\\`~*_\[\]<&!^])\] (?=\S)")


def use_fast_inline(md: MarkdownIt) -> None:
    """Replace markdown-it's core `inline` rule by one that gives the same tokens with
    less work: a line without markup is one text token, and a task's box is not
    parsed (it would be tried as a link on every task)."""
    md.core.ruler.at("inline", _inline_rule)


def _inline_rule(state: StateCore) -> None:
    md, env = state.md, state.env
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        token.children += inline_tokens(md, token.content, env)


def inline_tokens(md: MarkdownIt, src: str, env: MutableMapping[str, Any]) -> list[Token]:
    """The inline tokens markdown-it gives for ``src``."""
    box = _PLAIN_BOX.match(src)
    if box is not None and normalizeReference(box[0][1]) in env.get("references", {}):
        box = None  # `[x]: url` is defined: the box is a link
    head, rest = (box[0], src[box.end() :]) if box else ("", src)
    if _INLINE_MARKUP.search(rest) is None:
        return [_text(src)] if src else []
    tokens: list[Token] = md.inline.parse(rest, md, env, [])
    if head and tokens and tokens[0].type == "text" and tokens[0].level == 0:
        tokens[0].content = head + tokens[0].content
    elif head:
        tokens.insert(0, _text(head))
    return tokens


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
