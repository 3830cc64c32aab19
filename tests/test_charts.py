"""annotations.charts: the geometry the statistics page draws, without a database."""

from annotations.charts import CHART_HEIGHT, share, stacked_columns


def test_columns_stack_from_the_bottom_in_the_order_of_the_keys():
    chart = stacked_columns([("w1", {"a": 2, "b": 1})], ["a", "b"])

    first, second = chart.columns[0].segments
    assert (first.key, first.y + first.height) == ("a", CHART_HEIGHT)
    assert (second.key, second.y + second.height) == ("b", first.y)


def test_the_tallest_column_fills_the_height_and_others_share_its_scale():
    chart = stacked_columns([("w1", {"a": 4}), ("w2", {"a": 2})], ["a"])

    tall, short = (column.segments[0] for column in chart.columns)
    assert (tall.height, short.height) == (CHART_HEIGHT, CHART_HEIGHT / 2)
    assert chart.maximum == 4


def test_empty_counts_draw_no_segment():
    chart = stacked_columns([("w1", {"a": 0, "b": 3})], ["a", "b"])

    assert [segment.key for segment in chart.columns[0].segments] == ["b"]


def test_no_columns_make_an_empty_chart():
    chart = stacked_columns([], ["a"])

    assert (chart.columns, chart.maximum) == ([], 0)


def test_share_is_zero_for_unknown_or_negative_values_and_capped_at_one():
    assert (share(None, 1), share(-0.2, 1), share(0.5, 1), share(3, 2)) == (0, 0, 0.5, 1)
