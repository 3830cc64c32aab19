"""Blind review (annotations.blind): the rule, and every route that shows verdicts.

An article under blind review holds two claims judged by a colleague: `judged` (a disputed
verdict with a rationale and evidence) and `settled` (also given a final verdict with a note
by a moderator). The `editor` fixture has judged neither, so both are sealed for them.
"""

import json

import pytest
from django.urls import reverse

from annotations import blind, services
from annotations.models import Article, Consensus, Label, Span, Verdict
from tests.factories import ArticleFactory, EditorFactory, EvidenceFactory, VerdictFactory
from tests.helpers import client_for, results, signed_in_client, span_over, streamed

RATIONALE = "SECRET-RATIONALE of the colleague"
EVIDENCE_URL = "https://example.org/secret-evidence"
NOTE = "SECRET-NOTE of the moderator"


@pytest.fixture
def blind_article(editor) -> Article:
    return ArticleFactory(created_by=editor, blind_review=True)


@pytest.fixture
def judged(blind_article, second_editor) -> Span:
    span = span_over(blind_article, "The minister said")
    verdict = VerdictFactory(
        span=span, reviewer=second_editor, label=Label.DISPUTED, rationale=RATIONALE
    )
    EvidenceFactory(verdict=verdict, url=EVIDENCE_URL, title="Colleague's source")
    return span


@pytest.fixture
def settled(blind_article, second_editor, moderator) -> Span:
    span = span_over(
        blind_article,
        "Officials denied it.",
        final_label=Label.SUPPORTED,
        state=Span.State.APPROVED,
        moderated_by=moderator,
        moderation_note=NOTE,
    )
    VerdictFactory(span=span, reviewer=second_editor, label=Label.SUPPORTED, rationale=RATIONALE)
    return span


@pytest.fixture
def claims(judged, settled) -> tuple[Span, Span]:
    return judged, settled


def reveals_judgements(text: str) -> bool:
    return RATIONALE in text or EVIDENCE_URL in text or NOTE in text


# The rule, and its two forms agreeing


@pytest.mark.django_db
def test_a_claim_is_sealed_for_an_editor_who_has_not_judged_it(editor, judged) -> None:
    assert blind.is_sealed(editor, judged)


@pytest.mark.django_db
def test_a_claim_is_unsealed_once_the_editor_judged_it(editor, judged) -> None:
    VerdictFactory(span=judged, reviewer=editor)

    assert not blind.is_sealed(editor, Span.objects.get(pk=judged.pk))


@pytest.mark.django_db
def test_nothing_is_sealed_for_a_moderator(moderator, judged) -> None:
    assert not blind.is_sealed(moderator, judged)


@pytest.mark.django_db
def test_nothing_is_sealed_on_an_article_without_blind_review(editor, second_editor) -> None:
    span = span_over(ArticleFactory(), "The minister said")
    VerdictFactory(span=span, reviewer=second_editor)

    assert not blind.is_sealed(editor, span)


@pytest.mark.django_db
@pytest.mark.parametrize("blind_review", [True, False])
def test_the_rule_for_the_spans_of_one_article_agrees_with_the_general_one(
    editor, second_editor, blind_review
) -> None:
    article = ArticleFactory(blind_review=blind_review, text="Critics said the minister lied.")
    VerdictFactory(span=span_over(article, "Critics said"), reviewer=second_editor)
    VerdictFactory(span=span_over(article, "the minister lied"), reviewer=editor)
    spans = Span.objects.filter(article=article)

    by_article = blind.with_sealed(spans, editor, article=article).values_list("pk", "sealed")
    in_general = blind.with_sealed(spans, editor).values_list("pk", "sealed")

    assert sorted(by_article) == sorted(in_general)
    assert any(sealed for _, sealed in in_general) is blind_review


@pytest.mark.django_db
def test_the_query_form_of_the_rule_agrees_with_the_python_form(
    editor, second_editor, moderator, claims
) -> None:
    open_span = span_over(ArticleFactory(), "Critics said")
    VerdictFactory(span=open_span, reviewer=second_editor)
    mine = span_over(claims[0].article, "Critics said")
    VerdictFactory(span=mine, reviewer=editor)
    for viewer in (editor, second_editor, moderator):
        annotated = blind.with_sealed(Span.objects.all(), viewer)
        by_query = {span.pk: span.sealed for span in annotated}
        by_python = {span.pk: blind.is_sealed(viewer, span) for span in Span.objects.all()}
        assert by_query == by_python, viewer
        visible = set(blind.visible_verdicts(Verdict.objects.all(), viewer))
        assert visible == set(
            Verdict.objects.exclude(span__pk__in=[k for k, v in by_query.items() if v])
        )


