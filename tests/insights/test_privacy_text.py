from importlib import import_module

import pytest
from django.urls import reverse

from core.models import LegalPage

migration = import_module("insights.migrations.0002_privacy_text_counts_views")


@pytest.mark.django_db
def test_the_default_privacy_statement_says_what_is_counted(client, legal_pages):
    page = client.get(reverse("core:privacy")).content.decode()
    assert "Seitenaufrufe" in page
    assert "keine Cookies" in page and "IP-Adressen" in page


@pytest.mark.django_db
def test_a_privacy_statement_the_owner_edited_is_left_alone(legal_pages):
    from django.apps import apps

    LegalPage.objects.filter(kind="datenschutz").update(body="Unser eigener Text.")
    migration.add_section(apps, None)
    assert LegalPage.objects.get(kind="datenschutz").body == "Unser eigener Text."


def test_the_section_is_inserted_once_before_the_account_section():
    assert migration.UPDATED.count("### Seitenaufrufe") == 1
    assert migration.UPDATED.index("### Seitenaufrufe") < migration.UPDATED.index("### Konto")
