"""Stop `make test` with a clear message when PostgreSQL is not reachable: the suite never skips it.

The database named in DATABASE_URL is created when it does not exist yet: `makemigrations --check` connects to it,
and pytest-django derives its test databases from it.
"""

import os
import sys

import dj_database_url
import psycopg
from psycopg import sql

url = os.environ["DATABASE_URL"]
config = dj_database_url.parse(url)
if config["ENGINE"] != "django.db.backends.postgresql":
    sys.exit(f"make test runs on PostgreSQL; DATABASE_URL is {url!r}.")
where = f"{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}"
try:
    connection = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=5,
        autocommit=True,
    )
except psycopg.OperationalError as error:
    sys.exit(
        f"PostgreSQL is not reachable at {where} ({error}).\n"
        "Start it (Debian: pg_ctlcluster 15 main start, or sudo systemctl start postgresql), or point\n"
        "DATABASE_URL at a PostgreSQL server, e.g. DATABASE_URL=postgres://user:password@host:5432/stammtisch"
    )
with connection:
    name = config["NAME"]
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        try:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:
            pass  # created by a concurrent run meanwhile
        except psycopg.Error as error:
            sys.exit(f"The database {name!r} does not exist at {where} and could not be created ({error}).")
        print(f"Created the database {name!r} at {where}.")
print(f"PostgreSQL reachable at {where}.")
