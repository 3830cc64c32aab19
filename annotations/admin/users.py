"""People in the admin: roles assigned through services, and limits for non-superusers.

Moderators manage accounts but cannot grant superuser status, edit superusers, or change
their own role or permissions: superuser accounts are outside their list, and the fields
that grant permissions are not on their forms.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join

from annotations import roles, services
from annotations.admin.base import error_text
from annotations.models import AccountEvent

User = get_user_model()

ROLE_FIELD = forms.TypedChoiceField(
    choices=roles.Role.choices,
    initial=roles.Role.NONE,
    help_text="Moderators get staff access to this admin; editors annotate in the app only.",
)


class RoleChangeForm(UserChangeForm):
    role = ROLE_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            self.fields["role"].initial = roles.role_of(self.instance)


class RoleCreationForm(AdminUserCreationForm):
    role = ROLE_FIELD


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return roles.Role.choices

    def queryset(self, request, queryset):
        in_group = {
            name: queryset.model.objects.filter(groups__name=name).values("pk")
            for name in (roles.EDITORS, roles.MODERATORS)
        }
        match self.value():
            case roles.Role.MODERATOR:
                return queryset.filter(pk__in=in_group[roles.MODERATORS])
            case roles.Role.EDITOR:
                return queryset.filter(pk__in=in_group[roles.EDITORS]).exclude(
                    pk__in=in_group[roles.MODERATORS]
                )
            case roles.Role.NONE:
                return queryset.exclude(pk__in=in_group[roles.EDITORS]).exclude(
                    pk__in=in_group[roles.MODERATORS]
                )
        return None


def _role_action(role: roles.Role, description: str):
    def action(modeladmin, request, queryset):
        changed = 0
        for target in queryset:
            try:
                services.user_set_role(user=request.user, target=target, role=role)
            except (ValidationError, PermissionDenied) as error:
                modeladmin.message_user(request, f"{target}: {error_text(error)}", messages.ERROR)
                continue
            modeladmin.log_change(request, target, f"Role set to {role.label.lower()}.")
            changed += 1
        if changed:
            modeladmin.message_user(
                request,
                f"{changed} of {len(queryset)} set to {role.label.lower()}.",
                messages.SUCCESS,
            )

    action.__name__ = f"make_{role.value}"
    return admin.action(action, description=description, permissions=["assign_role"])


@admin.action(description="Unlock sign-in (forget failed attempts)", permissions=["assign_role"])
def unlock_sign_in(modeladmin, request, queryset):
    unlocked = 0
    for target in queryset:
        try:
            services.user_unlock_sign_in(user=request.user, target=target)
        except PermissionDenied as error:
            modeladmin.message_user(request, f"{target}: {error_text(error)}", messages.ERROR)
            continue
        unlocked += 1
    if unlocked:
        modeladmin.message_user(
            request, f"{unlocked} of {len(queryset)} can sign in again.", messages.SUCCESS
        )


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = RoleChangeForm
    add_form = RoleCreationForm
    list_display = ["username", "full_name", "email", "role_column", "is_active", "last_login"]
    list_filter = [RoleFilter, "is_active", "is_superuser"]
    actions = [
        _role_action(roles.Role.EDITOR, "Make editors"),
        _role_action(roles.Role.MODERATOR, "Make moderators (staff access to the admin)"),
        _role_action(roles.Role.NONE, "Remove their role"),
        unlock_sign_in,
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "usable_password", "password1", "password2", "role"],
            },
        )
    ]

    def get_queryset(self, request):
        users = roles.with_role_groups(super().get_queryset(request))
        return roles.manageable_users(request.user, users)

    def has_assign_role_permission(self, request) -> bool:
        return roles.is_moderator(request.user)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if roles.can_assign_role(request.user, obj):
            access = ["role"]
        else:
            access = ["own_role" if obj.pk == request.user.pk else "superuser_role"]
        if obj.pk != request.user.pk:
            access.append("is_active")
        if request.user.is_superuser:
            access += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return [
            (None, {"fields": ["username", "password"]}),
            ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
            ("Role and access", {"fields": access}),
            ("Important dates", {"fields": ["last_login", "date_joined"]}),
            ("Account history", {"fields": ["account_history"]}),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and not roles.can_assign_role(request.user, obj):
            # A declared field stays on a form whatever the fieldsets say: remove it.
            form = type(form.__name__, (form,), {"role": None})
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["own_role", "superuser_role", "last_login", "date_joined", "account_history"]

    @admin.display(description="changes to this account")
    def account_history(self, user) -> str:
        """Roles set and API tokens issued or revoked, newest first, with who and when."""
        events = AccountEvent.objects.filter(account=user).select_related("actor")[:50]
        if not events:
            return "None yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {}{} ({})</li>",
                (
                    (
                        formats.date_format(timezone.localtime(event.at), "DATETIME_FORMAT"),
                        event.get_action_display(),
                        f" “{event.detail}”" if event.detail else "",
                        f"by {event.actor}" if event.actor else "from the command line",
                    )
                    for event in events
                ),
            ),
        )

    @admin.display(description="role")
    def role_column(self, user) -> str:
        return "Superuser" if user.is_superuser else roles.role_of(user).label

    @admin.display(description="role")
    def own_role(self, user) -> str:
        return f"{self.role_column(user)}. Another moderator can change your role, not you."

    @admin.display(description="role")
    def superuser_role(self, user) -> str:
        return "Superuser: has every permission, so roles do not apply."

    @admin.display(description="name", ordering="last_name")
    def full_name(self, user) -> str:
        return user.get_full_name()

    def save_related(self, request, form, formsets, change) -> None:
        # After the form's own groups are saved, so the role's groups are the ones that stay.
        super().save_related(request, form, formsets, change)
        if "role" in form.changed_data:
            services.user_set_role(
                user=request.user, target=form.instance, role=form.cleaned_data["role"]
            )
