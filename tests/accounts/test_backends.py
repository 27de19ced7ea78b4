import pytest
from django.contrib.auth.models import Permission

from accounts.models import User

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no permission cache from earlier checks


def test_permissions_from_the_group_and_the_user_are_read_in_one_query(moderator, django_assert_num_queries):
    moderator.user_permissions.add(Permission.objects.get(codename="change_user"))
    moderator = _fresh(moderator)
    with django_assert_num_queries(1):
        assert moderator.has_perm("forum.moderate_forum")  # through the group
        assert moderator.has_perm("accounts.change_user")  # given to the user
        assert not moderator.has_perm("accounts.delete_user")


def test_a_member_has_no_permissions(member):
    assert _fresh(member).get_all_permissions() == set()


def test_an_inactive_user_has_no_permissions(moderator):
    moderator.is_active = False
    moderator.save()
    assert not _fresh(moderator).has_perm("forum.moderate_forum")


def test_a_superuser_has_every_permission(member):
    member.is_superuser = True
    member.save()
    assert _fresh(member).get_all_permissions() == {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
