"""Expert meetings library: partners browse meetings and their documents; admins add and edit them.

Document links are "Title | https://..." lines; only http(s) URLs are accepted, so no link can run
script. Every change is audited in the same transaction.
"""

from __future__ import annotations

import json
import re
from datetime import date

from sqlalchemy import Engine, select

from imapdash.auth.audit import add_event as audit_event
from imapdash.auth.audit import clean_text
from imapdash.db import session_scope, utcnow
from imapdash.partner.models import Meeting

_URL = re.compile(r"^https?://[^\s<>\"']+$")
MAX_DOCUMENTS = 50


def parse_documents(text: str | None) -> tuple[list[dict], list[str]]:
    """({title, url} documents, problems) from "Title | URL" lines (a bare URL is its own title)."""
    documents, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        title, _, url = line.rpartition("|") if "|" in line else (line, "", line)
        title, url = title.strip() or url.strip(), url.strip()
        if not _URL.match(url):
            problems.append(f"document line {number}: {clean_text(url, 80)!r} is not an http(s) link")
            continue
        documents.append({"title": clean_text(title, 200), "url": url})
    if len(documents) > MAX_DOCUMENTS:
        problems.append(f"at most {MAX_DOCUMENTS} documents per meeting")
    return documents, problems


def save_meeting(
    engine: Engine,
    *,
    admin: str,
    title: str | None,
    held_on: str | None,
    theme: str | None,
    documents: str | None,
    conclusions: str | None,
    meeting_id: int | None = None,
) -> int:
    """Add (or, with `meeting_id`, edit) a meeting; ValueError lists every problem."""
    problems = []
    if not (title or "").strip():
        problems.append("a title is needed")
    if not (theme or "").strip():
        problems.append("a theme is needed")
    try:
        date.fromisoformat(held_on or "")
    except ValueError:
        problems.append("the date must be YYYY-MM-DD")
    docs, doc_problems = parse_documents(documents)
    problems += doc_problems
    if problems:
        raise ValueError("; ".join(problems))
    with session_scope(engine=engine) as db:
        meeting = db.get(Meeting, meeting_id) if meeting_id is not None else None
        if meeting_id is not None and meeting is None:
            raise ValueError(f"meeting {meeting_id} does not exist")
        if meeting is None:
            meeting = Meeting()
            db.add(meeting)
        meeting.title, meeting.held_on, meeting.theme = clean_text(title, 300), str(held_on), clean_text(theme, 200)
        meeting.documents_json = json.dumps(docs, ensure_ascii=False)
        meeting.conclusions = (conclusions or "").strip()[:20_000]
        meeting.updated_by, meeting.updated_at = admin, utcnow()
        db.flush()
        audit_event(
            db,
            admin,
            "meeting.saved",
            f"meeting/{meeting.id}",
            {"title": meeting.title, "edited": meeting_id is not None},
        )
        return meeting.id


def list_meetings(engine: Engine, theme: str | None = None) -> list[dict]:
    """Meetings, newest first, optionally for one theme."""
    query = select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc())
    if theme:
        query = query.where(Meeting.theme == theme)
    with session_scope(engine=engine) as db:
        return [
            {
                "id": m.id,
                "title": m.title,
                "held_on": m.held_on,
                "theme": m.theme,
                "documents": json.loads(m.documents_json),
                "conclusions": m.conclusions,
            }
            for m in db.scalars(query)
        ]
