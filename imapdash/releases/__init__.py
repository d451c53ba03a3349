"""Numbered data releases: every data build and every approved submission is kept as a release.

- `models`: the tables (content-addressed file blobs, release rows, the current-release pointer);
- `store`: create, validate, activate and read releases (write aside, validate, then swap);
- `provider`: which release a request reads (the current one, or one pinned by `?release=N`),
  polled so workers switch with no restart;
- `diff`: what changed between two releases (pure functions over two `Datasets`).
"""
