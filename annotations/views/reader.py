"""The reader: an article with its highlighted claims, and the claim panel beside it.

An htmx request gets back only the regions it changed: the claim panel, plus (out of band)
the paragraphs the changed claim touches and the legend, so highlight colours and counts
follow every change. A plain request gets the whole page (or a redirect after a change), so
every link and form also works without script.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, wraps
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Min,
    Prefetch,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from annotations import roles, services
from annotations.forms import (
    ClaimPointForm,
    EvidenceForm,
    ReaderFilterForm,
    SpanCreateForm,
    SpanForm,
    VerdictForm,
    add_service_errors,
)
from annotations.models import (
    Article,
    Consensus,
    Evidence,
    Label,
    Span,
    Verdict,
    display_state_of,
)
from annotations.rendering import Mark, covering, paragraphs_touching, render_article

TEMPLATE = "annotations/article_detail.html"
Forms = Mapping[str, object]


def signed_in(view: Callable) -> Callable:
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
            return _message(request, message, status=403)
        return view(request, *args, **kwargs)

    return wrapper


# Reading what the page shows


# What the claim panel shows besides the span's own row (the same as `with_verdicts`).
PANEL_RELATIONS = (
    "highlighters",
    Prefetch(
        "verdicts",
        queryset=Verdict.objects.select_related("reviewer")
        .prefetch_related("evidence")
        .order_by("created_at", "id"),
    ),
)


# For each span (the outer query's row), one bit per label its verdicts give; NULL without
# verdicts. A subquery per span over the verdicts' span index, not an EXISTS per label: for
# EXISTS, PostgreSQL may hash every verdict in the database with that label (~100 ms at
# 100,000 spans stored) where this probes the index once per span. Written as SQL because
# the ORM took 0.5 ms of every click to build the same subquery from expressions. It names
# the outer table, so it serves querysets of spans that do not join spans again.
_VERDICTS = Verdict._meta.db_table
LABELS_GIVEN = RawSQL(
    "SELECT "
    + " + ".join(
        f'MAX(CASE WHEN "{_VERDICTS}"."label" = %s THEN {1 << bit} ELSE 0 END)'
        for bit in range(len(Label))
    )
    + f' FROM "{_VERDICTS}" WHERE "{_VERDICTS}"."span_id" = "{Span._meta.db_table}"."id"',
    Label.values,
    output_field=IntegerField(),
)


def _load_span(pk: int) -> Span:
    """A span with everything its panel shows, in a fixed number of queries."""
    spans = Span.objects.select_related("article", "moderated_by").prefetch_related(
        *PANEL_RELATIONS
    )
    return get_object_or_404(spans, pk=pk)


def _span_to_change(pk: int) -> Span:
    """The span and its article, with the labels given before the change (`labels_given`).

    After the change `_reloaded` reads the rest, and the state the span showed before tells
    whether its highlight and the legend need drawing again.
    """
    spans = Span.objects.select_related("article", "moderated_by").annotate(
        labels_given=LABELS_GIVEN
    )
    return get_object_or_404(spans, pk=pk)


def _reloaded(span: Span) -> Span:
    """The span after a change, with its highlighters, verdicts and evidence as stored now.

    Its own row and its article are in hand (a change to the span went through this very
    instance), so only what the change may have touched is read again.
    """
    span._prefetched_objects_cache = {}
    prefetch_related_objects([span], *PANEL_RELATIONS)
    return span


def _in_hand(instance, relation: str, rows: list) -> None:
    """Cache rows known without a query as what prefetch_related would have read.

    The panel and the permission checks then find them where they look for prefetched rows.
    """
    related = getattr(instance, relation).all()
    related._result_cache = rows
    related._prefetch_done = True
    instance._prefetched_objects_cache[relation] = related


def _created(span: Span, creator) -> Span:
    """A span this request created: its creator is its one highlighter, it has no verdicts."""
    span._prefetched_objects_cache = {}
    _in_hand(span, "highlighters", [creator])
    _in_hand(span, "verdicts", [])
    return span


def _first_judged(span: Span, verdict: Verdict) -> Span:
    """A span whose first verdict this request gave: that verdict alone, without evidence.

    Only its highlighters are read again.
    """
    span._prefetched_objects_cache = {}
    verdict._prefetched_objects_cache = {}
    _in_hand(verdict, "evidence", [])
    _in_hand(span, "verdicts", [verdict])
    prefetch_related_objects([span], "highlighters")
    return span


@dataclass(frozen=True, slots=True)
class Tally:
    """How many of an article's live spans show each state, and how many are orphaned."""

    counts: dict[str, int]
    orphaned: int


