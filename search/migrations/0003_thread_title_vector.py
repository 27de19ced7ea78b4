"""Thread titles get a vector of their own (weight A) on the narrow thread table: titles are the strongest matches,
and looking them up there stays cheap when a word occurs in thousands of opening posts."""

from django.db import migrations

FORWARD = """
ALTER TABLE forum_thread ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('german_unaccent'::regconfig, title), 'A')
) STORED;
CREATE INDEX search_thread_vector ON forum_thread USING gin (search_vector);
DROP INDEX IF EXISTS search_opening_post_vector;
"""

BACKWARD = """
CREATE INDEX search_opening_post_vector ON forum_post USING gin (search_vector) WHERE position = 1;
ALTER TABLE forum_thread DROP COLUMN IF EXISTS search_vector;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_vectors")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
