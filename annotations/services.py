"""Every write: validated, permission-checked, one transaction each, recorded in history.

Views, API serializers, admin actions and commands call these functions and hold no domain
rules of their own. A bad input raises Django's ValidationError naming the field; a forbidden
action raises PermissionDenied; a clash with stored data raises a Conflict subclass.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from annotations import roles
from annotations.anchoring import find_anchor
from annotations.models import (
    MAX_TEXT_LENGTH,
    Article,
    Evidence,
    Label,
    Span,
    Verdict,
    majority_of,
)
from annotations.text import (
    describe_forbidden_character,
    normalize_text,
    quote_context,
    text_sha256,
)

MAX_EVIDENCE_PER_VERDICT = 20
PARKING_OFFSET = 2 * MAX_TEXT_LENGTH + 1


class Conflict(Exception):
    """The write clashes with something already stored; `existing` is that thing."""

    def __init__(self, message: str, *, existing) -> None:
        super().__init__(message)
        self.message = message
        self.existing = existing


class DuplicateArticle(Conflict):
    pass


class VerdictExists(Conflict):
    pass


class StaleVersion(Exception):
    """The client edited an older version than the one stored (HTTP 412)."""

    def __init__(self, *, current_version: int) -> None:
        super().__init__(
            f"This verdict changed since you loaded it (now version {current_version}); "
            "reload it and apply your change again."
        )
        self.current_version = current_version


def _reject_forbidden_characters(**fields: str) -> None:
    errors = {}
    for name, value in fields.items():
        if isinstance(value, str) and (problem := describe_forbidden_character(value)):
            errors[name] = problem
    if errors:
        raise ValidationError(errors)


def _validate(instance, *, exclude: Iterable[str] = ()) -> None:
    """Field validation (lengths, URLs, choices); constraints are left to the database."""
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def _require_label(label: object) -> str:
    if label not in Label.values:
        raise ValidationError(
            {"label": f"“{label}” is not a verdict label: use supported, disputed or unverified."}
        )
    return label


def _save(instance, *, user, reason: str = "") -> None:
    instance._history_user = user
    instance._change_reason = reason or None
    instance.save()


def _delete(instance, *, user, reason: str = "") -> None:
    instance._history_user = user
    instance._change_reason = reason or None
    instance.delete()


# Articles


def _prepare_text(text: object) -> str:
    if not isinstance(text, str):
        raise ValidationError({"text": "The text must be a string."})
    # Check the size before normalising, so a huge upload is not processed first.
    if len(text) > 2 * MAX_TEXT_LENGTH:
        raise ValidationError({"text": f"The text is longer than {MAX_TEXT_LENGTH:,} characters."})
    canonical = normalize_text(text)
    _reject_forbidden_characters(text=canonical)
    if not canonical:
        raise ValidationError({"text": "The article has no text."})
    if len(canonical) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {
                "text": f"The text has {len(canonical):,} characters; "
                f"the limit is {MAX_TEXT_LENGTH:,}."
            }
        )
    return canonical


@transaction.atomic
def article_create(
    *,
    user,
    title: str,
    text: str,
    source: str = "",
    url: str = "",
    byline: str = "",
    published: datetime.date | None = None,
    language: str = "en",
) -> Article:
    """Import an article. Raises DuplicateArticle (with the stored one) for a text seen before."""
    roles.require_editor(user)
    canonical = _prepare_text(text)
    _reject_forbidden_characters(
        title=title, source=source, url=url, byline=byline, language=language
    )
    article = Article(
        title=title.strip() if isinstance(title, str) else title,
        source=source,
        url=url,
        byline=byline,
        published=published,
        language=language,
        text=canonical,
        text_sha256=text_sha256(canonical),
        created_by=user,
    )
    _validate(article)
    if existing := Article.objects.filter(text_sha256=article.text_sha256).first():
        raise DuplicateArticle("This text has been imported already.", existing=existing)
    try:
        with transaction.atomic():
            _save(article, user=user)
    except IntegrityError:
        existing = Article.objects.get(text_sha256=article.text_sha256)
        raise DuplicateArticle("This text has been imported already.", existing=existing) from None
    return article


def _require_article_owner(user, article: Article) -> None:
    if not (
        roles.is_moderator(user) or (roles.is_editor(user) and article.created_by_id == user.pk)
    ):
        raise PermissionDenied("Only the editor who imported this article or a moderator can.")


ARTICLE_METADATA_FIELDS = ("title", "source", "url", "byline", "published", "language", "status")


@transaction.atomic
def article_update(*, user, article: Article, **changes) -> Article:
    """Change an article's metadata (never its text: see article_revise_text)."""
    _require_article_owner(user, article)
    unknown = set(changes) - set(ARTICLE_METADATA_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    _reject_forbidden_characters(**changes)
    for name, value in changes.items():
        setattr(article, name, value)
    _validate(article)
    _save(article, user=user)
    return article


@transaction.atomic
def article_revise_text(*, user, article: Article, text: str) -> list[Span]:
    """Store a new revision of the text and re-anchor every span; returns the orphaned spans.

    A span that cannot be found again is kept, marked orphaned, never deleted.
    """
    _require_article_owner(user, article)
    canonical = _prepare_text(text)
    if canonical == article.text:
        return []
    digest = text_sha256(canonical)
    if existing := Article.objects.filter(text_sha256=digest).exclude(pk=article.pk).first():
        raise DuplicateArticle("Another article already has this text.", existing=existing)
    article.text = canonical
    article.text_sha256 = digest
    article.revision += 1
    _save(article, user=user, reason=f"Text revised to revision {article.revision}")

    spans = list(Span.objects.filter(article=article).select_for_update().order_by("start", "id"))
    taken: set[tuple[int, int]] = set()
    orphaned = []
    for span in spans:
        anchor = find_anchor(
            canonical, quote=span.quote, prefix=span.prefix, suffix=span.suffix, hint=span.start
        )
        if anchor is None or (anchor.start, anchor.end) in taken:
            span.is_orphaned = True
            orphaned.append(span)
        else:
            taken.add((anchor.start, anchor.end))
            span.start, span.end = anchor.start, anchor.end
            span.prefix, span.quote, span.suffix = quote_context(
                canonical, anchor.start, anchor.end, width=Span.CONTEXT_WIDTH
            )
            span.is_orphaned = False
    for span in orphaned:
        _save(span, user=user, reason=f"Orphaned by revision {article.revision}")
    # Ranges shift together and may swap: park the anchored spans past any real offset first,
    # so no intermediate state breaks the one-span-per-range constraint.
    anchored = [span for span in spans if not span.is_orphaned]
    for span in anchored:
        Span.objects.filter(pk=span.pk).update(
            start=span.start + PARKING_OFFSET, end=span.end + PARKING_OFFSET, quote=span.quote
        )
    for span in anchored:
        _save(span, user=user, reason=f"Re-anchored to revision {article.revision}")
    return orphaned


# Spans


def _require_offset(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({name: "Must be a whole number."})
    return value


def span_create(
    *,
    user,
    article: Article,
    start: int,
    end: int,
    quote: str | None = None,
    claim: str = "",
    speaker: str = "",
) -> tuple[Span, bool]:
    """Highlight text[start:end] (code points). Returns (span, created).

    `quote`, when given, must equal the text at the offsets: it catches a client whose copy of
    the text differs. Whitespace at either edge of the selection is trimmed. A second editor
    highlighting the same range joins the existing span.
    """
    roles.require_editor(user)
    start = _require_offset("start", start)
    end = _require_offset("end", end)
    if article.status == Article.Status.CLOSED:
        raise ValidationError({"article": "This article is closed to new claims."})
    text = article.text
    if start < 0:
        raise ValidationError({"start": "Must be 0 or more."})
    if end > len(text):
        raise ValidationError({"end": f"Must be at most {len(text)}, the length of the text."})
    if end <= start:
        raise ValidationError({"end": "Must be greater than start."})
    selected = text[start:end]
    if quote is not None and quote != selected:
        raise ValidationError({"quote": "Does not match the article's text at these offsets."})
    if not selected.strip():
        raise ValidationError({"quote": "The selection is only whitespace."})
    start += len(selected) - len(selected.lstrip())
    end -= len(selected) - len(selected.rstrip())
    _reject_forbidden_characters(claim=claim, speaker=speaker)

    prefix, quote_text, suffix = quote_context(text, start, end, width=Span.CONTEXT_WIDTH)
    span = Span(
        article=article,
        start=start,
        end=end,
        quote=quote_text,
        prefix=prefix,
        suffix=suffix,
        claim=claim,
        speaker=speaker,
        created_by=user,
    )
    # The article and the user are rows in hand: skip full_clean's existence queries.
    _validate(span, exclude=["prefix", "suffix", "article", "created_by"])
    # Insert first and let the unique range constraint find an existing span: one query fewer
    # for every new span than looking first (and a look would not stop a race anyway). The
    # transaction is this block alone, not the whole function: a failed insert then ends it
    # and no savepoint is needed around the insert (two round trips fewer).
    try:
        with transaction.atomic():
            _save(span, user=user)
            span.highlighters.add(user)
    except IntegrityError:
        pass
    else:
        return span, True
    # The range is highlighted already (maybe a moment ago, by someone else): join it.
    with transaction.atomic():
        span = Span.objects.get(article=article, start=start, end=end, is_orphaned=False)
        span.highlighters.add(user)
    return span, False


def _require_span_change(user, span: Span) -> None:
    if not roles.can_change_span(user, span):
        raise PermissionDenied(
            "Only a moderator, or the editor who alone highlighted this claim, can change it."
        )


@transaction.atomic
def span_update(*, user, span: Span, claim: str | None = None, speaker: str | None = None) -> Span:
    _require_span_change(user, span)
    _reject_forbidden_characters(claim=claim, speaker=speaker)
    if claim is not None:
        span.claim = claim
    if speaker is not None:
        span.speaker = speaker
    _validate(span, exclude=["prefix", "suffix"])
    _save(span, user=user)
    return span


@transaction.atomic
def span_delete(*, user, span: Span) -> None:
    """Delete a claim and its verdicts; the history keeps their record."""
    _require_span_change(user, span)
    for verdict in span.verdicts.all():
        for evidence in verdict.evidence.all():
            _delete(evidence, user=user, reason="Claim deleted")
        _delete(verdict, user=user, reason="Claim deleted")
    _delete(span, user=user)


# Verdicts and evidence


def _evidence_items(evidence: Iterable[Mapping]) -> list[Evidence]:
    items = list(evidence)
    if len(items) > MAX_EVIDENCE_PER_VERDICT:
        raise ValidationError(
            {"evidence": f"At most {MAX_EVIDENCE_PER_VERDICT} evidence links per verdict."}
        )
    built = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise ValidationError({"evidence": f"Item {number} must be an object with a url."})
        fields = {key: item.get(key, "") for key in ("url", "title", "note")}
        try:
            _reject_forbidden_characters(**fields)
            candidate = Evidence(**fields)
            _validate(candidate, exclude=["verdict"])
        except ValidationError as error:
            raise ValidationError(
                {
                    "evidence": [
                        f"Item {number}, {field}: {' '.join(messages)}"
                        for field, messages in error.message_dict.items()
                    ]
                }
            ) from None
        built.append(candidate)
    return built


def _require_verdict_change(user, verdict: Verdict) -> None:
    if not roles.can_change_verdict(user, verdict):
        raise PermissionDenied("You can change only your own verdicts.")


def verdict_create(
    *,
    user,
    span: Span,
    label: str,
    rationale: str = "",
    evidence: Iterable[Mapping] = (),
) -> Verdict:
    """Judge a claim. Raises VerdictExists (with the stored one) if this reviewer already did."""
    return _verdict_create(
        user=user, span=span, label=label, rationale=rationale, evidence=evidence
    )


def _verdict_create(
    *,
    user,
    span: Span,
    label: str,
    rationale: str,
    evidence: Iterable[Mapping],
) -> Verdict:
    """verdict_create, in a transaction of its own or a savepoint of the caller's."""
    roles.require_editor(user)
    _require_label(label)
    _reject_forbidden_characters(rationale=rationale)
    evidence_items = _evidence_items(evidence)
    verdict = Verdict(span=span, reviewer=user, label=label, rationale=rationale)
    # The span and the user are rows in hand: skip full_clean's existence queries.
    _validate(verdict, exclude=["span", "reviewer"])
    # The unique constraint finds an earlier verdict: one query fewer than looking first. The
    # verdict and its evidence are the whole transaction, so a failed insert needs no
    # savepoint of its own (two round trips fewer).
    try:
        with transaction.atomic():
            _save(verdict, user=user)
            for item in evidence_items:
                item.verdict = verdict
                _save(item, user=user)
    except IntegrityError:
        existing = Verdict.objects.get(span=span, reviewer=user)
        raise VerdictExists(
            "You already gave a verdict on this claim.", existing=existing
        ) from None
    return verdict


@transaction.atomic
def verdict_update(
    *,
    user,
    verdict: Verdict,
    label: str | None = None,
    rationale: str | None = None,
    evidence: Iterable[Mapping] | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """Change a verdict. None leaves a field as it is; `evidence` replaces the whole list.

    With `expected_version`, raises StaleVersion if someone changed it since (optimistic lock).
    """
    return _verdict_update(
        user=user,
        verdict=verdict,
        label=label,
        rationale=rationale,
        evidence=evidence,
        expected_version=expected_version,
    )


def _verdict_update(
    *,
    user,
    verdict: Verdict,
    label: str | None,
    rationale: str | None,
    evidence: Iterable[Mapping] | None,
    expected_version: int | None,
) -> Verdict:
    """verdict_update inside the caller's transaction."""
    _require_verdict_change(user, verdict)
    current = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if expected_version is not None and expected_version != current.version:
        raise StaleVersion(current_version=current.version)
    if label is not None:
        verdict.label = _require_label(label)
    if rationale is not None:
        _reject_forbidden_characters(rationale=rationale)
        verdict.rationale = rationale
    evidence_items = _evidence_items(evidence) if evidence is not None else None
    # The span and the reviewer cannot change here: skip full_clean's existence queries.
    _validate(verdict, exclude=["span", "reviewer"])
    verdict.version = current.version + 1
    changed_by_other = verdict.reviewer_id != user.pk
    _save(verdict, user=user, reason="Corrected by a moderator" if changed_by_other else "")
    if evidence_items is not None:
        for old in verdict.evidence.all():
            _delete(old, user=user)
        for item in evidence_items:
            item.verdict = verdict
            _save(item, user=user)
    return verdict


def verdict_set(
    *,
    user,
    span: Span,
    label: str,
    rationale: str | None = None,
    evidence: Iterable[Mapping] | None = None,
    expected_version: int | None = None,
) -> tuple[Verdict, bool]:
    """Create or update the user's own verdict on a claim (what a click in the reader does)."""
    # The bodies, not the public functions: one look-up, then one transaction and no
    # savepoints (the update locks the row it found; a verdict created meanwhile by another
    # request makes the create fail on the unique constraint, as it would in a transaction).
    existing = Verdict.objects.filter(span=span, reviewer=user).first()
    if existing is None:
        verdict = _verdict_create(
            user=user,
            span=span,
            label=label,
            rationale=rationale or "",
            evidence=evidence or (),
        )
        return verdict, True
    with transaction.atomic():
        verdict = _verdict_update(
            user=user,
            verdict=existing,
            label=label,
            rationale=rationale,
            evidence=evidence,
            expected_version=expected_version,
        )
    return verdict, False


@transaction.atomic
def verdict_delete(*, user, verdict: Verdict) -> None:
    _require_verdict_change(user, verdict)
    for evidence in verdict.evidence.all():
        _delete(evidence, user=user, reason="Verdict withdrawn")
    _delete(verdict, user=user)


def _bump_version(verdict: Verdict, *, user, reason: str) -> None:
    verdict.version += 1
    _save(verdict, user=user, reason=reason)


@transaction.atomic
def evidence_add(*, user, verdict: Verdict, url: str, title: str = "", note: str = "") -> Evidence:
    _require_verdict_change(user, verdict)
    if verdict.evidence.count() >= MAX_EVIDENCE_PER_VERDICT:
        raise ValidationError(
            {"url": f"At most {MAX_EVIDENCE_PER_VERDICT} evidence links per verdict."}
        )
    _reject_forbidden_characters(url=url, title=title, note=note)
    evidence = Evidence(verdict=verdict, url=url, title=title, note=note)
    _validate(evidence)
    _save(evidence, user=user)
    _bump_version(verdict, user=user, reason="Evidence added")
    return evidence


@transaction.atomic
def evidence_remove(*, user, evidence: Evidence) -> None:
    verdict = evidence.verdict
    _require_verdict_change(user, verdict)
    _delete(evidence, user=user)
    _bump_version(verdict, user=user, reason="Evidence removed")


@transaction.atomic
def evidence_update(
    *,
    user,
    evidence: Evidence,
    url: str | None = None,
    title: str | None = None,
    note: str | None = None,
) -> Evidence:
    """Correct one evidence link in place. None leaves a field as it is."""
    verdict = evidence.verdict
    _require_verdict_change(user, verdict)
    changes = {
        name: value
        for name, value in {"url": url, "title": title, "note": note}.items()
        if value is not None
    }
    _reject_forbidden_characters(**changes)
    for name, value in changes.items():
        setattr(evidence, name, value)
    _validate(evidence)
    corrected = verdict.reviewer_id != user.pk
    _save(evidence, user=user, reason="Corrected by a moderator" if corrected else "")
    _bump_version(verdict, user=user, reason="Evidence changed")
    return evidence


# Moderation


def _moderate(*, user, span: Span, state: str, final_label: str, note: str, reason: str) -> Span:
    roles.require_moderator(user)
    _reject_forbidden_characters(note=note)
    span.state = state
    span.final_label = final_label
    span.moderated_by = user
    span.moderated_at = timezone.now()
    span.moderation_note = note
    _validate(span, exclude=["prefix", "suffix"])
    _save(span, user=user, reason=f"{reason}: {note}" if note else reason)
    return span


@transaction.atomic
def span_settle(*, user, span: Span, final_label: str, note: str = "") -> Span:
    """Set the final verdict and approve the claim."""
    roles.require_moderator(user)
    _require_label(final_label)
    return _moderate(
        user=user,
        span=span,
        state=Span.State.APPROVED,
        final_label=final_label,
        note=note,
        reason=f"Final verdict set to {final_label}",
    )


@transaction.atomic
def span_approve(*, user, span: Span, note: str = "") -> Span:
    """Approve with the reviewers' majority verdict as the final one."""
    # Permission first: a non-moderator learns nothing about the span's verdicts.
    roles.require_moderator(user)
    majority = majority_of(span.verdicts.values_list("label", flat=True))
    if majority is None:
        raise ValidationError(
            {"final_label": "The reviewers have no majority verdict: set the final verdict."}
        )
    return _moderate(
        user=user,
        span=span,
        state=Span.State.APPROVED,
        final_label=majority,
        note=note,
        reason=f"Approved with the majority verdict ({majority})",
    )


@transaction.atomic
def span_reject(*, user, span: Span, note: str = "") -> Span:
    """Reject the claim (not a checkable claim, a duplicate, a bad highlight)."""
    return _moderate(
        user=user,
        span=span,
        state=Span.State.REJECTED,
        final_label="",
        note=note,
        reason="Rejected",
    )


@transaction.atomic
def span_reopen(*, user, span: Span, note: str = "") -> Span:
    """Return a decided claim to the moderation queue, clearing its final verdict."""
    return _moderate(
        user=user,
        span=span,
        state=Span.State.PENDING,
        final_label="",
        note=note,
        reason="Reopened",
    )


# Roles


@transaction.atomic
def user_set_role(*, user, target, role: str):
    """Make `target` an editor, a moderator (with staff access to the admin) or neither.

    `user` is who asks; None means the command line, run by whoever runs the server.
    Other groups the target belongs to are kept.
    """
    if role not in roles.Role.values:
        raise ValidationError({"role": f"“{role}” is not a role: use editor, moderator or none."})
    if user is not None and not roles.can_assign_role(user, target):
        raise PermissionDenied(
            "Moderators can change other people's roles, not their own or a superuser's."
        )
    if target.is_superuser:
        raise ValidationError(
            {"role": f"{target} is a superuser and has every permission; roles do not apply."}
        )
    role_groups = Group.objects.filter(name__in=roles.ROLE_GROUPS.values())
    target.groups.remove(*role_groups)
    if role != roles.Role.NONE:
        target.groups.add(role_groups.get(name=roles.ROLE_GROUPS[role]))
    target.is_staff = role == roles.Role.MODERATOR
    target.save(update_fields=["is_staff"])
    roles.forget_roles(target)
    return target


# API tokens


@transaction.atomic
def api_token_regenerate(*, user) -> Token:
    """Issue a new API token for the user, revoking the old one."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Sign in to get an API token.")
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user) -> None:
    Token.objects.filter(user=user).delete()
