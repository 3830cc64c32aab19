"""What changed between two revisions of an article's text: a diff by paragraph (pure logic).

The reader's "What changed" page draws it. diff-match-patch (the library re-anchoring uses)
finds the edits, cleaned up to whole words and sentences where it can; the edits are then
cut into the paragraphs a reader sees, and in a long article only the changed paragraphs
are kept, with a paragraph of context on each side.
"""

import re
import sys
from dataclasses import dataclass
from typing import ClassVar, Literal

from diff_match_patch import diff_match_patch

# Normalised text separates paragraphs by blank lines (see text.paragraphs).
PARAGRAPH_BREAK = re.compile(r"(\n(?:[ \t]*\n)+)")
# What a diff compares: a word, a run of white space, or one other character.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# diff-match-patch refines a diff for at most this long, then returns a coarser (still
# correct) one: a 2,000,000-character revision cannot hold a page for longer.
DIFF_SECONDS = 1.0
# A run of unchanged paragraphs shorter than this is shown rather than folded: its notice
# would take as much room as the paragraph.
MIN_FOLDED = 2

Kind = Literal["same", "added", "removed"]
KINDS: dict[int, Kind] = {
    diff_match_patch.DIFF_EQUAL: "same",
    diff_match_patch.DIFF_INSERT: "added",
    diff_match_patch.DIFF_DELETE: "removed",
}


@dataclass(frozen=True, slots=True)
class Piece:
    kind: Kind
    text: str


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the two texts merged: what stayed, what was added and removed.

    `break_kind` says whether the blank line after it was added (a paragraph split) or
    removed (two joined); "same" when it was there before and after.
    """

    pieces: list[Piece]
    break_kind: Kind = "same"
    folded: ClassVar[bool] = False

    @property
    def changed(self) -> bool:
        return self.break_kind != "same" or any(piece.kind != "same" for piece in self.pieces)

    @property
    def shows_break(self) -> bool:
        """Whether to mark the changed blank line: it split or joined text that stayed (a
        paragraph added or removed whole needs no mark)."""
        return self.break_kind != "same" and any(piece.kind == "same" for piece in self.pieces)


@dataclass(frozen=True, slots=True)
class Folded:
    """Unchanged paragraphs left out between the changed ones."""

    count: int
    folded: ClassVar[bool] = True


@dataclass(frozen=True, slots=True)
class TextDiff:
    blocks: list[Paragraph | Folded]
    words_added: int
    words_removed: int


def text_diff(old: str, new: str, *, context: int = 1) -> TextDiff:
    """The edits from `old` to `new` in whole words, by paragraph; runs of unchanged
    paragraphs further than `context` paragraphs from a change are folded."""
    pieces = [Piece(KINDS[operation], text) for operation, text in word_edits(old, new)]
    counts = {"added": 0, "removed": 0}
    for piece in pieces:
        if piece.kind != "same":
            counts[piece.kind] += len(piece.text.split())
    return TextDiff(
        blocks=fold(by_paragraph(pieces), context=context),
        words_added=counts["added"],
        words_removed=counts["removed"],
    )


def word_edits(old: str, new: str) -> list[tuple[int, str]]:
    """diff-match-patch's edits between the texts' words (its documented "word mode"): each
    distinct word, run of spaces or punctuation mark becomes one character, the two strings
    of such characters are compared, and the edits are read back as words. A reader sees
    "Critics" replaced by "Unions", not the letters the two words share."""
    tokens: dict[str, str] = {}
    words: list[str] = []

    def encoded(text: str) -> str:
        characters = []
        for word in TOKEN.findall(text):
            if word not in tokens:
                tokens[word] = chr(len(words))
                words.append(word)
            characters.append(tokens[word])
        return "".join(characters)

    engine = diff_match_patch()
    engine.Diff_Timeout = DIFF_SECONDS
    old_words, new_words = encoded(old), encoded(new)
    if len(words) > sys.maxunicode:
        # More distinct words than characters (never in prose): compare letters instead.
        edits = engine.diff_main(old, new)
        engine.diff_cleanupSemantic(edits)
        return edits
    edits = engine.diff_main(old_words, new_words, False)
    engine.diff_cleanupSemantic(edits)
    return [(operation, "".join(words[ord(c)] for c in text)) for operation, text in edits]


def by_paragraph(pieces: list[Piece]) -> list[Paragraph]:
    """The pieces cut at the blank lines between paragraphs (of either text)."""
    paragraphs = [Paragraph([])]
    for piece in pieces:
        for index, part in enumerate(PARAGRAPH_BREAK.split(piece.text)):
            if index % 2:
                paragraphs[-1].break_kind = piece.kind
                paragraphs.append(Paragraph([]))
            elif part:
                paragraphs[-1].pieces.append(Piece(piece.kind, part))
    kept: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.pieces:
            kept.append(paragraph)
        elif kept and paragraph.break_kind != "same":
            # Blank lines cut across two edits: the change belongs to the break before.
            kept[-1].break_kind = paragraph.break_kind
    return kept


def fold(paragraphs: list[Paragraph], *, context: int) -> list[Paragraph | Folded]:
    """The changed paragraphs with `context` on each side; longer unchanged runs folded."""
    changed = [index for index, paragraph in enumerate(paragraphs) if paragraph.changed]
    shown = {
        near
        for index in changed
        for near in range(index - context, index + context + 1)
        if 0 <= near < len(paragraphs)
    }
    blocks: list[Paragraph | Folded] = []
    hidden: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        if index in shown:
            blocks.extend(unfolded(hidden))
            hidden = []
            blocks.append(paragraph)
        else:
            hidden.append(paragraph)
    blocks.extend(unfolded(hidden))
    return blocks


def unfolded(run: list[Paragraph]) -> list[Paragraph | Folded]:
    return [Folded(len(run))] if len(run) >= MIN_FOLDED else list(run)
