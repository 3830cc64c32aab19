"""The reader's reviewers region: who the article is assigned to (everyone sees it), and for
moderators the forms to assign a reviewer (perhaps by a date), unassign one, and say how many
reviewers the article needs. htmx swaps the region in place (`#article-assignments`), errors
and refusals included; without script each form comes back to the reader, a problem shown as
a message above it.

The reader page draws the region with `{% assignments_region article %}`
(templatetags/assignments.py), from the same `assignments_context` as the answers here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from annotations import roles, services
from annotations.assignments import assignable_reviewers, assignments_of
from annotations.forms import AssignmentForm, ReviewersNeededForm, add_service_errors
from annotations.models import Article, Assignment
from annotations.services.assignments import name_of
from annotations.views.reader_responses import form_errors_text, login_required_htmx

TEMPLATE = "annotations/article_assignments.html"


def assignment_form(data=None) -> AssignmentForm:
    """The form to assign someone: any editor or moderator, due today or later."""
    return AssignmentForm(data, reviewers=assignable_reviewers(), today=timezone.localdate())


def assignments_context(
    request: HttpRequest,
    article: Article,
    *,
    form: AssignmentForm | None = None,
    needed_form: ReviewersNeededForm | None = None,
    notice: str = "",
    problem: str = "",
) -> dict:
    """What the region shows: the assignees (read when the template lists them), and for
    moderators the forms, as filled in when they did not validate."""
    can_assign = roles.is_moderator(request.user)
    context = {
        "article": article,
        "assignments": assignments_of(article),
        "today": timezone.localdate(),
        "can_assign": can_assign,
        "notice": notice,
        "problem": problem,
    }
    if can_assign:
        context["assignment_form"] = assignment_form() if form is None else form
        context["reviewers_needed_form"] = (
            ReviewersNeededForm(initial={"reviewers_needed": article.reviewers_needed})
            if needed_form is None
            else needed_form
        )
    return context


def region_response(
    request: HttpRequest, article: Article, *, status: int = 200, **shown
) -> HttpResponse:
    """The region drawn again (htmx), or back to the reader with the problem as a message."""
    if not request.htmx:
        if shown.get("problem"):
            messages.error(request, shown["problem"])
        return redirect("annotations:article-detail", article.pk)
    context = assignments_context(request, article, **shown)
    return render(request, TEMPLATE, context, status=status)


def refused_unless_moderator(request: HttpRequest, article: Article) -> HttpResponse | None:
    """403 with the reason for anyone but a moderator (the services refuse them too)."""
    try:
        roles.require_moderator(request.user)
    except PermissionDenied as refusal:
        if not request.htmx:
            raise
        return region_response(request, article, status=403, problem=str(refusal))
    return None


@login_required_htmx
@require_GET
def assignments_region(request: HttpRequest, pk: int) -> HttpResponse:
    """The region alone, as it is now: what the reader's live updates swap in after a
    colleague changed the article's reviewers."""
    article = get_object_or_404(Article, pk=pk)
    return render(request, TEMPLATE, assignments_context(request, article))


@login_required_htmx
@require_POST
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if refusal := refused_unless_moderator(request, article):
        return refusal
    form = assignment_form(request.POST)
    if form.is_valid():
        reviewer = form.cleaned_data["reviewer"]
        try:
            _, created = services.assignment_set(
                user=request.user, article=article, reviewer=reviewer, due=form.cleaned_data["due"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "Assigned to" if created else "Due date saved for"
            return region_response(request, article, notice=f"{done} {name_of(reviewer)}.")
    return region_response(request, article, status=400, form=form, problem=form_errors_text(form))


@login_required_htmx
@require_POST
def assignment_delete(request: HttpRequest, pk: int, reviewer: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if refusal := refused_unless_moderator(request, article):
        return refusal
    assignment = Assignment.objects.filter(article=article, reviewer_id=reviewer).first()
    if assignment is None:
        # Someone else unassigned them a moment ago: the region shows who is left.
        return region_response(request, article, notice="They were unassigned already.")
    services.assignment_delete(user=request.user, assignment=assignment)
    return region_response(request, article, notice=f"Unassigned {name_of(assignment.reviewer)}.")


@login_required_htmx
@require_POST
def reviewers_needed_set(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if refusal := refused_unless_moderator(request, article):
        return refusal
    form = ReviewersNeededForm(request.POST)
    if form.is_valid():
        try:
            services.reviewers_needed_set(user=request.user, article=article, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            needed = article.reviewers_needed
            notice = f"It needs {needed} reviewer{'s' if needed != 1 else ''}."
            return region_response(request, article, notice=notice)
    return region_response(
        request, article, status=400, needed_form=form, problem=form_errors_text(form)
    )
