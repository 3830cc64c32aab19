"""Filtering shared by the HTML pages and the API, so both filter the same way, and the
pages' own filter forms (the reader's `?shown=`, the statistics period, the public rating).

Only the filters declared here reach the ORM. The API's filter backend also answers a query
parameter nobody declared, such as `?created_by__password__startswith=x`, with 400 rather
than ignoring it, so a typo in a filter name never returns unfiltered data that looks filtered.
"""

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from annotations import blind, publishing, search
from annotations.models import Article, Assignment, Consensus, Label, Span, Verdict

# The largest value of the BIGINT primary keys: a larger id could not be sent to PostgreSQL.
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number in the database's range (rejected with 400 otherwise)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class YesNoField(forms.Field):
    """true/false (also yes/no, 1/0, on/off); anything else is an error, never "no filter"."""

    VALUES = {"true": True, "yes": True, "1": True, "on": True}
    VALUES |= {"false": False, "no": False, "0": False, "off": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        answer = self.VALUES.get(str(value).strip().lower())
        if answer is None:
            raise forms.ValidationError(f"“{value}” is not a yes/no value: use true or false.")
        return answer


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


def viewer_of(filterset: django_filters.FilterSet):
    """Who is asking: filters on verdicts see only what blind review lets them see."""
    return getattr(filterset.request, "user", None) or AnonymousUser()


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    source = django_filters.CharFilter(field_name="source", lookup_expr="iexact")
    status = django_filters.ChoiceFilter(choices=Article.Status.choices)
    has_disputed = YesNoFilter(method="filter_has_disputed", label="Has disputed claims")
    unjudged_by_me = YesNoFilter(method="filter_unjudged_by_me", label="Claims without my verdict")
    assigned_to_me = YesNoFilter(method="filter_assigned_to_me", label="Assigned to me")

    class Meta:
        model = Article
        fields = ["q", "source", "status", "has_disputed", "unjudged_by_me", "assigned_to_me"]

    def filter_search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(source__icontains=word) | Q(text__icontains=word)
            )
        return queryset

    def filter_has_disputed(self, queryset, name, value):
        disputed = Verdict.objects.filter(span__article=OuterRef("pk"), label=Label.DISPUTED)
        disputed = blind.visible_verdicts(disputed, viewer_of(self))
        return queryset.filter(Exists(disputed) if value else ~Exists(disputed))

    def filter_unjudged_by_me(self, queryset, name, value):
        """Articles with at least one claim the current user has not judged yet."""
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        mine = Verdict.objects.filter(span=OuterRef("pk"), reviewer=user)
        open_claims = Span.objects.filter(article=OuterRef("pk"), is_orphaned=False).filter(
            ~Exists(mine)
        )
        return queryset.filter(Exists(open_claims))

    def filter_assigned_to_me(self, queryset, name, value):
        """Articles a moderator assigned to the current user (or, with false, not to them)."""
        mine = Assignment.objects.filter(article=OuterRef("pk"), reviewer=viewer_of(self).pk)
        return queryset.filter(Exists(mine) if value else ~Exists(mine))


class ArticleScopeFilter(django_filters.FilterSet):
    """The article list's filters, prefixed `article_`, on the articles of spans or verdicts:
    the list's downloads then hold what the list shows. `article_relation` leads to them."""

    article_relation = "article"

    article_q = django_filters.CharFilter(
        method="filter_articles", label="In articles with these words (title, source, text)"
    )
    article_source = django_filters.CharFilter(
        method="filter_articles", label="In articles from this source"
    )
    article_status = django_filters.ChoiceFilter(
        choices=Article.Status.choices,
        method="filter_articles",
        label="In articles of this status",
    )
    article_has_disputed = YesNoFilter(
        method="filter_articles", label="In articles with (or without) disputed claims"
    )
    article_unjudged_by_me = YesNoFilter(
        method="filter_articles", label="In articles with claims without my verdict"
    )
    article_assigned_to_me = YesNoFilter(
        method="filter_articles", label="In articles assigned to me (or, with false, not to me)"
    )

    def filter_articles(self, queryset, name, value):
        """Apply the article list's own filter of that name (ArticleFilter) to the articles."""
        articles = ArticleFilter(queryset=Article.objects.all(), request=self.request)
        chosen = articles.filters[name.removeprefix("article_")].filter(articles.queryset, value)
        return queryset.filter(**{f"{self.article_relation}__in": chosen.values("pk")})


