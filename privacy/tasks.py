"""Background jobs: building a member's data export, and the daily retention run."""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import send_email
from privacy import retention
from privacy.models import DataExport
from privacy.services import build_export

logger = logging.getLogger(__name__)

RETENTION_INTERVAL = timedelta(days=1)


@task
def build_data_export(*, export_id, download_url):
    """Build the export, then tell its owner by mail."""
    export = DataExport.objects.select_related("user").filter(pk=export_id, status=DataExport.Status.PENDING).first()
    if export is None:
        return
    try:
        build_export(export)
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
        export.path.with_suffix(".part").unlink(missing_ok=True)
        raise
    if export.user.email:
        context = {"export": export, "download_url": download_url, "site_name": settings.SITE_NAME}
        send_email.enqueue(
            subject=_("[%(site)s] Your data export is ready") % {"site": settings.SITE_NAME},
            body=render_to_string("privacy/email/export_ready.txt", context),
            to=[export.user.email],
        )


@task
def run_retention_daily():
    """The retention run, which enqueues itself again for a day later: with the database backend the worker
    (`manage.py db_worker`) runs it every day without a crontab. Started once by `manage.py run_retention
    --schedule` (which does nothing when a run is already waiting)."""
    try:
        retention.run()
    finally:
        schedule_retention(timezone.now() + RETENTION_INTERVAL)


def retention_is_scheduled() -> bool:
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    path = f"{run_retention_daily.module_path}"
    return DBTaskResult.objects.filter(task_path=path, status="READY").exists()


def schedule_retention(when) -> bool:
    """Enqueue the next daily run for `when`; False where the task backend cannot run a job later."""
    if not default_task_backend.supports_defer or retention_is_scheduled():
        return False
    run_retention_daily.using(run_after=when).enqueue()
    return True


@task
def build_open_archive(*, build_id):
    """Write the open archive into PRIVATE_ROOT/archive/current (rerun there: it resumes or replaces) and pack it
    into a ZIP file for staff to download, file by file."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from privacy.archive import Archive
    from privacy.models import ArchiveBuild

    build = ArchiveBuild.objects.filter(pk=build_id, status=ArchiveBuild.Status.PENDING).first()
    if build is None:
        return
    try:
        counts = Archive(build.folder, base_url=build.base_url).run()
        partial = build.path.with_suffix(".part")
        with ZipFile(partial, "w", compression=ZIP_DEFLATED) as archive:
            for file in sorted(build.folder.rglob("*")):
                if file.is_file():
                    archive.write(file, file.relative_to(build.folder))
        partial.replace(build.path)
    except Exception:
        ArchiveBuild.objects.filter(pk=build.pk).update(status=ArchiveBuild.Status.FAILED)
        raise
    for older in ArchiveBuild.objects.filter(pk__lt=build.pk):
        older.path.unlink(missing_ok=True)
    ArchiveBuild.objects.filter(pk=build.pk).update(
        status=ArchiveBuild.Status.READY, finished_at=timezone.now(), counts=counts, size=build.path.stat().st_size
    )
