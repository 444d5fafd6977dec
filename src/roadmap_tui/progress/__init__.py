"""Progress: each topic's entry and how two copies merge (`entries`), the progress
file's format (`codec`), the store that writes it atomically under a lock (`store`),
its daily backups (`backups`), recovery journals (`recovery`) and Syncthing/Dropbox
conflict copies (`conflicts`).

May import: `base`, `roadmap`, tomli-w, filelock.
"""
