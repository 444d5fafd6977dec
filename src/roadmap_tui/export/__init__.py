"""Progress out: GitHub-flavoured Markdown (`markdown`, also the format `importing`
reads back), a standalone HTML page (`page`), an SVG card (`card`) and JSON (`data`).

May import: `base`, `roadmap`, `progress`, `numbers`.
"""