def article_scope_query(article_filter: ArticleFilter) -> dict[str, str]:
    """The export query parameters (ArticleScopeFilter's) for what a valid article list
    filter shows: {"article_source": "Reuters", ...}, leaving out the filters not used."""
    return {
        f"article_{name}": str(article_filter.data[name])
        for name, value in article_filter.form.cleaned_data.items()
        if value not in (None, "")
    }


class SpanFilter(ArticleScopeFilter):
    q = django_filters.CharFilter(
        method="filter_search",
        max_length=search.MAX_QUERY_LENGTH,
        label="Words to search for in the quote, restated claim, speaker and rationales: the "
        "best matches first, each with a `score` from 0 to 1 (the best scores 1)",
    )
    article = IdFilter(field_name="article_id", label="Article id")
    label = django_filters.ChoiceFilter(
        choices=Label.choices, method="filter_label", label="Has a verdict with this label"
    )
    reviewer = django_filters.CharFilter(
        method="filter_reviewer", label="Has a verdict by this username"
    )
    state = django_filters.ChoiceFilter(choices=Span.State.choices, label="Moderation state")
    final_label = django_filters.ChoiceFilter(
        choices=Label.choices, method="filter_final_label", label="Final verdict"
    )
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label="Created on or between these dates (UTC)"
    )
    orphaned = YesNoFilter(field_name="is_orphaned", label="Orphaned")

    class Meta:
        model = Span
        fields = [
            "q",
            "article",
            "label",
            "reviewer",
            "state",
            "final_label",
            "created",
            "orphaned",
        ]

    def filter_search(self, queryset, name, value):
        return queryset  # after the other filters: filter_queryset

    def filter_queryset(self, queryset):
        """The other filters, then the search (`q`) among what they kept: the best matches
        are those of the filtered claims, not of all claims."""
        filtered = super().filter_queryset(queryset)
        asked = self.form.cleaned_data
        if not asked.get("q"):
            return filtered
        narrowed = any(value not in (None, "") for name, value in asked.items() if name != "q")
        return search.claims_matching(
            filtered, asked["q"], viewer_of(self), within=filtered if narrowed else None
        )

    # Filters on judgements never match a claim sealed for the viewer by blind review.

    def filter_label(self, queryset, name, value):
        with_label = Verdict.objects.filter(span=OuterRef("pk"), label=value)
        return blind.unsealed(queryset, viewer_of(self)).filter(Exists(with_label))

    def filter_reviewer(self, queryset, name, value):
        by_reviewer = Verdict.objects.filter(span=OuterRef("pk"), reviewer__username=value)
        return blind.unsealed(queryset, viewer_of(self)).filter(Exists(by_reviewer))

    def filter_final_label(self, queryset, name, value):
        return blind.unsealed(queryset, viewer_of(self)).filter(final_label=value)


class VerdictFilter(ArticleScopeFilter):
    article_relation = "span__article"

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
    """django-filter, plus a 400 for any query parameter the view does not understand or
    leaves empty (the API's filters; the HTML pages use the same FilterSets directly)."""

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
        # An empty value would mean "no filter": a script that sent one meant something else.
        empty = sorted(name for name, value in request.query_params.items() if value == "")
        if empty:
            raise ValidationError(
                {name: ["Give a value, or leave the parameter out."] for name in empty}
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


# The pages' own filter forms (GET): their filters are not the API's.


class ReaderFilterForm(forms.Form):
    """The reader's `?shown=`: highlight only the claims showing one state."""

    shown = forms.ChoiceField(
        choices=[("", "All claims"), *Consensus.choices],
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a verdict state to filter by."},
    )


class StatisticsFilterForm(forms.Form):
    """The statistics page's period and source (GET): every field may be left empty."""

    after = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    before = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.ChoiceField(required=False, label="Source")

    def __init__(self, *args, sources: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "All sources"), *((name, name) for name in sources)]

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("after"), cleaned.get("before")
        if after and before and after > before:
            self.add_error("before", "The end of the period must not come before its start.")
        return cleaned


class CheckFilterForm(forms.Form):
    """The public list's filter: one rating, by the name the public reads."""

    rating = forms.ChoiceField(
        required=False,
        choices=[("", "Every rating")],
        error_messages={
            "invalid_choice": "“%(value)s” is not a rating: choose one from the list."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices += [
            (label, publishing.rating_name(label)) for label in Label.values
        ]
