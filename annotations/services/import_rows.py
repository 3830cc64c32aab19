"""What a bulk import plans to store: the unsaved rows (each with the usernames it names and
the times it keeps), and what is wrong with the records when it stores nothing.
`import_plan` builds them; `imports` stores them."""

import datetime
from dataclasses import dataclass, field

from annotations.jsonl_records import LineProblem, Problems
from annotations.models import Article, ClaimLink, Evidence, Publication, Span, Verdict

# Records as the two formats give them: (line or position, the decoded record or its problem).
NumberedRecords = list[tuple[int, dict | LineProblem]]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a record: its line (0: the import as a whole), field, message."""

    line: int
    field: str
    message: str

    def as_json(self) -> dict:
        return {"line": self.line, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.field}: {self.message}" if self.field else f"{where}{self.message}"


class ImportRejected(Exception):
    """Nothing was imported; `problems` lists everything wrong, by line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class StampedRow:
    """An unsaved row, the usernames it refers to, and the timestamps it should keep."""

    row: Article | Span | Verdict | Publication | ClaimLink
    users: dict[str, str | None]
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None


@dataclass
class PlannedSpan:
    line: int
    span: Span
    stamped: StampedRow | None  # None when the span is stored already and this joins it
    highlighters: list[str]
    verdicts: list[StampedRow] = field(default_factory=list)
    publication: StampedRow | None = None


@dataclass
class ImportPlan:
    """Everything an import will store, checked; built line by line."""

    user: object
    restore: bool
    stored_articles: dict[int, Article]
    stored_spans: dict[tuple[int, int, int], Span]
    articles: dict[str | int, tuple[int, StampedRow]] = field(default_factory=dict)
    spans: list[PlannedSpan] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    article_lines: dict[str, int] = field(default_factory=dict)
    ranges: set[tuple[int, int, int]] = field(default_factory=set)
    # Span records by the `id` they carry (what link records name), and the links planned.
    span_refs: dict[int, "PlannedSpan"] = field(default_factory=dict)
    links: list[tuple[StampedRow, "PlannedSpan", "PlannedSpan"]] = field(default_factory=list)
    link_pairs: set[frozenset] = field(default_factory=set)

    def usernames(self) -> set[str]:
        names = {name for planned in self.spans for name in planned.highlighters}
        stamped_rows = [
            *(stamped for _, stamped in self.articles.values()),
            *(planned.stamped for planned in self.spans if planned.stamped),
            *(stamped for planned in self.spans for stamped in planned.verdicts),
            *(planned.publication for planned in self.spans if planned.publication),
            *(stamped for stamped, _, _ in self.links),
        ]
        for stamped in stamped_rows:
            names.update(name for name in stamped.users.values() if name)
        return names

    def person(self, name: str | None, field_: str, problems: Problems) -> str | None:
        """The username a record gives; an editor's import may name only the caller."""
        if self.restore:
            return name
        own = self.user.get_username()
        if name not in (None, own):
            problems.append((field_, f"must be you ({own}): an import stores your own work only"))
        return own
