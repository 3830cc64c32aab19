"""Admin lists: useful columns and filters, and a query count that does not grow with rows."""

import pytest
from django.urls import reverse

from annotations.models import Label, Span
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    EvidenceFactory,
    SpanFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

SPANS_URL = reverse("admin:annotations_span_changelist")
# Session, user, groups, counts, rows and each filter's choices: a fixed number per page.
MAX_QUERIES = 14


def _span(article, start: int, *labels: str, **fields) -> Span:
    span = SpanFactory(article=article, start=start, end=start + 8, **fields)
    for label in labels:
        VerdictFactory(span=span, label=label)
    return span


def _rows(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _assert_constant_queries(client, url, add_rows, assert_max, assert_exact) -> None:
    add_rows(range(3))
    with assert_max(MAX_QUERIES) as few:
        assert len(_rows(client, url)) == 3
    add_rows(range(3, 30))
    with assert_exact(len(few.captured_queries)):
        assert len(_rows(client, url)) == 30


def _spans_with_verdicts(numbers) -> None:
    article = ArticleFactory()
    for number in numbers:
        verdict = VerdictFactory(span=_span(article, number))
        EvidenceFactory(verdict=verdict)


def _editors_besides_the_moderator(numbers) -> None:
    # Row 0 of the user list is the moderator who is signed in.
    for number in numbers:
        if number:
            EditorFactory()


@pytest.mark.parametrize(
    ("url_name", "add_rows"),
    [
        ("admin:annotations_span_changelist", _spans_with_verdicts),
        ("admin:annotations_verdict_changelist", _spans_with_verdicts),
        ("admin:annotations_evidence_changelist", _spans_with_verdicts),
        (
            "admin:annotations_article_changelist",
            lambda numbers: [_span(ArticleFactory(), 0, Label.DISPUTED) for _ in numbers],
        ),
        ("admin:auth_user_changelist", _editors_besides_the_moderator),
    ],
)
def test_changelist_query_count_does_not_grow_with_rows(
    moderator_client,
    django_assert_max_num_queries,
    django_assert_num_queries,
    url_name,
    add_rows,
):
    _assert_constant_queries(
        moderator_client,
        reverse(url_name),
        add_rows,
        django_assert_max_num_queries,
        django_assert_num_queries,
    )


def test_span_list_shows_counts_agreement_state_and_final_verdict(moderator_client, article):
    _span(
        article,
        0,
        Label.SUPPORTED,
        Label.SUPPORTED,
        state=Span.State.APPROVED,
        final_label=Label.SUPPORTED,
    )

    html = moderator_client.get(SPANS_URL).content.decode()

    assert 'class="badge badge--supported" title="2 supported"' in html
    assert '<span class="agreement">All agree</span>' in html
    assert '<span class="state state--approved">Approved</span>' in html
    assert '<span class="badge badge--supported">Supported</span>' in html


def test_search_finds_rationales_without_multiplying_counts(moderator_client, article):
    span = _span(article, 0)
    VerdictFactory(span=span, label=Label.DISPUTED, rationale="The ONS table says otherwise.")
    VerdictFactory(span=span, label=Label.DISPUTED, rationale="ONS revised it.")
    _span(article, 10, Label.DISPUTED)

    rows = _rows(moderator_client, f"{SPANS_URL}?q=ONS")

    assert [row.pk for row in rows] == [span.pk]
    assert rows[0].disputed_count == 2


def test_search_needs_every_word(moderator_client, article):
    span = _span(article, 0)
    VerdictFactory(span=span, rationale="ONS March release")
    _span(article, 10, Label.SUPPORTED)

    assert [row.pk for row in _rows(moderator_client, f"{SPANS_URL}?q=mini+March")] == [span.pk]
    assert _rows(moderator_client, f"{SPANS_URL}?q=mini+nowhere") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("agreement=agree", {"agreed"}),
        ("agreement=split", {"split"}),
        ("agreement=none", {"empty"}),
        ("given=disputed", {"split"}),
        ("given=supported", {"agreed", "split"}),
        ("state__exact=approved", {"agreed"}),
        ("final_label__exact=supported", {"agreed"}),
    ],
)
def test_span_filters(moderator_client, article, query, expected):
    spans = {
        "agreed": _span(
            article,
            0,
            Label.SUPPORTED,
            Label.SUPPORTED,
            state=Span.State.APPROVED,
            final_label=Label.SUPPORTED,
        ),
        "split": _span(article, 10, Label.SUPPORTED, Label.DISPUTED),
        "empty": _span(article, 20),
    }

    rows = _rows(moderator_client, f"{SPANS_URL}?{query}")

    assert {row.pk for row in rows} == {spans[name].pk for name in expected}


def test_reviewer_filter_keeps_claims_that_reviewer_judged(moderator_client, article, editor):
    judged = _span(article, 0)
    VerdictFactory(span=judged, reviewer=editor)
    _span(article, 10, Label.SUPPORTED)

    rows = _rows(moderator_client, f"{SPANS_URL}?reviewer={editor.pk}")

    assert [row.pk for row in rows] == [judged.pk]


def test_unknown_reviewer_in_the_address_is_ignored_not_an_error(moderator_client, article):
    _span(article, 0, Label.SUPPORTED)

    rows = _rows(moderator_client, f"{SPANS_URL}?reviewer=99999999999999999999999")

    assert len(rows) == 1


def test_filter_counts_can_be_shown(moderator_client, article):
    _span(article, 0, Label.SUPPORTED, Label.DISPUTED)

    response = moderator_client.get(f"{SPANS_URL}?_facets=True")

    assert response.status_code == 200
    assert "Split (1)" in response.content.decode()


def test_article_list_shows_claims_and_decided_progress(moderator_client, article):
    _span(article, 0, Label.SUPPORTED, state=Span.State.APPROVED, final_label=Label.SUPPORTED)
    _span(article, 10, Label.DISPUTED)

    response = moderator_client.get(reverse("admin:annotations_article_changelist"))

    html = response.content.decode()
    assert '<progress value="1" max="2"></progress> 1 of 2' in html
    assert f"{SPANS_URL}?article__id__exact={article.pk}" in html


def test_article_page_lists_its_claims_read_only(moderator_client, article):
    span = _span(article, 0, Label.SUPPORTED)

    response = moderator_client.get(reverse("admin:annotations_article_change", args=[article.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert span.quote in html
    assert reverse("admin:annotations_span_change", args=[span.pk]) in html
    assert 'name="spans-0-start"' not in html
