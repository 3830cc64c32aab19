"""Articles: import, metadata changes, and text revisions that re-anchor every span."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations import history, roles
from annotations.anchoring import find_anchor
from annotations.models import MAX_TEXT_LENGTH, Article, Change, Span
from annotations.services.assignments import reviewers_needed_set
from annotations.services.changes import record_change
from annotations.services.checks import check_fields, reject_forbidden_characters
from annotations.services.errors import DuplicateArticle
from annotations.text import normalize_text, quote_context, text_sha256

ARTICLE_METADATA_FIELDS = (
    "title",
    "source",
    "url",
    "byline",
    "published",
    "language",
    "status",
    "blind_review",
)
# Re-anchored spans move to offsets past any real text first, then to their new ranges, so
# two spans that swap ranges never both hold one range (the one-span-per-range constraint).
OFFSET_BEYOND_ANY_TEXT = 2 * MAX_TEXT_LENGTH + 1
DUPLICATE_TEXT = "This text has been imported already."


# Names shown in lists and bylines: a value of spaces alone is stored as empty.
STRIPPED_FIELDS = ("title", "source", "byline")


def stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def prepare_text(text: object) -> str:
    """The canonical form of an article's text, or a ValidationError on `text`."""
    if not isinstance(text, str):
        raise ValidationError({"text": "The text must be a string."})
    # Check the size before normalising, so a huge upload is not processed first.
    if len(text) > 2 * MAX_TEXT_LENGTH:
        raise ValidationError({"text": f"The text is longer than {MAX_TEXT_LENGTH:,} characters."})
    canonical = normalize_text(text)
    reject_forbidden_characters(text=canonical)
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
    canonical = prepare_text(text)
    reject_forbidden_characters(
        title=title, source=source, url=url, byline=byline, language=language
    )
    article = Article(
        title=stripped(title),
        source=stripped(source),
        url=url,
        byline=stripped(byline),
        published=published,
        language=language,
        text=canonical,
        text_sha256=text_sha256(canonical),
        created_by=user,
    )
    check_fields(article)
    if existing := Article.objects.filter(text_sha256=article.text_sha256).first():
        raise DuplicateArticle(DUPLICATE_TEXT, existing=existing)
    try:
        with transaction.atomic():
            history.save(article, user=user)
    except IntegrityError:
        # The same text imported a moment ago by someone else; any other failure is raised.
        existing = Article.objects.filter(text_sha256=article.text_sha256).first()
        if existing is None:
            raise
        raise DuplicateArticle(DUPLICATE_TEXT, existing=existing) from None
    return article


def require_article_owner(user, article: Article) -> None:
    if not roles.can_change_article(user, article):
        raise PermissionDenied("Only the editor who imported this article or a moderator can.")


@transaction.atomic
def article_update(
    *, user, article: Article, reviewers_needed: int | None = None, **changes
) -> Article:
    """Change an article's metadata (never its text: see article_revise_text). Only
    moderators turn blind review on or off, and set how many reviewers it needs
    (`reviewers_needed_set`, in the same transaction); a value sent back unchanged is no
    change, so anyone may send back what they read."""
    if reviewers_needed is not None and reviewers_needed != article.reviewers_needed:
        article = reviewers_needed_set(
            user=user, article=article, reviewers_needed=reviewers_needed
        )
        if not changes:
            return article
    require_article_owner(user, article)
    unknown = set(changes) - set(ARTICLE_METADATA_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    blind_review = changes.pop("blind_review", article.blind_review)
    if blind_review != article.blind_review and not roles.is_moderator(user):
        raise PermissionDenied("Only moderators can turn blind review on or off.")
    reject_forbidden_characters(**changes)
    for name, value in changes.items():
        setattr(article, name, stripped(value) if name in STRIPPED_FIELDS else value)
    reason = ""
    if blind_review != article.blind_review:
        article.blind_review = blind_review
        reason = f"Blind review turned {'on' if blind_review else 'off'}"
    check_fields(article)
    history.save(article, user=user, reason=reason)
    return article


@transaction.atomic
def article_revise_text(*, user, article: Article, text: str, note: str = "") -> list[Span]:
    """Store a new revision of the text and re-anchor every span; returns the orphaned spans.

    A span that cannot be found again is kept, marked orphaned, never deleted. `note` (what
    changed, in the reviser's words) goes into the article's history. The same text again
    changes nothing: `article.revision` then stays as it was.
    """
    require_article_owner(user, article)
    canonical = prepare_text(text)
    reject_forbidden_characters(note=note)
    if canonical == article.text:
        return []
    digest = text_sha256(canonical)
    if existing := Article.objects.filter(text_sha256=digest).exclude(pk=article.pk).first():
        raise DuplicateArticle("Another article already has this text.", existing=existing)
    article.text = canonical
    article.text_sha256 = digest
    article.revision += 1
    reason = f"Text revised to revision {article.revision}"
    history.save(article, user=user, reason=f"{reason}: {note}" if note else reason)

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
        history.save(span, user=user, reason=f"Orphaned by revision {article.revision}")
    anchored = [span for span in spans if not span.is_orphaned]
    for span in anchored:
        Span.objects.filter(pk=span.pk).update(
            start=span.start + OFFSET_BEYOND_ANY_TEXT,
            end=span.end + OFFSET_BEYOND_ANY_TEXT,
            quote=span.quote,
        )
    for span in anchored:
        history.save(span, user=user, reason=f"Re-anchored to revision {article.revision}")
    # One change for the whole article (no claim named): its text and every claim moved.
    record_change(Change.Kind.CLAIM_CHANGED, article_id=article.pk, actor=user)
    return orphaned
