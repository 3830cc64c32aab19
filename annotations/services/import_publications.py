"""Checking the published fact check a span record carries, for import_plan: its fields and
links, who may publish, and what a published fact check needs (`publication_problems`, the
rule `span_publish` applies)."""

from django.utils import timezone

from annotations import roles
from annotations.jsonl_records import (
    PUBLICATION_FIELDS,
    PUBLICATION_LINK_FIELDS,
    Problems,
    check_types,
    field_problems,
    parsed_timestamp,
)
from annotations.models import Evidence, Publication, Span, new_publication
from annotations.services.import_rows import ImportPlan
from annotations.services.publications import SETTLED_ONLY, publication_problems

WHERE = "publication."


def planned_publication(
    plan: ImportPlan, span: Span, item: dict, evidence_urls: set[str], problems: Problems
) -> tuple[Publication, dict[str, str | None]] | None:
    """The unsaved publication of `span` and the username it refers to, or None when its
    fields are malformed (the problems added). `evidence_urls` are the links of the record's
    verdicts: an editor's import may show only those, as `span_publish` does."""
    found = check_types(item, PUBLICATION_FIELDS, WHERE)
    links = item.get("evidence", [])
    if isinstance(links, list):
        found.extend(_link_problems(links))
    if found:
        problems.extend(found)
        return None
    publication = new_publication(span)
    publication.explanation = item.get("explanation", "")
    publication.evidence = [{"url": link["url"], "title": link.get("title", "")} for link in links]
    publication.published_at = parsed_timestamp(item, "published_at", problems, WHERE)
    published_by = plan.person(item.get("published_by"), f"{WHERE}published_by", problems)
    if plan.restore:
        publication.slug = item.get("slug", publication.slug)
    else:
        _own_publication_rules(plan, publication, evidence_urls, problems)
        if not publication.is_published:
            published_by = None
    if publication.is_published:
        problems.extend(
            (f"{WHERE}explanation" if name == "explanation" else name, message)
            for name, message in publication_problems(span, publication).items()
        )
    problems.extend(field_problems(publication, ["span", "published_by"], WHERE))
    return publication, {"published_by": published_by}


def _link_problems(links: list) -> Problems:
    problems = []
    for number, link in enumerate(links, start=1):
        where = f"{WHERE}evidence[{number}]"
        if not isinstance(link, dict):
            problems.append((where, "must be an object"))
        elif not (link_problems := check_types(link, PUBLICATION_LINK_FIELDS, f"{where}.")):
            # The links shown were copied from evidence rows: they keep the same field rules.
            candidate = Evidence(url=link["url"], title=link.get("title", ""))
            problems.extend(field_problems(candidate, ["verdict"], f"{where}."))
        else:
            problems.extend(link_problems)
    return problems


def _own_publication_rules(
    plan: ImportPlan, publication: Publication, evidence_urls: set[str], problems: Problems
) -> None:
    """What an editor's import may store, as `publication_edit` and `span_publish` would: a
    moderator's publication of a settled claim, published now, showing the claim's own
    evidence links, its explanation trimmed."""
    if not roles.is_moderator(plan.user):
        problems.append(("publication", "only moderators publish fact checks"))
    if not publication.span.final_label and not publication.is_published:
        # publication_problems says so for a published one.
        problems.append(("final_label", SETTLED_ONLY))
    publication.explanation = publication.explanation.strip()
    if publication.is_published:
        publication.published_at = timezone.now()
    for number, link in enumerate(publication.evidence, start=1):
        if link["url"] not in evidence_urls:
            problems.append(
                (
                    f"{WHERE}evidence[{number}].url",
                    "not an evidence link of this claim's verdicts",
                )
            )
