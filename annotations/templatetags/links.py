"""Filters for showing links (`{% load links %}`)."""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def website(url: str) -> str:
    """The site a link leads to, as a reader recognises it: "example.org" for
    "https://www.example.org/a/b" ("" when the address has no host)."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
