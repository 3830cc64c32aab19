"""Who may do what: the Editors and Moderators groups and the rules every layer asks."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db import models

EDITORS = "Editors"
MODERATORS = "Moderators"


class Role(models.TextChoices):
    """What `set_role` and the admin assign: one of the two groups, or neither."""

    EDITOR = "editor", "Editor"
    MODERATOR = "moderator", "Moderator"
    NONE = "none", "No role"


ROLE_GROUPS = {Role.EDITOR: EDITORS, Role.MODERATOR: MODERATORS}

User = AbstractBaseUser | AnonymousUser


def _group_names(user: User) -> frozenset[str]:
    # Kept on the user object: one query per request, however many checks a page makes.
    # Lists of users load `role_group_list` (see `with_role_groups`): no query per row.
    if not hasattr(user, "role_group_names"):
        if hasattr(user, "role_group_list"):
            names = frozenset(group.name for group in user.role_group_list)
        elif user.is_authenticated:
            names = frozenset(user.groups.values_list("name", flat=True))
        else:
            names = frozenset()
        user.role_group_names = names
    return user.role_group_names


def with_role_groups(users):
    """A queryset of users that answers role questions without a query per user."""
    return users.prefetch_related(
        models.Prefetch(
            "groups", queryset=Group.objects.order_by("name"), to_attr="role_group_list"
        )
    )


def is_moderator(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or MODERATORS in _group_names(user))
    )


def is_editor(user: User) -> bool:
    """Editors annotate; moderators may do everything editors may."""
    return is_moderator(user) or (
        user.is_authenticated and user.is_active and EDITORS in _group_names(user)
    )


def require_editor(user: User) -> None:
    if not is_editor(user):
        raise PermissionDenied("Only editors and moderators can annotate.")


def require_moderator(user: User) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")


def can_change_span(user: User, span) -> bool:
    """Moderators, or the editor who alone highlighted it while nobody else judged it."""
    if is_moderator(user):
        return True
    if not is_editor(user):
        return False
    highlighter_ids = {highlighter.pk for highlighter in span.loaded_highlighters()}
    reviewer_ids = {verdict.reviewer_id for verdict in span.loaded_verdicts()}
    return (
        highlighter_ids <= {user.pk}
        and reviewer_ids <= {user.pk}
        and (span.created_by_id == user.pk)
    )


def can_change_article(user: User, article) -> bool:
    """Moderators, or the editor who imported it: its details and its text (a revision)."""
    return is_moderator(user) or (is_editor(user) and article.created_by_id == user.pk)


def can_change_verdict(user: User, verdict) -> bool:
    return is_moderator(user) or (is_editor(user) and verdict.reviewer_id == user.pk)


def can_change_comment(user: User, comment) -> bool:
    """The author edits or deletes their own comment; moderators anyone's."""
    return is_moderator(user) or (is_editor(user) and comment.author_id == user.pk)


def role_of(user: User) -> Role:
    """The strongest role the user's groups give (superusers are moderators by other means)."""
    names = _group_names(user)
    if MODERATORS in names:
        return Role.MODERATOR
    if EDITORS in names:
        return Role.EDITOR
    return Role.NONE


def manageable_users(user: User, users):
    """The accounts a moderator may edit in the admin: anyone's but a superuser's."""
    if user.is_superuser:
        return users
    if not is_moderator(user):
        return users.none()
    return users.filter(is_superuser=False)


def can_assign_role(user: User, target) -> bool:
    """Moderators set other people's roles, never their own nor a superuser's."""
    return is_moderator(user) and target.pk != user.pk and not target.is_superuser


def forget_roles(user: User) -> None:
    """Drop the cached group names after the user's groups change."""
    if hasattr(user, "role_group_names"):
        del user.role_group_names


def with_annotating_role(users):
    """The users `is_editor` is true of (active editors, moderators and superusers), as a
    filter on a queryset of users: whom a moderator may assign an article to."""
    in_role = models.Q(groups__name__in=[EDITORS, MODERATORS]) | models.Q(is_superuser=True)
    return users.filter(pk__in=users.model.objects.filter(in_role).values("pk"), is_active=True)
