"""The linked-data formats: W3C Web Annotation and schema.org ClaimReview (JSON-LD).

Pure functions over plain row dicts, as `exports` is: the verdict export streams its
annotations in one AnnotationCollection, and each published fact check is one ClaimReview,
on its public page and in the ClaimReview export.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping

import orjson

from annotations.exports import chunked, dumps, iso_date, timestamp
from annotations.models import Label

WEB_ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_ORG_CONTEXT = "https://schema.org"

# ClaimReview rates on a numeric scale; the rating's name goes into alternateName.
RATING_VALUES = {Label.DISPUTED: 1, Label.UNVERIFIED: 2, Label.SUPPORTED: 3}
WORST_RATING, BEST_RATING = 1, 3

UrlFor = Callable[[int], str]


# W3C Web Annotation: each verdict an Annotation, in one streamed AnnotationCollection.


def web_annotation(verdict: dict, *, verdict_url: UrlFor, article_url: UrlFor) -> dict:
    """The verdict as an Annotation assessing its span; offsets count code points, as W3C does.

    The target's source is the article's API resource, whose `text` the selectors point into.
    """
    body = [
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": verdict["label"],
            "format": "text/plain",
        }
    ]
    if verdict["rationale"]:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": verdict["rationale"],
                "format": "text/plain",
            }
        )
    body.extend(
        {"type": "SpecificResource", "purpose": "linking", "source": item["url"]}
        for item in verdict["evidence"]
    )
    return {
        "id": verdict_url(verdict["id"]),
        "type": "Annotation",
        "motivation": "assessing",
        "creator": {"type": "Person", "nickname": verdict["reviewer_username"]},
        "created": timestamp(verdict["created"]),
        "modified": timestamp(verdict["updated"]),
        "body": body,
        "target": {
            "source": article_url(verdict["article_id"]),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": verdict["quote"],
                    "prefix": verdict["prefix"],
                    "suffix": verdict["suffix"],
                },
                {"type": "TextPositionSelector", "start": verdict["start"], "end": verdict["end"]},
            ],
        },
    }


def annotation_collection(collection_id: str, label: str, annotations: Iterable[dict]):
    """One JSON-LD AnnotationCollection document whose first page holds every annotation."""
    head = {
        "@context": WEB_ANNOTATION_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
    }
    page = {"id": f"{collection_id}#page-1", "type": "AnnotationPage", "startIndex": 0}
    # The documents are built as text around the streamed items; the closing brackets match
    # the two objects opened here, and the items array opened inside the page.
    yield dumps(head)[:-1] + ',"first":' + dumps(page)[:-1] + ',"items":[\n'
    yield from json_items(annotations)
    yield "]}}\n"


def json_items(items: Iterable[dict]) -> Iterator[str]:
    def pieces() -> Iterator[str]:
        separator = ""
        for item in items:
            yield separator + dumps(item)
            separator = ",\n"

    return chunked(pieces())


# schema.org ClaimReview: one per published fact check, on its public page and in the export.


def claim_review(check: dict, *, organization: dict, rating_names: Mapping[str, str]) -> dict:
    """A published fact check as a ClaimReview with every field Google requires and
    recommends. `check` is `Publication.review_row()`; `organization` the author (an
    Organization with name, url and logo); `rating_names` each label's alternateName."""
    label = Label(check["final_label"])
    appearance = {"@type": "CreativeWork", "headline": check["article_title"]}
    if check["article_url"]:
        appearance["url"] = check["article_url"]
    if check["article_source"]:
        appearance["publisher"] = {"@type": "Organization", "name": check["article_source"]}
    claim = {"@type": "Claim", "appearance": appearance, "firstAppearance": appearance}
    if check["article_published"]:
        appearance["datePublished"] = claim["datePublished"] = iso_date(check["article_published"])
    if check["speaker"]:
        claim["author"] = {"@type": "Person", "name": check["speaker"]}
    return {
        "@context": SCHEMA_ORG_CONTEXT,
        "@type": "ClaimReview",
        "url": check["url"],
        "claimReviewed": check["claim"],
        "itemReviewed": claim,
        "author": organization,
        "datePublished": timestamp(check["published"])[:10],
        "dateModified": timestamp(check["modified"]),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[label],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": rating_names[label],
        },
        "reviewBody": check["explanation"],
    }


def json_ld_script(document: dict) -> str:
    """JSON for a page's `<script type="application/ld+json">`: no text inside can end the
    script element or open a comment (`<`, `>` and `&` written as JSON escapes)."""
    text = orjson.dumps(document).decode()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_array(items: Iterable[dict]) -> Iterator[str]:
    yield "[\n"
    yield from json_items(items)
    yield "\n]\n"
