"""The terminal app (Textual): the thin face on the core. Only `roadmap-tui` without a
subcommand imports this package; nothing in the core imports it (ARCHITECTURE.md).

`app` builds the app; `main/` is the main screen and its panes (levels, topics,
details); `screens/` the windows over it (dialogs, search, team, pace and history);
`widgets/` the pieces they share; `bindings` every key, `palette` the command palette,
`synclink` background sync and its words in the top bar.

May import: every core package and Textual; never `cli`. Screens hand results back
with `dismiss` or messages and never import the screen that opened them.
"""