def test_a_sealed_claim_with_a_verdict_shows_hidden() -> None:
    assert blind.state_shown("", ["disputed"], sealed=True) == Consensus.HIDDEN


def test_a_sealed_claim_without_any_judgement_shows_no_verdict_yet() -> None:
    assert blind.state_shown("", [], sealed=True) == Consensus.NONE


# The reader


@pytest.mark.django_db
def test_the_reader_draws_a_sealed_claim_as_hidden_with_how_many_judged_it(
    editor_client, judged
) -> None:
    html = editor_client.get(reverse("annotations:article-detail", args=[judged.article_id]))

    page = html.content.decode()
    assert f'class="hl hl--hidden hl--lane-0 hl--first" id="span-{judged.pk}"' in page
    assert "Hidden until you judge (blind review): judged by 1 reviewer" in page


@pytest.mark.django_db
def test_the_readers_legend_counts_the_hidden_claims(editor_client, claims) -> None:
    html = editor_client.get(reverse("annotations:article-detail", args=[claims[0].article_id]))

    assert (
        'Hidden until you judge</span> <span class="legend__count">2</span>'
        in html.content.decode()
    )


@pytest.mark.django_db
def test_the_claim_panel_hides_colleagues_verdicts_until_the_editor_judges(
    editor_client, judged
) -> None:
    response = editor_client.get(reverse("annotations:span-detail", args=[judged.pk]))

    page = response.content.decode()
    assert not reveals_judgements(page)
    assert "1 reviewer judged this claim" in page


@pytest.mark.django_db
def test_the_claim_panel_hides_the_final_verdict_and_the_moderators_note(
    editor_client, settled
) -> None:
    response = editor_client.get(reverse("annotations:span-detail", args=[settled.pk]))

    page = response.content.decode()
    assert NOTE not in page
    assert "Final verdict" not in page


@pytest.mark.django_db
def test_giving_a_verdict_in_the_reader_shows_the_colleagues_and_redraws_the_claim(
    htmx_client, judged
) -> None:
    response = htmx_client.post(
        reverse("annotations:verdict-set", args=[judged.pk]),
        {"label": "supported", "rationale": "", "version": ""},
    )

    page = response.content.decode()
    assert RATIONALE in page
    assert EVIDENCE_URL in page
    # The highlight changed from hidden to split: the paragraph is drawn again.
    assert f'class="hl hl--split hl--lane-0 hl--first is-selected" id="span-{judged.pk}"' in page


@pytest.mark.django_db
def test_a_moderator_sees_every_verdict_in_the_claim_panel(moderator_client, judged) -> None:
    response = moderator_client.get(reverse("annotations:span-detail", args=[judged.pk]))

    assert RATIONALE in response.content.decode()


@pytest.mark.django_db
def test_an_editor_sees_colleagues_verdicts_on_an_article_without_blind_review(
    editor_client, second_editor
) -> None:
    span = span_over(ArticleFactory(), "The minister said")
    VerdictFactory(span=span, reviewer=second_editor, rationale=RATIONALE)

    response = editor_client.get(reverse("annotations:span-detail", args=[span.pk]))

    assert RATIONALE in response.content.decode()


@pytest.mark.django_db
def test_the_article_list_counts_sealed_verdicts_as_hidden_not_by_label(
    editor_client, claims
) -> None:
    response = editor_client.get(reverse("annotations:article-list"))

    article = next(row for row in response.context["page"] if row.pk == claims[0].article_id)
    assert (article.disputed_count, article.supported_count, article.hidden_count) == (0, 0, 2)


@pytest.mark.django_db
def test_the_article_list_filter_on_disputed_claims_ignores_sealed_verdicts(
    editor_client, claims
) -> None:
    response = editor_client.get(reverse("annotations:article-list"), {"has_disputed": "true"})

    assert list(response.context["page"]) == []


# The API


@pytest.mark.django_db
def test_the_api_shows_a_sealed_span_without_its_judgements(api_client, settled) -> None:
    row = api_client.get(reverse("api:span-detail", args=[settled.pk])).json()

    assert {
        key: row[key]
        for key in (
            "judged_by",
            "verdicts_hidden",
            "consensus",
            "final_label",
            "moderated_by",
            "moderated_at",
            "moderation_note",
            "verdicts",
        )
    } == {
        "judged_by": 1,
        "verdicts_hidden": True,
        "consensus": "hidden",
        "final_label": "",
        "moderated_by": None,
        "moderated_at": None,
        "moderation_note": "",
        "verdicts": [],
    }


@pytest.mark.django_db
def test_the_api_span_list_hides_sealed_judgements(api_client, claims) -> None:
    response = api_client.get(reverse("api:span-list"))

    assert [row["verdicts"] for row in results(response)] == [[], []]
    assert not reveals_judgements(response.content.decode())


