"""FilterSets shared by the HTML pages and the API, so both filter the same way."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from annotations.models import Article, Label, Span, Verdict


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    source = django_filters.CharFilter(field_name="source", lookup_expr="iexact")
    status = django_filters.ChoiceFilter(choices=Article.Status.choices)
    has_disputed = django_filters.BooleanFilter(
        method="filter_has_disputed", label="Has disputed claims"
    )
    unjudged_by_me = django_filters.BooleanFilter(
        method="filter_unjudged_by_me", label="Claims without my verdict"
    )

    class Meta:
        model = Article
        fields = ["q", "source", "status", "has_disputed", "unjudged_by_me"]

    def filter_search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(source__icontains=word) | Q(text__icontains=word)
            )
        return queryset

    def filter_has_disputed(self, queryset, name, value):
        disputed = Verdict.objects.filter(span__article=OuterRef("pk"), label=Label.DISPUTED)
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
