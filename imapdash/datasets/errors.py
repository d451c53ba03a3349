"""Problems found while loading a dataset, reported by file, row and column."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, row or file.

    `row` is the line number in the file as a person sees it in an editor (the header is line 1),
    or None when the problem concerns the whole file or a whole column.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            text += f" (got {shown!r})"
        if self.expected is not None:
            text += f"; expected {self.expected}"
        return text


class DatasetError(Exception):
    """Raised when a data directory or an upload fails validation; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(format_report(self.problems, limit=20))

    def __reduce__(self) -> tuple[type[DatasetError], tuple[list[Problem]]]:
        # pickled with its problems (the default would rebuild it from the report text)
        return (type(self), (self.problems,))


def format_report(problems: list[Problem], *, limit: int | None = 50) -> str:
    """Render problems as a short readable report, grouped per file."""
    if not problems:
        return "no problems"
    lines = [f"{len(problems)} problem(s) in {len({p.file for p in problems})} file(s):"]
    per_file = Counter(p.file for p in problems)
    shown = problems if limit is None else problems[:limit]
    lines.extend(f"  - {p}" for p in shown)
    if limit is not None and len(problems) > limit:
        lines.append(f"  ... and {len(problems) - limit} more")
        lines.append("  per file: " + ", ".join(f"{f}: {n}" for f, n in sorted(per_file.items())))
    return "\n".join(lines)
