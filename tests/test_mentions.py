"""Mentions in a comment's text, and the text as HTML (pure functions, no database)."""

import pytest

from annotations.mentions import comment_html, mentioned_usernames


@pytest.mark.parametrize(
    ("text", "usernames"),
    [
        ("@alice, what do you make of this?", ["alice"]),
        ("Ask @bob.smith and @carol_2 first", ["bob.smith", "carol_2"]),
        ("Thanks @alice.", ["alice"]),
        ("(cc @alice) and “@bob”", ["alice", "bob"]),
        ("@alice @alice @bob", ["alice", "bob"]),
        ("Agreed with @Zoë here", ["Zoë"]),
    ],
)
def test_mentions_are_found_in_the_order_they_first_appear(text, usernames) -> None:
    assert mentioned_usernames(text) == usernames


@pytest.mark.parametrize(
    "text",
    [
        "write to bob@example.org",
        "see https://social.example/@alice",
        "a lone @ sign",
        "price@10",
    ],
)
def test_addresses_and_stray_at_signs_mention_nobody(text) -> None:
    assert mentioned_usernames(text) == []


def test_comment_html_escapes_markup() -> None:
    html = comment_html('<script>alert("x")</script> & <b>bold</b>', set())

    assert "<script>" not in html
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    )


def test_comment_html_makes_links_clickable_without_passing_on_rank() -> None:
    html = comment_html("Source: https://stats.example/table?a=1&b=2 (page 4)", set())

    assert (
        '<a href="https://stats.example/table?a=1&amp;b=2" rel="nofollow">'
        "https://stats.example/table?a=1&amp;b=2</a> (page 4)"
    ) in html


def test_comment_html_never_links_a_script_address() -> None:
    html = comment_html("javascript:alert(1)", set())

    assert "<a" not in html


def test_comment_html_marks_the_people_mentioned() -> None:
    html = comment_html("@alice see this", {"alice"})

    assert '<span class="mention">@alice</span> see this' in html


def test_comment_html_marks_the_readers_own_mention_apart() -> None:
    html = comment_html("@alice and @bob", {"alice", "bob"}, me="bob")

    assert '<span class="mention">@alice</span>' in html
    assert '<span class="mention mention--me">@bob</span>' in html


def test_comment_html_leaves_words_that_mention_nobody_as_text() -> None:
    html = comment_html("@nobody knows", {"alice"})

    assert "mention" not in html
    assert "@nobody knows" in html


def test_comment_html_keeps_a_link_whole_when_it_holds_an_at_sign() -> None:
    html = comment_html("https://social.example/@alice", {"alice"})

    assert 'href="https://social.example/@alice"' in html
    assert "mention" not in html


def test_comment_html_keeps_line_breaks_and_paragraphs() -> None:
    html = comment_html("One\ntwo\n\nThree", set())

    assert html == "<p>One<br>two</p>\n\n<p>Three</p>"
