"""Reading and validating the files in data/ (no Dash, no plotly)."""

from .errors import DatasetError, Problem, format_report
from .store import Datasets, load_datasets, manifest_entry

__all__ = ["DatasetError", "Datasets", "Problem", "format_report", "load_datasets", "manifest_entry"]
