"""Example stories shipped with the data: `data/stories/*.json`, in the exchange format import accepts.

A fresh install has them without any setup: they are read and validated at start-up (a bad file stops
the app with the file name and every problem, like any dataset), served read-only next to the stories
in the database, and never written to it, so several workers booting together cannot race to insert
them. Their key is `example/<file stem>` (player `/story/example/<stem>`, pack
`/stories/example/<stem>/pack.html`); to change one, a partner duplicates it into an ordinary story.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .service import StoryError, parse_story_json

FOLDER = "stories"
OWNER = "imapdash"
KEY_PREFIX = "example/"


class ExampleStoryError(ValueError):
    """An example story file is not valid: the message names the file and every problem."""


def load_examples(data_dir: Path, is_known_path: Callable[[str], bool]) -> tuple[dict, ...]:
    """Every `data_dir/stories/*.json`, validated, as story dicts with key `example/<stem>` (sorted by file)."""
    folder = Path(data_dir) / FOLDER
    examples = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            story = parse_story_json(path.read_bytes(), is_known_path)
        except StoryError as exc:
            raise ExampleStoryError(
                f"example story {path}: " + "; ".join(exc.problems) + " (fix or remove the file)"
            ) from None
        examples.append(
            {
                **story,
                "id": f"{KEY_PREFIX}{path.stem}",
                "example": True,
                "owner": OWNER,
                "updated_by": OWNER,
                "updated_at": "",
            }
        )
    return tuple(examples)


def find_example(examples: tuple[dict, ...], stem: str) -> dict | None:
    """The example whose file stem is `stem`, or None."""
    return next((story for story in examples if story["id"] == f"{KEY_PREFIX}{stem}"), None)
