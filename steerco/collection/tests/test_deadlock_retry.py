"""A transaction PostgreSQL fails as a deadlock is run again, a few times;
any other database error is not."""

from unittest import mock

import psycopg
import pytest
from django.db import OperationalError

from ..services import DEADLOCK_ATTEMPTS, retry_on_deadlock


def db_error(sqlstate: str) -> OperationalError:
    """What Django raises for a psycopg error: the driver's error, with its
    SQLSTATE, as the cause."""
    err = OperationalError("database error")
    err.__cause__ = psycopg.errors.lookup(sqlstate)("database error")
    return err


def test_a_deadlock_is_run_again_until_it_goes_through():
    work = mock.Mock(side_effect=[db_error("40P01"), db_error("40P01"), "done"])
    assert retry_on_deadlock(work) == "done"
    assert work.call_count == 3


def test_a_deadlock_every_time_is_raised_after_the_last_attempt():
    work = mock.Mock(side_effect=[db_error("40P01")] * DEADLOCK_ATTEMPTS)
    with pytest.raises(OperationalError):
        retry_on_deadlock(work)
    assert work.call_count == DEADLOCK_ATTEMPTS


def test_another_database_error_is_not_retried():
    work = mock.Mock(side_effect=[db_error("08006")])
    with pytest.raises(OperationalError):
        retry_on_deadlock(work)
    assert work.call_count == 1
