"""Changelist filters computed in SQL: agreement between reviewers, labels given, reviewers."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count

from annotations.models import Consensus, Label, Verdict


def with_agreement(spans):
    """Label counts and the number of distinct labels given (0: none, 1: agree, 2+: split)."""
    return spans.with_label_counts().annotate(label_kinds=Count("verdicts__label", distinct=True))


class PersonFilter(admin.RelatedOnlyFieldListFilter):
    """The people in the list (reviewers, say), by full name as the app names them."""

    def field_choices(self, field, request, model_admin):
        in_list = model_admin.get_queryset(request).values(f"{self.field_path}__pk")
        people = field.related_model.objects.filter(pk__in=in_list)
        choices = [(user.pk, user.get_full_name() or user.get_username()) for user in people]
        return sorted(choices, key=lambda choice: choice[1].casefold())


class AgreementFilter(admin.SimpleListFilter):
    """Needs the `label_kinds` annotation of with_agreement()."""

    title = "agreement"
    parameter_name = "agreement"
    LOOKUPS = {
        "agree": ("Agree", {"label_kinds": 1}),
        Consensus.SPLIT: ("Split", {"label_kinds__gt": 1}),
        Consensus.NONE: ("No verdict yet", {"label_kinds": 0}),
    }

    def lookups(self, request, model_admin):
        return [(value, title) for value, (title, _) in self.LOOKUPS.items()]

    def queryset(self, request, queryset):
        if self.value() in self.LOOKUPS:
            return queryset.filter(**self.LOOKUPS[self.value()][1])
        return None


def _spans_with_verdicts(**verdict_lookups):
    # A subquery, not a join: a join on verdicts would multiply the label counts.
    return Verdict.objects.filter(**verdict_lookups).values("span_id")


class GivenLabelFilter(admin.SimpleListFilter):
    title = "a reviewer said"
    parameter_name = "given"

    def lookups(self, request, model_admin):
        return Label.choices

    def queryset(self, request, queryset):
        if self.value() in Label.values:
            return queryset.filter(pk__in=_spans_with_verdicts(label=self.value()))
        return None


class ReviewerFilter(admin.SimpleListFilter):
    title = "reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        reviewers = (
            get_user_model()
            .objects.filter(pk__in=Verdict.objects.values("reviewer_id"))
            .order_by("username")
        )
        return [(str(user.pk), user.get_full_name() or user.get_username()) for user in reviewers]

    def queryset(self, request, queryset):
        # Only listed reviewers: an arbitrary number could overflow PostgreSQL's integers.
        if self.value() in {pk for pk, _ in self.lookup_choices}:
            return queryset.filter(pk__in=_spans_with_verdicts(reviewer_id=int(self.value())))
        return None


class PublishedFilter(admin.SimpleListFilter):
    """Claims published as public fact checks, or not."""

    title = "public fact check"
    parameter_name = "published"
    published_at = "publication__published_at"

    def lookups(self, request, model_admin):
        return [("yes", "Published"), ("no", "Not published")]

    def queryset(self, request, queryset):
        published = {f"{self.published_at}__isnull": False}
        if self.value() == "yes":
            return queryset.filter(**published)
        if self.value() == "no":
            return queryset.exclude(**published)
        return queryset


class PublicationPublishedFilter(PublishedFilter):
    """The same, on the publications themselves (drafts are not published)."""

    published_at = "published_at"
