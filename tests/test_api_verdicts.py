"""/api/verdicts/: list with filters, retrieve with ETag, create, update with If-Match, delete."""

import pytest
from django.urls import reverse

from annotations.api.serializers import VerdictSerializer
from annotations.models import Evidence, Label, Span, Verdict
from tests.factories import EvidenceFactory, SpanFactory, VerdictFactory
from tests.helpers import client_for, results

pytestmark = pytest.mark.django_db

LIST = reverse("api:verdict-list")
EVIDENCE = {"url": "https://stats.example/march", "title": "March release", "note": "p. 2"}


def detail(verdict) -> str:
    return reverse("api:verdict-detail", kwargs={"pk": verdict.pk})


def ids(response) -> list[int]:
    return [row["id"] for row in results(response)]


@pytest.fixture
def span(article):
    return SpanFactory(article=article)


@pytest.fixture
def verdict(span, editor):
    return VerdictFactory(span=span, reviewer=editor, label=Label.SUPPORTED)


def test_list_shows_verdicts_with_evidence(api_client, verdict):
    EvidenceFactory(verdict=verdict, **EVIDENCE)

    row = results(api_client.get(LIST))[0]

    assert (row["span"], row["article"], row["reviewer"]) == (
        verdict.span_id,
        verdict.span.article_id,
        "editor",
    )
    assert (row["label"], row["version"]) == ("supported", 1)
    assert row["evidence"] == [EVIDENCE]


def test_list_filters_by_article_span_label_and_reviewer(api_client, verdict, second_editor):
    other = VerdictFactory(reviewer=second_editor, label=Label.DISPUTED)

    assert ids(api_client.get(LIST, {"article": verdict.span.article_id})) == [verdict.pk]
    assert ids(api_client.get(LIST, {"span": other.span_id})) == [other.pk]
    assert ids(api_client.get(LIST, {"label": "disputed"})) == [other.pk]
    assert ids(api_client.get(LIST, {"reviewer": "editor"})) == [verdict.pk]


def test_list_filters_by_the_spans_state_and_final_label(api_client, verdict):
    settled = VerdictFactory(
        span=SpanFactory(state=Span.State.APPROVED, final_label=Label.DISPUTED)
    )

    assert ids(api_client.get(LIST, {"state": "approved"})) == [settled.pk]
    assert ids(api_client.get(LIST, {"final_label": "disputed"})) == [settled.pk]


def test_list_makes_the_same_number_of_queries_for_more_rows(
    api_client, django_assert_num_queries
):
    EvidenceFactory.create_batch(2)
    # The token, the user's roles (for blind review), the verdicts, their evidence.
    with django_assert_num_queries(4) as small:
        api_client.get(LIST)
    EvidenceFactory.create_batch(10)

    with django_assert_num_queries(len(small.captured_queries)):
        rows = results(api_client.get(LIST))

    assert len(rows) == 12


def test_retrieve_sends_the_version_as_etag(api_client, verdict):
    response = api_client.get(detail(verdict))

    assert response.status_code == 200
    assert response["ETag"] == '"1"'


def test_a_verdict_shows_exactly_its_declared_fields(api_client, verdict):
    row = api_client.get(detail(verdict)).json()

    assert set(row) == set(VerdictSerializer().fields)


def test_retrieve_with_a_matching_if_none_match_is_304(api_client, verdict):
    response = api_client.get(detail(verdict), headers={"If-None-Match": '"1"'})

    assert response.status_code == 304
    assert response["ETag"] == '"1"'


def test_create_stores_label_rationale_and_evidence(api_client, span, editor):
    response = api_client.post(
        LIST,
        {"span": span.pk, "label": "disputed", "rationale": "Was 4.6%.", "evidence": [EVIDENCE]},
        format="json",
    )

    assert response.status_code == 201, response.json()
    verdict = Verdict.objects.get()
    assert (verdict.reviewer, verdict.label, verdict.rationale) == (
        editor,
        "disputed",
        "Was 4.6%.",
    )
    assert list(verdict.evidence.values("url", "title", "note")) == [EVIDENCE]
    assert response["ETag"] == '"1"'
    assert response["Location"].endswith(detail(verdict))


def test_create_answers_with_the_verdict_as_a_read_back_shows_it(api_client, span):
    sent = {"url": "https://stats.example/march"}

    response = api_client.post(
        LIST, {"span": span.pk, "label": "supported", "evidence": [sent]}, format="json"
    )

    assert response.status_code == 201
    stored = api_client.get(detail(Verdict.objects.get())).json()
    assert response.json() == stored
    assert stored["evidence"] == [{"url": sent["url"], "title": "", "note": ""}]


def test_create_ignores_read_only_fields_echoed_back(api_client, span):
    body = {"span": span.pk, "label": "supported", "id": 99, "version": 7, "reviewer": "x"}

    response = api_client.post(LIST, body, format="json")

    assert response.status_code == 201
    verdict = Verdict.objects.get()
    assert (response.json()["id"], verdict.version) == (verdict.pk, 1)


def test_create_makes_a_fixed_number_of_queries(api_client, span, django_assert_max_num_queries):
    # +2: the change log's row and the look for webhooks subscribed to verdict.saved.
    with django_assert_max_num_queries(11):
        response = api_client.post(
            LIST, {"span": span.pk, "label": "supported", "evidence": [EVIDENCE]}, format="json"
        )

    assert response.status_code == 201


