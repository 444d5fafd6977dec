"""The main screen (`screen`) and its panes: the levels (`levels`), the topic tree
(`panes`) and the focused topic's details (`details`).

May import: the core, `tui.widgets`, `tui.bindings`, `tui.screens`.
"""
