"""Stop `make test` with a clear message when PostgreSQL is not reachable: the suite never skips it."""

import os
import sys

import dj_database_url
import psycopg

url = os.environ["DATABASE_URL"]
config = dj_database_url.parse(url)
if config["ENGINE"] != "django.db.backends.postgresql":
    sys.exit(f"make test runs on PostgreSQL; DATABASE_URL is {url!r}.")
try:
    psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=5,
    ).close()
except psycopg.OperationalError as error:
    sys.exit(
        f"PostgreSQL is not reachable at {config['HOST'] or 'localhost'}:{config['PORT'] or 5432} ({error}).\n"
        "Start it (Debian: pg_ctlcluster 15 main start, or sudo systemctl start postgresql), or point\n"
        "DATABASE_URL at a PostgreSQL server, e.g. DATABASE_URL=postgres://user:password@host:5432/stammtisch"
    )
print(f"PostgreSQL reachable at {config['HOST'] or 'localhost'}:{config['PORT'] or 5432}.")
