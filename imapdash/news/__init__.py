"""News Centre back end: feed ingest, the bundled sample, rule-based themes and language analysis.

`language`, `classify` and `media` (items as frames: filters, counts, terms) are pure Python and
pandas; `models` and `ingest` touch the database; `cli` adds `python -m imapdash news ...`.
"""
