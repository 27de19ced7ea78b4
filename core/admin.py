from django.contrib import admin

from core.models import LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        # There is exactly one page of each kind, created by a migration.
        return super().has_add_permission(request) and LegalPage.objects.count() < len(LegalPage.Kind)

    def has_delete_permission(self, request, obj=None):
        return False
