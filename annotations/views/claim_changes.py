"""The reader's changes (POST): mark a claim, restate or delete it, give or withdraw a
verdict, add or remove evidence, and a moderator's decision on it or its publication.

Each view checks its form, calls one service (which holds the rule and writes the history),
and answers through `reader_responses.after_change`: the claim panel, plus the paragraphs and
the legend when the state the claim shows changed. Refusals come back in the panel.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from annotations import reading, services
from annotations.forms import (
    EvidenceAddForm,
    ModerationForm,
    PublicationForm,
    SpanCreateForm,
    SpanDetailsForm,
    VerdictSetForm,
    add_service_errors,
)
from annotations.models import Article, Evidence, Span, Verdict
from annotations.services.publications import evidence_choices
from annotations.views.reader_context import panel_span
from annotations.views.reader_responses import (
    after_change,
    after_delete,
    editor_required,
    form_errors_text,
    invalid,
    login_required_htmx,
    panel_response,
    reader_message,
    refused,
)


def span_to_change(request: HttpRequest, pk: int) -> tuple[Span, str]:
    """The span (with its article) and the state it shows the user before the change."""
    span = get_object_or_404(reading.span_to_change(Span.objects.all(), request.user), pk=pk)
    return span, reading.display_state(span.final_label, span.labels_given, span.sealed)


@login_required_htmx
@require_POST
@editor_required
def span_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = SpanCreateForm(request.POST)
    if form.is_valid():
        try:
            span, created = services.span_create(
                user=request.user, article=article, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            return reader_message(request, article, str(error), status=403)
        else:
            if not request.htmx:
                return redirect("annotations:span-detail", pk=span.pk)
            if not created:
                # A colleague highlighted this range first: show their span as stored.
                span.article = article
                reading.verdicts_read_again(span)
            return panel_response(request, span, status=201, redraw=True)
    message = f"Could not mark this claim. {form_errors_text(form)}"
    return reader_message(request, article, message, status=400)


@login_required_htmx
@require_POST
@editor_required
def span_update(request: HttpRequest, pk: int) -> HttpResponse:
    span, shown_before = span_to_change(request, pk)
    form = SpanDetailsForm(request.POST)
    if form.is_valid():
        try:
            services.span_update(user=request.user, span=span, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            return refused(request, pk, str(error), status=403)
        else:
            return after_change(request, span, shown_before=shown_before)
    return invalid(request, pk, {"span": form})


@login_required_htmx
@require_POST
@editor_required
def span_delete(request: HttpRequest, pk: int) -> HttpResponse:
    span = get_object_or_404(Span.objects.select_related("article"), pk=pk)
    article, start, end = span.article, span.start, span.end
    try:
        services.span_delete(user=request.user, span=span)
    except PermissionDenied as error:
        return refused(request, pk, str(error), status=403)
    except ValidationError as error:
        return reader_message(request, article, " ".join(error.messages), status=400)
    return after_delete(request, article, start, end)


@login_required_htmx
@require_POST
@editor_required
def verdict_set(request: HttpRequest, pk: int) -> HttpResponse:
    span, shown_before = span_to_change(request, pk)
    form = VerdictSetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            verdict, created = services.verdict_set(
                user=request.user,
                span=span,
                label=data["label"],
                rationale=data["rationale"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            return refused(request, pk, str(error), status=403)
        except (services.StaleVersion, services.VerdictExists):
            return stale_verdict(request, pk, rationale=data["rationale"])
        else:
            nobody_had_judged = span.labels_given is None
            first_verdict = verdict if created and nobody_had_judged else None
            return after_change(
                request, span, shown_before=shown_before, first_verdict=first_verdict
            )
    return invalid(request, pk, {"verdict": form})


def stale_verdict(request: HttpRequest, pk: int, *, rationale: str) -> HttpResponse:
    """Show what is stored now, keep the reviewer's typed rationale, and say what happened."""
    current = Verdict.objects.get(span_id=pk, reviewer=request.user)
    form = VerdictSetForm(
        initial={"label": current.label, "rationale": rationale, "version": current.version}
    )
    message = (
        f"Your verdict changed since this page loaded (it is now “{current.get_label_display()}”"
        f", version {current.version}). Check it and apply your change again."
    )
    return panel_response(
        request, panel_span(pk), forms={"verdict": form}, panel_message=message, status=412
    )


