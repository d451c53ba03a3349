"""Stories: validation, ordering, player URLs and JSON exchange (pure), plus their database functions.

A slide is a permalink (a local path and query of a known view), a title and a speaker note. Anything
that enters a story - the editor's form or an imported JSON file - goes through `validate_story`, so
a story can never point the player's iframe at another host or at a page that is not a view, and no
field outgrows its cap. Display parameters (`embed`, `present`, `lang`) are stripped from stored
permalinks: the player adds them, so the same story plays in any language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from imapdash.auth import audit
from imapdash.auth.audit import add_event
from imapdash.db import session_scope, utcnow
from imapdash.i18n import LANGUAGES, normalise_language

from .models import Story

FORMAT = "imapdash-story"
FORMAT_VERSION = 1
MAX_SLIDES = 50
MAX_TITLE = 200
MAX_NOTE = 2000
MAX_PERMALINK = 1000
MAX_IMPORT_BYTES = 256 * 1024
DISPLAY_PARAMS = frozenset({"embed", "present", "lang", "slide"})


class StoryError(ValueError):
    """A story (form or imported JSON) is not acceptable; `problems` lists every reason."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class StoryForbidden(StoryError):
    """The user may not change this story (only its owner or an admin may)."""


def can_edit(owner: str, *, user: str, admin: bool) -> bool:
    """Whether `user` may change or delete a story owned by `owner`: its owner, or an admin."""
    return admin or (bool(user) and user == owner)


@dataclass(frozen=True)
class Slide:
    """One step of a story."""

    permalink: str
    title: str
    note: str = ""

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"permalink": self.permalink, "title": self.title, "note": self.note}


def _clean(text: object, limit: int) -> str:
    """Trimmed text without control characters other than newlines and tabs."""
    value = "".join(ch for ch in str(text or "") if ch in "\n\t" or ch.isprintable())
    return value.strip()[:limit]


def normalise_permalink(raw: object, is_known_path: Callable[[str], bool]) -> str:
    """'/routes?measure=x&embed=1' -> '/routes?measure=x'; ValueError for anything but a known local view."""
    text = str(raw or "").strip()
    if not text:
        raise ValueError("the permalink is empty")
    if len(text) > MAX_PERMALINK:
        raise ValueError(f"the permalink is longer than {MAX_PERMALINK} characters")
    if not text.startswith("/") or text.startswith("//") or "\\" in text or any(ord(ch) < 33 for ch in text):
        raise ValueError(f"{text[:80]!r} is not a local path (use a path like /routes?measure=detections)")
    parts = urlsplit(text)
    if parts.scheme or parts.netloc:
        raise ValueError(f"{text[:80]!r} is not a local path")
    path = parts.path.rstrip("/") or "/"
    if not is_known_path(path):
        raise ValueError(f"{path[:80]!r} is not a view of this app")
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if k not in DISPLAY_PARAMS]
    query = urlencode(pairs, safe=",")
    return f"{path}?{query}" if query else path


def pin_slides(slides: Iterable[Mapping], release: int) -> list[dict]:
    """Slides whose permalinks carry `release=N` ("the figures this meeting discussed").

    A slide already pinned to a release keeps its own.
    """
    pinned = []
    for slide in slides:
        path, _, query = str(slide["permalink"]).partition("?")
        pairs = parse_qsl(query, keep_blank_values=False)
        if not any(name == "release" for name, _ in pairs):
            pairs.append(("release", str(int(release))))
        pinned.append({**slide, "permalink": f"{path}?{urlencode(pairs, safe=',')}"})
    return pinned


