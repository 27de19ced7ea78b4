from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from privacy import services
from privacy.forms import StaffErasureForm
from privacy.models import AccountErasure, ArchiveBuild
from privacy.tasks import build_open_archive


@admin.register(AccountErasure)
class AccountErasureAdmin(admin.ModelAdmin):
    """Staff delete a member's account as the member could: with the same choice and grace period, and a reason
    that goes to the moderation log."""

    form = StaffErasureForm
    autocomplete_fields = ["user"]
    list_display = ["__str__", "user", "mode", "requested_at", "erase_after", "requested_by", "erased_at"]
    list_filter = ["mode", ("erased_at", admin.EmptyFieldListFilter)]
    actions = ["cancel", "erase_now"]

    def has_change_permission(self, request, obj=None):
        return False  # what is requested is not edited: cancel it and ask anew

    def save_model(self, request, obj, form, change):
        erasure = services.request_erasure(
            user=form.cleaned_data["user"],
            mode=form.cleaned_data["mode"],
            site_url=request.build_absolute_uri("/").rstrip("/"),
            requested_by=request.user,
            reason=form.cleaned_data["reason"],
            immediately=form.cleaned_data["immediately"],
        )
        obj.pk = erasure.pk

    def save_related(self, request, form, formsets, change):
        pass

    @admin.action(description=_("Cancel the erasure (reactivate the account)"), permissions=["delete"])
    def cancel(self, request, queryset):
        cancelled = sum(services.cancel_erasure(erasure=erasure, actor=request.user) for erasure in queryset)
        self.message_user(request, ngettext("%d erasure cancelled.", "%d erasures cancelled.", cancelled) % cancelled)

    @admin.action(description=_("Erase now, without waiting for the grace period"), permissions=["delete"])
    def erase_now(self, request, queryset):
        erased = 0
        for erasure in queryset.pending():
            services.erase_account(erasure)
            erased += 1
        self.message_user(
            request, ngettext("%d account erased.", "%d accounts erased.", erased) % erased, messages.SUCCESS
        )


@admin.register(ArchiveBuild)
class ArchiveBuildAdmin(admin.ModelAdmin):
    """ "Add" is the button: it builds the open archive of the public community in the background."""

    fields = ["base_url"]
    list_display = ["__str__", "status", "requested_by", "finished_at", "size", "download"]

    def has_change_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        return {"base_url": request.build_absolute_uri("/").rstrip("/")}

    def save_model(self, request, obj, form, change):
        obj.requested_by = request.user
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: build_open_archive.enqueue(build_id=obj.pk))

    @admin.display(description=_("download"))
    def download(self, obj):
        if obj.status != ArchiveBuild.Status.READY or not obj.path.exists():
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("privacy:archive_download", args=[obj.pk]), _("ZIP file"))
