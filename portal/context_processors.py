from django.utils.functional import SimpleLazyObject

from portal.moderation_queue import can_use_queue, pending_count


def moderation(request):
    """For moderators: whether to show the queue link, and (counted only when a template asks) what waits."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not can_use_queue(user):
        return {"show_moderation_queue": False}
    return {"show_moderation_queue": True, "moderation_pending": SimpleLazyObject(lambda: pending_count(user))}
