"""Live updates in the reader: has anything changed in this article since the version the
page shows? The page asks every few seconds; unchanged is a 304 from one indexed query."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from annotations.models import Change
from annotations.views.reader_responses import login_required_htmx


def version_tag(version: int) -> str:
    return f'"{version}"'


@login_required_htmx
@require_GET
def article_live(request: HttpRequest, pk: int) -> HttpResponse:
    """304 while the article's version is the one in If-None-Match; otherwise its version,
    whether colleagues changed its claims since, which claims, and whether they changed its
    reviewers (`{"version": 42, "by_others": true, "spans": [7, 9], "assignments": false}`),
    so the page redraws what they changed."""
    version = Change.objects.version_of(pk)
    if version is None:
        raise Http404("No such article.")
    seen = request.headers.get("If-None-Match", "")
    if seen == version_tag(version):
        response = HttpResponseNotModified()
    else:
        since = int(seen.strip('"')) if seen.strip('"').isdigit() else version
        changes = list(
            Change.objects.filter(article_id=pk, id__gt=since)
            .exclude(actor_id=request.user.pk)
            .values_list("kind", "span_id")
        )
        claims = [span_id for kind, span_id in changes if kind != Change.Kind.REVIEWERS_CHANGED]
        response = JsonResponse(
            {
                "version": version,
                "by_others": bool(claims),
                "spans": sorted({span_id for span_id in claims if span_id is not None}),
                "assignments": len(claims) < len(changes),
            }
        )
    response["ETag"] = version_tag(version)
    # Each check must reach the server: the page sends its version itself.
    patch_cache_control(response, no_store=True)
    return response
