"""The JSON-LD exports (W3C Web Annotation, schema.org ClaimReview) on plain rows: no database."""

import json

import pytest

from annotations import exports
from tests.export_rows import article_url, span_row, span_url, verdict_row, verdict_url


def test_web_annotation_has_both_selectors_and_assessing_and_commenting_bodies():
    annotation = exports.web_annotation(
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
    annotation = exports.web_annotation(
        verdict_row(rationale="", evidence=[]), verdict_url=verdict_url, article_url=article_url
    )

    assert [body["purpose"] for body in annotation["body"]] == ["assessing"]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_annotation_collection_is_one_json_ld_document(count):
    annotations = [{"id": f"urn:a:{n}", "type": "Annotation"} for n in range(count)]

    text = "".join(
        exports.annotation_collection("https://x.example/c", "Verdicts", iter(annotations))
    )

    document = json.loads(text)
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    assert document["first"]["type"] == "AnnotationPage"
    assert document["first"]["items"] == annotations


def test_claim_review_has_every_field_the_format_needs():
    review = exports.claim_review(
        span_row(), span_url=span_url, article_url=article_url, organization="Desk"
    )

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "https://factcheck.example/api/spans/3/"
    assert review["claimReviewed"] == "Unemployment fell to 4.2 percent."
    assert review["datePublished"] == "2026-03-02"
    assert review["author"] == {"@type": "Organization", "name": "Desk"}
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 3,
        "worstRating": 1,
        "alternateName": "Disputed",
    }
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "The minister"},
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://news.example/jobs",
            "headline": "Minister on jobs",
            "publisher": {"@type": "Organization", "name": "Example Times"},
            "datePublished": "2026-02-28",
        },
    }


def test_claim_review_falls_back_to_the_quote_and_the_api_url():
    review = exports.claim_review(
        span_row(claim="", article_url="", speaker=""),
        span_url=span_url,
        article_url=article_url,
        organization="Desk",
    )

    assert review["claimReviewed"] == "minister"
    assert review["itemReviewed"]["appearance"]["url"] == article_url(2)
    assert "author" not in review["itemReviewed"]


@pytest.mark.parametrize(
    ("label", "value"), [("disputed", 1), ("unverified", 2), ("supported", 3)]
)
def test_claim_review_rating_scale_runs_from_disputed_to_supported(label, value):
    review = exports.claim_review(
        span_row(final_label=label), span_url=span_url, article_url=article_url, organization="D"
    )

    assert review["reviewRating"]["ratingValue"] == value


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_array_parses(count):
    items = [{"n": n} for n in range(count)]

    assert json.loads("".join(exports.json_array(iter(items)))) == items
