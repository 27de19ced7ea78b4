from django.utils.functional import SimpleLazyObject

from notifications.services import unread_count


def notifications(request):
    """The bell's count for members, read (from the cache) only when a template prints it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
