"""What is kept only for a while: comment IP addresses (COMMENTS_IP_RETENTION_DAYS), accounts waiting for their
erasure (ACCOUNT_ERASURE_GRACE_DAYS), data exports (DATA_EXPORT_VALID_DAYS), the text of forum posts their authors
deleted (FORUM_DELETED_POSTS_GRACE_DAYS), notifications once read (NOTIFICATIONS_KEEP_READ_DAYS). Forum posts store no
IP address."""

from io import StringIO

from django.core.management import call_command

from forum.services import purge_deleted_posts
from notifications.services import purge_read_notifications
from privacy.services import delete_expired_exports, erase_due_accounts


def run() -> dict:
    out = StringIO()
    call_command("truncate_comment_ips", stdout=out)
    return {
        "comment_ips": out.getvalue().strip(),
        "accounts_erased": erase_due_accounts(),
        "exports_deleted": delete_expired_exports(),
        "deleted_posts_purged": purge_deleted_posts(),
        "notifications_deleted": purge_read_notifications(),
    }
