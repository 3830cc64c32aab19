"""Assignments in the admin: the reviewers on an article's page (an inline saved through the
assignment services), and the article list's "assigned to" column and filter."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from annotations import roles, services
from annotations.admin import display
from annotations.admin.forms import ServiceForm
from annotations.assignments import assignable_reviewers, loaded_assignments
from annotations.models import Article, Assignment
from annotations.services.assignments import check_due, name_of


class AssignmentForm(ServiceForm):
    class Meta:
        model = Assignment
        fields = ["reviewer", "due"]
        # A table's cells have no <label>: each control names itself.
        widgets = {
            "reviewer": forms.Select(attrs={"aria-label": "Reviewer"}),
            "due": forms.DateInput(attrs={"type": "date", "aria-label": "Due"}),
        }

    def clean_due(self):
        due = self.cleaned_data["due"]
        if "due" in self.changed_data or not self.instance.pk:
            try:
                check_due(due)
            except ValidationError as error:
                raise ValidationError(error.message_dict["due"]) from None
        return due


class AssignmentFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "Unassign"


class AssignmentInline(admin.TabularInline):
    """The article's reviewers; saved by `save_assignments`, never by the formset itself."""

    model = Assignment
    form = AssignmentForm
    formset = AssignmentFormSet
    fields = ["reviewer", "due", "assigned_by_name", "created_at"]
    readonly_fields = ["assigned_by_name", "created_at"]
    extra = 0
    verbose_name = "reviewer"
    verbose_name_plural = "reviewers assigned"
    # Its rows need no "article → reviewer" heading (static/css/admin.css).
    classes = ["assignments-inline"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer", "assigned_by")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reviewer":
            kwargs["queryset"] = assignable_reviewers()
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = name_of
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "reviewer" and hasattr(field.widget, "widget"):
            # Just the list of people: no links to add or edit user accounts from here.
            field.widget = field.widget.widget
        return field

    @admin.display(description="assigned by")
    def assigned_by_name(self, assignment: Assignment) -> str:
        return display.person(assignment.assigned_by)

    # Moderators assign (annotations.roles), whatever model permissions their group has.

    def has_view_permission(self, request, obj=None) -> bool:
        return roles.is_moderator(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return roles.is_moderator(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return roles.is_moderator(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return roles.is_moderator(request.user)


def save_assignments(request, article: Article, formset) -> None:
    """Each row of the inline assigned, changed or unassigned through its service."""
    # The admin's change message reads these lists, as formset.save() would fill them.
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.forms:
        assignment = form.instance
        if form in formset.deleted_forms:
            if assignment.pk:
                stored = Assignment.objects.get(pk=assignment.pk)
                services.assignment_delete(user=request.user, assignment=stored)
                formset.deleted_objects.append(stored)
            continue
        if not form.has_changed():
            continue
        if assignment.pk and "reviewer" in form.changed_data:
            # Someone else in this row: the reviewer it held is unassigned.
            stored = Assignment.objects.get(pk=assignment.pk)
            services.assignment_delete(user=request.user, assignment=stored)
        saved, created = services.assignment_set(
            user=request.user,
            article=article,
            reviewer=form.cleaned_data["reviewer"],
            due=form.cleaned_data["due"],
        )
        if created:
            formset.new_objects.append(saved)
        else:
            formset.changed_objects.append((saved, form.changed_data))


def assignees(article: Article) -> str:
    """Who the article is assigned to (from `assignees_prefetch`), and how many it needs."""
    assignments = loaded_assignments(article)
    names = ", ".join(name_of(assignment.reviewer) for assignment in assignments) or "Nobody"
    return f"{names} ({len(assignments)} of {article.reviewers_needed})"


class AssigneeFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned_to"
    NOBODY = "nobody"

    def lookups(self, request, model_admin):
        people = [(str(user.pk), name_of(user)) for user in assignable_reviewers()]
        return [(self.NOBODY, "Nobody"), *people]

    def queryset(self, request, queryset):
        value = self.value()
        # A subquery, not a join: the list counts claims and verdicts through joins.
        if value == self.NOBODY:
            return queryset.exclude(pk__in=Assignment.objects.values("article_id"))
        # Only listed people: an arbitrary number could overflow PostgreSQL's integers.
        if value in {pk for pk, _ in self.lookup_choices}:
            assigned = Assignment.objects.filter(reviewer_id=int(value)).values("article_id")
            return queryset.filter(pk__in=assigned)
        return None


def assignment_history(article: Article) -> str:
    """Who assigned or unassigned whom, and when, newest first (the assignments' history)."""
    records = (
        Assignment.history.filter(article_id=article.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    rows = format_html_join(
        "",
        "<li>{} · {}: {}</li>",
        (
            (
                display.moment(record.history_date),
                display.person(record.history_user),
                record.history_change_reason or record.get_history_type_display(),
            )
            for record in records
        ),
    )
    return format_html('<ul class="assignment-history">{}</ul>', rows) if rows else display.EMPTY
