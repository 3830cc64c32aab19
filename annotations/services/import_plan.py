"""Checking a bulk import: every record planned as unsaved rows, or every problem listed.

`plan_import` reads the records of annotations.services.imports (numbered by line), checks
each one (field types, the models' field rules, offsets and quotes against the text,
references, who may store what) and returns an `ImportPlan` of unsaved rows, or raises
ImportRejected with every problem found. It reads the database (stored articles and spans,
earlier verdicts) but writes nothing.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date

from annotations import roles
from annotations.jsonl_records import (
    ARTICLE_FIELDS,
    EVIDENCE_FIELDS,
    SPAN_FIELDS,
    VERDICT_FIELDS,
    LineProblem,
    Problems,
    check_types,
    field_problems,
    parsed_timestamp,
    parsed_value,
    raise_if,
)
from annotations.models import (
    MAX_TEXT_LENGTH,
    Article,
    Evidence,
    Span,
    Verdict,
    blind_review_default,
    check_range,
)
from annotations.services.import_links import plan_link
from annotations.services.import_publications import planned_publication
from annotations.services.import_rows import (
    ImportPlan,
    ImportRejected,
    NumberedRecords,
    PlannedSpan,
    Problem,
    StampedRow,
)
from annotations.services.verdicts import MAX_EVIDENCE_PER_VERDICT
from annotations.text import normalize_text, quote_context, text_sha256

User = get_user_model()


def plan_import(numbered: NumberedRecords, *, user, restore: bool) -> ImportPlan:
    """Every record checked and planned; raises ImportRejected listing every problem."""
    stored_ids = _stored_article_ids(numbered)
    stored_articles = Article.objects.in_bulk(stored_ids)
    stored_spans = {
        (span.article_id, span.start, span.end): span
        for span in Span.objects.filter(article_id__in=stored_articles, is_orphaned=False)
    }
    plan = ImportPlan(user, restore, stored_articles, stored_spans)
    problems: list[Problem] = []
    for number, record in numbered:
        try:
            if isinstance(record, LineProblem):
                raise record
            _plan_record(plan, record, number)
        except LineProblem as problem:
            problems.extend(Problem(number, name, message) for name, message in problem.problems)
    stored = Article.objects.filter(text_sha256__in=plan.article_lines).values_list(
        "text_sha256", "pk"
    )
    problems.extend(
        Problem(plan.article_lines[digest], "text", f"already stored as article {pk}")
        for digest, pk in stored
    )
    problems.extend(_check_joined_verdicts(plan))
    problems.extend(_check_usernames(plan))
    if problems:
        raise ImportRejected(sorted(problems))
    return plan


def _stored_article_ids(numbered) -> set[int]:
    """Ids of stored articles the spans name: numbers that no article record of the import has."""
    refs = set()
    for _, record in numbered:
        if isinstance(record, dict) and record.get("type") == "article":
            refs.add(_article_ref(record))
    return {
        record["article"]
        for _, record in numbered
        if isinstance(record, dict)
        and record.get("type") == "span"
        and type(record.get("article")) is int
        and record["article"] not in refs
    }


def _article_ref(record: dict):
    return record["ref"] if "ref" in record else record.get("id")


def _plan_record(plan: ImportPlan, record: dict, number: int) -> None:
    kind = record.get("type")
    if kind == "article":
        _plan_article(plan, record, number)
    elif kind == "span":
        _plan_span(plan, record, number)
    elif kind == "link":
        plan_link(plan, record, number)
    else:
        raise LineProblem([("type", 'must be "article", "span" or "link"')])


def _plan_article(plan: ImportPlan, record: dict, number: int) -> None:
    raise_if(check_types(record, ARTICLE_FIELDS))
    problems = []
    ref = _article_ref(record)
    if ref is None:
        problems.append(("ref", "missing: give each article a ref (or an id) its spans name"))
    elif ref in plan.articles:
        problems.append(("ref", f"article {ref} is on an earlier line"))
    text = record["text"]
    if normalize_text(text) != text:
        problems.append(("text", "not in canonical form (normalised as the app stores it)"))
    if not text or len(text) > MAX_TEXT_LENGTH:
        problems.append(("text", f"must have 1 to {MAX_TEXT_LENGTH:,} characters"))
    digest = text_sha256(text)
    if record.get("text_sha256", digest) != digest:
        problems.append(("text_sha256", "does not match the text"))
    if digest in plan.article_lines:
        problems.append(("text", "the same text is on an earlier line"))
    article = Article(
        title=record["title"],
        text=text,
        text_sha256=digest,
        source=record.get("source", ""),
        url=record.get("url", ""),
        byline=record.get("byline", ""),
        language=record.get("language", "en"),
        status=record.get("status", Article.Status.OPEN),
        revision=record.get("revision", 1) if plan.restore else 1,
        published=parsed_value(record, "published", parse_date, problems),
    )
    article.blind_review = record.get("blind_review", article.blind_review)
    if article.blind_review != blind_review_default() and not (
        plan.restore or roles.is_moderator(plan.user)
    ):
        problems.append(("blind_review", "only moderators turn blind review on or off"))
    created_by = plan.person(record.get("created_by"), "created_by", problems)
    stamped = StampedRow(article, {"created_by": created_by})
    _stamp_times(plan, stamped, record, problems)
    problems.extend(field_problems(article, ["created_by"]))
    raise_if(problems)
    plan.article_lines[digest] = number
    plan.articles[ref] = (number, stamped)


def _stamp_times(plan: ImportPlan, stamped: StampedRow, record: dict, problems, where: str = ""):
    """Exported timestamps are kept by a restore; an editor's import is stamped now."""
    created_at = parsed_timestamp(record, "created_at", problems, where)
    updated_at = parsed_timestamp(record, "updated_at", problems, where)
    if plan.restore:
        stamped.created_at, stamped.updated_at = created_at, updated_at


