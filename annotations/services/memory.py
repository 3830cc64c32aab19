"""Claim memory: "Seen before" (the most similar claims in other articles, on the vectors
`claim_index` keeps; a claim the background has not indexed yet is indexed on the spot) and
the links reviewers confirm between claims. Search is `annotations.search`."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from annotations import blind, embedding, history, roles, similarity
from annotations.claim_index import claim_text, index
from annotations.models import Change, ClaimLink, ClaimVector, Span
from annotations.services.changes import record_change
from annotations.vectors import index as vector_index

# How many nearest vectors "Seen before" scores with the words too, to pick the best.
CANDIDATES = 50

# Seen before


@dataclass
class Suggestion:
    span: Span
    score: float
    link: str | None  # ClaimLink.Relation, or None
    judgements: blind.Judgements

    @property
    def pk(self) -> int:
        return self.span.pk


def similar_claims(
    viewer,
    span: Span,
    *,
    limit: int = 10,
    min_score: float | None = None,
    every_link: bool = False,
) -> list[Suggestion]:
    """The claims in other articles most like `span`, best first: those scoring at least
    `min_score` (the shown threshold by default), and every claim linked to it (confirmed
    the same, or ruled out: those are never suggested again, only listed as such).

    At most `limit` of them; with `every_link`, `limit` counts the unlinked claims only and
    every linked claim is kept besides (the panel lists all the claims confirmed the same)."""
    min_score = similarity.SHOWN_FROM if min_score is None else min_score
    vector = vector_of(span)
    links = {
        link.other_than(span.pk): link.relation
        for link in ClaimLink.objects.filter(Q(span=span) | Q(other=span))
    }
    cosines = dict(
        vector_index.nearest(vector, other_than_article=span.article_id, limit=CANDIDATES)
    )
    unranked = set(links) - set(cosines)
    for pk, other in ClaimVector.objects.filter(
        span__in=unranked, model=embedding.MODEL
    ).values_list("span_id", "vector"):
        cosines[pk] = float(vector @ embedding.from_bytes(other))
    texts = {
        row["pk"]: row
        for row in Span.objects.filter(pk__in=set(cosines) | set(links))
        .exclude(article_id=span.article_id)
        .values("pk", "quote", "claim")
    }
    here = claim_text(span.quote, span.claim)
    scored = []
    for pk, row in texts.items():
        text = claim_text(row["quote"], row["claim"])
        value = similarity.score(cosines.get(pk, 0.0), here, text).value
        if pk in links or value >= min_score:
            scored.append((value, pk))
    scored.sort(key=lambda item: (-item[0], item[1]))
    if every_link:
        unlinked = [item for item in scored if item[1] not in links][:limit]
        scored = sorted(
            [item for item in scored if item[1] in links] + unlinked,
            key=lambda item: (-item[0], item[1]),
        )
    else:
        scored = scored[:limit]
    loaded = (
        Span.objects.with_verdicts().select_related("article").in_bulk([pk for _, pk in scored])
    )
    return [
        Suggestion(
            span=loaded[pk],
            score=value,
            link=links.get(pk),
            judgements=blind.judgements(viewer, loaded[pk]),
        )
        for value, pk in scored
        if pk in loaded
    ]


def vector_of(span: Span):
    """The span's stored vector, indexing the span now if it has none yet."""
    stored = ClaimVector.objects.filter(span=span, model=embedding.MODEL).first()
    if stored is None:
        index([span.pk])
        stored = ClaimVector.objects.get(span=span)
    return embedding.from_bytes(stored.vector)


# Links


def require_linkable(user, span: Span, other: Span | None) -> Span:
    roles.require_editor(user)
    if other is None:
        raise ValidationError({"other": "No such claim."})
    if other.pk == span.pk:
        raise ValidationError({"other": "A claim cannot be linked to itself."})
    if other.article_id == span.article_id:
        raise ValidationError(
            {"other": "Both claims are in the same article: link claims across articles."}
        )
    return other


def ordered(span: Span, other: Span) -> tuple[Span, Span]:
    return (span, other) if span.pk < other.pk else (other, span)


@transaction.atomic
def link_set(*, user, span: Span, other: Span | None, relation: str) -> ClaimLink:
    """Record that `span` and `other` (in another article) are the same claim, or not.
    Setting it again changes the relation (the same again changes nothing); editors and
    moderators may."""
    other = require_linkable(user, span, other)
    if relation not in ClaimLink.Relation.values:
        raise ValidationError({"relation": 'Either "same" or "different".'})
    first, second = ordered(span, other)
    link = ClaimLink.objects.select_for_update().filter(span=first, other=second).first()
    if link is not None and link.relation == relation:
        return link
    if link is None:
        link = ClaimLink(span=first, other=second, relation=relation, created_by=user)
        try:
            with transaction.atomic():
                history.save(link, user=user, reason="Claims linked")
        except IntegrityError:
            # The pair was linked meanwhile, or one of the claims deleted.
            if Span.objects.filter(pk__in=[first.pk, second.pk]).count() < 2:
                raise ValidationError(
                    {"other": "One of the claims was deleted meanwhile."}
                ) from None
            link = ClaimLink.objects.select_for_update().get(span=first, other=second)
    if link.relation != relation:
        link.relation, link.created_by = relation, user
        history.save(link, user=user, reason="Link changed")
    record_link_change(link, user=user)
    return link


def record_link_change(link: ClaimLink, *, user, kind=Change.Kind.CLAIM_LINKED) -> None:
    """A change of `kind` in both claims' articles (their readers redraw), delivered to
    webhooks once."""
    for claim in (link.span, link.other):
        record_change(
            kind,
            article_id=claim.article_id,
            span_id=claim.pk,
            actor=user,
            object_id=link.pk,
            deliver=claim is link.span,
        )


@transaction.atomic
def link_delete(*, user, span: Span, other: Span | None) -> None:
    """Forget the link between `span` and `other`: suggested again if they are alike."""
    other = require_linkable(user, span, other)
    first, second = ordered(span, other)
    link = ClaimLink.objects.select_for_update().filter(span=first, other=second).first()
    if link is None:
        raise ValidationError({"other": "These claims are not linked."})
    record_link_change(link, user=user, kind=Change.Kind.CLAIM_UNLINKED)
    history.delete(link, user=user, reason="Link removed")
