""" "Seen before" (issue 12, points 2 to 5): the claims in other articles most like a claim,
over the API and in the reader's panel, and links confirmed between claims."""

import re

import pytest
from django.urls import reverse

from annotations.claim_index import index
from annotations.models import Article, Change, ClaimLink
from annotations.services import memory
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import client_for, signed_in_client, span_over

pytestmark = pytest.mark.django_db

CHANNELS = (
    "Russia has established communication channels to exchange information with the Taliban."
)
REWORDED = "Moscow opened channels to share intelligence with the Taliban, an envoy said."
WAR_COST = "The war in Afghanistan cost the United States $2.1 trillion."
AID = "Washington has given Kyiv $26.7 billion in military aid."
UNRELATED = "The city council adopted its budget for next year on Tuesday."


def claim_in_new_article(text: str, editor, **fields):
    article = ArticleFactory(text=f"{text} Nothing else is said.", created_by=editor)
    span = span_over(article, text, created_by=editor, **fields)
    index([span.pk])
    return span


@pytest.fixture
def channels(editor):
    return claim_in_new_article(CHANNELS, editor)


@pytest.fixture
def reworded(editor):
    return claim_in_new_article(REWORDED, editor)


@pytest.fixture
def unrelated(editor):
    return claim_in_new_article(UNRELATED, editor)


def similar(client, span, **params):
    return client.get(reverse("api:span-similar", args=[span.pk]), params)


def test_a_reworded_claim_in_another_article_is_seen_before(editor, channels, reworded, unrelated):
    rows = similar(client_for(editor), channels).json()
    assert [row["span"] for row in rows] == [reworded.pk]


def test_a_suggestion_carries_its_article_quote_verdicts_score_and_link(
    editor, channels, reworded
):
    reworded.final_label = "supported"
    reworded.save()
    [row] = similar(client_for(editor), channels).json()
    assert row["article"] == reworded.article_id
    assert row["quote"] == REWORDED
    assert row["final_label"] == "supported"
    assert row["consensus"] == "none"
    assert 0.6 <= row["score"] <= 1
    assert row["link"] is None


def test_a_claim_in_the_same_article_is_not_suggested(editor, channels):
    article = channels.article
    article.text = f"{article.text} {REWORDED}"
    article.save()
    here = span_over(article, REWORDED)
    index([here.pk])
    assert similar(client_for(editor), channels).json() == []


def test_claims_sharing_only_topic_words_stay_below_the_threshold(editor):
    cost = claim_in_new_article(WAR_COST, editor)
    claim_in_new_article(AID, editor)
    assert similar(client_for(editor), cost).json() == []


def test_min_score_zero_lists_weaker_matches_too(editor, channels, unrelated):
    rows = similar(client_for(editor), channels, min_score=0).json()
    assert unrelated.pk in [row["span"] for row in rows]


def test_a_claim_without_a_vector_yet_is_indexed_when_asked(editor, reworded):
    article = ArticleFactory(text=f"{CHANNELS} More.", created_by=editor)
    fresh = span_over(article, CHANNELS)
    rows = similar(client_for(editor), fresh).json()
    assert [row["span"] for row in rows] == [reworded.pk]


def test_a_sealed_claim_shows_no_final_verdict(editor, second_editor, channels, reworded):
    Article.objects.filter(pk=reworded.article_id).update(blind_review=True)
    VerdictFactory(span=reworded, reviewer=second_editor, label="disputed")
    reworded.final_label = "disputed"
    reworded.save()
    [row] = similar(client_for(editor), channels).json()
    assert row["final_label"] == ""
    assert row["consensus"] == "hidden"


def test_a_bad_limit_is_a_400_naming_it(editor, channels):
    response = similar(client_for(editor), channels, limit=0)
    assert response.status_code == 400
    assert "limit" in response.json()


# Links


def link(client, span, other_id, relation="same"):
    return client.post(
        reverse("api:span-links", args=[span.pk]),
        {"other": other_id, "relation": relation},
        format="json",
    )


def test_confirming_a_match_records_the_link_with_who(editor, channels, reworded):
    response = link(client_for(editor), channels, reworded.pk)
    assert response.status_code == 201
    stored = ClaimLink.objects.get()
    assert (stored.relation, stored.created_by) == ("same", editor)
    assert stored.history.count() == 1


def test_a_confirmed_match_is_listed_with_its_link(editor, channels, reworded):
    link(client_for(editor), channels, reworded.pk)
    [row] = similar(client_for(editor), reworded).json()
    assert (row["span"], row["link"]) == (channels.pk, "same")


def test_a_ruled_out_match_is_listed_as_such_and_not_suggested(editor, channels, reworded):
    link(client_for(editor), channels, reworded.pk, relation="different")
    [row] = similar(client_for(editor), channels).json()
    assert row["link"] == "different"


def test_a_link_is_recorded_in_both_articles_change_logs(editor, channels, reworded):
    link(client_for(editor), channels, reworded.pk)
    kinds = Change.objects.filter(kind=Change.Kind.CLAIM_LINKED)
    assert sorted(kinds.values_list("article_id", flat=True)) == sorted(
        [channels.article_id, reworded.article_id]
    )


def test_removing_a_link_forgets_it(editor, channels, reworded):
    client = client_for(editor)
    link(client, channels, reworded.pk)
    response = client.delete(reverse("api:span-link", args=[reworded.pk, channels.pk]))
    assert response.status_code == 204
    assert not ClaimLink.objects.exists()


