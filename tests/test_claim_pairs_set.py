"""The labelled claim pairs for "seen before" matching (tests/claim_pairs.json) hold together.

A claim is a quote highlighted in one article; a pair says whether two claims in different
articles state the same fact ("same"), share a topic but state different facts ("related"),
or have nothing to do with each other ("different"). The demo articles are read from
fixtures/, the others are written out in the set itself.
"""

import datetime
import json
from collections import Counter
from functools import cache
from pathlib import Path

DATA = json.loads(Path(__file__).with_name("claim_pairs.json").read_text(encoding="utf-8"))
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

ARTICLES = {article["slug"]: article for article in DATA["articles"]}
CLAIMS = {claim["id"]: claim for claim in DATA["claims"]}
RELATIONS = {"same", "related", "different"}


@cache
def article_text(slug: str) -> str:
    article = ARTICLES[slug]
    if "text_file" in article:
        return (FIXTURES / article["text_file"]).read_text(encoding="utf-8")
    return article["text"]


def test_article_slugs_are_unique():
    slugs = Counter(article["slug"] for article in DATA["articles"])
    assert [slug for slug, count in slugs.items() if count > 1] == []


def test_each_article_has_either_a_text_file_or_a_text():
    for article in DATA["articles"]:
        assert ("text_file" in article) != ("text" in article), article["slug"]


def test_text_files_exist_under_fixtures():
    for article in DATA["articles"]:
        if "text_file" in article:
            assert (FIXTURES / article["text_file"]).is_file(), article["text_file"]


def test_publication_dates_are_iso_dates_when_known():
    for article in DATA["articles"]:
        if article["published"] is not None:
            datetime.date.fromisoformat(article["published"])


def test_claim_ids_are_unique():
    ids = Counter(claim["id"] for claim in DATA["claims"])
    assert [claim_id for claim_id, count in ids.items() if count > 1] == []


def test_every_claims_article_exists():
    missing = [claim["id"] for claim in DATA["claims"] if claim["article"] not in ARTICLES]
    assert missing == []


def test_every_quote_occurs_in_its_articles_text():
    absent = [
        claim["id"]
        for claim in DATA["claims"]
        if claim["quote"] not in article_text(claim["article"])
    ]
    assert absent == []


def test_every_quote_occurs_only_once_in_its_article():
    """The set records no occurrence number, so each quote must pick out one span."""
    repeated = [
        claim["id"]
        for claim in DATA["claims"]
        if article_text(claim["article"]).count(claim["quote"]) > 1
    ]
    assert repeated == []


def test_quotes_are_between_30_and_300_characters():
    wrong = [claim["id"] for claim in DATA["claims"] if not 30 <= len(claim["quote"]) <= 300]
    assert wrong == []


def test_pair_members_exist():
    missing = [
        (pair["a"], pair["b"])
        for pair in DATA["pairs"]
        if pair["a"] not in CLAIMS or pair["b"] not in CLAIMS
    ]
    assert missing == []


def test_pair_members_are_in_different_articles():
    same_article = [
        (pair["a"], pair["b"])
        for pair in DATA["pairs"]
        if CLAIMS[pair["a"]]["article"] == CLAIMS[pair["b"]]["article"]
    ]
    assert same_article == []


def test_no_pair_is_listed_twice_in_either_order():
    pairs = Counter(frozenset((pair["a"], pair["b"])) for pair in DATA["pairs"])
    assert [tuple(pair) for pair, count in pairs.items() if count > 1] == []


def test_relations_are_same_related_or_different():
    assert {pair["relation"] for pair in DATA["pairs"]} <= RELATIONS


def test_every_claim_takes_part_in_a_pair():
    paired = {member for pair in DATA["pairs"] for member in (pair["a"], pair["b"])}
    assert sorted(set(CLAIMS) - paired) == []


def test_each_article_contributes_at_least_three_claims():
    counts = Counter(claim["article"] for claim in DATA["claims"])
    assert {slug: counts[slug] for slug in ARTICLES if counts[slug] < 3} == {}


def test_minimum_counts():
    relations = Counter(pair["relation"] for pair in DATA["pairs"])
    assert len(DATA["articles"]) >= 12
    assert len(DATA["claims"]) >= 55
    assert len(DATA["pairs"]) >= 60
    assert relations["same"] >= 30
    assert relations["related"] >= 18
    assert relations["different"] >= 20


def test_taliban_information_channels_claim_is_matched_across_articles():
    quote = (
        "Russia has established communication channels to exchange information with the Taliban"
    )
    carriers = {claim["id"] for claim in DATA["claims"] if claim["quote"] == quote}
    same_pairs = [
        pair
        for pair in DATA["pairs"]
        if pair["relation"] == "same" and {pair["a"], pair["b"]} <= carriers
    ]
    assert len(carriers) >= 2
    assert same_pairs
