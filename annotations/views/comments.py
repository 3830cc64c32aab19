"""The claim panel's discussion (POST): write a comment, correct it, delete it.

As in `claim_changes`, each view checks its form, calls one service (which holds the rules,
blind review's included, and writes the history and the change log) and answers with the
claim panel drawn again (`reader_responses.after_change`); a refusal or a text the service
rejects comes back in the panel, the typing kept.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from annotations import services
from annotations.forms import CommentEditForm, CommentForm, add_service_errors
from annotations.models import Comment
from annotations.views.claim_changes import span_to_change
from annotations.views.reader_responses import (
    after_change,
    editor_required,
    invalid,
    login_required_htmx,
    refused,
)


@login_required_htmx
@require_POST
@editor_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    span, shown_before = span_to_change(request, pk)
    form = CommentForm(request.POST, prefix="comment")
    if form.is_valid():
        try:
            services.comment_create(user=request.user, span=span, text=form.cleaned_data["text"])
        except PermissionDenied as error:
            return refused(request, pk, str(error), status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return after_change(request, span, shown_before=shown_before)
    return invalid(request, pk, {"comment": form})


@login_required_htmx
@require_POST
@editor_required
def comment_update(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    span, shown_before = span_to_change(request, comment.span_id)
    comment.span = span
    form = CommentEditForm(request.POST, prefix=CommentEditForm.prefix_for(comment.pk))
    if form.is_valid():
        try:
            services.comment_update(
                user=request.user, comment=comment, text=form.cleaned_data["text"]
            )
        except PermissionDenied as error:
            return refused(request, span.pk, str(error), status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return after_change(request, span, shown_before=shown_before)
    return invalid(request, span.pk, {"comment_edit": form})


@login_required_htmx
@require_POST
@editor_required
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    span, shown_before = span_to_change(request, comment.span_id)
    comment.span = span
    try:
        services.comment_delete(user=request.user, comment=comment)
    except PermissionDenied as error:
        return refused(request, span.pk, str(error), status=403)
    except ValidationError as error:
        return refused(request, span.pk, " ".join(error.messages), status=400)
    return after_change(request, span, shown_before=shown_before)