def test_linking_a_claim_to_itself_is_a_400(editor, channels):
    response = link(client_for(editor), channels, channels.pk)
    assert response.status_code == 400
    assert "other" in response.json()
    assert not ClaimLink.objects.exists()


def test_linking_claims_in_the_same_article_is_a_400(editor, channels):
    here = span_over(channels.article, "Nothing else is said.")
    response = link(client_for(editor), channels, here.pk)
    assert response.status_code == 400
    assert not ClaimLink.objects.exists()


def test_linking_to_a_missing_claim_is_a_400(editor, channels):
    response = link(client_for(editor), channels, 999_999)
    assert response.status_code == 400
    assert "other" in response.json()


def test_a_bad_relation_is_a_400(editor, channels, reworded):
    response = link(client_for(editor), channels, reworded.pk, relation="maybe")
    assert response.status_code == 400
    assert "relation" in response.json()


def test_someone_without_a_role_cannot_link(outsider, channels, reworded):
    response = link(client_for(outsider), channels, reworded.pk)
    assert response.status_code == 403
    assert not ClaimLink.objects.exists()


def test_claims_linked_as_the_same_show_each_others_verdicts(editor, channels, reworded):
    VerdictFactory(span=reworded, label="disputed", rationale="An envoy denied it.")
    memory.link_set(user=editor, span=channels, other=reworded, relation="same")
    section = signed_in_client(editor).get(reverse("annotations:seen-before", args=[channels.pk]))
    confirmed = section.content.decode().split("The same claim, confirmed")[1]
    assert REWORDED in confirmed
    assert 'badge--disputed">Disputed' in confirmed


def test_every_claim_confirmed_the_same_is_kept_beyond_the_limit(editor, channels, reworded):
    memory.link_set(user=editor, span=channels, other=reworded, relation="same")
    kept = memory.similar_claims(editor, channels, limit=0, every_link=True)
    assert [item.pk for item in kept] == [reworded.pk]
    assert memory.similar_claims(editor, channels, limit=0) == []


def test_the_panel_refuses_a_link_to_a_missing_claim(editor, channels):
    response = signed_in_client(editor).post(
        reverse("annotations:claim-link", args=[channels.pk]),
        {"other": channels.pk + 1000, "relation": "same"},
    )
    assert response.status_code == 400
    assert "No such claim." in response.content.decode()
    assert not ClaimLink.objects.exists()


def test_the_panel_refuses_a_link_within_one_article(editor, channels):
    article = channels.article
    article.text = f"{article.text} {REWORDED}"
    article.save()
    here = span_over(article, REWORDED)
    response = signed_in_client(editor).post(
        reverse("annotations:claim-link", args=[channels.pk]),
        {"other": here.pk, "relation": "same"},
    )
    assert response.status_code == 400
    assert "link claims across articles" in response.content.decode()
    assert not ClaimLink.objects.exists()


def test_the_panel_refuses_a_link_from_someone_without_a_role(outsider, channels, reworded):
    response = signed_in_client(outsider).post(
        reverse("annotations:claim-link", args=[channels.pk]),
        {"other": reworded.pk, "relation": "same"},
    )
    assert response.status_code == 403
    assert not ClaimLink.objects.exists()


def test_the_panel_loads_seen_before_after_it_opens(editor, channels, reworded):
    client = signed_in_client(editor)
    panel = client.get(reverse("annotations:span-detail", args=[channels.pk]))
    assert reverse("annotations:seen-before", args=[channels.pk]) in panel.content.decode()
    section = client.get(reverse("annotations:seen-before", args=[channels.pk]))
    assert REWORDED in section.content.decode()


def test_same_claim_in_the_panel_links_the_two(editor, channels, reworded):
    client = signed_in_client(editor)
    response = client.post(
        reverse("annotations:claim-link", args=[channels.pk]),
        {"other": reworded.pk, "relation": "same"},
    )
    assert response.status_code == 200
    assert ClaimLink.objects.get().relation == "same"


def test_a_confirmed_claim_is_not_listed_again_among_the_similar(editor, channels, reworded):
    memory.link_set(user=editor, span=channels, other=reworded, relation="same")
    section = signed_in_client(editor).get(reverse("annotations:seen-before", args=[channels.pk]))
    page = section.content.decode()
    assert page.count(REWORDED) == 1
    assert "Similar claims" not in page


def test_after_a_link_the_focus_goes_to_the_sections_title(editor, channels, reworded):
    response = signed_in_client(editor).post(
        reverse("annotations:claim-link", args=[channels.pk]),
        {"other": reworded.pk, "relation": "different"},
    )
    title = re.search(r'<h3 id="seen-before-title"[^>]*>', response.content.decode()).group()
    assert 'tabindex="-1"' in title
    assert "autofocus" in title


def test_the_section_carries_what_it_found_for_the_reader_to_say(editor, channels, reworded):
    page = signed_in_client(editor, htmx=False).get(
        reverse("annotations:span-detail", args=[channels.pk])
    )
    assert (
        '<p id="seen-before-status" class="visually-hidden" role="status"' in page.content.decode()
    )
    section = signed_in_client(editor).get(reverse("annotations:seen-before", args=[channels.pk]))
    status = re.search(
        r'<section id="seen-before"[^>]* data-status="([^"]*)"', section.content.decode()
    )
    assert status.group(1) == "Seen before: 1 similar claim in other articles."


def test_the_status_says_when_nothing_was_seen_before(editor, channels):
    section = signed_in_client(editor).get(reverse("annotations:seen-before", args=[channels.pk]))
    assert 'data-status="Seen before: no similar claim in other articles yet."' in (
        section.content.decode()
    )
