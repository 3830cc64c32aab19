"""How the reader answers: the whole page without htmx, or only the regions a request changed.

How the reader redraws after a verdict (or any other change to a claim): `after_change`.
1. Without htmx, the browser is sent to the claim's page (every form works without script).
2. The claim panel is drawn again from the span as stored now (`reading.verdicts_read_again`).
3. If the state the claim shows the user changed (`reading.display_state` before the change
   against `blind.judgements(...).state` after it), the paragraphs the claim covers and the
   legend are drawn again and swapped in out of band (`redrawn_regions`, one query for both),
   under the `?shown=` filter of the page the click came from. A rationale, evidence or a restated
   claim change no colour, so only the panel is sent.
4. The message above the article is cleared.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from annotations import blind, reading, roles
from annotations.models import Article, Span, Verdict
from annotations.rendering import paragraphs_touching, render_article
from annotations.views.reader_context import (
    TEMPLATE,
    Forms,
    legend_context,
    page_context,
    panel_context,
    panel_span,
    shown_filter,
)


def login_required_htmx(view: Callable) -> Callable:
    """login_required that also sends an htmx request's whole page to sign in.

    Without it, an expired session would swap the sign-in form into the claim panel.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.htmx:
            page = request.htmx.current_url_abs_path or request.get_full_path()
            return HttpResponseClientRedirect(redirect_to_login(page).url)
        return redirect_to_login(request.get_full_path())

    return wrapper


def editor_required(view: Callable) -> Callable:
    """Refuse writes from signed-in users without an annotating role (403 with the reason)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not roles.is_editor(request.user):
            message = "Only editors and moderators can annotate."
            if not request.htmx:
                raise PermissionDenied(message)
            return message_response(request, message, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def render_partial(request: HttpRequest, name: str, context: dict) -> str:
    return render_to_string(f"{TEMPLATE}#{name}", context, request)


def message_cleared(request: HttpRequest) -> str:
    return render_partial(request, "reader-message", {"oob": True})


def redrawn_regions(
    request: HttpRequest, article: Article, start: int, end: int, *, selected: int | None
) -> str:
    """After a change to the claim at start..end: its paragraphs and the legend, out of band.

    Only the paragraphs the claim touches are drawn again, so a click costs the same in a
    long article as in a short one. The message above the article is cleared too.
    """
    shown_state = shown_filter(request)
    paragraphs = paragraphs_touching(article.text, start, end)
    # Without a paragraph to draw, (0, 0) overlaps no span: the query then only counts.
    claims = reading.article_claims(article, request.user, marked=paragraphs or (0, 0))
    context = {"article": article, "oob": True, **legend_context(claims, shown_state)}
    html = render_partial(request, "claim-legend", context) + message_cleared(request)
    if paragraphs is not None:
        html += render_article(
            article.text,
            claims.shown(shown_state),
            selected=selected,
            within=paragraphs,
            swap_oob=True,
        )
    return html


def panel_response(
    request: HttpRequest, span: Span, *, status: int = 200, redraw: bool = False, **panel
) -> HttpResponse:
    """The claim panel (with its paragraphs and the legend when `redraw`); without htmx, the
    whole page with the panel open. `span` is loaded as `Span.objects.with_verdicts()` does."""
    if not request.htmx:
        context = page_context(request, span.article, span=span, **panel)
        return render(request, TEMPLATE, context, status=status)
    html = render_partial(request, "claim-panel", panel_context(request, span, **panel))
    if redraw:
        html += redrawn_regions(request, span.article, span.start, span.end, selected=span.pk)
    return HttpResponse(html, status=status)


def after_change(
    request: HttpRequest, span: Span, *, shown_before: str, first_verdict: Verdict | None = None
) -> HttpResponse:
    """The answer to a change of `span` (loaded by `reading.span_to_change`): see the module.

    `first_verdict` is the verdict this request gave a claim nobody had judged: it is then the
    claim's only verdict, and nothing but the highlighters needs reading.
    """
    if not request.htmx:
        return redirect("annotations:span-detail", pk=span.pk)
    if first_verdict is not None:
        reading.first_verdict_shown(span, first_verdict)
    else:
        reading.verdicts_read_again(span)
    html = render_partial(request, "claim-panel", panel_context(request, span))
    if blind.judgements(request.user, span).state == shown_before:
        return HttpResponse(html + message_cleared(request))
    redrawn = redrawn_regions(request, span.article, span.start, span.end, selected=span.pk)
    return HttpResponse(html + redrawn)


def after_delete(request: HttpRequest, article: Article, start: int, end: int) -> HttpResponse:
    """The empty claim panel, and the paragraphs and legend without the deleted claim."""
    if not request.htmx:
        return redirect("annotations:article-detail", pk=article.pk)
    context = {"article": article, "can_annotate": True, "span": None}
    html = render_partial(request, "claim-panel", context)
    return HttpResponse(html + redrawn_regions(request, article, start, end, selected=None))


def refused(request: HttpRequest, span_pk: int, message: str, *, status: int) -> HttpResponse:
    """The panel with the reason nothing changed."""
    return panel_response(request, panel_span(span_pk), panel_message=message, status=status)


def invalid(request: HttpRequest, span_pk: int, forms: Forms) -> HttpResponse:
    """The panel with the form that did not validate, as the user filled it in."""
    return panel_response(request, panel_span(span_pk), forms=forms, status=400)


def message_response(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """The message above the article, whatever element the htmx request targeted."""
    html = render_partial(request, "reader-message", {"message": message})
    return reswap(retarget(HttpResponse(html, status=status), "#reader-message"), "outerHTML")


def reader_message(
    request: HttpRequest, article: Article, message: str, *, status: int, span: Span | None = None
) -> HttpResponse:
    """A message above the article, e.g. for a selection that could not become a claim."""
    if request.htmx:
        return message_response(request, message, status=status)
    context = page_context(request, article, span=span, message=message)
    return render(request, TEMPLATE, context, status=status)


def form_errors_text(form) -> str:
    """A form's errors as one sentence for the message above the article."""
    parts = []
    for name, messages in form.errors.items():
        label = "" if name == "__all__" else f"{form[name].label}: "
        parts.append(label + " ".join(messages))
    return " ".join(parts)
