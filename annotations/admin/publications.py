"""Public fact checks in the admin: what is published, its explanation (edited through the
service, which keeps a published one complete) and its history. Publishing and unpublishing
are decisions on the claim (annotations.admin.decisions)."""

from django.contrib import admin
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join

from annotations import roles, services
from annotations.admin import display
from annotations.admin.base import ServiceAdmin
from annotations.admin.filters import PublicationPublishedFilter
from annotations.admin.forms import ServiceForm
from annotations.models import Publication
from annotations.publishing import rating_name


def publication_status(publication: Publication | None) -> str:
    """Published (with a link to the public page), a draft, or nothing yet."""
    if publication is None:
        return display.muted("Not published")
    if not publication.is_published:
        return display.muted("Draft, not public")
    return format_html(
        'Published {} · <a href="{}">Public page</a>',
        formats.date_format(publication.published_at),
        publication.get_absolute_url(),
    )


@admin.register(Publication)
class PublicationAdmin(ServiceAdmin):
    form = ServiceForm
    list_title = "Public fact checks"
    list_display = ["claim_column", "rating_column", "status_column", "updated_at"]
    list_display_links = None
    list_filter = [PublicationPublishedFilter]
    list_select_related = ["span"]
    search_fields = ["span__claim", "explanation"]
    fields = ["claim_link", "status_column", "explanation", "evidence_column"]
    readonly_fields = ["claim_link", "status_column", "evidence_column"]

    def has_add_permission(self, request) -> bool:
        # A publication starts from a settled claim: its panel in the reader, or the API.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Unpublishing takes it down; the explanation stays for publishing again.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return roles.is_moderator(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return roles.is_moderator(request.user)

    @admin.display(description="claim", ordering="span__claim")
    def claim_column(self, publication: Publication) -> str:
        return format_html(
            '<a class="claim-link" href="{}">{}</a>',
            reverse("admin:annotations_publication_change", args=[publication.pk]),
            display.shorten(publication.span.claim or publication.span.quote, 140),
        )

    @admin.display(description="claim")
    def claim_link(self, publication: Publication) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:annotations_span_change", args=[publication.span_id]),
            publication.span.claim or publication.span.quote,
        )

    @admin.display(description="rating", ordering="span__final_label")
    def rating_column(self, publication: Publication) -> str:
        label = publication.span.final_label
        return display.badge(label, rating_name(label)) if label else display.EMPTY

    @admin.display(description="public page", ordering="published_at")
    def status_column(self, publication: Publication) -> str:
        return publication_status(publication)

    @admin.display(description="sources shown")
    def evidence_column(self, publication: Publication) -> str:
        if not publication.evidence:
            return display.muted("None")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}" rel="nofollow">{}</a></li>',
                ((link["url"], link["title"] or link["url"]) for link in publication.evidence),
            ),
        )

    def save_model(self, request, obj, form, change) -> None:
        if change and form.has_changed():
            services.publication_edit(
                user=request.user, span=obj.span, explanation=obj.explanation
            )