@dataclass(frozen=True, slots=True)
class Claims:
    """An article's live spans as the reader draws them, and how many are orphaned."""

    marks: list[Mark]
    orphaned: int

    def tally(self) -> Tally:
        counts = dict.fromkeys(Consensus.values, 0)
        for mark in self.marks:
            counts[mark.state] += 1
        return Tally(counts, self.orphaned)

    def shown(self, shown_state: str = "", between: tuple[int, int] | None = None) -> list[Mark]:
        """The marks in one state (or all), overlapping `between` (or anywhere)."""
        return [
            mark
            for mark in self.marks
            if (not shown_state or mark.state == shown_state)
            and (between is None or (mark.start < between[1] and mark.end > between[0]))
        ]


def _claims(article: Article, *, between: tuple[int, int] | None = None) -> Claims:
    """Every span of the article (or those overlapping `between`) with the state it shows.

    One plain row per span, with the labels its verdicts give, serves both the legend and the
    highlights of the whole page: a long article has a thousand spans and three times as many
    verdicts, and model instances for them would cost more than drawing the page.
    """
    spans = Span.objects.filter(article=article).order_by()
    if between is not None:
        spans = spans.filter(start__lt=between[1], end__gt=between[0])
    rows = spans.annotate(given=LABELS_GIVEN).values_list(
        "id", "start", "end", "is_orphaned", "final_label", "given"
    )
    marks, orphaned = [], 0
    for pk, start, end, is_orphaned, final_label, bits in rows:
        if is_orphaned:
            orphaned += 1
        else:
            marks.append(Mark(pk, start, end, _state_given(final_label, bits)))
    return Claims(marks, orphaned)


@cache
def _state_of(final_label: str, *given: bool) -> str:
    """`display_state_of` for a final label and which labels the verdicts give.

    There are only a few dozen combinations, and a thousand spans to look them up for.
    """
    labels = [label for label, has in zip(Label.values, given, strict=True) if has]
    return display_state_of(final_label, labels)


def _state_given(final_label: str, bits: int | None) -> str:
    """The state a span shows, from its final label and the bits of `LABELS_GIVEN`."""
    return _state_of(final_label, *(bool((bits or 0) & 1 << bit) for bit in range(len(Label))))


def _tally_and_claims(article: Article, between: tuple[int, int]) -> tuple[Tally, Claims]:
    """The legend's counts and the live spans overlapping `between`, in one query.

    For a click that redraws a few paragraphs: the database groups the spans by their final
    label and the labels their verdicts give, except that each span overlapping `between` is
    a group of its own, so a few rows come back instead of a thousand.
    """
    own_group = Case(
        When(start__lt=between[1], end__gt=between[0], then="pk"), output_field=IntegerField()
    )
    rows = (
        Span.objects.filter(article=article)
        .order_by()
        .values("is_orphaned", "final_label", given=LABELS_GIVEN, touched=own_group)
        .annotate(spans=Count("pk"), first=Min("start"), last=Max("end"))
        .values_list("is_orphaned", "final_label", "given", "touched", "first", "last", "spans")
    )
    counts = dict.fromkeys(Consensus.values, 0)
    orphaned = 0
    marks = []
    for is_orphaned, final_label, bits, touched, start, end, spans in rows:
        if is_orphaned:
            orphaned += spans
            continue
        state = _state_given(final_label, bits)
        counts[state] += spans
        if touched is not None:
            marks.append(Mark(touched, start, end, state))
    return Tally(counts, orphaned), Claims(marks, orphaned)


def _legend_context(tally: Tally, shown_state: str) -> dict:
    """Claims by the state they show."""
    counts = tally.counts
    return {
        "legend": [(state, label, counts[state]) for state, label in Consensus.choices],
        "claim_count": sum(counts.values()),
        "orphaned_count": tally.orphaned,
        "shown_state": shown_state,
        "shown_state_label": Consensus(shown_state).label if shown_state else "",
    }


