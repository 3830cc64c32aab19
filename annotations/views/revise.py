"""Revising an article's text in the browser, and what a revision leaves behind: the revise
page (edit the text or upload a new version), "What changed" (the last revision's diff),
and the orphaned claims, re-attached to words a reviewer selects in the reader or dismissed.

Re-attaching goes through the reader's selection: its script turns the selection into
code-point offsets, as for a new claim, and posts them to `span_reattach` instead of
`span_create` while an orphaned claim waits for its new words (`static/js/reader.js`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import replace_url

from annotations import roles, services
from annotations.diffs import text_diff
from annotations.forms import ArticleReviseForm, SpanCreateForm, add_service_errors
from annotations.models import Article, Span
from annotations.views.reader_context import orphans_context, panel_context, panel_span
from annotations.views.reader_responses import (
    editor_required,
    form_errors_text,
    login_required_htmx,
    reader_message,
    redrawn_regions,
    render_partial,
)

REVISE_TEMPLATE = "annotations/article_revise.html"


def claims(count: int) -> str:
    return f"{count} claim{'' if count == 1 else 's'}"


def revised_message(article: Article, *, anchored: int, orphaned: int) -> str:
    """What a revision did to the article's claims, for the reader's message."""
    saved = f"Revision {article.revision} saved."
    if not anchored and not orphaned:
        return f"{saved} The article has no claims yet."
    if not orphaned:
        return f"{saved} {claims(anchored)} re-anchored to the new text; none orphaned."
    return (
        f"{saved} {claims(anchored)} re-anchored to the new text; {orphaned} orphaned "
        f"(not found again): re-attach or dismiss {'it' if orphaned == 1 else 'them'} under "
        "“Orphaned claims”."
    )


@login_required
def article_revise(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if not roles.can_change_article(request.user, article):
        raise PermissionDenied(
            "Only the editor who imported this article or a moderator can revise its text."
        )
    duplicate = None
    if request.method == "POST":
        form = ArticleReviseForm(request.POST, request.FILES, article=article)
        if form.is_valid():
            text_field = "file" if form.used_upload else "text"
            revision = article.revision
            try:
                orphaned = services.article_revise_text(
                    user=request.user,
                    article=article,
                    text=form.cleaned_data["text"],
                    note=form.cleaned_data["note"],
                )
            except services.DuplicateArticle as conflict:
                duplicate = conflict.existing
                form.add_error(text_field, conflict.message)
            except ValidationError as error:
                add_service_errors(form, error, renamed={"text": text_field})
            else:
                if article.revision == revision:
                    form.add_error(
                        text_field,
                        f"This is the text of revision {revision} already: nothing changed.",
                    )
                else:
                    anchored = Span.objects.filter(article=article, is_orphaned=False).count()
                    level = messages.WARNING if orphaned else messages.SUCCESS
                    message = revised_message(article, anchored=anchored, orphaned=len(orphaned))
                    messages.add_message(request, level, message)
                    return redirect("annotations:article-detail", article.pk)
    else:
        form = ArticleReviseForm(initial={"text": article.text}, article=article)
    context = {
        "article": article,
        "form": form,
        "duplicate": duplicate,
        "claim_count": Span.objects.filter(article=article).count(),
    }
    return render(request, REVISE_TEMPLATE, context)


@login_required
@require_GET
def article_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """The last revision against the one before it, from the article's history."""
    article = get_object_or_404(Article, pk=pk)
    revised = previous_text = None
    if article.revision > 1:
        revised = (
            article.history.filter(revision=article.revision)
            .select_related("history_user")
            .defer("text")
            .order_by("history_date", "history_id")
            .first()
        )
        previous_text = (
            article.history.filter(revision=article.revision - 1)
            .order_by("-history_date", "-history_id")
            .values_list("text", flat=True)
            .first()
        )
    reason = (revised.history_change_reason or "") if revised else ""
    context = {
        "article": article,
        "revised": revised,
        # The reason reads "Text revised to revision N: <note>" when the reviser left a note.
        "note": reason.partition(": ")[2],
        "diff": text_diff(previous_text, article.text) if previous_text is not None else None,
    }
    return render(request, "annotations/article_changes.html", context)


def orphans_redrawn(request: HttpRequest, article: Article, *, oob: bool) -> str:
    context = {"article": article, "oob": oob, **orphans_context(request, article)}
    return render_partial(request, "orphaned-claims", context)


@login_required_htmx
@require_POST
@editor_required
def span_reattach(request: HttpRequest, pk: int) -> HttpResponse:
    """An orphaned claim put on the words selected in the article; the panel then shows it,
    with its paragraphs, the legend and the orphaned claims drawn again."""
    span = get_object_or_404(Span.objects.select_related("article"), pk=pk)
    article = span.article
    form = SpanCreateForm(request.POST)
    if form.is_valid():
        try:
            services.span_reattach(user=request.user, span=span, **form.cleaned_data)
        except PermissionDenied as error:
            return reader_message(request, article, str(error), status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.htmx:
                return redirect("annotations:span-detail", pk=span.pk)
            span = panel_span(pk)
            html = render_partial(request, "claim-panel", panel_context(request, span))
            html += redrawn_regions(request, article, span.start, span.end, selected=span.pk)
            html += orphans_redrawn(request, article, oob=True)
            return HttpResponse(html)
    message = f"Could not re-attach this claim. {form_errors_text(form)}"
    return reader_message(request, article, message, status=400)


@login_required_htmx
@require_POST
@editor_required
def span_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """An orphaned claim dismissed (deleted with its verdicts, kept in the history)."""
    span = get_object_or_404(Span.objects.select_related("article"), pk=pk)
    article = span.article
    try:
        services.span_dismiss_orphan(user=request.user, span=span)
    except PermissionDenied as error:
        return reader_message(request, article, str(error), status=403)
    except ValidationError as error:
        return reader_message(request, article, " ".join(error.messages), status=400)
    if not request.htmx:
        messages.success(request, "The orphaned claim was dismissed; its history is kept.")
        return redirect("annotations:article-detail", article.pk)
    html = orphans_redrawn(request, article, oob=False)
    # No paragraph shows an orphaned claim: (0, 0) redraws only the legend's counts.
    html += redrawn_regions(request, article, 0, 0, selected=None)
    response = HttpResponse(html)
    claim_address = reverse("annotations:span-detail", args=[pk])
    if request.htmx.current_url_abs_path == claim_address:
        # The panel showed the dismissed claim: it closes, and the address is the article's.
        context = {"article": article, "can_annotate": True, "span": None, "oob": True}
        response.content += render_partial(request, "claim-panel", context).encode()
        replace_url(response, reverse("annotations:article-detail", args=[article.pk]))
    return response
