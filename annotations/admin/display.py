"""How the admin shows verdict states: the reader's badges (labels.css), counts and states."""

from collections.abc import Iterable
from itertools import chain, repeat

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from annotations import discussion, mentions
from annotations.models import (
    Comment,
    Consensus,
    Evidence,
    Label,
    Span,
    Verdict,
    consensus_of,
    majority_of,
)

CONSENSUS_NAMES = dict(Consensus.choices)
EMPTY = "—"


def badge(state: str, text: str = "") -> str:
    """A verdict-state badge; the CSS adds the state's marker, so it never relies on colour."""
    return format_html(
        '<span class="badge badge--{}">{}</span>', state, text or CONSENSUS_NAMES[state]
    )


def label_counts(obj) -> dict[str, int]:
    """The `<label>_count` annotations of SpanQuerySet.with_label_counts, by label."""
    return {label: getattr(obj, f"{label}_count") for label in Label.values}


def count_badges(counts: dict[str, int]) -> str:
    """One badge per label that has verdicts, e.g. “✓ 2  ✗ 1”, with the label in words too."""
    shown = [(label, count) for label, count in counts.items() if count]
    if not shown:
        return badge(Consensus.NONE, "none yet")
    return format_html(
        '<span class="badge-row">{}</span>',
        format_html_join(
            "",
            '<span class="badge badge--{0}" title="{1} {0}">{1}'
            '<span class="visually-hidden"> {0}</span></span>',
            shown,
        ),
    )


def consensus_from_counts(counts: dict[str, int]) -> Consensus:
    return consensus_of(label for label, count in counts.items() if count)


def majority_from_counts(counts: dict[str, int]) -> str | None:
    return majority_of(
        chain.from_iterable(repeat(label, count) for label, count in counts.items())
    )


def agreement(counts: dict[str, int]) -> str:
    """Split (a badge: it needs a decision), all agree, or no verdict yet."""
    consensus = consensus_from_counts(counts)
    if consensus in (Consensus.SPLIT, Consensus.NONE):
        return badge(consensus)
    return format_html('<span class="agreement">{}</span>', "All agree")


def summary(span: Span) -> str:
    """Where the reviewers stand: agreement and counts, for the decision panel."""
    counts = label_counts(span)
    return format_html("{} {}", agreement(counts), count_badges(counts))


def verdict_cards(verdicts: Iterable[Verdict]) -> str:
    """Each reviewer's verdict with rationale and evidence, linked to its correction page."""
    return format_html_join(
        "",
        '<article class="verdict-card"><header>{} <strong>{}</strong>'
        ' <span class="muted">{} ago</span> <a href="{}">Correct</a></header>'
        "<p>{}</p>{}</article>",
        (
            (
                badge(verdict.label),
                names([verdict.reviewer]),
                timesince(verdict.updated_at, depth=1),
                reverse("admin:annotations_verdict_change", args=[verdict.pk]),
                verdict.rationale or "No rationale given.",
                _evidence_list(verdict.evidence.all()),
            )
            for verdict in verdicts
        ),
    )


def _evidence_list(evidence: Iterable[Evidence]) -> str:
    if not evidence:
        return ""
    return format_html(
        '<ul class="evidence-list">{}</ul>',
        format_html_join(
            "",
            '<li><a href="{}" rel="noopener noreferrer">{}</a> <span class="muted">{}</span></li>',
            ((item.url, item.title or item.url, item.note) for item in evidence),
        ),
    )


def comment_thread(comments: Iterable[Comment]) -> str:
    """A claim's discussion, oldest first (comments from `discussion.with_people`): who, when
    and whether it was edited since, and the text with its links and mentions."""
    return format_html_join(
        "",
        '<article class="verdict-card comment-card" id="comment-{}"><header><strong>{}</strong>'
        ' <span class="muted">{}{}</span></header><div class="comment-card__text">{}</div>'
        "</article>",
        (
            (
                comment.pk,
                person(comment.author),
                moment(comment.created_at),
                edited_note(comment),
                mentions.comment_html(
                    comment.text, {mentioned.username for mentioned in comment.mention_list}
                ),
            )
            for comment in comments
        ),
    )


def edited_note(comment: Comment) -> str:
    return f" · edited {moment(comment.updated_at)}" if discussion.was_edited(comment) else ""


def moment(value) -> str:
    """A time as the app writes it ("29 Nov 2026, 14:05"), in the site's time zone."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def final_verdict(span: Span) -> str:
    return badge(span.final_label) if span.final_label else EMPTY


def state(span: Span) -> str:
    return format_html(
        '<span class="state state--{}">{}</span>', span.state, span.get_state_display()
    )


def muted(text: str) -> str:
    return format_html('<span class="muted">{}</span>', text)


def shorten(text: str, length: int = 90) -> str:
    """Cut at a word boundary, so a quote never ends in half a word."""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return f"{cut.rstrip(' ,;:')}…"


def person(user) -> str:
    """Someone as the app names people: by full name, else username ("—" for nobody)."""
    return user.get_full_name() or user.get_username() if user is not None else EMPTY


def names(users: Iterable) -> str:
    return ", ".join(user.get_full_name() or user.get_username() for user in users) or EMPTY


def share(part: int, whole: int) -> str:
    return f"{part} of {whole}" if whole else EMPTY


def ratio(value: float | None) -> str:
    return EMPTY if value is None else f"{value:.2f}"


def reviewer_table(reviewers: Iterable) -> str:
    """How each reviewer of an article judged its claims (`statistics.ArticleReviewer`):
    their label here, verdicts by label, agreement with the others' majority (observed and
    Krippendorff's alpha), and how often a final verdict matched theirs."""
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td class="num">{}</td>'
        '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
        (
            (
                reviewer.username,
                badge(reviewer.label_here) if reviewer.label_here else muted("not judged"),
                count_badges(reviewer.counts),
                reviewer.against_the_rest.units,
                ratio(reviewer.against_the_rest.observed_agreement),
                ratio(reviewer.against_the_rest.alpha),
                share(reviewer.matches_final, reviewer.settled),
            )
            for reviewer in reviewers
        ),
    )
    if not rows:
        return "No verdicts on this article yet."
    return format_html(
        '<table class="reviewer-table"><thead><tr><th scope="col">reviewer</th>'
        '<th scope="col">on this claim</th><th scope="col">verdicts on the article</th>'
        '<th scope="col" title="Claims where the other reviewers have a majority label">'
        "claims compared</th>"
        '<th scope="col" title="Share of those claims where they gave the majority label">'
        "agree with the others</th>"
        '<th scope="col" title="Krippendorff\'s alpha against the others\' majority; '
        '— without enough data">alpha</th>'
        '<th scope="col" title="Settled claims whose final verdict is the label they gave">'
        "match the final verdict</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )
