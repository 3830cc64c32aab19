"""My work (`/my/`): a reviewer's assigned articles with their progress, the claims waiting
for their verdict, the splits they are in, the discussions that mention them, and what
changed in their articles since their last visit; read by annotations/my_work.py, one page
in a fixed number of queries.

A visit is a stretch of requests less than VISIT_GAP apart, so reloading the page keeps
showing what changed since the previous visit. Both times are kept in the session: it needs
no table, and a browser that signs in afresh starts from FIRST_VISIT_WINDOW ago.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from annotations import my_work, roles

TEMPLATE = "annotations/my_work.html"
VISIT_GAP = datetime.timedelta(minutes=30)
FIRST_VISIT_WINDOW = datetime.timedelta(days=7)
# Session keys: when the page was last requested, and since when this visit shows changes.
LAST_SEEN = "my_work_last_seen"
SHOWN_SINCE = "my_work_since"


def _read_time(session, key: str) -> datetime.datetime | None:
    value = session.get(key)
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def visit_since(session, now: datetime.datetime) -> tuple[datetime.datetime, bool]:
    """Since when this visit shows changes, and whether there was an earlier visit to start
    from (otherwise FIRST_VISIT_WINDOW ago); records this request as the latest."""
    last_seen = _read_time(session, LAST_SEEN)
    if last_seen is None or now - last_seen >= VISIT_GAP:
        # A new visit: what changed since the previous one ended (if there was one).
        since = last_seen
    else:
        since = _read_time(session, SHOWN_SINCE)
    session[LAST_SEEN] = now.isoformat()
    session[SHOWN_SINCE] = since.isoformat() if since else ""
    return (since, True) if since else (now - FIRST_VISIT_WINDOW, False)


@login_required
@require_GET
def my_work_page(request: HttpRequest) -> HttpResponse:
    if not roles.is_editor(request.user):
        return render(request, TEMPLATE, {"refused": True}, status=403)
    user = request.user
    since, returning = visit_since(request.session, timezone.now())
    assigned = my_work.assigned_articles(user)
    context = {
        "assigned": assigned,
        "awaiting": my_work.claims_awaiting(user),
        "splits": my_work.splits(user),
        "mentions": my_work.mentions(user),
        "changes": my_work.changes_since(user, since) if assigned else None,
        "since": since,
        "returning": returning,
        "today": timezone.localdate(),
    }
    return render(request, TEMPLATE, context)
