"""The claim panel's "Seen before" section: the claims in other articles most like this one
(`services.memory.similar_claims`), loaded after the panel opens so that opening a claim,
or creating one, waits for nothing; and *Same claim* / *Not the same* on each, which link
the two claims (`services.memory.link_set`) and draw the section again."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from annotations import roles
from annotations.models import ClaimLink, Span
from annotations.services import memory
from annotations.views.reader_responses import editor_required, login_required_htmx

TEMPLATE = "annotations/seen_before.html"


def section(
    request: HttpRequest, span: Span, *, message: str = "", status: int = 200, changed=False
):
    """The section; after a change, focus goes to its title (the button pressed is gone)."""
    suggestions = memory.similar_claims(request.user, span, every_link=True)
    context = {
        "span": span,
        # Claims confirmed the same are listed apart, with their verdicts.
        "same": [item for item in suggestions if item.link == ClaimLink.Relation.SAME],
        "suggested": [item for item in suggestions if item.link is None],
        "ruled_out": [item for item in suggestions if item.link == ClaimLink.Relation.DIFFERENT],
        "can_link": roles.is_editor(request.user),
        "message": message,
        "focus_title": changed or bool(message),
    }
    return render(request, TEMPLATE, context, status=status)


def span_for(pk: int) -> Span:
    return get_object_or_404(Span.objects.select_related("article"), pk=pk)


@login_required_htmx
@require_GET
def seen_before(request: HttpRequest, pk: int) -> HttpResponse:
    return section(request, span_for(pk))


@login_required_htmx
@require_POST
@editor_required
def claim_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link (`relation` "same" or "different") or unlink (`relation` "none") this claim and
    `other`; a refusal comes back as a message in the section, nothing stored."""
    span = span_for(pk)
    other_id = request.POST.get("other", "")
    other = Span.objects.filter(pk=int(other_id)).first() if other_id.isdigit() else None
    relation = request.POST.get("relation", "")
    try:
        if relation == "none":
            memory.link_delete(user=request.user, span=span, other=other)
        else:
            memory.link_set(user=request.user, span=span, other=other, relation=relation)
    except PermissionDenied as error:
        return section(request, span, message=str(error), status=403)
    except ValidationError as error:
        return section(request, span, message=" ".join(error.messages), status=400)
    return section(request, span, changed=True)
