"""Verdicts and their evidence in the admin: moderators correct them, and history keeps both."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from annotations import services
from annotations.admin import display
from annotations.admin.base import ServiceAdmin
from annotations.admin.filters import PersonFilter
from annotations.admin.forms import ServiceForm, VerdictForm
from annotations.models import Evidence, Label, Verdict

EVIDENCE_FIELDS = ("url", "title", "note")


def _claim_link(span) -> str:
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:annotations_span_change", args=[span.pk]),
        display.shorten(span.quote, 80),
    )


class EvidenceInline(admin.TabularInline):
    model = Evidence
    form = ServiceForm
    fields = list(EVIDENCE_FIELDS)
    extra = 0


@admin.register(Verdict)
class VerdictAdmin(ServiceAdmin):
    form = VerdictForm
    list_display = [
        "claim",
        "reviewer_name",
        "label_badge",
        "rationale_short",
        "evidence_count",
        "version",
        "updated_at",
    ]
    list_display_links = ["label_badge"]
    list_filter = [
        "label",
        ("reviewer", PersonFilter),
        "span__state",
        ("span__article", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["span", "reviewer"]
    search_fields = ["rationale", "span__quote", "reviewer__username"]
    inlines = [EvidenceInline]
    fields = [
        "claim",
        "reviewer_name",
        "label",
        "rationale",
        "loaded_version",
        "version",
        "updated_at",
    ]
    readonly_fields = ["claim", "reviewer_name", "version", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(evidence_count=Count("evidence"))

    def has_add_permission(self, request) -> bool:
        # A verdict is a reviewer's own judgement, given in the reader.
        return False

    @admin.display(description="claim")
    def claim(self, verdict: Verdict) -> str:
        return _claim_link(verdict.span)

    @admin.display(description="reviewer", ordering="reviewer__username")
    def reviewer_name(self, verdict: Verdict) -> str:
        return display.person(verdict.reviewer)

    @admin.display(description="verdict", ordering="label")
    def label_badge(self, verdict: Verdict) -> str:
        return display.badge(verdict.label)

    @admin.display(description="rationale")
    def rationale_short(self, verdict: Verdict) -> str:
        return display.shorten(verdict.rationale, 100)

    @admin.display(description="evidence", ordering="evidence_count")
    def evidence_count(self, verdict: Verdict) -> int:
        return verdict.evidence_count

    def save_model(self, request, obj, form, change) -> None:
        if change and form.has_changed():
            services.verdict_update(
                user=request.user, verdict=obj, label=obj.label, rationale=obj.rationale
            )

    def save_formset(self, request, form, formset, change) -> None:
        """Evidence rows: each added, corrected or removed through its service."""
        # The admin's change message reads these lists, as formset.save() would fill them.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for evidence_form in formset.forms:
            evidence = evidence_form.instance
            if evidence_form in formset.deleted_forms:
                if evidence.pk:
                    services.evidence_remove(user=request.user, evidence=evidence)
                    formset.deleted_objects.append(evidence)
            elif evidence_form.has_changed():
                values = {name: evidence_form.cleaned_data[name] for name in EVIDENCE_FIELDS}
                if evidence.pk:
                    services.evidence_update(user=request.user, evidence=evidence, **values)
                    formset.changed_objects.append((evidence, evidence_form.changed_data))
                else:
                    formset.new_objects.append(
                        services.evidence_add(user=request.user, verdict=form.instance, **values)
                    )

    def delete_model(self, request, obj) -> None:
        services.verdict_delete(user=request.user, verdict=obj)


@admin.register(Evidence)
class EvidenceAdmin(ServiceAdmin):
    form = ServiceForm
    list_display = ["source", "verdict_badge", "reviewer", "claim", "created_at"]
    list_filter = [
        ("verdict__label", admin.ChoicesFieldListFilter),
        ("verdict__reviewer", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["verdict__reviewer", "verdict__span"]
    search_fields = ["url", "title", "note", "verdict__span__quote"]
    fields = ["claim", "verdict_link", "url", "title", "note", "created_at"]
    readonly_fields = ["claim", "verdict_link", "created_at"]

    def has_add_permission(self, request) -> bool:
        # Evidence belongs to a verdict: add it on the verdict's page.
        return False

    @admin.display(description="evidence", ordering="title")
    def source(self, evidence: Evidence) -> str:
        return display.shorten(evidence.title or evidence.url, 80)

    @admin.display(description="verdict", ordering="verdict__label")
    def verdict_badge(self, evidence: Evidence) -> str:
        return display.badge(evidence.verdict.label)

    @admin.display(description="reviewer", ordering="verdict__reviewer__username")
    def reviewer(self, evidence: Evidence) -> str:
        return display.person(evidence.verdict.reviewer)

    @admin.display(description="claim")
    def claim(self, evidence: Evidence) -> str:
        return _claim_link(evidence.verdict.span)

    @admin.display(description="verdict")
    def verdict_link(self, evidence: Evidence) -> str:
        verdict = evidence.verdict
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:annotations_verdict_change", args=[verdict.pk]),
            display.badge(verdict.label, f"{Label(verdict.label).label} by {verdict.reviewer}"),
        )

    def save_model(self, request, obj, form, change) -> None:
        if change and form.has_changed():
            services.evidence_update(
                user=request.user,
                evidence=obj,
                **{name: getattr(obj, name) for name in EVIDENCE_FIELDS},
            )

    def delete_model(self, request, obj) -> None:
        services.evidence_remove(user=request.user, evidence=obj)
