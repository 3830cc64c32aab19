"""The statistics page: how much the desk judged, how fast, and how far reviewers agree.

The figures are computed in the background (annotations.snapshots): the page shows the last
ones stored for its period and source, and while the first are computed it says so and asks
again every few seconds (htmx)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from annotations import roles, snapshots
from annotations.charts import share, stacked_columns
from annotations.filters import StatisticsFilterForm
from annotations.models import Article, Label
from annotations.statistics import DESK_STATES, DeskStatistics, Scope

# The articles with the lowest agreement the page lists (all of them would be thousands).
ARTICLE_ROWS = 25


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    if not roles.is_editor(request.user):
        return render(request, "annotations/stats_page.html", {"refused": True}, status=403)
    sources = (
        Article.objects.exclude(source="").order_by("source").values_list("source", flat=True)
    )
    sources = list(sources.distinct())
    form = StatisticsFilterForm(request.GET or None, sources=sources)
    scope = Scope()
    if form.is_bound and form.is_valid():
        scope = Scope(
            after=form.cleaned_data["after"],
            before=form.cleaned_data["before"],
            source=form.cleaned_data["source"],
        )
    snapshot = snapshots.current(scope)
    context = {"form": form, "snapshot": snapshot}
    if snapshot.stats is not None:
        context.update(figures(snapshot.stats))
    return render(request, "annotations/stats_page.html", context)


def figures(stats: DeskStatistics) -> dict:
    """What the page draws of the figures: the weekly chart, and the tables' rows."""
    weeks = stacked_columns(
        [(week.start.isoformat(), week.counts) for week in stats.weeks], DESK_STATES
    )
    busiest = max((reviewer.total for reviewer in stats.reviewers), default=0)
    return {
        "stats": stats,
        "weeks": weeks,
        "week_rows": [
            {
                "start": week.start,
                "cells": [week.counts[state] for state in DESK_STATES],
                "total": week.total,
            }
            for week in stats.weeks
        ],
        "states": [(state.value, state.label) for state in DESK_STATES],
        "labels": Label.choices,
        "to_first_verdict": duration(stats.to_first_verdict),
        "to_settlement": duration(stats.to_settlement),
        "reviewers": [
            {
                "work": reviewer,
                "cells": [reviewer.counts[label] for label in Label.values],
                "share": share(reviewer.total, busiest),
            }
            for reviewer in stats.reviewers
        ],
        "articles": [
            {"row": row, "share": share(row.agreement.alpha, 1)}
            for row in stats.articles[:ARTICLE_ROWS]
        ],
        "articles_not_listed": max(len(stats.articles) - ARTICLE_ROWS, 0),
        "pairs": [{"row": row, "share": share(row.agreement.alpha, 1)} for row in stats.pairs],
    }


def duration(delay: datetime.timedelta | None) -> str:
    """A delay in the largest two units that say it: "45 s", "12 min", "3 h 20 min", "2 d 4 h"."""
    if delay is None:
        return ""
    seconds = int(delay.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return f"{seconds} s"
