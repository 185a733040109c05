import pytest
from django.core.exceptions import ImproperlyConfigured

from steerco.env import env_bool, env_choice, env_int


def test_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", default=False)


def test_booleans_and_defaults(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", default=True) is True


def test_bad_number_and_choice_fail_loudly(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_ENV", "staging")
    with pytest.raises(ImproperlyConfigured):
        env_choice("X_ENV", ("dev", "prod"), "dev")


def test_the_suite_runs_on_the_database_that_database_url_names():
    import os

    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
