"""Webhook endpoints over the API (`/api/webhooks/`, moderators only): register, list, change
and remove the addresses that hear about changes. The rules are the services' (URL, events,
secret: annotations.services.webhooks); a secret is never shown back, only masked."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from annotations import roles
from annotations.api.fields import ApiUrlField, StrictBooleanField, StrictCharField, UsernameField
from annotations.api.inputs import (
    StrictInput,
)
from annotations.api.output import ReadSerializer
from annotations.api.views import ApiDefaults, created_response
from annotations.models import WebhookEndpoint
from annotations.services import webhooks as webhook_services


class IsModerator(BasePermission):
    """Only moderators manage webhooks (editors get 403, even to read them)."""

    message = "Only moderators can manage webhooks."

    def has_permission(self, request, view) -> bool:
        return roles.is_moderator(request.user)


@extend_schema_field(OpenApiTypes.STR)
class MaskedSecretField(serializers.Field):
    """A secret shown masked. Not a CharField: ReadSerializer shows those as stored."""

    def to_representation(self, secret: str) -> str:
        return webhook_services.masked(secret)


class WebhookEndpointSerializer(ReadSerializer):
    id = serializers.IntegerField()
    api_url = ApiUrlField("api:webhook-list")
    url = serializers.CharField(help_text="Where deliveries are POSTed.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=webhook_services.SUBSCRIBABLE),
        help_text="The kinds of change it receives.",
    )
    secret = MaskedSecretField(help_text="Masked: only its last four characters are shown.")
    active = serializers.BooleanField(help_text="Switched off, it receives nothing.")
    created_by = UsernameField(allow_null=True)
    created_at = serializers.DateTimeField()


class WebhookEndpointInput(StrictInput):
    """A new endpoint: its url, events and secret."""

    shown_as = WebhookEndpointSerializer

    url = StrictCharField(help_text="An http:// or https:// address on the public internet.")
    events = serializers.ListField(
        child=StrictCharField(),
        help_text="Any of: " + ", ".join(webhook_services.SUBSCRIBABLE),
    )
    secret = StrictCharField(
        allow_blank=True,
        help_text=f"At least {webhook_services.SECRET_MIN_LENGTH} characters; each delivery "
        "is signed with it (X-Factcheck-Signature).",
    )
    active = StrictBooleanField(required=False)


class WebhookEndpointUpdateInput(WebhookEndpointInput):
    """PUT sends url and events, PATCH what changes; either keeps the secret unless it sends
    a new one (the masked secret read from the API, sent back, keeps it too)."""

    secret = StrictCharField(
        required=False,
        allow_blank=True,
        help_text="A new secret, or left out to keep the current one.",
    )


@extend_schema_view(
    list=extend_schema(summary="Moderators: list the webhook endpoints"),
    retrieve=extend_schema(summary="Moderators: a webhook endpoint (its secret masked)"),
    create=extend_schema(
        summary="Moderators: register a webhook endpoint",
        request=WebhookEndpointInput,
        responses={201: WebhookEndpointSerializer},
    ),
    update=extend_schema(
        summary="Moderators: replace a webhook endpoint's settings",
        request=WebhookEndpointUpdateInput,
        responses=WebhookEndpointSerializer,
    ),
    partial_update=extend_schema(
        summary="Moderators: change part of a webhook endpoint",
        request=WebhookEndpointUpdateInput,
        responses=WebhookEndpointSerializer,
    ),
    destroy=extend_schema(summary="Moderators: remove a webhook endpoint and its deliveries"),
)
class WebhookEndpointViewSet(
    ApiDefaults,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = WebhookEndpoint.objects.select_related("created_by")
    permission_classes = [IsAuthenticated, IsModerator]

    def get_serializer_class(self):
        return {
            "create": WebhookEndpointInput,
            "update": WebhookEndpointUpdateInput,
            "partial_update": WebhookEndpointUpdateInput,
        }.get(self.action, WebhookEndpointSerializer)

    def endpoint_data(self, endpoint: WebhookEndpoint) -> dict:
        return WebhookEndpointSerializer(endpoint, context=self.get_serializer_context()).data

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = webhook_services.webhook_endpoint_create(
            user=request.user, **serializer.validated_data
        )
        return created_response(
            request, self.endpoint_data(endpoint), "api:webhook-detail", endpoint.pk
        )

    def update(self, request, pk=None, partial=False):
        endpoint = self.get_object()
        serializer = self.get_serializer(endpoint, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data
        if changes.get("secret") == webhook_services.masked(endpoint.secret):
            del changes["secret"]  # Sent back as it was read: kept.
        endpoint = webhook_services.webhook_endpoint_update(
            user=request.user, endpoint=endpoint, **changes
        )
        return Response(self.endpoint_data(endpoint))

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    def perform_destroy(self, instance):
        webhook_services.webhook_endpoint_delete(user=self.request.user, endpoint=instance)
