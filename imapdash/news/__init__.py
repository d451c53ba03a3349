"""News Centre back end: feed ingest, the bundled sample, rule-based themes and language analysis.

`language` and `classify` are pure Python (used by `imapdash.transforms.media` too); `models` and
`ingest` touch the database; `cli` adds `python -m imapdash news ...`.
"""
