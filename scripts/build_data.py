"""Rebuild data/ from the reference data: kept for old instructions; the builder is the `databuild` package.

Usage (from the repository root): ``python scripts/build_data.py --reference ../shared/reference-data --out data``
is the same as ``python -m databuild --reference ../shared/reference-data --out data``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from databuild.cli import main  # after the path fix that lets the script run from anywhere

if __name__ == "__main__":
    sys.exit(main())
