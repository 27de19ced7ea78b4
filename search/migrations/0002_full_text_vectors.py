"""PostgreSQL full-text search: extensions, the German configuration, the vectors and their indexes, the triggers.

* `german_unaccent`: PostgreSQL's `german` configuration (Snowball stemmer, stop words) with `unaccent` before the
  stemmer, so "Straße" and "Strasse", "Café" and "Cafe" meet. The umlaut spellings ä/ae are matched by the query
  (search/query.py), so that the stemmer still folds "Bäume" to "baum".
* `forum_post.search_vector`: the post's text (weight D); the opening post also carries its thread's title
  (weight A). Kept by triggers in the same statement as every insert, edit, move and rename.
* `articles_article.search_vector` (title A, summary B, text D) and `articles_comment.search_vector` (D): generated
  columns, computed by PostgreSQL on every write.
* `search_word`: every word written, collected by triggers (compounds, suggestions).

Who may read what is never stored here: the search joins the live state (search/engine.py).
On SQLite nothing of this exists; search falls back to plain word matching.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CONFIG = "german_unaccent"

FORWARD = f"""
CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = german);
ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR word, hword, hword_part WITH unaccent, german_stem;

CREATE FUNCTION search_post_vector(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(title, '')), 'A')
           || setweight(to_tsvector('{CONFIG}'::regconfig, body), 'D')
$$;

ALTER TABLE forum_post ADD COLUMN search_vector tsvector;
UPDATE forum_post AS post
   SET search_vector = search_post_vector(CASE WHEN post.position = 1 THEN thread.title END, post.body)
  FROM forum_thread AS thread
 WHERE thread.id = post.thread_id;

CREATE FUNCTION search_post_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := search_post_vector(
        CASE WHEN NEW.position = 1 THEN (SELECT title FROM forum_thread WHERE id = NEW.thread_id) END, NEW.body);
    RETURN NEW;
END
$$;
CREATE TRIGGER search_post_vector BEFORE INSERT OR UPDATE OF body, thread_id, position ON forum_post
    FOR EACH ROW EXECUTE FUNCTION search_post_before_write();

CREATE FUNCTION search_thread_after_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE forum_post SET search_vector = search_post_vector(NEW.title, body)
     WHERE thread_id = NEW.id AND position = 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_thread_title AFTER UPDATE OF title ON forum_thread
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION search_thread_after_rename();

ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('{CONFIG}'::regconfig, title), 'A')
    || setweight(to_tsvector('{CONFIG}'::regconfig, summary), 'B')
    || setweight(to_tsvector('{CONFIG}'::regconfig, body), 'D')
) STORED;
ALTER TABLE articles_comment ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('{CONFIG}'::regconfig, body), 'D')
) STORED;

CREATE INDEX search_post_vector ON forum_post USING gin (search_vector);
CREATE INDEX search_opening_post_vector ON forum_post USING gin (search_vector) WHERE position = 1;
CREATE INDEX search_article_vector ON articles_article USING gin (search_vector);
CREATE INDEX search_comment_vector ON articles_comment USING gin (search_vector);
CREATE INDEX search_word_trigram ON search_word USING gin (word gin_trgm_ops);

-- Words in the order of the index, so two writers never wait on each other crosswise.
CREATE FUNCTION search_collect_words() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    fields jsonb := to_jsonb(NEW);
    content text := '';
BEGIN
    FOR i IN 0 .. TG_NARGS - 1 LOOP
        content := content || ' ' || coalesce(fields ->> TG_ARGV[i], '');
    END LOOP;
    INSERT INTO search_word (word, documents)
    SELECT word, 1 FROM unnest(tsvector_to_array(to_tsvector('simple', content))) AS word
     WHERE word ~ '^[[:alpha:]]{{3,60}}$'
     ORDER BY word
    ON CONFLICT (word) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_words AFTER INSERT OR UPDATE OF body ON forum_post
    FOR EACH ROW EXECUTE FUNCTION search_collect_words('body');
CREATE TRIGGER search_words AFTER INSERT OR UPDATE OF title ON forum_thread
    FOR EACH ROW EXECUTE FUNCTION search_collect_words('title');
CREATE TRIGGER search_words AFTER INSERT OR UPDATE OF title, summary, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION search_collect_words('title', 'summary', 'body');
CREATE TRIGGER search_words AFTER INSERT OR UPDATE OF body ON articles_comment
    FOR EACH ROW EXECUTE FUNCTION search_collect_words('body');
"""

BACKWARD = f"""
DROP TRIGGER IF EXISTS search_words ON articles_comment;
DROP TRIGGER IF EXISTS search_words ON articles_article;
DROP TRIGGER IF EXISTS search_words ON forum_thread;
DROP TRIGGER IF EXISTS search_words ON forum_post;
DROP FUNCTION IF EXISTS search_collect_words();
DROP INDEX IF EXISTS search_word_trigram;
ALTER TABLE articles_comment DROP COLUMN IF EXISTS search_vector;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector;
DROP TRIGGER IF EXISTS search_thread_title ON forum_thread;
DROP FUNCTION IF EXISTS search_thread_after_rename();
DROP TRIGGER IF EXISTS search_post_vector ON forum_post;
DROP FUNCTION IF EXISTS search_post_before_write();
ALTER TABLE forum_post DROP COLUMN IF EXISTS search_vector;
DROP FUNCTION IF EXISTS search_post_vector(text, text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG};
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_log_and_vocabulary"),
        ("forum", "0005_thread_listing_index_for_every_reader"),
        ("articles", "0002_grant_moderate_comment"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(forward, backward, elidable=False),
    ]
