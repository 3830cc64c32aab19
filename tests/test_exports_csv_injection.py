"""CSV cells a spreadsheet would run as a formula, also behind whitespace or in fullwidth."""

import pytest

from annotations import exports
from tests.export_rows import verdict_row

RATIONALE = exports.CSV_COLUMNS.index("rationale")


@pytest.mark.parametrize(
    "dangerous",
    [
        " =1+1",
        "\u3000=1+1",
        "\n=1+1",
        "\n\n+1",
        # Fullwidth equals, plus, minus and at signs.
        "\uff1d1+1",
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
        "\nplain",
    ],
)
def test_csv_neutralises_formulas_behind_whitespace_and_in_fullwidth(dangerous):
    row = exports.verdict_csv_row(verdict_row(rationale=dangerous))

    assert row[RATIONALE] == "'" + dangerous


@pytest.mark.parametrize("harmless", ["1 = 1", "a-b", "e-mail@example.org", " plain"])
def test_csv_leaves_text_that_only_contains_signs_as_it_is(harmless):
    row = exports.verdict_csv_row(verdict_row(rationale=harmless))

    assert row[RATIONALE] == harmless
