"""What the public sees of the published fact checks: their publisher, each rating's name and
each ClaimReview. The public pages, the feed and sitemap, and the ClaimReview export share it."""

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static

from annotations import linked_data
from annotations.models import Publication, PublicationQuerySet


def organization(request: HttpRequest) -> dict:
    """The publisher of the fact checks, as ClaimReview's author names it (the settings'
    organisation; its URL and logo default to this site's address and the app's logo)."""
    return {
        "@type": "Organization",
        "name": settings.FACTCHECK_ORGANIZATION,
        "url": settings.FACTCHECK_ORGANIZATION_URL or request.build_absolute_uri("/"),
        "logo": settings.FACTCHECK_ORGANIZATION_LOGO
        or request.build_absolute_uri(static("img/favicon.svg")),
    }


def rating_name(label: str) -> str:
    """What the public reads for a final verdict ("False" for disputed, by default)."""
    return settings.FACTCHECK_RATING_NAMES[label]


def published_checks() -> PublicationQuerySet:
    """Every live fact check as its page loads it, without the articles' texts."""
    return Publication.objects.live().for_public_page().defer("span__article__text")


def claim_review(check: Publication, request: HttpRequest) -> dict:
    """The fact check's ClaimReview, its `url` the public page's absolute address."""
    return linked_data.claim_review(
        check.review_row(request.build_absolute_uri(check.get_absolute_url())),
        organization=organization(request),
        rating_names=settings.FACTCHECK_RATING_NAMES,
    )
