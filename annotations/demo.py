"""Loads the demo corpus from fixtures/ through the services; loading it again adds nothing."""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import claim_index, roles, services
from annotations.models import Article, Assignment, Span, Verdict
from annotations.services import memory
from annotations.text import normalize_text, text_sha256

DEMO_DIR = settings.BASE_DIR / "fixtures"
DEMO_PASSWORD = "factcheck-demo"


@dataclass
class DemoSummary:
    users: list[tuple[str, str]] = field(default_factory=list)
    articles_created: int = 0
    spans_created: int = 0
    verdicts_created: int = 0


def _nth_occurrence(text: str, quote: str, occurrence: int) -> int:
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            raise ValidationError(f"Quote not found {occurrence} time(s) in the text: {quote!r}")
    return position


def _ensure_user(spec: dict, summary: DemoSummary) -> User:
    user, created = User.objects.get_or_create(
        username=spec["username"],
        defaults={"first_name": spec["first_name"], "last_name": spec["last_name"]},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    services.user_set_role(user=None, target=user, role=spec["role"])
    summary.users.append((user.username, spec["role"]))
    return user


def _ensure_article(spec: dict, creator: User, directory: Path, summary: DemoSummary) -> Article:
    text = normalize_text((directory / spec["text_file"]).read_text(encoding="utf-8"))
    existing = Article.objects.filter(text_sha256=text_sha256(text)).first()
    if existing:
        return existing
    summary.articles_created += 1
    published = spec.get("published")
    return services.article_create(
        user=creator,
        title=spec["title"],
        text=text,
        source=spec.get("source") or "",
        url=spec.get("url") or "",
        byline=spec.get("byline") or "",
        published=datetime.date.fromisoformat(published) if published else None,
        language=spec.get("language") or "en",
    )


def _ensure_claim(
    spec: dict, article: Article, users: dict[str, User], summary: DemoSummary
) -> Span:
    start = _nth_occurrence(article.text, spec["quote"], spec.get("occurrence", 1))
    span, created = services.span_create(
        user=users[spec["created_by"]],
        article=article,
        start=start,
        end=start + len(spec["quote"]),
        quote=spec["quote"],
        claim=spec.get("claim") or "",
        speaker=spec.get("speaker") or "",
    )
    summary.spans_created += created
    for verdict in spec.get("verdicts", []):
        reviewer = users[verdict["reviewer"]]
        if Verdict.objects.filter(span=span, reviewer=reviewer).exists():
            continue
        services.verdict_create(
            user=reviewer,
            span=span,
            label=verdict["label"],
            rationale=verdict.get("rationale", ""),
            evidence=verdict.get("evidence", []),
        )
        summary.verdicts_created += 1
    moderation = spec.get("moderation")
    if moderation and span.state == Span.State.PENDING:
        services.span_settle(
            user=users[moderation["moderator"]],
            span=span,
            final_label=moderation["final_label"],
            note=moderation.get("note", ""),
        )
    publication = spec.get("publication")
    if publication and not span.is_published():
        services.span_publish(
            user=users[publication["moderator"]],
            span=span,
            explanation=publication["explanation"],
        )
    return span


def _ensure_link(spec: dict, claims: dict[tuple[str, str], Span], users: dict[str, User]):
    """Two claims, named by article and quote, linked as the same claim (or not)."""
    span, other = (claims[claim["article"], claim["quote"]] for claim in spec["claims"])
    memory.link_set(
        user=users[spec["linked_by"]], span=span, other=other, relation=spec["relation"]
    )


def _ensure_assignment(spec: dict, articles: dict[str, Article], users: dict[str, User]):
    """Assigned once, due `due_in_days` after loading; loading again keeps what is there."""
    article, reviewer = articles[spec["article"]], users[spec["reviewer"]]
    if Assignment.objects.filter(article=article, reviewer=reviewer).exists():
        return
    due_in_days = spec.get("due_in_days")
    services.assignment_set(
        user=users[spec["assigned_by"]],
        article=article,
        reviewer=reviewer,
        due=None
        if due_in_days is None
        else timezone.localdate() + datetime.timedelta(days=due_in_days),
    )


@transaction.atomic
def load_demo(directory: Path = DEMO_DIR) -> DemoSummary:
    """Create the demo users, articles, claims, verdicts, links between claims and
    assignments not there yet, and index the claims."""
    corpus = json.loads((directory / "demo.json").read_text(encoding="utf-8"))
    summary = DemoSummary()
    users = {spec["username"]: _ensure_user(spec, summary) for spec in corpus["users"]}
    importer = next(user for user in users.values() if roles.is_editor(user))
    articles = {
        spec["slug"]: _ensure_article(spec, importer, directory, summary)
        for spec in corpus["articles"]
    }
    claims = {
        (claim["article"], claim["quote"]): _ensure_claim(
            claim, articles[claim["article"]], users, summary
        )
        for claim in corpus["claims"]
    }
    for link in corpus.get("links", []):
        _ensure_link(link, claims, users)
    # Search and "Seen before" work at once, without waiting for the background worker.
    claim_index.index([span.pk for span in claims.values()])
    for assignment in corpus.get("assignments", []):
        _ensure_assignment(assignment, articles, users)
    return summary
