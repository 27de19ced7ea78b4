import json
import re
import tracemalloc
from datetime import timedelta
from zipfile import ZipFile

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services as forum_services
from forum.models import Post
from privacy.models import DataExport
from tests.privacy.conftest import comment, reply

MY_DATA = reverse("privacy:my_data")
EXPORT = reverse("privacy:export_request")


def request_export(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(EXPORT)


def download_url(mailoutbox):
    return re.search(r"https?://\S+(/konto/meine-daten/export/\S+/)", mailoutbox[-1].body).group(1)


def test_my_data_page_needs_a_login(client):
    assert client.get(MY_DATA).status_code == 302


def test_account_menu_links_to_my_data(client, member):
    client.force_login(member)
    assert f'href="{MY_DATA}"' in client.get(reverse("accounts:profile_edit")).text


def test_export_is_built_in_the_background_and_announced_by_mail(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    response = request_export(client, member, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    export = DataExport.objects.get(user=member)
    assert export.status == DataExport.Status.READY
    assert export.expires_at - export.finished_at == timedelta(days=7)
    assert mailoutbox[-1].to == [member.email]
    assert download_url(mailoutbox) == reverse("privacy:export_download", kwargs={"token": export.token})


def test_export_holds_profile_posts_with_history_reports_and_comments(
    client, member, other_member, start_thread, article, mailoutbox, django_capture_on_commit_callbacks
):
    thread = start_thread(member, title="Mein Thema", body="Erster Text")
    post = reply(thread, member, "Vorher")
    forum_services.edit_post(post=post, editor=member, body="Nachher")
    forum_services.report_post(post=reply(thread, other_member), reporter=member, reason="spam", text="Werbung")
    comment(article, "Mein Kommentar", user=member)
    request_export(client, member, django_capture_on_commit_callbacks)
    response = client.get(download_url(mailoutbox))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = ZipFile(__import__("io").BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {"README.md", "profile.json", "profile.md", "email_addresses.json", "forum_posts.json",
            "forum_posts.md", "forum_threads.json", "forum_reports.json", "article_comments.json"} <= names  # fmt: skip
    profile = json.loads(archive.read("profile.json"))[0]
    assert profile["username"] == "member" and profile["email"] == "member@example.org"
    assert "date_joined" in profile and "last_login" in profile
    posts = {p["body"]: p for p in json.loads(archive.read("forum_posts.json"))}
    assert posts["Nachher"]["revisions"][0]["body"] == "Vorher"
    assert json.loads(archive.read("forum_reports.json"))[0]["details"] == "Werbung"
    assert json.loads(archive.read("article_comments.json"))[0]["body"] == "Mein Kommentar"
    assert "> Nachher" in archive.read("forum_posts.md").decode()


def test_member_cannot_download_another_members_export(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    request_export(client, member, django_capture_on_commit_callbacks)
    url = download_url(mailoutbox)
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_expired_export_cannot_be_downloaded(client, member, mailoutbox, django_capture_on_commit_callbacks):
    request_export(client, member, django_capture_on_commit_callbacks)
    DataExport.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(download_url(mailoutbox)).status_code == 404


def test_one_export_a_day(client, member, django_capture_on_commit_callbacks):
    request_export(client, member, django_capture_on_commit_callbacks)
    response = request_export(client, member, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert DataExport.objects.filter(user=member).count() == 1
    DataExport.objects.update(created_at=timezone.now() - timedelta(hours=25))
    request_export(client, member, django_capture_on_commit_callbacks)
    assert DataExport.objects.filter(user=member).count() == 2


def test_export_is_not_under_the_public_media_folder(client, member, settings, django_capture_on_commit_callbacks):
    request_export(client, member, django_capture_on_commit_callbacks)
    path = DataExport.objects.get().path
    assert path.exists()
    assert settings.MEDIA_ROOT not in path.parents


@pytest.mark.django_db
def test_export_of_many_posts_streams_in_constant_memory(member, start_thread, settings):
    """10,000 posts export with the memory of a few chunks: the peak grows far less than the data."""
    from privacy.services import build_export

    thread = start_thread(member)
    opening = thread.posts.get()
    text = "Ein ziemlich langer Beitrag mit etwas Text. " * 20

    def fill(count, start):
        Post.objects.bulk_create(
            Post(
                thread=thread,
                author=member,
                parent=opening,
                body=text,
                body_html=text,
                position=n,
                path=f"{n:07d}",
                depth=1,
            )  # fmt: skip
            for n in range(start, start + count)
        )

    def peak():
        export = DataExport.objects.create(user=member)
        tracemalloc.start()
        build_export(export)
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result

    fill(1000, 2)
    small = peak()
    fill(9000, 1002)
    large = peak()
    assert large < small * 2  # ten times the posts, not ten times the memory


def test_my_data_page_takes_a_few_queries(client, member, django_assert_max_num_queries):
    client.force_login(member)
    for _ in range(3):
        DataExport.objects.create(user=member)
    with django_assert_max_num_queries(8):
        assert client.get(MY_DATA).status_code == 200


@pytest.mark.parametrize("token", ["%00", "a%00b", "%ED%A0%80", "x" * 65, "ab%20cd"])
def test_a_download_address_with_a_token_no_export_can_have_is_404(client, member, token):
    client.force_login(member)
    assert client.get(f"/konto/meine-daten/export/{token}/").status_code == 404
