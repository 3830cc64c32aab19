"""The `website` filter: which site an evidence link leads to (issue 11, point 11)."""

import pytest

from annotations.templatetags.links import website


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.example.org/a/b?c=d", "example.org"),
        ("https://en.wikipedia.org/wiki/Zamir_Kabulov", "en.wikipedia.org"),
        ("http://EXAMPLE.com:8080/", "example.com"),
        ("not a link", ""),
    ],
)
def test_website_is_the_links_host_without_www(url, site) -> None:
    assert website(url) == site
