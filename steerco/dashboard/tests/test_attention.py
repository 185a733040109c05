import pytest

from steerco.dashboard import attention
from steerco.dashboard.attention import Item, Severity, View, collect, provider


@pytest.fixture
def providers(monkeypatch):
    """An empty registry for the test, restored afterwards."""
    monkeypatch.setattr(attention, "PROVIDERS", {})
    return attention.PROVIDERS


def view():
    return View(programme=None, unit=None, period=None, scorecard=None)


def test_items_from_every_provider_come_worst_first_with_their_providers_key(providers):
    @provider("findings.overdue")
    def overdue(_view):
        yield Item(Severity.HIGH, "7 remediation plans are overdue")

    @provider("rounds.missing")
    def missing(_view):
        yield Item(Severity.LOW, "a large change")
        yield Item(Severity.CRITICAL, "3 units have not reported")

    items = collect(view())
    assert [(i.severity, i.kind) for i in items] == [
        (Severity.CRITICAL, "rounds.missing"),
        (Severity.HIGH, "findings.overdue"),
        (Severity.LOW, "rounds.missing"),
    ]


def test_a_key_cannot_be_registered_twice_by_different_providers(providers):
    provider("x.y")(lambda _view: [])
    with pytest.raises(ValueError, match="registered twice"):
        provider("x.y")(lambda _view: [])


def test_the_dashboard_registers_its_own_providers():
    assert {"indicators.behind_target", "units.behind_target", "units.no_data", "indicators.largest_changes"} <= set(
        attention.PROVIDERS
    )