def _page_query(request: HttpRequest) -> QueryDict:
    """The query of the page the user is looking at, which holds its verdict-state filter.

    For an htmx request that is the page htmx was sent from, not the endpoint's own URL.
    """
    if request.htmx and request.htmx.current_url:
        return QueryDict(urlsplit(request.htmx.current_url).query)
    return request.GET


def _shown_state(query: QueryDict) -> str:
    form = ReaderFilterForm(query)
    return form.cleaned_data["state"] if form.is_valid() else ""


def _page_context(
    request: HttpRequest,
    article: Article,
    *,
    shown_state: str | None = None,
    span: Span | None = None,
    message: str = "",
    **panel,
) -> dict:
    """Everything the whole page shows."""
    if shown_state is None:
        shown_state = _shown_state(_page_query(request))
    selected = span.pk if span else None
    claims = _claims(article)

    def article_html() -> SafeString:
        return render_article(article.text, claims.shown(shown_state), selected=selected)

    context = {
        "article": article,
        # The template calls it only where a region shows the text.
        "article_html": article_html,
        "message": message,
        "can_annotate": roles.is_editor(request.user),
        **_legend_context(claims.tally(), shown_state),
    }
    if span is not None:
        context.update(_panel_context(request, span, **panel))
    return context


def _panel_context(
    request: HttpRequest,
    span: Span,
    *,
    at: int | None = None,
    forms: Forms | None = None,
    panel_message: str = "",
) -> dict:
    forms = forms or {}
    verdicts = list(span.verdicts.all())
    mine = next((v for v in verdicts if v.reviewer_id == request.user.pk), None)
    here = []
    if at is not None and span.start <= at < span.end:
        here = covering(_claims(span.article, between=(at, at + 1)).marks, at)
    text = span.article.text
    state = span.display_state
    return {
        "article": span.article,
        "can_annotate": roles.is_editor(request.user),
        "span": span,
        "span_state": state,
        "span_state_label": Consensus(state).label,
        "panel_message": panel_message,
        "at": at,
        "my_verdict": mine,
        "other_verdicts": [verdict for verdict in verdicts if verdict is not mine],
        "can_change_span": roles.can_change_span(request.user, span),
        "highlighters": list(span.highlighters.all()),
        "claims_here": [
            (mark, _shortened(text[mark.start : mark.end]), Consensus(mark.state).label)
            for mark in here
        ],
        "labels": Label.choices,
        "verdict_form": forms.get("verdict")
        or VerdictForm(
            initial={"label": mine.label, "rationale": mine.rationale, "version": mine.version}
            if mine
            else {}
        ),
        "span_form": forms.get("span")
        or SpanForm(initial={"claim": span.claim, "speaker": span.speaker}),
        "evidence_form": forms.get("evidence") or EvidenceForm(),
    }


def _shortened(quote: str, width: int = 64) -> str:
    """Both ends of a long quote: overlapping claims often share their first words."""
    if len(quote) <= width:
        return quote
    half = (width - 3) // 2
    head, tail = quote[:half], quote[-half:]
    # Cut at spaces when there are any, so no word is left in pieces.
    head = head.rsplit(maxsplit=1)[0] if " " in head.strip() else head
    tail = tail.split(maxsplit=1)[-1] if " " in tail.strip() else tail
    return f"{head.rstrip()} … {tail.lstrip()}"


# Responses


def _partial(request: HttpRequest, name: str, context: dict) -> str:
    return render_to_string(f"{TEMPLATE}#{name}", context, request)


def _redrawn(
    request: HttpRequest, article: Article, start: int, end: int, *, selected: int | None
) -> str:
    """After a change to the claim at start..end: its paragraphs and the legend, out of band.

    Only the paragraphs the claim touches are drawn again, so a click costs the same in a
    long article as in a short one. The message above the article is cleared too.
    """
    shown_state = _shown_state(_page_query(request))
    touched = paragraphs_touching(article.text, start, end)
    # Without a paragraph to draw (0, 0) overlaps no span: the query then only counts.
    tally, claims = _tally_and_claims(article, touched or (0, 0))
    context = {"article": article, "oob": True, **_legend_context(tally, shown_state)}
    html = _partial(request, "claim-legend", context) + _message_cleared(request)
    if touched is not None:
        html += render_article(
            article.text,
            claims.shown(shown_state),
            selected=selected,
            within=touched,
            swap_oob=True,
        )
    return html


