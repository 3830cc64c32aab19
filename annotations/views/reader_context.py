"""What each region of the reader shows: the article's text, the legend, the claim panel.

Plain dictionaries for the template `annotations/article_detail.html` and its partials; the
views in `reader.py` and `claim_changes.py` render them through `reader_responses.py`.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import SafeString

from annotations import blind, discussion, reading, roles
from annotations.filters import ReaderFilterForm
from annotations.forms import (
    CommentEditForm,
    CommentForm,
    EvidenceAddForm,
    ModerationForm,
    PublicationForm,
    SpanDetailsForm,
    VerdictSetForm,
)
from annotations.models import (
    Article,
    Change,
    Consensus,
    Label,
    Span,
    claim_reviewed_warning,
    span_lists,
)
from annotations.rendering import covering, render_article
from annotations.services.publications import evidence_choices

TEMPLATE = "annotations/article_detail.html"
LONG_QUOTE = 300
# Bound forms that did not validate, by panel section ("span", "verdict", "evidence",
# "moderation", "publication", "comment", "comment_edit").
Forms = Mapping[str, object]


def panel_span(pk: int) -> Span:
    """The span with everything its claim panel shows (`Span.objects.with_verdicts()`)."""
    return get_object_or_404(Span.objects.with_verdicts().select_related("article"), pk=pk)


def page_query(request: HttpRequest) -> QueryDict:
    """The query of the page the user is looking at, which holds its `?shown=` filter.

    For an htmx request that is the page htmx was sent from, not the endpoint's own URL.
    """
    if request.htmx and request.htmx.current_url:
        return QueryDict(urlsplit(request.htmx.current_url).query)
    return request.GET


def shown_filter(request: HttpRequest) -> str:
    """The state the page highlights claims of (`?shown=`), or "" for every claim."""
    form = ReaderFilterForm(page_query(request))
    return form.cleaned_data["shown"] if form.is_valid() else ""


def legend_context(claims: reading.Claims, shown_state: str) -> dict:
    """Claims by the state they show (and how many of them are settled), and which state the
    page is filtered to. "Hidden until you judge" is listed only when there are such claims
    (blind review)."""
    return {
        "legend": [
            (state, label, claims.counts[state], claims.settled[state])
            for state, label in Consensus.choices
            if state != Consensus.HIDDEN or claims.counts[state]
        ],
        "settled_count": sum(claims.settled.values()),
        "claim_count": claims.claim_count,
        "orphaned_count": claims.orphaned,
        "shown_state": shown_state,
        "shown_state_label": Consensus(shown_state).label if shown_state else "",
    }


def page_context(
    request: HttpRequest,
    article: Article,
    *,
    shown_state: str | None = None,
    span: Span | None = None,
    message: str = "",
    **panel,
) -> dict:
    """Everything the whole page shows; the claim panel too when `span` is given."""
    if shown_state is None:
        shown_state = shown_filter(request)
    selected = span.pk if span else None
    claims = reading.article_claims(article, request.user)

    def article_html() -> SafeString:
        return render_article(article.text, claims.shown(shown_state), selected=selected)

    context = {
        "article": article,
        # The template calls it only where a region shows the text.
        "article_html": article_html,
        "message": message,
        "can_annotate": roles.is_editor(request.user),
        "can_moderate": roles.is_moderator(request.user),
        "can_revise": roles.can_change_article(request.user, article),
        # The change the page is drawn up to: live updates ask what came after it. Read only
        # where the template draws the whole page (a callable), not for a region.
        "live_version": lambda: Change.objects.version_of(article.pk),
        **legend_context(claims, shown_state),
        # Read only when the legend's query counted some: most articles have none.
        **(orphans_context(request, article) if claims.orphaned else {}),
    }
    if span is not None:
        context.update(panel_context(request, span, **panel))
    return context


def orphans_context(request: HttpRequest, article: Article) -> dict:
    """The "Orphaned claims" list: the article's claims a revision could not find again, in
    their old order, each with its old quote, how many verdicts it has, and whether the viewer
    may re-attach or dismiss it (`roles.can_change_span`, as for any change to a claim)."""
    spans = (
        Span.objects.filter(article=article, is_orphaned=True)
        .order_by("start", "id")
        .prefetch_related(*span_lists())
    )
    items = [
        {
            "span": span,
            "verdict_count": len(span.verdict_list),
            "can_change": roles.can_change_span(request.user, span),
        }
        for span in spans
    ]
    return {
        "orphaned_claims": items,
        "can_change_orphans": any(item["can_change"] for item in items),
    }


def panel_context(
    request: HttpRequest,
    span: Span,
    *,
    at: int | None = None,
    forms: Forms | None = None,
    panel_message: str = "",
) -> dict:
    """The claim panel of a span loaded as `Span.objects.with_verdicts()` loads it.

    `at` is the character the reader clicked: every claim covering it is offered.
    """
    forms = forms or {}
    shown = blind.judgements(request.user, span)
    mine = next(
        (verdict for verdict in shown.verdicts if verdict.reviewer_id == request.user.pk), None
    )
    here = []
    if at is not None and span.start <= at < span.end:
        here = covering(reading.claims_at(span.article, at, request.user), at)
    text = span.article.text
    return {
        "article": span.article,
        "can_annotate": roles.is_editor(request.user),
        "span": span,
        # More than the quote box shows at once (about six lines): say that it goes on.
        "quote_is_long": len(span.quote) > LONG_QUOTE,
        "judgements": shown,
        "span_display_state": shown.state,
        "span_display_state_label": shown.state_label,
        "panel_message": panel_message,
        "at": at,
        "my_verdict": mine,
        "other_verdicts": [verdict for verdict in shown.verdicts if verdict is not mine],
        "can_change_span": roles.can_change_span(request.user, span),
        "highlighters": span.loaded_highlighters(),
        "claims_here": [
            (
                mark,
                shortened_quote(text[mark.start : mark.end]),
                Consensus(mark.display_state).label,
            )
            for mark in here
        ],
        "labels": Label.choices,
        "verdict_form": forms.get("verdict")
        or VerdictSetForm(
            initial={"label": mine.label, "rationale": mine.rationale, "version": mine.version}
            if mine
            else {}
        ),
        "span_form": forms.get("span")
        or SpanDetailsForm(initial={"claim": span.claim, "speaker": span.speaker}),
        "evidence_form": forms.get("evidence") or EvidenceAddForm(),
        "claim_link": request.build_absolute_uri(
            reverse("annotations:span-detail", args=[span.pk])
        ),
        "can_moderate": roles.is_moderator(request.user),
        "moderation_form": forms.get("moderation") or ModerationForm(prefix="moderation"),
        **publication_context(request, span, forms.get("publication")),
        **discussion_context(request, span, forms),
    }


def publication_context(request: HttpRequest, span: Span, form: PublicationForm | None) -> dict:
    """The panel's publication section: its public page once published, and for moderators
    of a settled (or once published) claim the form to write, publish or take it down."""
    publication = span.current_publication
    public_url = (
        request.build_absolute_uri(publication.get_absolute_url())
        if publication and publication.is_published
        else ""
    )
    if not roles.is_moderator(request.user) or not (span.final_label or publication):
        return {"publication": publication, "public_url": public_url}
    if form is None:
        links = evidence_choices(span, publication)
        shown = publication.evidence if publication else links
        form = PublicationForm(
            prefix="publication",
            links=links,
            initial={
                "explanation": publication.explanation if publication else "",
                "evidence": [link["url"] for link in shown],
            },
        )
    return {
        "publication": publication,
        "public_url": public_url,
        "publication_form": form,
        "claim_reviewed_warning": claim_reviewed_warning(span.claim),
    }


def discussion_context(request: HttpRequest, span: Span, forms: Forms) -> dict:
    """The panel's discussion: the thread as the viewer is shown it (`discussion.thread`),
    each comment the viewer may change with its edit form (the one that did not validate as
    it was filled in), and the box for a new comment."""
    thread = discussion.thread(request.user, span)
    failed_edit = forms.get("comment_edit")
    comments = []
    for comment in thread.comments:
        edit_form = None
        if roles.can_change_comment(request.user, comment):
            prefix = CommentEditForm.prefix_for(comment.pk)
            edit_form = (
                failed_edit
                if failed_edit is not None and failed_edit.prefix == prefix
                else CommentEditForm(prefix=prefix, initial={"text": comment.text})
            )
        comments.append({"comment": comment, "edit_form": edit_form})
    return {
        "thread": thread,
        "comments": comments,
        "comment_form": forms.get("comment") or CommentForm(prefix="comment"),
    }


def shortened_quote(quote: str, width: int = 64) -> str:
    """Both ends of a long quote: overlapping claims often share their first words."""
    if len(quote) <= width:
        return quote
    half = (width - 3) // 2
    head, tail = quote[:half], quote[-half:]
    # Cut at spaces when there are any, so no word is left in pieces.
    head = head.rsplit(maxsplit=1)[0] if " " in head.strip() else head
    tail = tail.split(maxsplit=1)[-1] if " " in tail.strip() else tail
    return f"{head.rstrip()} … {tail.lstrip()}"
