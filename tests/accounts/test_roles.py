import pytest
from django.contrib.auth.models import Group

from accounts.roles import MODERATORS_GROUP
from tests.conftest import MODERATOR_PERMISSIONS

pytestmark = pytest.mark.django_db


def test_migrations_create_the_moderator_group_with_the_apps_moderation_permissions():
    group = Group.objects.get(name=MODERATORS_GROUP)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == set(MODERATOR_PERMISSIONS)


def test_a_member_without_the_group_has_no_moderation_permission(member):
    assert not any(member.has_perm(f"{app}.{codename}") for app, codename in MODERATOR_PERMISSIONS)
