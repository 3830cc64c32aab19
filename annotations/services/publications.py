"""Publishing a settled claim as a public fact check: write its explanation, choose the
evidence shown, publish, unpublish. Only moderators; each step is in the claim's history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import history, roles
from annotations.models import Change, Evidence, Publication, Span, new_publication
from annotations.services.changes import record_change
from annotations.services.checks import check_fields, reject_forbidden_characters
from annotations.services.spans import lock_span

NOT_PUBLISHED = "This claim is not published."
SETTLED_ONLY = "Only a settled claim (with a final verdict) can be published."


def evidence_choices(span: Span, publication: Publication | None = None) -> list[dict]:
    """The links a moderator may show with the fact check, each once by URL: those it shows
    now, then every evidence link of the claim's verdicts (oldest verdict first)."""
    choices = {}
    for link in publication.evidence if publication else []:
        choices.setdefault(link["url"], link)
    rows = (
        Evidence.objects.filter(verdict__span=span)
        .order_by("verdict__created_at", "verdict_id", "id")
        .values("url", "title")
    )
    for row in rows:
        choices.setdefault(row["url"], {"url": row["url"], "title": row["title"]})
    return list(choices.values())


def chosen_evidence(span: Span, publication: Publication, urls: list[str] | None) -> list[dict]:
    """The links to show: those named in `urls` (each must be one of the claim's), or, when
    None, what the publication shows now (all of the claim's links the first time)."""
    if urls is None and publication.pk:
        return publication.evidence
    choices = evidence_choices(span, publication)
    if urls is None:
        return choices
    known = {link["url"] for link in choices}
    unknown = [url for url in urls if url not in known]
    if unknown:
        raise ValidationError(
            {"evidence": f"“{unknown[0]}” is not an evidence link of this claim's verdicts."}
        )
    wanted = set(urls)
    return [link for link in choices if link["url"] in wanted]


def locked_publication(span: Span) -> Publication:
    """The claim's publication as stored now (or a new, unsaved one), its claim locked first."""
    span = lock_span(span)
    publication = Publication.objects.select_for_update().filter(span=span).first()
    return publication or new_publication(span)


def _edit(
    publication: Publication, *, explanation: str | None, evidence: list[str] | None
) -> None:
    reject_forbidden_characters(explanation=explanation)
    publication.evidence = chosen_evidence(publication.span, publication, evidence)
    if explanation is not None:
        publication.explanation = explanation.strip()
    check_fields(publication, exclude=["span", "published_by"])


@transaction.atomic
def publication_edit(
    *, user, span: Span, explanation: str | None = None, evidence: list[str] | None = None
) -> Publication:
    """Write or change the explanation and the evidence shown of a settled claim, before or
    after publishing. None leaves a part as it is."""
    roles.require_moderator(user)
    publication = locked_publication(span)
    if not publication.span.final_label:
        raise ValidationError({"final_label": SETTLED_ONLY})
    _edit(publication, explanation=explanation, evidence=evidence)
    if publication.is_published and (problems := publication_problems(span, publication)):
        raise ValidationError(problems)  # A public page stays complete.
    reason = "Published fact check edited" if publication.is_published else "Explanation drafted"
    history.save(publication, user=user, reason=reason)
    # A draft is no news for webhooks; the reader's panel still shows it.
    kind = Change.Kind.CLAIM_PUBLISHED if publication.is_published else Change.Kind.CLAIM_CHANGED
    record_change(kind, article_id=span.article_id, actor=user, span_id=span.pk)
    return publication


def publication_problems(span: Span, publication: Publication) -> dict[str, str]:
    """Why the claim cannot be published now, by field; empty when it can."""
    problems = {}
    if span.state == Span.State.REJECTED:
        problems["state"] = "A rejected claim cannot be published."
    elif span.state != Span.State.APPROVED or not span.final_label:
        problems["final_label"] = SETTLED_ONLY
    if not span.claim.strip():
        problems["claim"] = (
            "Restate the claim first: the public page shows it as the claim reviewed."
        )
    if not publication.explanation:
        problems["explanation"] = "Write the explanation the public will read."
    return problems


@transaction.atomic
def span_publish(
    *, user, span: Span, explanation: str | None = None, evidence: list[str] | None = None
) -> Publication:
    """Publish the settled claim (or update it when published): its public page, the feed,
    the sitemap and the ClaimReview export then show it."""
    roles.require_moderator(user)
    publication = locked_publication(span)
    _edit(publication, explanation=explanation, evidence=evidence)
    if problems := publication_problems(publication.span, publication):
        raise ValidationError(problems)
    if publication.is_published:
        reason = "Published fact check edited"
    else:
        reason = "Published"
        publication.published_at = timezone.now()
        publication.published_by = user
    history.save(publication, user=user, reason=reason)
    record_change(
        Change.Kind.CLAIM_PUBLISHED, article_id=span.article_id, actor=user, span_id=span.pk
    )
    return publication


@transaction.atomic
def span_unpublish(*, user, span: Span) -> Publication:
    """Take the fact check down: its page is gone (404), and so are its feed, sitemap and
    export entries. The explanation is kept for publishing again."""
    roles.require_moderator(user)
    publication = locked_publication(span)
    if not publication.is_published:
        raise ValidationError({"publication": NOT_PUBLISHED})
    publication.published_at = None
    history.save(publication, user=user, reason="Unpublished")
    record_change(
        Change.Kind.CLAIM_PUBLISHED, article_id=span.article_id, actor=user, span_id=span.pk
    )
    return publication


def require_unpublished(span: Span, action: str) -> None:
    """A published fact check keeps the rating it shows: take it down before `action`."""
    if Publication.objects.live().filter(span=span).exists():
        raise ValidationError(
            {"publication": f"This claim is published: unpublish it before {action}."}
        )
