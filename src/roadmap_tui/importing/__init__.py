"""Any Markdown checklist to a roadmap: the document's outline (`outline`, with
markdown-it-py), the text of one task line (`inline`), the task nodes read
(`nodes`), the roadmap built from them (`reader`), stable topic ids (`ids`), where an
import goes and the progress it brings (`plan`), and URLs (`fetch`).
docs/markdown.md says what is kept.

May import: `base`, `roadmap`, `progress`, markdown-it-py.
"""
