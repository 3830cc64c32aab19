"""The JSON-LD exports (W3C Web Annotation, schema.org ClaimReview) on plain rows: no database."""

import datetime
import json

import pytest

from annotations import linked_data
from tests.export_rows import article_url, verdict_row, verdict_url


def test_web_annotation_has_both_selectors_and_assessing_and_commenting_bodies():
    annotation = linked_data.web_annotation(
        verdict_row(), verdict_url=verdict_url, article_url=article_url
    )

    assert annotation["id"] == "https://factcheck.example/api/verdicts/7/"
    assert (annotation["type"], annotation["motivation"]) == ("Annotation", "assessing")
    assert annotation["creator"] == {"type": "Person", "nickname": "alice"}
    assert (annotation["created"], annotation["modified"]) == (
        "2026-03-01T09:30:00Z",
        "2026-03-02T10:00:05.123000Z",
    )
    assert annotation["target"] == {
        "source": "https://factcheck.example/api/articles/2/",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": "minister",
                "prefix": "The ",
                "suffix": " said",
            },
            {"type": "TextPositionSelector", "start": 4, "end": 12},
        ],
    }
    bodies = {body["purpose"]: body for body in annotation["body"]}
    assert bodies["assessing"]["value"] == "disputed"
    assert bodies["commenting"]["value"] == "The rate was 4.6 percent."
    assert bodies["linking"]["source"] == "https://stats.example/march"


def test_web_annotation_without_rationale_has_no_commenting_body():
    annotation = linked_data.web_annotation(
        verdict_row(rationale="", evidence=[]), verdict_url=verdict_url, article_url=article_url
    )

    assert [body["purpose"] for body in annotation["body"]] == ["assessing"]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_annotation_collection_is_one_json_ld_document(count):
    annotations = [{"id": f"urn:a:{n}", "type": "Annotation"} for n in range(count)]

    text = "".join(
        linked_data.annotation_collection("https://x.example/c", "Verdicts", iter(annotations))
    )

    document = json.loads(text)
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    assert document["first"]["type"] == "AnnotationPage"
    assert document["first"]["items"] == annotations


ORGANIZATION = {"@type": "Organization", "name": "Desk", "url": "https://desk.example/"}
RATINGS = {"supported": "True", "disputed": "False", "unverified": "Unproven"}


def check_row(**changes) -> dict:
    """A published fact check as `Publication.review_row` gives it."""
    row = {
        "url": "https://desk.example/checks/3-unemployment-fell/",
        "claim": "Unemployment fell to 4.2 percent.",
        "speaker": "The minister",
        "final_label": "disputed",
        "explanation": "The office's figure was 4.6 percent.",
        "published": datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC),
        "modified": datetime.datetime(2026, 3, 3, 8, 30, tzinfo=datetime.UTC),
        "article_title": "Minister on jobs",
        "article_url": "https://news.example/jobs",
        "article_source": "Example Times",
        "article_published": datetime.date(2026, 2, 28),
    }
    return row | changes


def review_of(**changes) -> dict:
    return linked_data.claim_review(
        check_row(**changes), organization=ORGANIZATION, rating_names=RATINGS
    )


def test_claim_review_has_every_field_google_requires_and_recommends():
    review = review_of()

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "https://desk.example/checks/3-unemployment-fell/"
    assert review["claimReviewed"] == "Unemployment fell to 4.2 percent."
    assert review["datePublished"] == "2026-03-02"
    assert review["dateModified"] == "2026-03-03T08:30:00Z"
    assert review["author"] == ORGANIZATION
    assert review["reviewBody"] == "The office's figure was 4.6 percent."
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 3,
        "worstRating": 1,
        "alternateName": "False",
    }
    appearance = {
        "@type": "CreativeWork",
        "url": "https://news.example/jobs",
        "headline": "Minister on jobs",
        "publisher": {"@type": "Organization", "name": "Example Times"},
        "datePublished": "2026-02-28",
    }
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "The minister"},
        "datePublished": "2026-02-28",
        "appearance": appearance,
        "firstAppearance": appearance,
    }


def test_claim_review_leaves_out_what_the_article_does_not_say():
    review = review_of(speaker="", article_url="", article_source="", article_published=None)

    claim = review["itemReviewed"]
    assert "author" not in claim
    assert "datePublished" not in claim
    assert claim["appearance"] == {"@type": "CreativeWork", "headline": "Minister on jobs"}


@pytest.mark.parametrize(
    ("label", "value", "name"),
    [("disputed", 1, "False"), ("unverified", 2, "Unproven"), ("supported", 3, "True")],
)
def test_claim_review_rating_scale_runs_from_disputed_to_supported(label, value, name):
    rating = review_of(final_label=label)["reviewRating"]

    assert (rating["ratingValue"], rating["alternateName"]) == (value, name)


def test_json_ld_script_escapes_what_could_end_the_script():
    text = linked_data.json_ld_script({"a": "</script><!-- & -->"})

    assert not set("<>&") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & -->"}


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_array_parses(count):
    items = [{"n": n} for n in range(count)]

    assert json.loads("".join(linked_data.json_array(iter(items)))) == items
