"""Windows over the main screen: dialogs (`dialogs`: help, notes, export, pickers),
search (`search`), the team (`team`) and pace and history (`history`). Each returns
its result with `dismiss` (or a callback it is given) and never imports `tui.main`.

May import: the core, `tui.widgets`, `tui.bindings`.
"""
