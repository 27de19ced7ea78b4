from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from core import moderation
from core.models import LegalPage, ModerationLogEntry


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        # There is exactly one page of each kind, created by a migration.
        return super().has_add_permission(request) and LegalPage.objects.count() < len(LegalPage.Kind)

    def has_delete_permission(self, request, obj=None):
        return False


class ActionListFilter(admin.SimpleListFilter):
    """The actions that are in the log, by their labels."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        return sorted(((code, moderation.action_label(code)) for code in codes), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


class ContentTypeListFilter(admin.RelatedOnlyFieldListFilter):
    """The types of objects in the log; entries whose type no longer exists are offered as "without type"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("without type")


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the moderation actions themselves."""

    list_display = ["created_at", "actor", "action_label", "object_repr", "reason"]
    # Only the types of objects that are in the log, not every content type of the project.
    list_filter = [ActionListFilter, ("content_type", ContentTypeListFilter)]
    search_fields = ["object_repr", "reason", "actor__username"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor", "action_label", "content_type", "object_id", "object_repr", "reason"]
    readonly_fields = fields

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, entry):
        return moderation.action_label(entry.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """django_tasks_db's admin with German column names (its own are plain English strings)."""

    list_display = ["id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name"]

    @admin.display(description=_("task"))
    def task(self, obj):
        return obj.task_name

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj):
        return super().display_run_after(obj)
