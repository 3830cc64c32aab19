"""What every annotations admin shares: writes through services, history without revert."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import formats, timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from annotations.admin import display
from annotations.services import Conflict, StaleVersion

# What a service may still refuse after the form validated (a race with another user).
SERVICE_ERRORS = (ValidationError, Conflict, StaleVersion)
VERDICT_FIELDS = {"label", "final_label"}


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class HistoryDisplay(HistoricalRecordContextHelper):
    """History diffs in the moderator's words: choice names, verdict badges, “—” for nothing."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        # An empty foreign key arrives as a "deleted object" whose pk is None.
        if value in (None, "") or getattr(value, "pk", 0) is None:
            return display.EMPTY
        # The model field behind the changed attribute (its descriptor's public `field`).
        field = getattr(self.model, change.field).field
        if field.choices and isinstance(value, str):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return value

    def stringify_delta_change_values(self, change, old, new):
        if change.field in VERDICT_FIELDS:
            return tuple(
                display.badge(value) if value else display.EMPTY
                for value in (change.old, change.new)
            )
        return super().stringify_delta_change_values(change, old, new)


class ServiceAdmin(SimpleHistoryAdmin):
    """A model admin whose saves and deletes call services, so each is validated and recorded.

    Subclasses implement save_model/delete_model with services; the history pages show each
    change with who, when and what changed, and past versions are read-only (reverting would
    write around the services).
    """

    show_full_result_count = False
    # The list page's heading, instead of Django's "Select span to change".
    list_title = ""
    object_history_list_template = "admin/annotations/object_history_list.html"

    def changelist_view(self, request, extra_context=None):
        title = self.list_title or self.opts.verbose_name_plural.capitalize()
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryDisplay(self.model, historical_record, max_displayed_delta_change_chars=600)

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The forms validate what the services check; this catches what changed in between,
        # after the admin's transaction rolled back, so the user sees why instead of a 500.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SERVICE_ERRORS as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown for reading; they are changed on their own pages."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
