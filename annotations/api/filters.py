"""API filtering: span and verdict FilterSets, and a backend that rejects unknown parameters.

Only the filters declared here reach the ORM; a query parameter nobody declared, such as
`?created_by__password__startswith=x`, is answered with 400 rather than silently ignored,
so a typo in a filter name never returns unfiltered data that looks filtered.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from annotations.models import Label, Span, Verdict

# The largest value of the BIGINT primary keys: a larger id could not be sent to PostgreSQL.
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number in the database's range (rejected with 400 otherwise)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class SpanFilter(django_filters.FilterSet):
    article = IdFilter(field_name="article_id", label="Article id")
    label = django_filters.ChoiceFilter(
        choices=Label.choices, method="filter_label", label="Has a verdict with this label"
    )
    reviewer = django_filters.CharFilter(
        method="filter_reviewer", label="Has a verdict by this username"
    )
    state = django_filters.ChoiceFilter(choices=Span.State.choices, label="Moderation state")
    final_label = django_filters.ChoiceFilter(choices=Label.choices, label="Final verdict")
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label="Created on or between these dates (UTC)"
    )
    orphaned = django_filters.BooleanFilter(field_name="is_orphaned", label="Orphaned")

    class Meta:
        model = Span
        fields = ["article", "label", "reviewer", "state", "final_label", "created", "orphaned"]

    def filter_label(self, queryset, name, value):
        return queryset.filter(Exists(Verdict.objects.filter(span=OuterRef("pk"), label=value)))

    def filter_reviewer(self, queryset, name, value):
        by_reviewer = Verdict.objects.filter(span=OuterRef("pk"), reviewer__username=value)
        return queryset.filter(Exists(by_reviewer))


class VerdictFilter(django_filters.FilterSet):
    article = IdFilter(field_name="span__article_id", label="Article id")
    span = IdFilter(field_name="span_id", label="Span id")
    label = django_filters.ChoiceFilter(choices=Label.choices)
    reviewer = django_filters.CharFilter(field_name="reviewer__username", label="Username")
    state = django_filters.ChoiceFilter(
        field_name="span__state", choices=Span.State.choices, label="The span's moderation state"
    )
    final_label = django_filters.ChoiceFilter(
        field_name="span__final_label", choices=Label.choices, label="The span's final verdict"
    )
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label="Created on or between these dates (UTC)"
    )

    class Meta:
        model = Verdict
        fields = ["article", "span", "label", "reviewer", "state", "final_label", "created"]


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 for any query parameter the view does not understand."""

    def filter_queryset(self, request, queryset, view):
        known = set(getattr(view, "extra_query_parameters", ()))
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known |= _parameter_names(filterset_class)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            allowed = ", ".join(sorted(known))
            raise ValidationError(
                {name: [f"Unknown query parameter; use one of: {allowed}."] for name in unknown}
            )
        return super().filter_queryset(request, queryset, view)


def _parameter_names(filterset_class) -> set[str]:
    """Query parameter names of a FilterSet; a range filter reads `<name>_after`/`_before`."""
    names = set()
    for name, declared in filterset_class.base_filters.items():
        suffixes = getattr(declared.field_class.widget, "suffixes", None)
        if suffixes:
            names.update(f"{name}_{suffix}" for suffix in suffixes)
        else:
            names.add(name)
    return names
