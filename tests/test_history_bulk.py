"""History rows for rows stored in bulk (`history.record_bulk`): what simple-history's own
bulk_history_create writes, as created or as changed rows."""

import pytest

from annotations import history
from annotations.models import Article, Evidence, Publication, Span, Verdict
from tests.factories import ArticleFactory, EvidenceFactory, VerdictFactory
from tests.helpers import history_rows, published_span, span_over

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Article, Span, Verdict, Evidence, Publication])
def test_a_bulk_history_row_holds_what_simple_history_writes(model, editor, moderator):
    article = ArticleFactory(text="The minister said unemployment fell.")
    span = span_over(article, "unemployment fell", claim="It fell.", speaker="The minister")
    rows = {
        Article: lambda: article,
        Span: lambda: span,
        Verdict: lambda: VerdictFactory(span=span),
        Evidence: lambda: EvidenceFactory(verdict=VerdictFactory(span=span)),
        Publication: lambda: published_span(ArticleFactory(), moderator).publication,
    }
    row = rows[model]()
    model.history.all().delete()
    model.history.bulk_history_create([row], default_user=editor, default_change_reason="In")
    expected = history_rows(model, row.pk)
    model.history.all().delete()

    history.record_bulk(model, [row], user=editor, reason="In")

    assert history_rows(model, row.pk) == expected


def test_bulk_history_marks_rows_changed_in_bulk(editor):
    span = span_over(ArticleFactory(text="Prices rose."), "Prices rose")
    history.record_bulk(Span, [span], user=editor, reason="Highlighted again", changed=True)
    assert span.history.latest().history_type == "~"


def test_bulk_history_covers_every_row_given(editor):
    article = ArticleFactory(text="One. Two. Three. Four. Five.")
    spans = [span_over(article, word) for word in ("One", "Two", "Three", "Four", "Five")]
    Span.history.all().delete()
    history.record_bulk(Span, spans, user=None, reason="Restored")
    assert sorted(Span.history.values_list("id", flat=True)) == sorted(s.pk for s in spans)
    assert set(Span.history.values_list("history_user", flat=True)) == {None}
