"""Build the app's data files (``data/``) from the shared reference data (maintainers only).

The reference collection (``../shared/reference-data``: tidy CSVs and ``raw/iom-gdidata`` conversions,
documented in its ``SOURCES.md``) is read here and the files described in ``docs/data-contract.md`` are
written: one module per output file in ``databuild/tables/``, curated editorial tables (routes, waypoints,
indicator definitions, manifest texts) as data files in ``databuild/curated/``, columns and keys from
``imapdash.datasets.schema``. Geometry (``countries.csv``/``countries.geojson``) is built by
``databuild/geo.py`` and only rebuilt when ``--with-geo`` is given.

Rules enforced here:

* no number is invented, interpolated, estimated or filled: every value is copied from a reference
  file or is a plain sum of an official dataset (said in ``source_org``/``note``); empty reference
  cells give no row (never 0);
* ratios computed upstream keep "(derived)" in their indicator label;
* every row keeps ``source_org``, ``source_url`` and ``vintage``;
* 2025 flow figures (Jan–Apr) are preliminary and partner-only (``restricted`` = 1);
* output is deterministic: rows sorted by key, integers without ``.0``, ``\\n`` line ends.

Usage (from the repository root)::

    python -m databuild --reference ../shared/reference-data --out data [--with-geo]
    python -m databuild contract [--check]      # docs/data-contract.md from the schemas
"""
