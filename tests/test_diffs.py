"""The diff of two revisions by paragraph (annotations.diffs): no database."""

from annotations.diffs import Folded, Paragraph, Piece, text_diff

TEN = [f"Paragraph {n} stays as it was." for n in range(10)]


def paragraphs_of(blocks) -> list[list[tuple[str, str]]]:
    return [
        [(piece.kind, piece.text) for piece in block.pieces]
        for block in blocks
        if isinstance(block, Paragraph)
    ]


def test_changed_words_are_removed_and_added_in_their_paragraph():
    diff = text_diff("Jobless rate fell to 4.2 percent.", "Jobless rate fell to 4.6 percent.")

    [paragraph] = diff.blocks
    assert paragraph.changed
    assert "".join(p.text for p in paragraph.pieces if p.kind != "added") == (
        "Jobless rate fell to 4.2 percent."
    )
    assert "".join(p.text for p in paragraph.pieces if p.kind != "removed") == (
        "Jobless rate fell to 4.6 percent."
    )


def test_a_new_paragraph_is_added_whole():
    diff = text_diff("One.\n\nThree.", "One.\n\nTwo.\n\nThree.")

    assert paragraphs_of(diff.blocks) == [
        [("same", "One.")],
        [("added", "Two.")],
        [("same", "Three.")],
    ]
    assert (diff.words_added, diff.words_removed) == (1, 0)


def test_a_paragraph_split_in_two_marks_the_new_break():
    diff = text_diff("First half. Second half.", "First half.\n\nSecond half.")

    first, second = diff.blocks
    assert first.break_kind == "added"
    assert first.shows_break
    assert not second.changed


def test_unchanged_paragraphs_far_from_a_change_are_folded():
    new = [*TEN[:5], "Paragraph 5 was rewritten.", *TEN[6:]]

    diff = text_diff("\n\n".join(TEN), "\n\n".join(new))

    assert isinstance(diff.blocks[0], Folded)
    assert diff.blocks[0].count == 4
    assert [block.changed for block in diff.blocks[1:4]] == [False, True, False]
    assert isinstance(diff.blocks[4], Folded)
    assert diff.blocks[4].count == 3


def test_a_single_unchanged_paragraph_between_changes_is_shown_not_folded():
    old = "\n\n".join(TEN[:5])
    new = "\n\n".join(["Changed 0.", *TEN[1:4], "Changed 4."])

    diff = text_diff(old, new)

    assert not any(isinstance(block, Folded) for block in diff.blocks)


def test_text_is_kept_as_given_for_the_template_to_escape():
    diff = text_diff("Safe.", "Safe. <script>alert(1)</script>")

    [paragraph] = diff.blocks
    assert Piece("added", " <script>alert(1)</script>") in paragraph.pieces


def test_words_are_compared_whole_not_letter_by_letter():
    diff = text_diff("Critics said so.", "Unions said so.")

    [paragraph] = diff.blocks
    assert paragraph.pieces == [
        Piece("removed", "Critics"),
        Piece("added", "Unions"),
        Piece("same", " said so."),
    ]