def test_create_a_second_verdict_on_the_same_span_is_409_pointing_at_the_first(
    api_client, verdict
):
    response = api_client.post(LIST, {"span": verdict.span_id, "label": "disputed"}, format="json")

    assert response.status_code == 409
    assert response.json()["existing"] == verdict.pk
    assert response["Location"].endswith(detail(verdict))
    verdict.refresh_from_db()
    assert verdict.label == "supported"


def test_create_rejects_an_unknown_label_naming_the_valid_ones(api_client, span):
    response = api_client.post(LIST, {"span": span.pk, "label": "mostly-true"}, format="json")

    assert response.status_code == 400
    assert "supported, disputed, unverified" in response.json()["label"][0]
    assert not Verdict.objects.exists()


def test_create_rejects_bad_evidence_and_stores_nothing(api_client, span):
    response = api_client.post(
        LIST,
        {"span": span.pk, "label": "supported", "evidence": [EVIDENCE, {"url": "not a url"}]},
        format="json",
    )

    assert response.status_code == 400
    assert "Item 2, url" in response.json()["evidence"][0]
    assert not Verdict.objects.exists()
    assert not Evidence.objects.exists()


def test_create_is_refused_to_a_user_without_a_role(outsider, span):
    response = client_for(outsider).post(
        LIST, {"span": span.pk, "label": "supported"}, format="json"
    )

    assert response.status_code == 403
    assert not Verdict.objects.exists()


def test_put_replaces_label_rationale_and_evidence(api_client, verdict):
    EvidenceFactory(verdict=verdict)

    response = api_client.put(
        detail(verdict), {"label": "unverified", "evidence": [EVIDENCE]}, format="json"
    )

    assert response.status_code == 200, response.json()
    verdict.refresh_from_db()
    assert (verdict.label, verdict.rationale, verdict.version) == ("unverified", "", 2)
    assert list(verdict.evidence.values("url", "title", "note")) == [EVIDENCE]
    assert response["ETag"] == '"2"'
    assert response.json()["evidence"] == [EVIDENCE]


def test_patch_changes_only_what_it_sends(api_client, verdict):
    EvidenceFactory(verdict=verdict)

    response = api_client.patch(detail(verdict), {"label": "disputed"}, format="json")

    assert response.status_code == 200
    verdict.refresh_from_db()
    assert verdict.label == "disputed"
    assert verdict.rationale == "Matches the statistics office's March release."
    assert verdict.evidence.count() == 1


def test_update_with_the_current_etag_succeeds(api_client, verdict):
    response = api_client.patch(
        detail(verdict), {"label": "disputed"}, format="json", headers={"If-Match": '"1"'}
    )

    assert response.status_code == 200
    assert response["ETag"] == '"2"'


def test_update_with_a_stale_etag_is_412_and_changes_nothing(api_client, verdict):
    Verdict.objects.filter(pk=verdict.pk).update(version=2)

    response = api_client.patch(
        detail(verdict), {"label": "disputed"}, format="json", headers={"If-Match": '"1"'}
    )

    assert response.status_code == 412
    assert response.json()["current_version"] == 2
    assert response["ETag"] == '"2"'
    verdict.refresh_from_db()
    assert verdict.label == "supported"


def test_update_with_a_weak_etag_is_412(api_client, verdict):
    response = api_client.patch(
        detail(verdict), {"label": "disputed"}, format="json", headers={"If-Match": 'W/"1"'}
    )

    assert response.status_code == 412


def test_update_with_if_match_star_succeeds(api_client, verdict):
    response = api_client.patch(
        detail(verdict), {"label": "disputed"}, format="json", headers={"If-Match": "*"}
    )

    assert response.status_code == 200


def test_update_cannot_move_a_verdict_to_another_span(api_client, verdict):
    other = SpanFactory()

    response = api_client.patch(detail(verdict), {"span": other.pk}, format="json")

    assert response.status_code == 400
    assert "span" in response.json()
    verdict.refresh_from_db()
    assert verdict.span_id != other.pk


def test_update_accepts_its_own_representation_back(api_client, verdict):
    representation = api_client.get(detail(verdict)).json()

    response = api_client.put(
        detail(verdict), representation | {"label": "disputed"}, format="json"
    )

    assert response.status_code == 200, response.json()
    verdict.refresh_from_db()
    assert verdict.label == "disputed"


def test_other_editor_cannot_update_or_delete_a_verdict(verdict, second_editor):
    client = client_for(second_editor)

    assert client.patch(detail(verdict), {"label": "disputed"}, format="json").status_code == 403
    assert client.delete(detail(verdict)).status_code == 403
    verdict.refresh_from_db()
    assert verdict.label == "supported"


def test_moderator_corrects_a_verdict(moderator, verdict):
    response = client_for(moderator).patch(detail(verdict), {"label": "disputed"}, format="json")

    assert response.status_code == 200
    verdict.refresh_from_db()
    assert verdict.label == "disputed"
    assert verdict.history.first().history_user == moderator


def test_owner_deletes_their_verdict(api_client, verdict):
    response = api_client.delete(detail(verdict))

    assert response.status_code == 204
    assert not Verdict.objects.exists()
