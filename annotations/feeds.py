"""The public fact checks for machines: an Atom feed (Django's syndication framework) and
the sitemap (Django's sitemaps framework). Both list exactly what is published now."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from annotations.models import Publication
from annotations.publishing import published_checks, rating_name

FEED_LENGTH = 50


class PublishedChecksFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.FACTCHECK_ORGANIZATION}: fact checks"

    def subtitle(self) -> str:
        return "Claims checked and rated, newest first."

    def link(self) -> str:
        return reverse("annotations:check-list")

    def items(self):
        return published_checks().order_by("-published_at", "-id")[:FEED_LENGTH]

    def item_title(self, check) -> str:
        return f"{rating_name(check.span.final_label)}: {check.span.claim}"

    def item_description(self, check) -> str:
        return check.explanation

    def item_pubdate(self, check):
        return check.published_at

    def item_updateddate(self, check):
        return check.modified_at

    def item_author_name(self) -> str:
        return settings.FACTCHECK_ORGANIZATION


class PublishedChecksSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        # An address and a date per check: no claim, article or explanation is read.
        return (
            Publication.objects.live()
            .with_modified_at()
            .only("span_id", "slug")
            .order_by("span_id")
        )

    def lastmod(self, check):
        return check.modified_at


class CheckIndexSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["annotations:check-list"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"checks": PublishedChecksSitemap, "index": CheckIndexSitemap}
