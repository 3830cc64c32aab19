"""Importing JSONL (annotations.services.imports, `manage.py import_jsonl`): all lines or none."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from annotations.models import Article, Evidence, Span, Verdict
from annotations.services.imports import ImportRejected, Problem, import_jsonl
from tests.factories import ARTICLE_TEXT, ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

ARTICLE = {
    "type": "article",
    "id": 7,
    "title": "Jobs report",
    "source": "Example Times",
    "url": "https://news.example/jobs",
    "published": "2026-03-01",
    "status": "open",
    "revision": 1,
    "created_by": "alice",
    "created_at": "2026-03-01T09:00:00Z",
    "updated_at": "2026-03-02T09:00:00Z",
    "text": ARTICLE_TEXT,
}
SPAN = {
    "type": "span",
    "id": 3,
    "article": 7,
    "start": 4,
    "end": 12,
    "quote": "minister",
    "prefix": "The ",
    "suffix": " said unemployment fell to 4.2 p",
    "claim": "",
    "speaker": "",
    "created_by": "alice",
    "highlighters": ["alice"],
    "created_at": "2026-03-01T10:00:00Z",
    "updated_at": "2026-03-01T10:00:00Z",
    "is_orphaned": False,
    "state": "approved",
    "final_label": "disputed",
    "moderated_by": "maria",
    "moderated_at": "2026-03-03T08:00:00Z",
    "moderation_note": "Checked.",
    "verdicts": [
        {
            "id": 11,
            "reviewer": "alice",
            "label": "disputed",
            "rationale": "It was 4.6%.",
            "version": 3,
            "created_at": "2026-03-01T11:00:00Z",
            "updated_at": "2026-03-02T11:00:00Z",
            "evidence": [{"url": "https://stats.example/march", "title": "March", "note": ""}],
        }
    ],
}


def lines(*records) -> list[str]:
    return [record if isinstance(record, str) else json.dumps(record) for record in records]


def rejected(*records) -> list[Problem]:
    with pytest.raises(ImportRejected) as error:
        import_jsonl(lines(*records))
    assert not Article.objects.exists()
    assert not Span.objects.exists()
    return error.value.problems


def test_import_stores_articles_spans_verdicts_and_evidence_as_exported():
    summary = import_jsonl(lines(ARTICLE, SPAN))

    counts = summary.as_json()["counts"]
    assert counts == {
        "articles": 1,
        "spans": 1,
        "joined": 0,
        "verdicts": 1,
        "evidence": 1,
        "publications": 0,
        "links": 0,
    }
    article = Article.objects.get()
    assert (article.title, article.text, str(article.published)) == (
        "Jobs report",
        ARTICLE_TEXT,
        "2026-03-01",
    )
    assert article.created_at.isoformat() == "2026-03-01T09:00:00+00:00"
    span = Span.objects.get()
    assert (span.article, span.start, span.end, span.quote) == (article, 4, 12, "minister")
    assert (span.state, span.final_label, span.moderated_by.username) == (
        "approved",
        "disputed",
        "maria",
    )
    assert list(span.highlighters.values_list("username", flat=True)) == ["alice"]
    verdict = Verdict.objects.get()
    assert (verdict.reviewer.username, verdict.label, verdict.version) == ("alice", "disputed", 3)
    assert verdict.updated_at.isoformat() == "2026-03-02T11:00:00+00:00"
    assert Evidence.objects.get().url == "https://stats.example/march"


def test_import_matches_existing_users_by_username():
    alice = EditorFactory(username="alice")

    summary = import_jsonl(lines(ARTICLE, SPAN))

    assert Verdict.objects.get().reviewer == alice
    assert summary.new_users == ["maria"]


def test_import_creates_unknown_users_inactive_without_password_or_role():
    import_jsonl(lines(ARTICLE, SPAN))

    maria = User.objects.get(username="maria")
    assert not maria.is_active
    assert not maria.has_usable_password()
    assert not maria.groups.exists()


def test_import_records_history_with_the_importer_and_the_file():
    admin = EditorFactory(username="admin")

    import_jsonl(lines(ARTICLE, SPAN), imported_by=admin, source="dump.jsonl")

    record = Verdict.history.get()
    assert (record.history_user, record.history_change_reason) == (
        admin,
        "Imported from dump.jsonl",
    )
    assert record.version == 3


def test_blank_lines_are_skipped():
    import_jsonl(["", json.dumps(ARTICLE), "   ", json.dumps(SPAN)])

    assert Span.objects.count() == 1


def test_a_malformed_line_is_reported_by_number_and_nothing_is_stored():
    problems = rejected(ARTICLE, '{"type": "span", ', SPAN)

    assert [problem.line for problem in problems] == [2]
    assert problems[0].message.startswith("not valid JSON")


def test_every_bad_line_is_reported():
    problems = rejected(ARTICLE, SPAN | {"start": "4"}, SPAN | {"verdicts": 1}, "[1]")

    assert [problem.line for problem in problems] == [2, 3, 4]


def test_an_unknown_record_type_is_rejected():
    assert rejected({"type": "comment"}) == [
        Problem(1, "type", 'must be "article", "span" or "link"')
    ]


def test_a_span_of_an_article_not_in_the_file_is_rejected():
    (problem,) = rejected(SPAN)

    assert (problem.line, problem.field) == (1, "article")
    assert problem.message == "no article 7 on an earlier line, nor stored with that id"


def test_a_quote_that_does_not_match_the_text_is_rejected():
    (problem,) = rejected(ARTICLE, SPAN | {"quote": "ministry"})

    assert (problem.line, problem.field) == (2, "quote")


def test_offsets_beyond_the_text_are_rejected():
    (problem,) = rejected(ARTICLE, SPAN | {"start": 5000, "end": 5008})

    assert (problem.line, problem.field) == (2, "end")


def test_an_unknown_label_is_rejected():
    verdict = SPAN["verdicts"][0] | {"label": "mostly-true"}

    (problem,) = rejected(ARTICLE, SPAN | {"verdicts": [verdict]})

    assert (problem.line, problem.field) == (2, "verdicts[1].label")


def test_two_verdicts_by_one_reviewer_are_rejected():
    verdict = SPAN["verdicts"][0]

    (problem,) = rejected(ARTICLE, SPAN | {"verdicts": [verdict, verdict]})

    assert problem.field == "verdicts[2].reviewer"
    assert "alice has an earlier verdict" in problem.message


def test_bad_evidence_is_rejected():
    verdict = SPAN["verdicts"][0] | {"evidence": [{"url": "not a url"}]}

    (problem,) = rejected(ARTICLE, SPAN | {"verdicts": [verdict]})

    assert problem.field == "verdicts[1].evidence[1].url"


def test_a_text_not_in_canonical_form_is_rejected():
    (problem,) = rejected(ARTICLE | {"text": "Line one  \nLine two"})

    assert problem == Problem(1, "text", "not in canonical form (normalised as the app stores it)")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": 12}, "title"),
        ({"id": True}, "id"),
        ({"published": "yesterday"}, "published"),
        ({"created_at": "noon"}, "created_at"),
        ({"title": "a\x00b"}, "title"),
        ({"status": "archived"}, "status"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_article_fields_are_rejected(change, field):
    (problem,) = rejected(ARTICLE | change)

    assert problem.field == field


def test_an_article_already_stored_is_rejected():
    ArticleFactory(text=ARTICLE_TEXT)

    with pytest.raises(ImportRejected) as error:
        import_jsonl(lines(ARTICLE))

    assert (error.value.problems[0].line, error.value.problems[0].field) == (1, "text")
    assert "already stored" in error.value.problems[0].message
    assert Article.objects.count() == 1


def test_a_bad_username_is_rejected():
    with pytest.raises(ImportRejected) as error:
        import_jsonl(lines(ARTICLE | {"created_by": "no spaces allowed"}))

    assert "no spaces allowed" in error.value.problems[0].message


def test_command_imports_a_file_and_reports_what_it_stored(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines(ARTICLE, SPAN)) + "\n")
    output = io.StringIO()

    call_command("import_jsonl", str(path), stdout=output)

    assert (
        "Imported 1 articles, 1 spans, 1 verdicts, 1 evidence links and 0 publications."
        in output.getvalue()
    )
    assert "alice, maria" in output.getvalue()
    assert Verdict.objects.count() == 1


def test_command_reports_bad_lines_by_number_and_stores_nothing(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines(ARTICLE, SPAN | {"end": 3})) + "\n")

    with pytest.raises(CommandError, match="line 2: end"):
        call_command("import_jsonl", str(path))

    assert not Article.objects.exists()


def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_jsonl", str(tmp_path / "missing.jsonl"))


def test_command_records_the_administrator(tmp_path):
    admin = EditorFactory(username="admin")
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps(ARTICLE))

    call_command("import_jsonl", str(path), "--as", "admin", stdout=io.StringIO())

    assert Article.history.get().history_user == admin