def _span_article(plan: ImportPlan, reference) -> tuple[Article, bool]:
    """The article a span names, and whether it is stored already."""
    if reference in plan.articles:
        return plan.articles[reference][1].row, False
    if type(reference) is int and reference in plan.stored_articles:
        article = plan.stored_articles[reference]
        if article.status == Article.Status.CLOSED:
            raise LineProblem([("article", f"article {reference} is closed to new claims")])
        return article, True
    raise LineProblem(
        [("article", f"no article {reference!r} on an earlier line, nor stored with that id")]
    )


def _plan_span(plan: ImportPlan, record: dict, number: int) -> None:
    raise_if(check_types(record, SPAN_FIELDS))
    article, article_stored = _span_article(plan, record["article"])
    problems = []
    highlighters = record.get("highlighters", [])
    if not all(isinstance(name, str) for name in highlighters):
        problems.append(("highlighters", "must be a list of usernames"))
    elif not plan.restore:
        for name in highlighters:
            plan.person(name, "highlighters", problems)
        highlighters = [plan.user.get_username()]
    span = Span(
        article=article,
        start=record["start"],
        end=record["end"],
        quote=record["quote"],
        prefix=record.get("prefix", ""),
        suffix=record.get("suffix", ""),
        claim=record.get("claim", ""),
        speaker=record.get("speaker", ""),
        is_orphaned=record.get("is_orphaned", False),
        state=record.get("state", Span.State.PENDING),
        final_label=record.get("final_label") or "",
        moderation_note=record.get("moderation_note", ""),
        moderated_at=parsed_timestamp(record, "moderated_at", problems),
    )
    settled = bool(span.state != Span.State.PENDING or span.final_label or span.moderation_note)
    users = {
        "created_by": plan.person(record.get("created_by"), "created_by", problems),
        "moderated_by": plan.person(record.get("moderated_by"), "moderated_by", problems),
    }
    if not plan.restore:
        _own_span_rules(plan, span, users, settled, problems)
    problems.extend(field_problems(span, ["article", "created_by", "moderated_by"]))
    _check_span_range(plan, span, record["article"], problems)
    if not plan.restore and not problems:
        # The context is the stored text's, whatever the record says.
        span.prefix, _, span.suffix = quote_context(
            article.text, span.start, span.end, width=Span.CONTEXT_WIDTH
        )
    stamped = StampedRow(span, users)
    _stamp_times(plan, stamped, record, problems)
    key = (article.pk, span.start, span.end)
    joined = plan.stored_spans.get(key) if article_stored and not span.is_orphaned else None
    if joined is not None and settled:
        problems.append(
            (
                "state",
                f"the claim is stored already (span {joined.pk}): "
                "settle it with POST /api/spans/{id}/settle/",
            )
        )
    if joined is not None and record.get("publication") is not None:
        problems.append(
            (
                "publication",
                f"the claim is stored already (span {joined.pk}): "
                "publish it with POST /api/spans/{id}/publish/",
            )
        )
    verdicts = _plan_verdicts(plan, span if joined is None else joined, record, problems)
    publication = _plan_publication(plan, span, record, verdicts, problems)
    raise_if(problems)
    planned = PlannedSpan(number, joined or span, None if joined else stamped, highlighters)
    for verdict_stamped, evidence in verdicts:
        planned.verdicts.append(verdict_stamped)
        plan.evidence.extend(evidence)
    planned.publication = publication
    plan.spans.append(planned)
    if "id" in record:
        plan.span_refs[record["id"]] = planned


def _plan_publication(
    plan: ImportPlan, span: Span, record: dict, verdicts: list, problems: Problems
) -> StampedRow | None:
    """The claim's publication, if the record has one (services.import_publications);
    `verdicts` are the record's, as _plan_verdicts planned them."""
    item = record.get("publication")
    if item is None:
        return None
    evidence_urls = {link.url for _, evidence in verdicts for link in evidence}
    planned = planned_publication(plan, span, item, evidence_urls, problems)
    if planned is None:
        return None
    stamped = StampedRow(*planned)
    _stamp_times(plan, stamped, item, problems, "publication.")
    return stamped