@pytest.mark.django_db
def test_an_articles_embedded_spans_hide_sealed_judgements(api_client, claims) -> None:
    url = reverse("api:article-detail", args=[claims[0].article_id])

    response = api_client.get(url, {"include": "spans"})

    assert response.json()["blind_review"] is True
    assert not reveals_judgements(response.content.decode())


@pytest.mark.django_db
def test_the_api_verdict_list_leaves_out_verdicts_on_sealed_claims(api_client, claims) -> None:
    assert results(api_client.get(reverse("api:verdict-list"))) == []


@pytest.mark.django_db
def test_a_verdict_on_a_sealed_claim_is_not_found(api_client, judged) -> None:
    verdict = judged.verdicts.get()

    response = api_client.get(reverse("api:verdict-detail", args=[verdict.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query", [{"label": "disputed"}, {"reviewer": "second_editor"}, {"final_label": "supported"}]
)
@pytest.mark.django_db
def test_span_filters_on_judgements_do_not_match_sealed_claims(api_client, claims, query) -> None:
    assert results(api_client.get(reverse("api:span-list"), query)) == []


@pytest.mark.django_db
def test_after_judging_through_the_api_the_editor_sees_the_colleagues_verdict(
    api_client, judged
) -> None:
    created = api_client.post(
        reverse("api:verdict-list"), {"span": judged.pk, "label": "supported"}, format="json"
    )
    assert created.status_code == 201

    row = api_client.get(reverse("api:span-detail", args=[judged.pk])).json()

    assert (row["verdicts_hidden"], row["consensus"], len(row["verdicts"])) == (False, "split", 2)


@pytest.mark.django_db
def test_a_moderator_sees_every_judgement_through_the_api(moderator, settled) -> None:
    row = client_for(moderator).get(reverse("api:span-detail", args=[settled.pk])).json()

    assert (row["final_label"], row["moderation_note"], len(row["verdicts"])) == (
        "supported",
        NOTE,
        1,
    )


@pytest.mark.django_db
def test_the_span_list_reads_as_few_queries_for_more_sealed_claims(
    api_client, blind_article, second_editor, django_assert_num_queries
) -> None:
    for quote in ("The minister said", "Critics said"):
        VerdictFactory(span=span_over(blind_article, quote), reviewer=second_editor)
    with django_assert_num_queries(6) as few:
        api_client.get(reverse("api:span-list"))
    for quote in ("unemployment fell", "part-time workers", "Officials denied it."):
        VerdictFactory(span=span_over(blind_article, quote), reviewer=second_editor)

    with django_assert_num_queries(len(few.captured_queries)):
        rows = results(api_client.get(reverse("api:span-list")))

    assert len(rows) == 5


# The exports


@pytest.mark.parametrize(
    "route",
    [
        "api:export-spans",
        "api:export-verdicts",
        "api:export-annotations",
        "api:export-claimreviews",
    ],
)
@pytest.mark.django_db
def test_no_export_reveals_sealed_judgements(api_client, claims, route) -> None:
    assert not reveals_judgements(streamed(api_client.get(reverse(route))))


@pytest.mark.django_db
def test_the_jsonl_export_keeps_a_sealed_claim_without_its_final_verdict(
    api_client, settled
) -> None:
    lines = streamed(api_client.get(reverse("api:export-spans"))).splitlines()

    (span,) = [json.loads(line) for line in lines if '"type":"span"' in line]
    assert (span["id"], span["final_label"], span["verdicts"]) == (settled.pk, None, [])
    assert (span["moderation_note"], span["moderated_by"]) == ("", None)


@pytest.mark.django_db
def test_the_claimreview_export_leaves_out_claims_sealed_for_the_editor(
    api_client, settled
) -> None:
    assert json.loads(streamed(api_client.get(reverse("api:export-claimreviews")))) == []


@pytest.mark.django_db
def test_a_moderator_exports_every_verdict(moderator, claims) -> None:
    csv_text = streamed(client_for(moderator).get(reverse("api:export-verdicts")))

    assert csv_text.count(RATIONALE) == 2


# The setting


@pytest.mark.django_db
def test_new_articles_follow_the_blind_review_setting(editor, settings) -> None:
    settings.FACTCHECK_BLIND_REVIEW = True

    article = services.article_create(user=editor, title="New", text="A new text.")

    assert article.blind_review is True


@pytest.mark.django_db
def test_a_moderator_turns_blind_review_on_through_the_api(moderator, article) -> None:
    url = reverse("api:article-detail", args=[article.pk])

    response = client_for(moderator).patch(url, {"blind_review": True}, format="json")

    assert response.status_code == 200
    assert response.json()["blind_review"] is True
    record = article.history.latest()
    assert (record.blind_review, record.history_change_reason) == (True, "Blind review turned on")


@pytest.mark.django_db
def test_the_editor_who_imported_an_article_cannot_turn_blind_review_on(api_client, article):
    url = reverse("api:article-detail", args=[article.pk])

    response = api_client.patch(url, {"blind_review": True}, format="json")

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.blind_review is False


@pytest.mark.django_db
def test_the_api_takes_only_true_or_false_for_blind_review(moderator, article) -> None:
    url = reverse("api:article-detail", args=[article.pk])

    response = client_for(moderator).patch(url, {"blind_review": "yes"}, format="json")

    assert response.status_code == 400
    assert response.json()["blind_review"] == ["Must be true or false."]


@pytest.mark.django_db
def test_a_moderator_turns_blind_review_off_in_the_reader(moderator_client, blind_article):
    url = reverse("annotations:article-blind-review", args=[blind_article.pk])

    response = moderator_client.post(url, {"blind_review": "false"})

    assert response.status_code == 302
    blind_article.refresh_from_db()
    assert blind_article.blind_review is False


@pytest.mark.django_db
def test_an_editor_cannot_turn_blind_review_off_in_the_reader(editor_client, blind_article):
    url = reverse("annotations:article-blind-review", args=[blind_article.pk])

    response = editor_client.post(url, {"blind_review": "false"})

    assert response.status_code == 403
    blind_article.refresh_from_db()
    assert blind_article.blind_review is True


@pytest.mark.django_db
def test_the_reader_refuses_a_blind_review_value_that_is_not_on_or_off(
    moderator_client, blind_article
) -> None:
    url = reverse("annotations:article-blind-review", args=[blind_article.pk])

    response = moderator_client.post(url, {"blind_review": "maybe"})

    assert response.status_code == 400
    assert "is not a setting" in response.content.decode()


@pytest.mark.django_db
def test_the_reader_offers_moderators_the_blind_review_switch(moderator_client, article):
    response = moderator_client.get(reverse("annotations:article-detail", args=[article.pk]))

    assert "Turn blind review on" in response.content.decode()


@pytest.mark.django_db
def test_the_reader_offers_editors_no_blind_review_switch(editor_client, blind_article):
    response = editor_client.get(reverse("annotations:article-detail", args=[blind_article.pk]))

    page = response.content.decode()
    assert "Blind review" in page
    assert "Turn blind review" not in page


@pytest.mark.django_db
def test_an_editors_import_cannot_turn_blind_review_on(api_client) -> None:
    record = {
        "type": "article",
        "ref": "a",
        "title": "T",
        "text": "Some text.",
        "blind_review": True,
    }

    response = api_client.post(reverse("api:import"), [record], format="json")

    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "blind_review"
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_moderators_import_stores_blind_review(moderator) -> None:
    record = {
        "type": "article",
        "ref": "a",
        "title": "T",
        "text": "Some text.",
        "blind_review": True,
    }

    response = client_for(moderator).post(reverse("api:import"), [record], format="json")

    assert response.status_code == 201, response.content
    assert Article.objects.get().blind_review is True


@pytest.mark.django_db
def test_a_second_editor_joining_a_sealed_claim_by_highlighting_it_sees_nothing(
    judged,
) -> None:
    third = signed_in_client(EditorFactory(username="third"), htmx=True)
    start, end = judged.start, judged.end

    response = third.post(
        reverse("annotations:span-create", args=[judged.article_id]),
        {"start": start, "end": end, "quote": judged.quote},
    )

    assert response.status_code == 201
    assert not reveals_judgements(response.content.decode())


@pytest.mark.django_db
def test_joining_a_sealed_claim_through_the_api_shows_nothing_of_it(judged) -> None:
    third = EditorFactory(username="third")
    body = {"article": judged.article_id, "start": judged.start, "end": judged.end}

    response = client_for(third).post(reverse("api:span-list"), body, format="json")

    assert response.status_code == 200
    assert (response.json()["verdicts_hidden"], response.json()["verdicts"]) == (True, [])
    assert not reveals_judgements(response.content.decode())


@pytest.mark.django_db
def test_a_revision_answers_with_sealed_spans_hidden(api_client, judged) -> None:
    url = reverse("api:article-revise", args=[judged.article_id])
    text = "A new first line.\n\n" + judged.article.text

    response = api_client.post(f"{url}?include=spans", {"text": text}, format="json")

    assert response.status_code == 200, response.content
    (span,) = response.json()["article"]["spans"]
    assert (span["verdicts_hidden"], span["verdicts"]) == (True, [])
    assert not reveals_judgements(response.content.decode())