def _panel_response(
    request: HttpRequest, span: Span, *, status: int = 200, redraw: bool = True, **panel
) -> HttpResponse:
    """The claim panel of a span loaded with its relations; the page without htmx."""
    if not request.htmx:
        context = _page_context(request, span.article, span=span, **panel)
        return render(request, TEMPLATE, context, status=status)
    html = _partial(request, "claim-panel", _panel_context(request, span, **panel))
    if redraw:
        html += _redrawn(request, span.article, span.start, span.end, selected=span.pk)
    return HttpResponse(html, status=status)


def _refused(request: HttpRequest, span_pk: int, message: str, *, status: int) -> HttpResponse:
    """The panel with the reason nothing changed."""
    span = _load_span(span_pk)
    return _panel_response(request, span, panel_message=message, status=status, redraw=False)


def _invalid(request: HttpRequest, span_pk: int, forms: Forms) -> HttpResponse:
    """The panel with the form that did not validate, as the user filled it in."""
    return _panel_response(request, _load_span(span_pk), forms=forms, status=400, redraw=False)


def _message_cleared(request: HttpRequest) -> str:
    return _partial(request, "reader-message", {"oob": True})


def _saved(
    request: HttpRequest, span: Span, *, first_verdict: Verdict | None = None
) -> HttpResponse:
    """After a change to a span from `_span_to_change`: its panel, and what the change redrew.

    The highlights and the legend are drawn again only when the state the span shows changed
    (a rationale, evidence or a restated claim leave them as they are). `first_verdict` is
    the claim's first verdict when this change gave it.
    """
    if not request.htmx:
        return redirect("annotations:span-detail", pk=span.pk)
    shown_before = _state_given(span.final_label, span.labels_given)
    span = _first_judged(span, first_verdict) if first_verdict else _reloaded(span)
    html = _partial(request, "claim-panel", _panel_context(request, span))
    if span.display_state == shown_before:
        return HttpResponse(html + _message_cleared(request))
    return HttpResponse(
        html + _redrawn(request, span.article, span.start, span.end, selected=span.pk)
    )


