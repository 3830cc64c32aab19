"""A synthetic but valid corpus for the benchmark, written in bulk.

Bulk generation bypasses the services on purpose (one row at a time through them would take
hours for a million verdicts); what is measured afterwards goes through the real views and API.
Every row still satisfies the model's rules: quotes equal text[start:end], prefix and suffix are
the text around them, one span per range, three verdicts per span by different reviewers, valid
labels.
"""

import datetime
import enum
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from annotations import roles
from annotations.models import Article, Evidence, Label, Publication, Span, Verdict, slug_for
from annotations.text import normalize_text, quote_context, text_sha256

VERDICTS_PER_SPAN = 3
REVIEWERS = 12
# Every fifth verdict cites one source, as a real corpus would for some of its verdicts.
EVIDENCE_EVERY = 5

_PLAIN_WORDS = (
    "the minister said unemployment fell to percent in march critics figure ignores part-time "
    "workers officials denied it report budget deficit growth inflation rose council approved "
    "plan housing prices doubled since election promised schools hospitals taxes would not "
    "increase according data office survey showed majority voters support policy opposition "
    "claimed government spent billion euros on new roads while wages stagnated experts warned "
    "that emissions crime rate record year decade lowest highest average since statistics"
)
# Accents, a currency sign and an emoji outside the BMP keep code-point offsets honest.
_VOCABULARY = [
    *_PLAIN_WORDS.split(" "),
    *("4.2%", "€3bn", "café", "Zürich", "naïve", "São", "Paulo", "📈", "2,000", "1.5m"),
]
_WORD = re.compile(r"\S+")
_LABELS = Label.values
_RATIONALES = (
    "Matches the statistics office's release.",
    "The cited figure is from a different year.",
    "No public source confirms or denies it yet.",
)


