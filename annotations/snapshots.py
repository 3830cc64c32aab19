"""The statistics page's figures, computed in the background and kept per scope.

Reading every verdict takes seconds at a million verdicts, so a page view never does it: it
reads the scope's `StatisticsSnapshot` (`current`). Figures older than the
FACTCHECK_STATISTICS_MAX_AGE setting, or missing, are asked for once from the background
worker (`manage.py db_worker`), which runs the task `refresh_statistics`; the page
shows the older figures meanwhile, or says they are being computed.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from annotations.models import StatisticsSnapshot
from annotations.statistics import DeskStatistics, Scope, desk_statistics

# A computation asked for this long ago and not finished is taken to be lost: ask again.
LOST_AFTER = datetime.timedelta(minutes=10)
# Figures nobody looked at for this long (a one-off period, say) are deleted by `refresh`.
UNUSED_FOR = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Snapshot:
    """The figures of one scope as stored (None before the first computation finished)."""

    stats: DeskStatistics | None
    computed_at: datetime.datetime | None
    refreshing: bool


def current(scope: Scope) -> Snapshot:
    """The stored figures of `scope`, asking the worker for new ones when they are stale."""
    now = timezone.now()
    row, created = StatisticsSnapshot.objects.get_or_create(
        key=scope.key, defaults={"requested_at": now}
    )
    if created or _claim_refresh(row, now):
        refresh_statistics.enqueue(scope.as_json())
        # A worker may have finished already (the tests' immediate backend always has).
        row.refresh_from_db()
    stats = None if row.data is None else DeskStatistics.from_json(row.data)
    return Snapshot(stats, row.computed_at, refreshing=_pending(row, now))


def _pending(row: StatisticsSnapshot, now: datetime.datetime) -> bool:
    """A computation was asked for after the stored one started, and is not lost."""
    asked_since = row.computed_at is None or row.requested_at > row.computed_at
    return asked_since and now - row.requested_at < LOST_AFTER


def _claim_refresh(row: StatisticsSnapshot, now: datetime.datetime) -> bool:
    """Whether this view should ask for a computation: the figures are stale, none is
    pending, and no other view claimed it first (a conditional update decides)."""
    max_age = datetime.timedelta(seconds=settings.FACTCHECK_STATISTICS_MAX_AGE)
    stale = row.computed_at is None or now - row.computed_at > max_age
    if not stale or _pending(row, now):
        return False
    claimed = StatisticsSnapshot.objects.filter(pk=row.pk, requested_at=row.requested_at)
    return claimed.update(requested_at=now) == 1


def refresh(scope: Scope) -> None:
    """Compute the figures of `scope` and store them, stamped with when the reading began;
    delete the figures of scopes nobody viewed for UNUSED_FOR."""
    started = timezone.now()
    StatisticsSnapshot.objects.filter(requested_at__lt=started - UNUSED_FOR).delete()
    stats = desk_statistics(scope)
    StatisticsSnapshot.objects.update_or_create(
        key=scope.key,
        defaults={"data": stats.as_json(), "computed_at": started},
        create_defaults={"data": stats.as_json(), "computed_at": started, "requested_at": started},
    )


@task
def refresh_statistics(scope: dict) -> None:
    """The background task: `refresh` the scope given as `Scope.as_json` (tasks take JSON)."""
    refresh(Scope.from_json(scope))