@login_required_htmx
@require_POST
@editor_required
def verdict_delete(request: HttpRequest, pk: int) -> HttpResponse:
    span, shown_before = span_to_change(request, pk)
    mine = Verdict.objects.filter(span=span, reviewer=request.user).first()
    if mine is None:
        return refused(request, pk, "You have no verdict on this claim.", status=400)
    try:
        services.verdict_delete(user=request.user, verdict=mine)
    except ValidationError as error:
        return refused(request, pk, " ".join(error.messages), status=400)
    return after_change(request, span, shown_before=shown_before)


@login_required_htmx
@require_POST
@editor_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    span, shown_before = span_to_change(request, pk)
    form = EvidenceAddForm(request.POST)
    mine = Verdict.objects.filter(span=span, reviewer=request.user).first()
    if form.is_valid():
        if mine is None:
            form.add_error(None, "Give your verdict first; evidence belongs to a verdict.")
        else:
            try:
                services.evidence_add(user=request.user, verdict=mine, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return after_change(request, span, shown_before=shown_before)
    return invalid(request, pk, {"evidence": form})


@login_required_htmx
@require_POST
@editor_required
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("verdict"), pk=pk)
    span, shown_before = span_to_change(request, evidence.verdict.span_id)
    try:
        services.evidence_remove(user=request.user, evidence=evidence)
    except PermissionDenied as error:
        return refused(request, span.pk, str(error), status=403)
    except ValidationError as error:
        return refused(request, span.pk, " ".join(error.messages), status=400)
    return after_change(request, span, shown_before=shown_before)


@login_required_htmx
@require_POST
@editor_required
def span_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """A moderator's decision, through the services the admin uses (which refuse editors)."""
    span, shown_before = span_to_change(request, pk)
    form = ModerationForm(request.POST, prefix="moderation")
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == ModerationForm.APPROVE:
                services.span_approve(user=request.user, span=span, note=note)
            elif decision == ModerationForm.REJECT:
                services.span_reject(user=request.user, span=span, note=note)
            elif decision == ModerationForm.REOPEN:
                services.span_reopen(user=request.user, span=span, note=note)
            else:
                services.span_settle(user=request.user, span=span, final_label=decision, note=note)
        except PermissionDenied as error:
            return refused(request, pk, str(error), status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return after_change(request, span, shown_before=shown_before)
    return invalid(request, pk, {"moderation": form})


@login_required_htmx
@require_POST
@editor_required
def span_publication(request: HttpRequest, pk: int) -> HttpResponse:
    """A moderator publishes, updates, drafts or unpublishes the claim's fact check."""
    span, shown_before = span_to_change(request, pk)
    links = evidence_choices(span, span.current_publication)
    form = PublicationForm(request.POST, prefix="publication", links=links)
    if form.is_valid():
        action, fields = form.cleaned_data["action"], form.cleaned_data
        try:
            if action == PublicationForm.UNPUBLISH:
                publication = services.span_unpublish(user=request.user, span=span)
            else:
                change = (
                    services.span_publish
                    if action == PublicationForm.PUBLISH
                    else services.publication_edit
                )
                publication = change(
                    user=request.user,
                    span=span,
                    explanation=fields["explanation"],
                    evidence=fields["evidence"],
                )
        except PermissionDenied as error:
            return refused(request, pk, str(error), status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            span.publication = publication  # The panel shows it as stored now.
            return after_change(request, span, shown_before=shown_before)
    return invalid(request, pk, {"publication": form})