def _own_span_rules(plan: ImportPlan, span: Span, users: dict, settled: bool, problems) -> None:
    """What an editor's import may store of a span: a live highlight, settled by a moderator."""
    if span.is_orphaned:
        problems.append(("is_orphaned", "only an administrator's restore stores orphaned claims"))
    if settled and not roles.is_moderator(plan.user):
        problems.append(("state", "only moderators settle claims"))
    if settled:
        span.moderated_at = timezone.now()
    else:
        users["moderated_by"], span.moderated_at = None, None


def _check_span_range(plan: ImportPlan, span: Span, reference, problems: Problems) -> None:
    """What the database's constraints hold for every span, orphaned ones too; a live span
    must also match the text (the one rule for that, as in span_create)."""
    if not 0 <= span.start < span.end:
        problems.append(("end", "must be greater than start, which must be 0 or more"))
    elif span.end != span.start + len(span.quote):
        problems.append(("quote", "must be end - start characters long"))
    elif not span.is_orphaned:
        try:
            check_range(span.article.text, span.start, span.end, span.quote)
        except ValidationError as error:
            problems.extend(
                (name, " ".join(messages)) for name, messages in error.message_dict.items()
            )
        key = (reference, span.start, span.end)
        if key in plan.ranges:
            problems.append(("start", "the same range of this article is on an earlier line"))
        plan.ranges.add(key)


def _plan_verdicts(plan: ImportPlan, span: Span, record: dict, problems: Problems):
    planned, reviewers = [], set()
    for number, item in enumerate(record.get("verdicts", []), start=1):
        where = f"verdicts[{number}]."
        if not isinstance(item, dict):
            problems.append((f"verdicts[{number}]", "must be an object"))
            continue
        verdict_problems = check_types(item, VERDICT_FIELDS, where)
        if plan.restore and "reviewer" not in item:
            verdict_problems.append((f"{where}reviewer", "missing"))
        if verdict_problems:
            problems.extend(verdict_problems)
            continue
        reviewer = plan.person(item.get("reviewer"), f"{where}reviewer", problems)
        if reviewer in reviewers:
            problems.append((f"{where}reviewer", f"{reviewer} has an earlier verdict here"))
        reviewers.add(reviewer)
        verdict = Verdict(
            span=span,
            label=item["label"],
            rationale=item.get("rationale", ""),
            version=item.get("version", 1) if plan.restore else 1,
        )
        problems.extend(field_problems(verdict, ["span", "reviewer"], where))
        stamped = StampedRow(verdict, {"reviewer": reviewer})
        _stamp_times(plan, stamped, item, problems, where)
        links = item.get("evidence", [])
        if len(links) > MAX_EVIDENCE_PER_VERDICT:
            problems.append(
                (f"{where}evidence", f"at most {MAX_EVIDENCE_PER_VERDICT} links per verdict")
            )
        evidence = []
        for link_number, link in enumerate(links, start=1):
            link_where = f"{where}evidence[{link_number}]"
            if not isinstance(link, dict):
                problems.append((link_where, "must be an object"))
                continue
            link_problems = check_types(link, EVIDENCE_FIELDS, f"{link_where}.")
            if not link_problems:
                candidate = Evidence(verdict=verdict, **link)
                link_problems.extend(field_problems(candidate, ["verdict"], f"{link_where}."))
                evidence.append(candidate)
            problems.extend(link_problems)
        planned.append((stamped, evidence))
    return planned


def _check_joined_verdicts(plan: ImportPlan) -> list[Problem]:
    """A verdict on a stored span by a reviewer who judged it already is refused (as a 409 is)."""
    lines = {}
    for planned in plan.spans:
        if planned.stamped is None:
            for stamped in planned.verdicts:
                lines[(planned.span.pk, stamped.users["reviewer"])] = planned.line
    if not lines:
        return []
    stored = Verdict.objects.filter(
        span_id__in={span_id for span_id, _ in lines},
        reviewer__username__in={name for _, name in lines},
    ).values_list("span_id", "reviewer__username", "pk")
    return [
        Problem(
            lines[(span_id, name)],
            "verdicts",
            f"{name} already gave a verdict on span {span_id} (verdict {pk})",
        )
        for span_id, name, pk in stored
        if (span_id, name) in lines
    ]


def _check_usernames(plan: ImportPlan) -> list[Problem]:
    if not plan.restore:
        return []  # every name was checked to be the caller's
    # Each new account must pass the user model's own rules for a username (characters,
    # length); the password is excluded, an account made by a restore has none.
    return [
        Problem(0, "username", f"{name!r}: {message}")
        for name in sorted(plan.usernames())
        for _, message in field_problems(User(username=name), ["password"])
    ]
