"""The database's planner costs (portal/migrations/0002_planner_costs.py): set on the database,
so every new session of the portal's, through a pooler too, plans for SSDs."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

migration = importlib.import_module("portal.migrations.0002_planner_costs")


def database_settings() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setconfig FROM pg_db_role_setting WHERE setrole = 0 AND setdatabase = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        row = cursor.fetchone()
    return list(row[0]) if row else []


def test_random_page_cost_is_set_on_the_database_and_undone():
    if connection.vendor != "postgresql":
        pytest.skip("réglage propre à PostgreSQL (la CI le lit)")
    editor = SimpleNamespace(connection=connection)
    migration.forwards(None, editor)
    assert "random_page_cost=1.1" in database_settings()
    migration.backwards(None, editor)
    assert not any(s.startswith("random_page_cost") for s in database_settings())