def validate_story(data: object, is_known_path: Callable[[str], bool]) -> dict:
    """A clean story dict {title, lang, public, slides: [{permalink, title, note}]}; StoryError otherwise."""
    if not isinstance(data, Mapping):
        raise StoryError(["a story is a JSON object with a title and a list of slides"])
    problems: list[str] = []
    if "format" in data and data["format"] != FORMAT:
        problems.append(f"format must be {FORMAT!r}")
    title = _clean(data.get("title"), MAX_TITLE)
    if not title:
        problems.append("the story needs a title")
    if len(str(data.get("title") or "")) > MAX_TITLE:
        problems.append(f"the title is longer than {MAX_TITLE} characters")
    lang = str(data.get("lang") or "en")
    if lang not in LANGUAGES:
        problems.append(f"language {lang[:10]!r} is not one of {', '.join(LANGUAGES)}")
    raw_slides = data.get("slides")
    slides: list[dict] = []
    if not isinstance(raw_slides, list) or not raw_slides:
        problems.append("the story needs at least one slide")
        raw_slides = []
    elif len(raw_slides) > MAX_SLIDES:
        problems.append(f"at most {MAX_SLIDES} slides per story ({len(raw_slides)} given)")
        raw_slides = []
    for number, raw in enumerate(raw_slides, start=1):
        if not isinstance(raw, Mapping):
            problems.append(f"slide {number}: expected an object with permalink, title and note")
            continue
        try:
            permalink = normalise_permalink(raw.get("permalink"), is_known_path)
        except ValueError as exc:
            problems.append(f"slide {number}: {exc}")
            continue
        note = str(raw.get("note") or "")
        if len(note) > MAX_NOTE:
            problems.append(f"slide {number}: the speaker note is longer than {MAX_NOTE} characters")
        if len(str(raw.get("title") or "")) > MAX_TITLE:
            problems.append(f"slide {number}: the title is longer than {MAX_TITLE} characters")
        slide_title = _clean(raw.get("title"), MAX_TITLE) or f"Slide {number}"
        slides.append(Slide(permalink, slide_title, _clean(note, MAX_NOTE)).as_dict())
    if problems:
        raise StoryError(problems)
    return {"title": title, "lang": lang, "public": data.get("public", True) is not False, "slides": slides}


def parse_story_json(text: str | bytes, is_known_path: Callable[[str], bool]) -> dict:
    """An imported file -> a clean story; StoryError with a readable message for bad JSON or content."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > MAX_IMPORT_BYTES:
        raise StoryError([f"the file is larger than {MAX_IMPORT_BYTES // 1024} KB"])
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise StoryError(["the file is not UTF-8 text"]) from None
    except json.JSONDecodeError as exc:
        raise StoryError([f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]) from None
    return validate_story(data, is_known_path)


def story_json(story: Mapping) -> str:
    """The exchange format of a story (what import accepts)."""
    return json.dumps(
        {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "title": story["title"],
            "lang": story["lang"],
            "public": bool(story["public"]),
            "slides": list(story["slides"]),
        },
        ensure_ascii=False,
        indent=2,
    )


def parse_slide_lines(text: str | None) -> list[dict]:
    """The editor's slides box: one slide per line, 'permalink | title | note' (title and note optional)."""
    slides = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        permalink, _, rest = line.partition("|")
        title, _, note = rest.partition("|")
        slides.append({"permalink": permalink.strip(), "title": title.strip(), "note": note.strip()})
    return slides


def slide_lines(slides: Iterable[Mapping]) -> str:
    """The editor's slides box for a story (inverse of parse_slide_lines for notes without newlines)."""
    return "\n".join(
        " | ".join([s["permalink"], s["title"], s["note"].replace("\n", " ")]).rstrip(" |") for s in slides
    )


