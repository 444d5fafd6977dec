"""Foundations every other package uses: the one error type users see (`errors`), text
shown literally (`text`), files read and written safely (`files`), and where roadmap-tui
keeps its files (`paths`, and `locate` for the fast path of `status --short`).

May import: the standard library, platformdirs. Nothing of roadmap_tui outside `base`.
Empty of imports, like every package here, so importing one module loads only it.
"""