def _message(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """The message above the article, whatever element the htmx request targeted."""
    html = _partial(request, "reader-message", {"message": message})
    return reswap(retarget(HttpResponse(html, status=status), "#reader-message"), "outerHTML")


def _reader_message(
    request: HttpRequest, article: Article, message: str, *, status: int, span: Span | None = None
) -> HttpResponse:
    """A message above the article, e.g. for a selection that could not become a claim."""
    if request.htmx:
        return _message(request, message, status=status)
    context = _page_context(request, article, span=span, message=message)
    return render(request, TEMPLATE, context, status=status)


def _describe_errors(form) -> str:
    parts = []
    for name, messages in form.errors.items():
        label = "" if name == "__all__" else f"{form[name].label}: "
        parts.append(label + " ".join(messages))
    return " ".join(parts)


# Pages


@signed_in
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    filter_form = ReaderFilterForm(request.GET)
    if not filter_form.is_valid():
        return _reader_message(request, article, _describe_errors(filter_form), status=400)
    context = _page_context(request, article, shown_state=filter_form.cleaned_data["state"])
    if request.htmx.target == "article-text":
        html = _partial(request, "article-text", context)
        html += _partial(request, "claim-legend", {**context, "oob": True})
        return HttpResponse(html)
    return render(request, TEMPLATE, context)


@signed_in
@require_GET
def span_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = ClaimPointForm(request.GET)
    if not point.is_valid():
        span = _load_span(pk)
        return _reader_message(
            request, span.article, _describe_errors(point), status=400, span=span
        )
    return _panel_response(request, _load_span(pk), at=point.cleaned_data["at"], redraw=False)


# Changes


@signed_in
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
            return _reader_message(request, article, str(error), status=403)
        else:
            if not request.htmx:
                return redirect("annotations:span-detail", pk=span.pk)
            span = _created(span, request.user) if created else _reloaded(span)
            return _panel_response(request, span, status=201)
    message = f"Could not mark this claim. {_describe_errors(form)}"
    return _reader_message(request, article, message, status=400)


@signed_in
@require_POST
@editor_required
def span_update(request: HttpRequest, pk: int) -> HttpResponse:
    span = _span_to_change(pk)
    form = SpanForm(request.POST)
    if form.is_valid():
        try:
            services.span_update(user=request.user, span=span, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            return _refused(request, pk, str(error), status=403)
        else:
            return _saved(request, span)
    return _invalid(request, pk, {"span": form})


@signed_in
@require_POST
@editor_required
def span_delete(request: HttpRequest, pk: int) -> HttpResponse:
    span = _load_span(pk)  # prefetched: deleting walks its verdicts and evidence
    article, start, end = span.article, span.start, span.end
    try:
        services.span_delete(user=request.user, span=span)
    except PermissionDenied as error:
        return _refused(request, pk, str(error), status=403)
    if not request.htmx:
        return redirect("annotations:article-detail", pk=article.pk)
    context = {"article": article, "can_annotate": True, "span": None}
    html = _partial(request, "claim-panel", context)
    return HttpResponse(html + _redrawn(request, article, start, end, selected=None))


@signed_in
@require_POST
@editor_required
def verdict_set(request: HttpRequest, pk: int) -> HttpResponse:
    span = _span_to_change(pk)
    form = VerdictForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        # A claim nobody has judged holds no verdict of this reviewer to look up first.
        unjudged = span.labels_given is None
        try:
            if unjudged:
                verdict = services.verdict_create(
                    user=request.user,
                    span=span,
                    label=data["label"],
                    rationale=data["rationale"],
                )
            else:
                services.verdict_set(
                    user=request.user,
                    span=span,
                    label=data["label"],
                    rationale=data["rationale"],
                    expected_version=data["version"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            return _refused(request, pk, str(error), status=403)
        except (services.StaleVersion, services.VerdictExists) as error:
            return _stale_verdict(request, pk, error, rationale=data["rationale"])
        else:
            return _saved(request, span, first_verdict=verdict if unjudged else None)
    return _invalid(request, pk, {"verdict": form})


def _stale_verdict(request: HttpRequest, pk: int, error: Exception, *, rationale: str):
    """Show what is stored now, keep the reviewer's typed rationale, and say what happened."""
    current = Verdict.objects.get(span_id=pk, reviewer=request.user)
    form = VerdictForm(
        initial={"label": current.label, "rationale": rationale, "version": current.version}
    )
    message = (
        f"Your verdict changed since this page loaded (it is now “{current.get_label_display()}”"
        f", version {current.version}). Check it and apply your change again."
    )
    span = _load_span(pk)
    return _panel_response(
        request, span, forms={"verdict": form}, panel_message=message, status=412
    )


@signed_in
@require_POST
@editor_required
def verdict_delete(request: HttpRequest, pk: int) -> HttpResponse:
    span = _span_to_change(pk)
    mine = Verdict.objects.filter(span=span, reviewer=request.user).first()
    if mine is None:
        return _refused(request, pk, "You have no verdict on this claim.", status=400)
    services.verdict_delete(user=request.user, verdict=mine)
    return _saved(request, span)


@signed_in
@require_POST
@editor_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    span = _span_to_change(pk)
    form = EvidenceForm(request.POST)
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
                return _saved(request, span)
    return _invalid(request, pk, {"evidence": form})


@signed_in
@require_POST
@editor_required
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("verdict"), pk=pk)
    span = _span_to_change(evidence.verdict.span_id)
    try:
        services.evidence_remove(user=request.user, evidence=evidence)
    except PermissionDenied as error:
        return _refused(request, span.pk, str(error), status=403)
    return _saved(request, span)


urlpatterns = [
    path("articles/<int:pk>/", article_detail, name="article-detail"),
    path("articles/<int:pk>/spans/", span_create, name="span-create"),
    path("spans/<int:pk>/", span_detail, name="span-detail"),
    path("spans/<int:pk>/edit/", span_update, name="span-update"),
    path("spans/<int:pk>/delete/", span_delete, name="span-delete"),
    path("spans/<int:pk>/verdict/", verdict_set, name="verdict-set"),
    path("spans/<int:pk>/verdict/delete/", verdict_delete, name="verdict-delete"),
    path("spans/<int:pk>/evidence/", evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/delete/", evidence_remove, name="evidence-remove"),
]