def move_slide(slides: Sequence[Mapping], index: int, delta: int) -> list[dict]:
    """Slides with the one at `index` moved by `delta` places (clamped at both ends)."""
    items = [dict(s) for s in slides]
    if not 0 <= index < len(items):
        return items
    target = min(max(index + delta, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    return items


def slide_number(raw: object, count: int) -> int:
    """The 1-based slide a `?slide=` value asks for, clamped to the story (1 for junk)."""
    try:
        number = int(str(raw))
    except ValueError:
        return 1
    return min(max(number, 1), max(count, 1))


def embed_src(permalink: str, lang: str) -> str:
    """The iframe address of a slide: its view without navbar, in presentation mode and `lang`."""
    path, _, query = permalink.partition("?")
    pairs = [*parse_qsl(query), ("embed", "1"), ("present", "1"), ("lang", normalise_language(lang))]
    return f"{path}?{urlencode(pairs, safe=',')}"


def story_dict(story: Story) -> dict:
    """A plain dict of a row (slides decoded); `owner` is the account that created it."""
    return {
        "id": story.id,
        "title": story.title,
        "lang": story.lang,
        "public": bool(story.public),
        "slides": json.loads(story.slides_json),
        "owner": story.created_by,
        "updated_by": story.updated_by,
        "updated_at": story.updated_at.isoformat(timespec="seconds"),
    }


def _refuse(engine: Engine, action: str, story_id: int, owner: str, user: str) -> StoryForbidden:
    """Audit a refused write (after the reading transaction has ended) and return the error to raise."""
    audit.record(f"story.{action}_denied", f"story:{story_id}", {"owner": owner}, actor=user, engine=engine)
    return StoryForbidden([f"only its owner ({owner}) or an admin can change story {story_id}"])


def save_story(
    engine: Engine,
    story: Mapping,
    *,
    user: str,
    story_id: int | None = None,
    admin: bool = False,
    action: str = "saved",
) -> int:
    """Insert (or replace, with `story_id`) a validated story; returns its id.

    The user must be a partner (callers check that); replacing a story also needs its owner or an admin
    (StoryForbidden otherwise, audited). Every write adds an audit event in the same transaction.
    `action` says how the story came (saved, imported, duplicated, example) in that event.
    """
    with session_scope(engine=engine) as db:
        row = db.get(Story, story_id) if story_id is not None else None
        if story_id is not None and row is None:
            raise StoryError([f"story {story_id} does not exist"])
        owner = row.created_by if row is not None else user
        if can_edit(owner, user=user, admin=admin):
            return _write(db, row, story, user=user, action=action)
    raise _refuse(engine, "update", int(story_id or 0), owner, user)


def _write(db: Session, row: Story | None, story: Mapping, *, user: str, action: str) -> int:
    """Create or replace the row from a validated story, with its audit event, in the caller's transaction."""
    created = row is None
    if row is None:
        row = Story(created_by=user)
        db.add(row)
    detail: dict = {"slides": len(story["slides"]), "how": action}
    if not created:
        detail.update(was_title=row.title, was_public=bool(row.public), owner=row.created_by)
    row.title, row.lang, row.public = story["title"], story["lang"], bool(story["public"])
    row.slides_json = json.dumps(list(story["slides"]), ensure_ascii=False)
    row.updated_by, row.updated_at = user, utcnow()
    db.flush()
    detail.update(title=row.title, public=bool(row.public))
    add_event(db, user, "story.created" if created else "story.updated", f"story:{row.id}", detail)
    return row.id


def delete_story(engine: Engine, story_id: int, *, user: str, admin: bool = False) -> bool:
    """Delete a story (its owner or an admin, else StoryForbidden, audited); False when it did not exist."""
    with session_scope(engine=engine) as db:
        row = db.get(Story, story_id)
        if row is None:
            return False
        owner = row.created_by
        if can_edit(owner, user=user, admin=admin):
            detail = {"title": row.title, "public": bool(row.public), "owner": owner}
            db.delete(row)
            add_event(db, user, "story.deleted", f"story:{story_id}", detail)
            return True
    raise _refuse(engine, "delete", story_id, owner, user)


def get_story(engine: Engine, story_id: int, *, include_private: bool) -> dict | None:
    """A story, or None when it does not exist or is partner-only and `include_private` is False."""
    with session_scope(engine=engine) as db:
        row = db.get(Story, story_id)
        if row is None or (not row.public and not include_private):
            return None
        return story_dict(row)


def list_stories(engine: Engine, *, include_private: bool) -> list[dict]:
    """Stories, most recently updated first; public ones only unless `include_private`."""
    query = select(Story).order_by(Story.updated_at.desc(), Story.id.desc())
    if not include_private:
        query = query.where(Story.public.is_(True))
    with session_scope(engine=engine) as db:
        return [story_dict(row) for row in db.scalars(query)]


NEW_STORY = "new"


def add_slide(
    engine: Engine,
    target: int | str | None,
    slide: Mapping,
    is_known_path: Callable[[str], bool],
    *,
    user: str,
    admin: bool = False,
    new_title: str | None = None,
    lang: str = "en",
) -> tuple[int, int]:
    """Append `slide` to story `target` (its owner or an admin), or to a new story when `target` is NEW_STORY.

    Returns (story id, 1-based number of the new slide). The caller has checked that the user is a partner;
    the owner check happens here, on the server, whatever the form sent (StoryForbidden, audited).
    A new story is partner-only until its owner makes it public in the editor.
    """
    if target in (None, "", NEW_STORY):
        story = validate_story(
            {"title": new_title, "lang": lang, "public": False, "slides": [dict(slide)]}, is_known_path
        )
        return save_story(engine, story, user=user, action="added"), 1
    if not str(target).isdigit():
        raise StoryError(["choose one of your stories or a new one"])
    story_id = int(target)
    current = get_story(engine, story_id, include_private=True)
    if current is None:
        raise StoryError([f"story {story_id} does not exist"])
    if not can_edit(current["owner"], user=user, admin=admin):
        raise _refuse(engine, "update", story_id, current["owner"], user)
    story = validate_story({**current, "slides": [*current["slides"], dict(slide)]}, is_known_path)
    return save_story(engine, story, user=user, story_id=story_id, admin=admin, action="added"), len(story["slides"])


def owned_stories(engine: Engine, *, user: str, admin: bool = False) -> list[dict]:
    """The stories `user` may add slides to (their own; every story for an admin), most recent first."""
    return [s for s in list_stories(engine, include_private=True) if can_edit(s["owner"], user=user, admin=admin)]
