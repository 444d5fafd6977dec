"""The main screen (`screen`) and its panes: the levels (`levels`), the topic tree
(`panes`), the focused topic's details (`details`), what comes next (`guide`, `nextup`),
the plan (`planning`) and how tall each pane is (`fitting`).

May import: the core, `tui.widgets`, `tui.bindings`, `tui.screens`.
"""
