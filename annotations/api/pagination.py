"""Cursor pagination on an indexed, immutable order: creation time, then id."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import replace_query_param


class CreatedCursorPagination(CursorPagination):
    ordering = ("created_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        """The page size asked for; one that is not a whole number from 1 to 500 is a 400
        (DRF would silently fall back to the default)."""
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        if not asked.isdigit() or not 1 <= int(asked) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(asked)


class RankedPagination(CreatedCursorPagination):
    """Pages of search results, best first (`?q=`): numbered pages (`?page=2`), as a ranking
    has no immutable order for a cursor. The envelope is the same (`next`, `previous`,
    `results`); nothing counts every match, so a common word stays fast."""

    page_query_param = "page"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.size = self.get_page_size(request)
        asked = request.query_params.get(self.page_query_param, "1")
        if not asked.isdigit() or not 1 <= int(asked) <= 10_000:
            raise ValidationError({self.page_query_param: ["A whole number from 1 to 10000."]})
        self.number = int(asked)
        start = (self.number - 1) * self.size
        rows = list(queryset[start : start + self.size + 1])
        self.has_next = len(rows) > self.size
        return rows[: self.size]

    def page_link(self, number: int | None) -> str | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, number)

    def get_next_link(self):
        return self.page_link(self.number + 1 if self.has_next else None)

    def get_previous_link(self):
        return self.page_link(self.number - 1 if self.number > 1 else None)
