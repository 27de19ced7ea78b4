"""The open archive holds the public corpus and nothing private, in three forms; reruns replace, interrupted runs
resume."""

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from model_bakery import baker

from articles.models import Article, Comment
from forum import services as forum_services
from forum.models import Category, Post
from privacy import archive as archive_module
from privacy.models import AccountErasure
from privacy.services import erase_account
from tests.privacy.conftest import comment, reply


def export(folder, *args):
    call_command("export_archive", str(folder), *args, stdout=StringIO())


def everything(folder):
    return "\n".join(path.read_text() for path in Path(folder).rglob("*") if path.is_file())


def jsonl(folder, kind):
    return [json.loads(line) for line in (Path(folder) / "jsonl" / f"{kind}.jsonl").read_text().splitlines()]


@pytest.fixture
def corpus(member, other_member, moderator, start_thread, article, staff):
    public = start_thread(member, title="Öffentliches Thema", body="Öffentlicher Anfang")
    reply(public, other_member, "Sichtbare Antwort")
    hidden_post = reply(public, other_member, "GEHEIM-versteckter-Beitrag")
    forum_services.hide_post(post=hidden_post, moderator=moderator, reason="nein")
    deleted = reply(public, member, "GEHEIM-geloeschter-Beitrag")
    forum_services.delete_post(post=deleted, user=member)
    held = reply(public, other_member, "GEHEIM-wartender-Beitrag")
    Post.objects.filter(pk=held.pk).update(status=Post.Status.HELD)
    hidden_thread = start_thread(member, title="GEHEIM-verstecktes-Thema", body="GEHEIM-im-versteckten-Thema")
    forum_services.hide_thread(thread=hidden_thread, moderator=moderator, reason="nein")
    members = baker.make(Category, name="Intern", slug="intern", members_only=True)
    sub = baker.make(Category, name="Unterbereich", slug="unter", parent=members)
    forum_services.start_thread(category=members, author=member, title="GEHEIM-Mitgliederthema", body="GEHEIM-intern")
    forum_services.start_thread(category=sub, author=member, title="GEHEIM-Unterthema", body="GEHEIM-unter")
    Article.objects.create(
        slug="entwurf", title="GEHEIM-Entwurf", summary="x", body="GEHEIM-Entwurfstext", author=staff,
        category=article.category, status=Article.Status.DRAFT,
    )  # fmt: skip
    Article.objects.create(
        slug="geplant", title="GEHEIM-Geplant", summary="x", body="GEHEIM-geplanter-Text", author=staff,
        category=article.category, status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    approved = comment(article, "Öffentlicher Kommentar", name="Rita", email="GEHEIM-rita@example.net",
                       ip_address="198.51.100.23", website="https://rita.example.net")  # fmt: skip
    comment(article, "GEHEIM-wartender-Kommentar", name="P", email="p@example.net", status=Comment.Status.PENDING)
    comment(article, "GEHEIM-Spam", name="S", email="s@example.net", status=Comment.Status.SPAM)
    pending_parent = comment(article, "GEHEIM-Eltern", name="E", email="e@example.net", status=Comment.Status.PENDING)
    comment(article, "GEHEIM-Antwort-unter-wartendem", name="A", email="a@example.net", parent=pending_parent)
    comment(article, "Mitgliederkommentar", user=member)
    return {"public": public, "approved": approved}


def test_archive_holds_the_public_corpus_in_three_forms(tmp_path, corpus, article):
    export(tmp_path, "--base-url", "https://forum.example.org")
    thread = corpus["public"]
    page = tmp_path / "html" / thread.get_absolute_url().strip("/") / "index.html"
    assert "Sichtbare Antwort" in page.read_text()
    assert "Öffentlicher Kommentar" in (tmp_path / "html" / "artikel" / article.slug / "index.html").read_text()
    assert "Sichtbare Antwort" in (tmp_path / "markdown" / "forum" / f"{thread.pk}-{thread.slug}.md").read_text()
    posts = jsonl(tmp_path, "posts")
    assert {p["body"] for p in posts} == {"Öffentlicher Anfang", "Sichtbare Antwort"}
    assert posts[0]["url"].startswith("https://forum.example.org/forum/p/")
    assert {a["name"] for a in jsonl(tmp_path, "authors")} >= {"Martha Member", "Otto Other"}
    assert [a["title"] for a in jsonl(tmp_path, "articles")] == ["Erster Artikel"]


def test_archive_holds_nothing_private(tmp_path, corpus, member):
    export(tmp_path)
    text = everything(tmp_path)
    assert "GEHEIM" not in text
    assert "198.51.100" not in text
    assert member.email not in text
    assert "rita.example.net" not in text


def test_archive_states_the_licence(tmp_path, corpus, settings):
    settings.CONTENT_LICENSE = "CC BY 4.0"
    export(tmp_path)
    assert json.loads((tmp_path / "manifest.json").read_text())["licence"] == "CC BY 4.0"
    assert 'rel="license">CC BY 4.0</a>' in (tmp_path / "html" / "index.html").read_text()


def test_archive_links_are_relative_and_lead_to_existing_pages(tmp_path, corpus):
    import re

    export(tmp_path)
    for page in (tmp_path / "html").rglob("index.html"):
        for href in re.findall(r'href="([^"#]+)"', page.read_text()):
            if href.startswith("http"):
                continue
            assert not href.startswith("/"), (page, href)
            assert (page.parent / href).resolve().exists(), (page, href)


def test_rerun_removes_what_became_private(tmp_path, corpus, moderator):
    export(tmp_path)
    forum_services.hide_thread(thread=corpus["public"], moderator=moderator, reason="später versteckt")
    export(tmp_path)
    assert "Sichtbare Antwort" not in everything(tmp_path)


def test_erased_member_is_former_member_in_the_archive(tmp_path, corpus, member):
    erase_account(AccountErasure.objects.create(user=member, mode="keep", erase_after=timezone.now()))
    export(tmp_path)
    text = everything(tmp_path)
    assert "Martha Member" not in text
    assert "Ehemaliges Mitglied" in text


def test_interrupted_export_resumes_after_the_last_finished_batch(tmp_path, start_thread, member, monkeypatch):
    for number in range(5):
        start_thread(member, title=f"Thema {number}", body=f"Text {number}")
    monkeypatch.setattr(archive_module, "THREAD_BATCH", 2)
    original = archive_module.Archive.write_thread
    written = []

    def failing(self, thread, *args):
        if len(written) == 3:
            raise KeyboardInterrupt
        written.append(thread.pk)
        return original(self, thread, *args)

    monkeypatch.setattr(archive_module.Archive, "write_thread", failing)
    with pytest.raises(KeyboardInterrupt):
        export(tmp_path)
    assert (tmp_path / ".building" / "state.json").exists()
    written.clear()
    monkeypatch.setattr(archive_module.Archive, "write_thread", lambda self, thread, *a: (written.append(thread.pk),
                        original(self, thread, *a)))  # fmt: skip
    export(tmp_path)
    assert len(written) == 3  # the first batch of two was not written again
    assert sorted(p["body"] for p in jsonl(tmp_path, "posts")) == [f"Text {n}" for n in range(5)]
    assert not (tmp_path / ".building").exists()


def test_staff_build_the_archive_from_the_admin_and_download_it(
    client, staff, corpus, settings, tmp_path, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from django.urls import reverse

    from privacy.models import ArchiveBuild

    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:privacy_archivebuild_add"), {"base_url": "https://forum.example.org"})
    assert response.status_code == 302
    build = ArchiveBuild.objects.get()
    assert build.status == ArchiveBuild.Status.READY
    assert build.counts["posts"] == 2
    listing = client.get(reverse("admin:privacy_archivebuild_changelist"))
    url = reverse("privacy:archive_download", args=[build.pk])
    assert url in listing.text
    download = client.get(url)
    assert download.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert "html/index.html" in names and "jsonl/posts.jsonl" in names and "manifest.json" in names


def test_members_cannot_download_the_staff_archive(client, member, staff, corpus):
    from django.urls import reverse

    from privacy.models import ArchiveBuild

    build = ArchiveBuild.objects.create(base_url="https://x.example", status="ready", requested_by=staff)
    url = reverse("privacy:archive_download", args=[build.pk])
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 302


def test_footer_names_the_content_licence(client, privacy_page, settings):
    from django.urls import reverse

    settings.CONTENT_LICENSE = "CC BY-SA 4.0"
    text = client.get(reverse("core:privacy")).text
    assert 'rel="license"' in text and "CC BY-SA 4.0" in text
