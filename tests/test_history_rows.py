"""History rows written by `history.save` (every service's save): what simple-history's own
handler writes, created or changed, with the acting user and the reason."""

import pytest

from annotations import history, services
from annotations.models import Span, Verdict
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import HISTORY_BOOKKEEPING, history_rows, span_over

pytestmark = pytest.mark.django_db

# Set anew by every save (auto_now), so never equal between two saves.
LEAVE_OUT = HISTORY_BOOKKEEPING | {"updated_at"}


def simple_historys_own(instance, *, user, reason):
    """The row saved the way simple-history records it by itself (its post_save handler)."""
    with history.recorded(user=user, reason=reason):
        instance.save()


def claim_and_verdict(editor):
    article = ArticleFactory(text="The minister said unemployment fell.")
    span = span_over(article, "unemployment fell", claim="It fell.", speaker="The minister")
    return span, VerdictFactory(span=span, reviewer=editor)


@pytest.mark.parametrize("model", [Span, Verdict])
def test_a_changed_row_gets_the_history_row_simple_history_writes(model, editor):
    span, verdict = claim_and_verdict(editor)
    row = {Span: span, Verdict: verdict}[model]
    model.history.all().delete()
    row.rationale = row.claim = "Changed."
    simple_historys_own(row, user=editor, reason="Edited")
    expected = history_rows(model, row.pk, leave_out=LEAVE_OUT)
    model.history.all().delete()

    history.save(row, user=editor, reason="Edited")

    assert history_rows(model, row.pk, leave_out=LEAVE_OUT) == expected
    assert expected[0]["history_type"] == "~"


def test_a_created_row_gets_the_history_row_simple_history_writes(editor, moderator):
    span, _ = claim_and_verdict(editor)
    by_library = Verdict(span=span, reviewer=moderator, label="disputed", rationale="No.")
    simple_historys_own(by_library, user=editor, reason="")
    expected = history_rows(Verdict, by_library.pk, leave_out=LEAVE_OUT)
    by_library.delete()
    Verdict.history.all().delete()
    ours = Verdict(span=span, reviewer=moderator, label="disputed", rationale="No.")

    history.save(ours, user=editor)

    created_at = Verdict.objects.get(pk=ours.pk).created_at
    assert history_rows(Verdict, ours.pk, leave_out=LEAVE_OUT) == [
        {**expected[0], "id": ours.pk, "created_at": created_at}
    ]
    assert (expected[0]["history_type"], expected[0]["history_change_reason"]) == ("+", None)


def test_a_history_row_names_who_saved_and_why(editor, moderator):
    _, verdict = claim_and_verdict(editor)
    verdict.rationale = "Corrected."

    history.save(verdict, user=moderator, reason="Corrected by a moderator")

    latest = verdict.history.latest("history_id")
    assert (latest.history_user, latest.history_change_reason, latest.rationale) == (
        moderator,
        "Corrected by a moderator",
        "Corrected.",
    )
    assert latest.updated_at == Verdict.objects.get(pk=verdict.pk).updated_at


def test_a_corrected_comments_history_row_keeps_its_mentions(editor, second_editor, moderator):
    span, _ = claim_and_verdict(editor)
    comment = services.comment_create(user=editor, span=span, text="@second_editor look")

    services.comment_update(user=moderator, comment=comment, text="@second_editor look again")

    corrected = comment.history.get(history_change_reason="Corrected by a moderator")
    assert [row.user for row in corrected.mentions.all()] == [second_editor]
