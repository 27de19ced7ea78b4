"""Authentication backend: Django's ModelBackend with a member's permission set read once and kept in the cache.

Every page a member sees asks for the permission set (the moderation link in the navigation, `can_moderate`). It is
read in one query (own and groups' permissions together) and, when the default cache is not the database (Redis in
production), kept there under `accounts:perms:<user id>:<superuser>`, so a member's page costs no permission query.
Any change of who holds what — a member added to or removed from a group, a group's or a member's permissions
changed, a group or permission deleted — forgets the keys of the members it touches at once and again after commit
(`forget_permissions`, connected in accounts/apps.py), so a new moderator sees the moderator's links on the next
request. `is_staff`, `is_superuser` and `is_active` are read from the user's row on every request as before.
"""

from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.models import Q

PERMISSIONS_KEY = "accounts:perms:{}:{}"
# A bound only: every change of who holds what forgets the keys it touches at once.
PERMISSIONS_TIMEOUT = 3600


def _cached() -> bool:
    """Keep permission sets in the cache only where a cache read is cheaper than the query (not the database)."""
    return not isinstance(caches["default"], DatabaseCache)


def _keys(user_ids):
    return [PERMISSIONS_KEY.format(pk, flag) for pk in user_ids for flag in (0, 1)]


def forget_permissions(user_ids):
    """Drop the cached permission sets of `user_ids`: now, and once more after commit (a request that read the old
    rows before the change committed may have stored them again meanwhile)."""
    keys = _keys(sorted(set(user_ids)))
    if not keys or not _cached():
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def members_of_groups(group_ids):
    return list(get_user_model().objects.filter(groups__in=group_ids).values_list("pk", flat=True).distinct())


def holders_of_permissions(permission_ids):
    holders = Q(user_permissions__in=permission_ids) | Q(groups__permissions__in=permission_ids)
    return list(get_user_model().objects.filter(holders).values_list("pk", flat=True).distinct())


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend, reading a user's own and their groups' permissions in one query instead of two, and
    keeping the result in the cache (see the module's docstring)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = PERMISSIONS_KEY.format(user_obj.pk, int(user_obj.is_superuser))
            names = cache.get(key) if _cached() else None
            if names is None:
                names = self._read_permissions(user_obj)
                if _cached():
                    cache.set(key, names, PERMISSIONS_TIMEOUT)
            user_obj._perm_cache = set(names)
        return user_obj._perm_cache

    def _read_permissions(self, user_obj):
        if user_obj.is_superuser:
            permissions = Permission.objects.all()
        else:
            permissions = Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
        rows = permissions.values_list("content_type__app_label", "codename").distinct().order_by()
        return sorted(f"{app_label}.{codename}" for app_label, codename in rows)


# --- Signal receivers (connected in accounts/apps.py) -----------------------------------------------------------


def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """`user.groups` or `group.user_set` changed."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        forget_permissions([instance.pk])
    elif action == "pre_clear":
        forget_permissions(members_of_groups([instance.pk]))
    else:
        forget_permissions(pk_set)


def user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """`user.user_permissions` or `permission.user_set` changed."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        forget_permissions([instance.pk])
    elif action == "pre_clear":
        forget_permissions(get_user_model().objects.filter(user_permissions=instance).values_list("pk", flat=True))
    else:
        forget_permissions(pk_set)


def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """`group.permissions` or `permission.group_set` changed."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        forget_permissions(members_of_groups([instance.pk]))
    elif action == "pre_clear":
        forget_permissions(members_of_groups(Group.objects.filter(permissions=instance).values_list("pk", flat=True)))
    else:
        forget_permissions(members_of_groups(pk_set))


def group_deleted(sender, instance, **kwargs):
    forget_permissions(members_of_groups([instance.pk]))


def permission_deleted(sender, instance, **kwargs):
    forget_permissions(holders_of_permissions([instance.pk]))
