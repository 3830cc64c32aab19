"""Webhooks in the admin (moderators): the endpoints, changed through the services, and the
delivery log with each delivery's attempts, outcome and a *Redeliver* action."""

import datetime
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from annotations import roles
from annotations.admin import display
from annotations.admin.base import ServiceAdmin, error_text
from annotations.admin.forms import ServiceForm
from annotations.models import Change, WebhookDelivery, WebhookEndpoint
from annotations.services import webhooks as webhook_services

EVENT_CHOICES = [
    (kind.value, f"{kind.value}: {kind.label}") for kind in webhook_services.SUBSCRIBABLE
]


class WebhookEndpointForm(ServiceForm):
    """The services' checks shown on the form. The secret is written in `new_secret`, never
    shown back (the model's `secret` is left out of the form, so none is ever rendered)."""

    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="The changes it receives.",
    )
    new_secret = forms.CharField(
        label="Secret",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=f"At least {webhook_services.SECRET_MIN_LENGTH} characters; each delivery "
        "is signed with it (X-Factcheck-Signature). Stored, never shown again: leave it "
        "empty to keep the current one.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "events", "active"]

    def clean(self):
        cleaned = super().clean()
        secret = cleaned.get("new_secret") or None
        if secret is None and self.instance.pk is None:
            self.add_error("new_secret", "Give a secret: deliveries are signed with it.")
            return cleaned
        try:
            webhook_services.check_endpoint(
                url=cleaned.get("url"), events=cleaned.get("events"), secret=secret
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                field = "new_secret" if field == "secret" else field
                if field not in self.errors:
                    self.add_error(field, problems)
        return cleaned


class ModeratorsOnly:
    """Webhooks are the moderators' (Django's model permissions are not consulted)."""

    def has_view_permission(self, request, obj=None) -> bool:
        return roles.is_moderator(request.user)

    def has_module_permission(self, request) -> bool:
        return roles.is_moderator(request.user)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ModeratorsOnly, ServiceAdmin):
    form = WebhookEndpointForm
    list_title = "Webhook endpoints"
    list_display = ["url", "events_column", "active", "created_by", "created_at"]
    list_filter = ["active"]
    list_select_related = ["created_by"]
    fields = ["url", "events", "new_secret", "active", "secret_column"]
    readonly_fields = ["secret_column"]

    def has_add_permission(self, request) -> bool:
        return roles.is_moderator(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return roles.is_moderator(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return roles.is_moderator(request.user)

    def get_fields(self, request, obj=None):
        return self.fields if obj else [name for name in self.fields if name != "secret_column"]

    @admin.display(description="events")
    def events_column(self, endpoint: WebhookEndpoint) -> str:
        return ", ".join(endpoint.events)

    @admin.display(description="current secret")
    def secret_column(self, endpoint: WebhookEndpoint) -> str:
        return webhook_services.masked(endpoint.secret)

    def save_model(self, request, obj, form, change) -> None:
        values = form.cleaned_data
        fields = {"url": values["url"], "events": values["events"], "active": values["active"]}
        if change:
            webhook_services.webhook_endpoint_update(
                user=request.user, endpoint=obj, secret=values["new_secret"] or None, **fields
            )
            return
        created = webhook_services.webhook_endpoint_create(
            user=request.user, secret=values["new_secret"], **fields
        )
        obj.pk = created.pk  # The admin logs the addition and redirects with `obj`.

    def delete_model(self, request, obj) -> None:
        webhook_services.webhook_endpoint_delete(user=request.user, endpoint=obj)


@admin.action(description="Redeliver now", permissions=["moderate"])
def redeliver(modeladmin, request, queryset) -> None:
    done = 0
    for delivery in queryset:
        try:
            webhook_services.webhook_delivery_redeliver(user=request.user, delivery=delivery)
        except PermissionDenied as error:
            modeladmin.message_user(request, error_text(error), messages.ERROR)
            return
        done += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d delivery will be sent again now.",
            "%(count)d deliveries will be sent again now.",
            done,
        )
        % {"count": done},
        messages.SUCCESS,
    )


OVERDUE_AFTER = datetime.timedelta(minutes=10)


class OverdueFilter(admin.SimpleListFilter):
    """Pending deliveries whose attempt is well past its time: a worker is not running, or
    stopped mid-attempt. Redeliver them once it runs."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue by 10 minutes or more")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                status=WebhookDelivery.Status.PENDING,
                next_attempt_at__lt=timezone.now() - OVERDUE_AFTER,
            )
        return queryset


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ModeratorsOnly, admin.ModelAdmin):
    """The delivery log: read-only; Redeliver sends a delivery again."""

    list_display = [
        "event_column",
        "endpoint",
        "status",
        "attempts",
        "last_response_code",
        "error_column",
        "next_attempt_at",
        "delivered_at",
        "created_at",
    ]
    list_filter = ["status", OverdueFilter, "change__kind", "endpoint"]
    list_select_related = ["change", "endpoint"]
    show_full_result_count = False
    actions = [redeliver]
    fields = [
        "event_column",
        "event_id",
        "endpoint",
        "status",
        "attempts",
        "last_response_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "payload",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_moderate_permission(self, request) -> bool:
        return roles.is_moderator(request.user)

    @admin.display(description="event", ordering="change__kind")
    def event_column(self, delivery: WebhookDelivery) -> str:
        return Change.Kind(delivery.change.kind).value

    @admin.display(description="event id (X-Factcheck-Delivery is the delivery's id)")
    def event_id(self, delivery: WebhookDelivery) -> str:
        return str(delivery.change.uuid)

    @admin.display(description="last error")
    def error_column(self, delivery: WebhookDelivery) -> str:
        return display.shorten(delivery.last_error, 80) if delivery.last_error else display.EMPTY

    @admin.display(description="data sent")
    def payload(self, delivery: WebhookDelivery) -> str:
        data = json.dumps(delivery.change.data, indent=2, ensure_ascii=False)
        return format_html("<pre>{}</pre>", data)
