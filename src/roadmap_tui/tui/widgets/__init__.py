"""Widgets the screens share: literal text, glyphs and theme styles, marked lists
(`common`), the footer (`footer`) and links (`links`).

May import: the core, `tui.bindings`.
"""
