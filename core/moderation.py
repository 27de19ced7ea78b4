"""The moderation log shared by every app: call `log_action` inside the transaction of the action itself.

Each app registers the actions it logs with their labels (`register_actions` in its `AppConfig.ready()`), so the
log shows "Thema gesperrt" instead of `forum.thread.lock` without the ground floor knowing the apps above it.
"""

from django.contrib.contenttypes.models import ContentType

from core.models import ModerationLogEntry

_action_labels = {}


def register_actions(labels: dict) -> None:
    """Make the actions `labels` ({code: translated label}) known to the moderation log."""
    _action_labels.update(labels)


def action_label(code: str):
    """The label of an action code; the code itself for an action nobody registered."""
    return _action_labels.get(code, code)


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