def article_text(rng: random.Random, length: int, header: str) -> str:
    """Canonical text of about `length` code points: paragraphs of sentences, a unique header."""
    paragraphs = [header]
    total = len(header)
    while total < length:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = rng.choices(_VOCABULARY, k=rng.randint(8, 20))
            sentences.append(" ".join(words).capitalize() + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return normalize_text("\n\n".join(paragraphs)[:length])


class _Word(NamedTuple):
    start: int
    end: int
    line: int


def _words(text: str) -> list[_Word]:
    words = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        words.extend(
            _Word(offset + match.start(), offset + match.end(), number)
            for match in _WORD.finditer(line)
        )
        offset += len(line) + 1
    return words


def span_ranges(text: str, count: int, overlapping: int) -> list[tuple[int, int]]:
    """`count` distinct ranges on word boundaries, within a paragraph; `overlapping` of them
    nested in or crossing another range, the rest disjoint."""
    words = _words(text)
    disjoint = count - overlapping
    slot = len(words) // max(disjoint, 1)
    if slot < 2 or overlapping > disjoint:
        raise ValueError(f"a text of {len(words)} words cannot hold {count} spans")
    bases = []
    for number in range(disjoint):
        first = last = number * slot
        while last + 1 < first + slot and words[last + 1].line == words[first].line:
            last += 1
        bases.append((first, last))
    ranges = [(words[first].start, words[last].end) for first, last in bases]
    taken = set(ranges)
    extra = []
    for attempt in range(4 * disjoint):
        if len(extra) == overlapping:
            break
        index = (attempt * 7919) % disjoint
        first, last = bases[index]
        variant = attempt % 3
        if variant == 0 and last > first:
            candidate = (words[first + 1].start, words[last].end)  # nested, right-aligned
        elif variant == 1 and last > first:
            candidate = (words[first].start, words[last - 1].end)  # nested, left-aligned
        elif index + 1 < disjoint and words[bases[index + 1][0]].line == words[last].line:
            candidate = (words[last].start, words[bases[index + 1][0]].end)  # crossing
        else:
            continue
        if candidate not in taken:
            taken.add(candidate)
            extra.append(candidate)
    if len(extra) < overlapping:
        raise ValueError(f"could not place {overlapping} overlapping spans")
    return sorted(ranges + extra)


def free_ranges(text: str, taken: Iterable[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """Single-word ranges that are not spans yet, spread over the text: for creating spans."""
    used = set(taken)
    candidates = [(w.start, w.end) for w in _words(text) if (w.start, w.end) not in used]
    if len(candidates) < count:
        raise ValueError(f"only {len(candidates)} free ranges, {count} needed")
    step = len(candidates) / count
    return [candidates[int(number * step)] for number in range(count)]


class BulkWriter:
    """Writes rows with explicit ids: COPY on PostgreSQL, batched executemany elsewhere."""

    BATCH = 5_000

    def __init__(self) -> None:
        self.postgresql = connection.vendor == "postgresql"

    def next_id(self, model) -> int:
        """The first free id (asked each time: the measured requests add rows in between)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
            return cursor.fetchone()[0]

    def timestamp(self, moment: datetime.datetime):
        return connection.ops.adapt_datetimefield_value(moment)

    def write(self, model, fields: tuple[str, ...], rows: Iterable[tuple]) -> int:
        """Insert rows giving `fields`; every other column gets its default."""
        given = {model._meta.get_field(name).column for name in fields}
        rest = [
            f for f in model._meta.concrete_fields if f.column not in given and not f.primary_key
        ]
        defaults = tuple(_plain(f.get_db_prep_save(f.get_default(), connection)) for f in rest)
        quote = connection.ops.quote_name
        columns = ", ".join(
            quote(column)
            for column in [model._meta.get_field(name).column for name in fields]
            + [f.column for f in rest]
        )
        table = quote(model._meta.db_table)
        written = 0
        if self.postgresql:
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with (
                transaction.atomic(),
                connection.cursor() as cursor,
                cursor.cursor.copy(copy_sql) as copy,
            ):
                for row in rows:
                    copy.write_row(row + defaults)
                    written += 1
            return written
        placeholders = ", ".join(["%s"] * (len(fields) + len(rest)))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        for batch in _batches(rows, self.BATCH):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, [row + defaults for row in batch])
            written += len(batch)
        return written

    def finish(self) -> None:
        """Move the id sequences past the explicit ids and refresh the planner's statistics.

        On PostgreSQL also VACUUM now: otherwise autovacuum wakes up for the freshly inserted
        rows and competes with the measurements for the CPUs.
        """
        models = [Article, Span, Verdict, Evidence, Span.highlighters.through]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
            cursor.execute("VACUUM ANALYZE" if self.postgresql else "ANALYZE")


def _plain(value):
    # TextChoices members are str subclasses; the drivers want the plain value.
    return value.value if isinstance(value, enum.Enum) else value


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class People:
    actor: User
    reviewers: list[User]
    load_users: list[User]
    # Settles and publishes the public fact checks.
    moderator: User


def create_people(load_clients: int) -> People:
    """Editors: the one whose clicks are measured, the reviewers of the corpus, load clients;
    and a moderator."""

    def member(username: str, group: str) -> User:
        user = User(username=username, email=f"{username}@bench.invalid")
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=group))
        return user

    def editor(username: str) -> User:
        return member(username, roles.EDITORS)

    return People(
        actor=editor("bench_editor"),
        reviewers=[editor(f"bench_reviewer_{number}") for number in range(REVIEWERS)],
        load_users=[editor(f"bench_load_{number}") for number in range(load_clients)],
        moderator=member("bench_moderator", roles.MODERATORS),
    )


@dataclass
class ArticleInfo:
    id: int
    text: str
    ranges: list[tuple[int, int]]
    span_ids: list[int] = field(default_factory=list)


@dataclass
class Totals:
    articles: int = 0
    spans: int = 0
    verdicts: int = 0
    evidence: int = 0


class CorpusBuilder:
    """Adds articles with their spans, highlighters, verdicts and evidence."""

    def __init__(self, people: People, seed: int = 20261127) -> None:
        self.people = people
        self.rng = random.Random(seed)
        self.writer = BulkWriter()
        self.totals = Totals()
        self._clock = timezone.now() - datetime.timedelta(days=365)

    def _tick(self) -> datetime.datetime:
        self._clock += datetime.timedelta(milliseconds=1)
        return self._clock

    def add_articles(
        self, *, count: int, chars: int, spans: int, overlapping: int = 0, title: str = "Article"
    ) -> list[ArticleInfo]:
        articles = []
        for _ in range(count):
            number = self.totals.articles + len(articles) + 1
            text = article_text(self.rng, chars, f"{title} {number}: a synthetic report")
            articles.append(ArticleInfo(0, text, span_ranges(text, spans, overlapping)))
        self._write(articles)
        return articles

    def _write(self, articles: list[ArticleInfo]) -> None:
        writer = self.writer
        reviewers = [user.pk for user in self.people.reviewers]
        first_article = writer.next_id(Article)
        span_total = sum(len(info.ranges) for info in articles)
        first_span = writer.next_id(Span)
        first_verdict = writer.next_id(Verdict)
        first_evidence = writer.next_id(Evidence)
        article_rows, span_rows, highlighter_rows, verdict_rows, evidence_rows = [], [], [], [], []
        span_id, verdict_id = first_span, first_verdict
        for offset, info in enumerate(articles):
            info.id = first_article + offset
            creator = reviewers[offset % len(reviewers)]
            moment = writer.timestamp(self._tick())
            article_rows.append(
                (
                    info.id,
                    f"Synthetic article {info.id}",
                    "Bench Gazette",
                    info.text,
                    text_sha256(info.text),
                    creator,
                    moment,
                    moment,
                )
            )
            for start, end in info.ranges:
                prefix, quote, suffix = quote_context(
                    info.text, start, end, width=Span.CONTEXT_WIDTH
                )
                moment = writer.timestamp(self._tick())
                highlighter = reviewers[span_id % len(reviewers)]
                span_rows.append(
                    (
                        span_id,
                        info.id,
                        start,
                        end,
                        quote,
                        prefix,
                        suffix,
                        highlighter,
                        moment,
                        moment,
                    )
                )
                highlighter_rows.append((span_id, highlighter))
                for turn in range(VERDICTS_PER_SPAN):
                    reviewer = reviewers[(span_id + turn) % len(reviewers)]
                    pick = (span_id + turn * 5) % len(_LABELS)
                    verdict_rows.append(
                        (
                            verdict_id,
                            span_id,
                            reviewer,
                            _LABELS[pick],
                            _RATIONALES[pick],
                            moment,
                            moment,
                        )
                    )
                    if verdict_id % EVIDENCE_EVERY == 0:
                        evidence_rows.append(
                            (
                                first_evidence + len(evidence_rows),
                                verdict_id,
                                f"https://stats.example.org/release/{verdict_id}",
                                "Statistics office release",
                                "",
                                moment,
                            )
                        )
                    verdict_id += 1
                info.span_ids.append(span_id)
                span_id += 1
        writer.write(
            Article,
            (
                "id",
                "title",
                "source",
                "text",
                "text_sha256",
                "created_by",
                "created_at",
                "updated_at",
            ),
            article_rows,
        )
        writer.write(
            Span,
            (
                "id",
                "article",
                "start",
                "end",
                "quote",
                "prefix",
                "suffix",
                "created_by",
                "created_at",
                "updated_at",
            ),
            span_rows,
        )
        writer.write(Span.highlighters.through, ("span", "user"), highlighter_rows)
        writer.write(
            Verdict,
            ("id", "span", "reviewer", "label", "rationale", "created_at", "updated_at"),
            verdict_rows,
        )
        writer.write(
            Evidence, ("id", "verdict", "url", "title", "note", "created_at"), evidence_rows
        )
        self.totals.articles += len(articles)
        self.totals.spans += span_total
        self.totals.verdicts += len(verdict_rows)
        self.totals.evidence += len(evidence_rows)

    def grow_to(self, *, spans: int, chars: int, spans_per_article: int) -> None:
        """Add typical articles until at least `spans` spans are stored."""
        batch = 50
        while self.totals.spans < spans:
            missing = -(-(spans - self.totals.spans) // spans_per_article)
            self.add_articles(
                count=min(batch, missing),
                chars=chars,
                spans=spans_per_article,
                overlapping=spans_per_article // 5,
            )

    def finish(self) -> None:
        self.writer.finish()


# Public fact checks (the "public" group): what a moderator writes for each.
SPEAKER = "The minister"
_EXPLANATIONS = {
    Label.SUPPORTED: "The statistics office's release for the period gives the same figure, "
    "and two independent surveys published since agree with it within their margins.",
    Label.DISPUTED: "The statistics office's release for the period gives a different figure: "
    "the one quoted is from the previous year, before the method was revised.",
    Label.UNVERIFIED: "No public source confirms or denies the figure yet: the office publishes "
    "its release for the period next quarter, and the ministry did not answer our questions.",
}
_METHOD = (
    "We compared the claim with the official release, read the report it cites, and asked "
    "the office that published the figure how it is computed. The sources are listed below."
)


def explanation(label: str) -> str:
    """The explanation of a fact check rated `label`: about 400 characters, two paragraphs."""
    return f"{_EXPLANATIONS[label]}\n\n{_METHOD}"


def restated(quote: str) -> str:
    """The claim as a moderator restates it from the quote."""
    return f"{quote[:1].upper()}{quote[1:]}."


def publish_checks(span_ids: list[int], moderator: User) -> None:
    """Settle the claims and publish them as fact checks, in bulk (no history rows, as for the
    rest of the corpus): each gets a restated claim, a speaker, a final verdict, an
    explanation and the evidence links of its verdicts, one an hour until an hour ago."""
    now = timezone.now()
    spans = Span.objects.filter(id__in=span_ids).order_by("id").only("id", "quote")
    links: dict[int, list[dict]] = {}
    rows = (
        Evidence.objects.filter(verdict__span_id__in=span_ids)
        .order_by("verdict__created_at", "verdict_id", "id")
        .values_list("verdict__span_id", "url", "title")
    )
    for span_id, url, title in rows:
        links.setdefault(span_id, []).append({"url": url, "title": title})
    publications = []
    for number, span in enumerate(spans):
        moment = now - datetime.timedelta(hours=len(span_ids) - number)
        span.claim = restated(span.quote)
        span.speaker = SPEAKER
        span.state = Span.State.APPROVED
        span.final_label = _LABELS[number % len(_LABELS)]
        span.moderated_by = moderator
        span.moderated_at = moment
        span.updated_at = moment
        publications.append(
            Publication(
                span=span,
                explanation=explanation(span.final_label),
                evidence=links.get(span.id, []),
                slug=slug_for(span.claim),
                published_at=moment,
                published_by=moderator,
            )
        )
    with transaction.atomic():
        Span.objects.bulk_update(
            spans,
            [
                "claim",
                "speaker",
                "state",
                "final_label",
                "moderated_by",
                "moderated_at",
                "updated_at",
            ],
            batch_size=500,
        )
        Publication.objects.bulk_create(publications, batch_size=500)
    quote = connection.ops.quote_name
    tables = ", ".join(quote(model._meta.db_table) for model in (Span, Publication))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {tables}")
        else:
            cursor.execute("ANALYZE")
