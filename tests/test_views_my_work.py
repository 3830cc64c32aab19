"""My work (/my/): assigned articles with my progress, claims waiting for my verdict, splits
I am in, mentions, and what changed since my last visit; blind review respected; a fixed
number of queries."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations.models import Article, Change, Label, Span
from annotations.views.my_work import FIRST_VISIT_WINDOW, VISIT_GAP, visit_since
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    CommentFactory,
    EditorFactory,
    ModeratorFactory,
    SpanFactory,
    VerdictFactory,
)
from tests.helpers import CRITICS, FIRST_SENTENCE, span_over

pytestmark = pytest.mark.django_db

MY_WORK = reverse("annotations:my-work")


def my_work(client):
    response = client.get(MY_WORK)
    assert response.status_code == 200, response.content.decode()[:500]
    return response


def test_my_work_is_the_first_link_of_the_navigation_for_editors(editor_client) -> None:
    page = editor_client.get(reverse("annotations:article-list")).content.decode()

    nav = page[page.index('<nav class="site-nav"') :]
    assert nav.index(MY_WORK) < nav.index('href="/"')


def test_someone_without_a_role_has_no_my_work(client, outsider) -> None:
    client.force_login(outsider)

    assert MY_WORK not in client.get(reverse("annotations:article-list")).content.decode()
    assert client.get(MY_WORK).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(MY_WORK)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_assigned_articles_show_the_claims_i_judged_of_all(editor, editor_client, article):
    AssignmentFactory(article=article, reviewer=editor)
    judged = span_over(article, FIRST_SENTENCE)
    span_over(article, CRITICS)
    span_over(article, "Officials denied it.")
    VerdictFactory(span=judged, reviewer=editor)
    SpanFactory(article=article, start=0, end=3, is_orphaned=True)  # not in the text any more

    response = my_work(editor_client)

    (assignment,) = response.context["assigned"]
    assert (assignment.judged_count, assignment.claim_count) == (1, 3)
    assert "1 of 3 claims judged" in response.content.decode()


def test_an_article_with_every_claim_judged_says_so_in_words(editor, editor_client, article):
    AssignmentFactory(article=article, reviewer=editor)
    VerdictFactory(span=span_over(article, FIRST_SENTENCE), reviewer=editor)

    assert "All 1 claim judged" in my_work(editor_client).content.decode()


def test_assigned_articles_come_soonest_due_first(editor, editor_client) -> None:
    today = timezone.localdate()
    undated = AssignmentFactory(reviewer=editor)
    later = AssignmentFactory(reviewer=editor, due=today + datetime.timedelta(days=9))
    sooner = AssignmentFactory(reviewer=editor, due=today + datetime.timedelta(days=2))
    AssignmentFactory()  # someone else's

    assigned = my_work(editor_client).context["assigned"]

    assert assigned == [sooner, later, undated]


def test_claims_waiting_for_my_verdict_list_my_assigned_articles_first(editor, editor_client):
    elsewhere = SpanFactory(article=ArticleFactory())
    assigned_article = ArticleFactory()
    AssignmentFactory(article=assigned_article, reviewer=editor)
    mine = SpanFactory(article=assigned_article)

    awaiting = my_work(editor_client).context["awaiting"]

    assert [span.pk for span in awaiting.rows] == [mine.pk, elsewhere.pk]
    assert (awaiting.total, awaiting.in_assigned) == (2, 1)


def test_claims_waiting_leave_out_the_judged_decided_orphaned_and_closed(editor, editor_client):
    waiting = SpanFactory()
    VerdictFactory(span=SpanFactory(), reviewer=editor)
    SpanFactory(state=Span.State.APPROVED, final_label=Label.SUPPORTED)
    SpanFactory(is_orphaned=True)
    SpanFactory(article=ArticleFactory(status=Article.Status.CLOSED))

    awaiting = my_work(editor_client).context["awaiting"]

    assert [span.pk for span in awaiting.rows] == [waiting.pk]


def test_a_split_i_am_in_shows_my_verdict_and_everyone_s(editor, editor_client) -> None:
    span = SpanFactory()
    VerdictFactory(span=span, reviewer=editor, label=Label.DISPUTED)
    VerdictFactory(span=span, label=Label.SUPPORTED)
    VerdictFactory(span=span, label=Label.SUPPORTED)

    response = my_work(editor_client)

    (split,) = response.context["splits"].rows
    assert split.span == span
    assert split.mine == Label.DISPUTED
    assert split.counts == [(Label.SUPPORTED, 2), (Label.DISPUTED, 1)]
    assert "2 supported" in response.content.decode()


def test_claims_where_everyone_agrees_are_no_split(editor, editor_client) -> None:
    span = SpanFactory()
    VerdictFactory(span=span, reviewer=editor, label=Label.DISPUTED)
    VerdictFactory(span=span, label=Label.DISPUTED)

    assert my_work(editor_client).context["splits"].rows == []


def test_a_split_a_moderator_settled_is_no_longer_listed(editor, editor_client) -> None:
    span = SpanFactory(state=Span.State.APPROVED, final_label=Label.DISPUTED)
    VerdictFactory(span=span, reviewer=editor, label=Label.DISPUTED)
    VerdictFactory(span=span, label=Label.SUPPORTED)

    assert my_work(editor_client).context["splits"].total == 0


def test_under_blind_review_a_split_i_did_not_judge_shows_nothing(editor, editor_client):
    span = SpanFactory(article=ArticleFactory(blind_review=True))
    VerdictFactory(span=span, label=Label.DISPUTED, rationale="The table says otherwise.")
    VerdictFactory(span=span, label=Label.SUPPORTED, rationale="Matches the release.")

    response = my_work(editor_client)

    assert response.context["splits"].total == 0
    page = response.content.decode()
    assert "The table says otherwise." not in page
    assert "1 supported" not in page


def test_mentions_show_the_latest_first(editor, editor_client) -> None:
    older = CommentFactory(text="@editor what do you think?", mentions=[editor])
    newer = CommentFactory(text="@editor see the new source", mentions=[editor])
    CommentFactory(text="Nobody mentioned here")

    response = my_work(editor_client)

    assert response.context["mentions"].rows == [newer, older]
    page = response.content.decode()
    assert "@editor see the new source" in page
    assert f"#comment-{newer.pk}" in page


def test_a_mention_on_a_claim_sealed_for_me_is_only_counted(editor, editor_client) -> None:
    span = SpanFactory(article=ArticleFactory(blind_review=True))
    VerdictFactory(span=span)
    CommentFactory(span=span, text="@editor it is satire, clearly", mentions=[editor])

    response = my_work(editor_client)

    mentions = response.context["mentions"]
    assert (mentions.rows, mentions.sealed) == ([], 1)
    page = response.content.decode()
    assert "it is satire" not in page
    assert "1 mention on a claim under blind review" in page


def change(kind, article, *, actor, span=None, ago=datetime.timedelta(minutes=5)) -> Change:
    made = Change.objects.create(
        kind=kind, article=article, span_id=span.pk if span else None, actor=actor
    )
    Change.objects.filter(pk=made.pk).update(at=timezone.now() - ago)
    return made


def test_a_first_visit_shows_what_changed_this_week(editor, editor_client, article) -> None:
    AssignmentFactory(article=article, reviewer=editor)
    colleague = EditorFactory(first_name="Ada", last_name="Lovelace")
    span = span_over(article, FIRST_SENTENCE)
    change(Change.Kind.VERDICT_SAVED, article, actor=colleague, span=span)
    change(Change.Kind.CLAIM_CREATED, article, actor=colleague, ago=FIRST_VISIT_WINDOW * 2)

    response = my_work(editor_client)

    assert response.context["changes"].total == 1
    page = response.content.decode()
    assert "Changed in the last seven days" in page
    assert "Ada Lovelace</strong> gave a verdict on a claim" in page
    assert reverse("annotations:span-detail", args=[span.pk]) in page


def test_a_later_visit_shows_what_changed_since_the_one_before(editor, editor_client, article):
    AssignmentFactory(article=article, reviewer=editor)
    colleague = EditorFactory()
    change(Change.Kind.CLAIM_CREATED, article, actor=colleague, ago=datetime.timedelta(hours=3))
    recent = change(Change.Kind.CLAIM_CREATED, article, actor=colleague)
    session = editor_client.session
    session["my_work_last_seen"] = (timezone.now() - datetime.timedelta(hours=2)).isoformat()
    session.save()

    response = my_work(editor_client)

    assert response.context["returning"]
    (group,) = response.context["changes"].rows
    assert [shown.at for shown in group.changes] == [Change.objects.get(pk=recent.pk).at]
    assert "Changed since your last visit" in response.content.decode()


def test_my_own_changes_and_other_articles_are_left_out(editor, editor_client, article):
    AssignmentFactory(article=article, reviewer=editor)
    change(Change.Kind.CLAIM_CREATED, article, actor=editor)
    change(Change.Kind.CLAIM_CREATED, ArticleFactory(), actor=EditorFactory())

    assert my_work(editor_client).context["changes"].total == 0


def test_a_change_to_a_claim_sealed_for_me_does_not_say_who(editor, editor_client) -> None:
    article = ArticleFactory(blind_review=True)
    AssignmentFactory(article=article, reviewer=editor)
    span = span_over(article, FIRST_SENTENCE)
    colleague = EditorFactory(first_name="Ada", last_name="Lovelace")
    VerdictFactory(span=span, reviewer=colleague)
    change(Change.Kind.VERDICT_SAVED, article, actor=colleague, span=span)

    page = my_work(editor_client).content.decode()

    assert "A colleague</strong> gave a verdict on a claim" in page
    assert "Ada Lovelace" not in page


def test_a_change_to_a_deleted_claim_links_to_the_article(editor, editor_client, article):
    AssignmentFactory(article=article, reviewer=editor)
    span = span_over(article, FIRST_SENTENCE)
    change(Change.Kind.CLAIM_DELETED, article, actor=EditorFactory(), span=span)
    span_url = reverse("annotations:span-detail", args=[span.pk])
    Span.objects.filter(pk=span.pk).delete()

    page = my_work(editor_client).content.decode()

    assert "deleted a claim" in page
    assert span_url not in page
    assert reverse("annotations:article-detail", args=[article.pk]) in page


def test_without_assignments_the_page_says_where_changes_will_show(editor_client) -> None:
    response = my_work(editor_client)

    assert response.context["changes"] is None
    assert "once an article is assigned to you" in response.content.decode()


# The visit: a stretch of requests less than VISIT_GAP apart.

NOW = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


def test_a_first_visit_starts_a_week_back() -> None:
    assert visit_since({}, NOW) == (NOW - FIRST_VISIT_WINDOW, False)


def test_reloading_within_a_visit_keeps_its_starting_point() -> None:
    session = {}
    visit_since(session, NOW)
    later = NOW + VISIT_GAP / 2

    assert visit_since(session, later) == (later - FIRST_VISIT_WINDOW, False)


def test_a_new_visit_starts_where_the_previous_one_ended() -> None:
    session = {}
    visit_since(session, NOW)
    visit_since(session, NOW + datetime.timedelta(minutes=10))

    since, returning = visit_since(session, NOW + datetime.timedelta(hours=3))

    assert (since, returning) == (NOW + datetime.timedelta(minutes=10), True)
    assert visit_since(session, NOW + datetime.timedelta(hours=3, minutes=5))[0] == since


def test_a_damaged_session_value_counts_as_no_visit() -> None:
    assert visit_since({"my_work_last_seen": "yesterday"}, NOW)[1] is False


# One page, a fixed number of queries.


def desk_with_work(editor, size: int) -> None:
    """`size` assigned articles, each with a claim to judge, a split, a mention and changes;
    as many claims elsewhere, one under blind review."""
    moderator = ModeratorFactory()
    for number in range(size):
        article = ArticleFactory(blind_review=number % 2 == 0)
        AssignmentFactory(article=article, reviewer=editor, assigned_by=moderator)
        colleague = EditorFactory()
        span_over(article, CRITICS)
        split = span_over(article, FIRST_SENTENCE)
        VerdictFactory(span=split, reviewer=editor, label=Label.DISPUTED)
        VerdictFactory(span=split, reviewer=colleague, label=Label.SUPPORTED)
        CommentFactory(span=split, author=colleague, text="@editor look", mentions=[editor])
        change(Change.Kind.VERDICT_SAVED, article, actor=colleague, span=split)
        change(Change.Kind.COMMENT_CREATED, article, actor=colleague, span=split)
        SpanFactory()


def queries_for_my_work(editor, size: int) -> int:
    desk_with_work(editor, size)
    client = editor_client_for(editor)
    with CaptureQueriesContext(connection) as queries:
        my_work(client)
    return len(queries)


def editor_client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_work_makes_the_same_few_queries_whatever_the_data(
    editor, django_assert_max_num_queries
):
    few = queries_for_my_work(editor, 2)
    many = queries_for_my_work(editor, 12)

    assert few == many
    # Session, user, roles (3); assigned articles with progress (1); claims waiting and their
    # counts (2); splits and their count (2); mentions and their counts (2); changes and
    # their count (2); the session saved with this visit, in a savepoint (3).
    client = editor_client_for(editor)
    with django_assert_max_num_queries(15):
        my_work(client)
