"""The test command itself (Makefile, scripts/check_postgres.py): safe to run twice on one machine."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_make_test_uses_a_private_smoke_database_per_run():
    dry_run = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ, "CI": ""}
    ).stdout
    assert "mktemp" in dry_run
    assert "/tmp/stammtisch-smoke.sqlite3" not in dry_run


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL only")
def test_check_postgres_creates_a_missing_database():
    name = f"stammtisch_check_{uuid.uuid4().hex[:12]}"
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        result = subprocess.run(
            [sys.executable, "scripts/check_postgres.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "DATABASE_URL": url},
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert f"Created the database {name!r}" in result.stdout
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres") as connection:
            assert connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        # A second run finds it and says nothing about creating it.
        again = subprocess.run(
            [sys.executable, "scripts/check_postgres.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "DATABASE_URL": url},
            timeout=60,
        )
        assert again.returncode == 0 and "Created" not in again.stdout
    finally:
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
