"""The reader's reviewers region (`{% load assignments %}{% assignments_region article %}`),
drawn from the same context as the region's own answers (views/assignments.py)."""

from django import template

from annotations.views.assignments import TEMPLATE, assignments_context

register = template.Library()


@register.inclusion_tag(TEMPLATE, takes_context=True)
def assignments_region(context, article) -> dict:
    return assignments_context(context["request"], article)
