"""People: the role each account has, API tokens, and unlocking a throttled sign-in."""

from axes.utils import reset as reset_sign_in_failures
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from annotations import roles
from annotations.models import AccountEvent


@transaction.atomic
def user_set_role(*, user, target, role: str):
    """Make `target` an editor, a moderator (with staff access to the admin) or neither.

    `user` is who asks; None means the command line, run by whoever runs the server.
    Other groups the target belongs to are kept.
    """
    if role not in roles.Role.values:
        raise ValidationError({"role": f"“{role}” is not a role: use editor, moderator or none."})
    if user is not None and not roles.can_assign_role(user, target):
        raise PermissionDenied(
            "Moderators can change other people's roles, not their own or a superuser's."
        )
    if target.is_superuser:
        raise ValidationError(
            {"role": f"{target} is a superuser and has every permission; roles do not apply."}
        )
    role_groups = Group.objects.filter(name__in=roles.ROLE_GROUPS.values())
    target.groups.remove(*role_groups)
    if role != roles.Role.NONE:
        target.groups.add(role_groups.get(name=roles.ROLE_GROUPS[role]))
    target.is_staff = role == roles.Role.MODERATOR
    target.save(update_fields=["is_staff"])
    roles.forget_roles(target)
    AccountEvent.objects.create(
        account=target, actor=user, action=AccountEvent.Action.ROLE_SET, detail=role
    )
    return target


@transaction.atomic
def api_token_regenerate(*, user, from_command_line: bool = False) -> Token:
    """Issue a new API token for the user, revoking the old one.

    The account's history names the user as the one who asked, or the command line.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Sign in to get an API token.")
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    AccountEvent.objects.create(
        account=user,
        actor=None if from_command_line else user,
        action=AccountEvent.Action.TOKEN_ISSUED,
    )
    return token


@transaction.atomic
def api_token_revoke(*, user, from_command_line: bool = False) -> None:
    if Token.objects.filter(user=user).delete()[0]:
        AccountEvent.objects.create(
            account=user,
            actor=None if from_command_line else user,
            action=AccountEvent.Action.TOKEN_REVOKED,
        )


@transaction.atomic
def user_unlock_sign_in(*, user, target) -> int:
    """Forget the target's failed sign-ins, ending a lockout; returns how many were cleared.

    Moderators unlock anyone they may manage; `user` None is the command line.
    """
    if user is not None and not roles.can_assign_role(user, target):
        raise PermissionDenied("Moderators can unlock other people's accounts, not their own.")
    cleared = reset_sign_in_failures(username=target.get_username())
    AccountEvent.objects.create(
        account=target, actor=user, action=AccountEvent.Action.SIGN_IN_UNLOCKED
    )
    return cleared
