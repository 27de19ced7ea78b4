"""The moderation log shared by every app: call `log_action` inside the transaction of the action itself."""

from django.contrib.contenttypes.models import ContentType

from core.models import ModerationLogEntry


def log_action(*, actor, action: str, target, reason: str = "") -> ModerationLogEntry:
    """Record that `actor` did `action` (a short code such as "comment.approve") to `target`."""
    return ModerationLogEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:200],
        reason=reason,
    )
