"""A claim's discussion in the moderation panel: the claim page shows the thread, the queue
how many comments each claim has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from annotations.models import Span
from tests.factories import CommentFactory, VerdictFactory
from tests.helpers import FIRST_SENTENCE, span_over

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("admin:annotations_queuedspan_changelist")


@pytest.fixture
def span(article) -> Span:
    return span_over(article, FIRST_SENTENCE)


def claim_page(client, span: Span) -> str:
    response = client.get(reverse("admin:annotations_span_change", args=[span.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_claim_page_shows_the_discussion_oldest_first(
    moderator_client, span, editor, second_editor
) -> None:
    services.comment_create(user=editor, span=span, text="First: which month?")
    services.comment_create(user=second_editor, span=span, text="Second: March.")

    html = claim_page(moderator_client, span)

    assert ">Discussion</h2>" in html
    assert html.index("First: which month?") < html.index("Second: March.")


def test_claim_page_escapes_comments_and_links_their_addresses(moderator_client, span) -> None:
    CommentFactory(span=span, text="<img src=x onerror=alert(1)> https://stats.example/t3")

    html = claim_page(moderator_client, span)

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<a href="https://stats.example/t3" rel="nofollow">' in html


def test_claim_page_marks_mentions(moderator_client, span, editor) -> None:
    CommentFactory(span=span, text="@editor have a look", mentions=[editor])

    assert '<span class="mention">@editor</span> have a look' in claim_page(moderator_client, span)


def test_claim_page_without_comments_says_so(moderator_client, span) -> None:
    assert "No comments yet." in claim_page(moderator_client, span)


def test_queue_shows_how_many_comments_a_claim_has(moderator_client, span) -> None:
    CommentFactory.create_batch(3, span=span)

    html = moderator_client.get(QUEUE_URL).content.decode()

    assert "3 comments" in html


def test_queue_counts_comments_apart_from_verdicts(moderator_client, span) -> None:
    # Counting both through joins would multiply one count by the other.
    VerdictFactory.create_batch(2, span=span)
    CommentFactory.create_batch(3, span=span)

    html = moderator_client.get(QUEUE_URL).content.decode()

    assert "3 comments" in html
    assert 'title="2 supported"' in html


def test_queue_query_count_does_not_grow_with_comments(moderator_client, span, article) -> None:
    def queue_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(QUEUE_URL).status_code == 200
        return len(queries)

    CommentFactory(span=span)
    few = queue_queries()
    CommentFactory.create_batch(3, span=span_over(article, "Officials denied it."))

    assert queue_queries() == few
