"""Role checks for templates (`{% load role_checks %}`), so pages ask annotations.roles too."""

from django import template

from annotations import roles

register = template.Library()


@register.filter
def is_editor(user) -> bool:
    return roles.is_editor(user)


@register.filter
def is_moderator(user) -> bool:
    return roles.is_moderator(user)
