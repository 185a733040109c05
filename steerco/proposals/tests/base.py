"""The personas' tree (``steerco.testing``) with a city commission as an
answering body, and helpers to raise and move items."""

from __future__ import annotations

from datetime import date

from steerco.accounts.models import Role
from steerco.findings.tests.base import pdf_upload
from steerco.jobs.tests.media import TemporaryMedia
from steerco.testing import PersonaTestCase, make_user

from ..models import Kind
from ..services import items

__all__ = ["ProposalsTestCase", "pdf_upload"]


class ProposalsTestCase(TemporaryMedia, PersonaTestCase):
    """Adds a reporter of the city commission (the answering body)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.body_reporter = make_user("body_reporter", Role.REPORTER, cls.commission)

    def raise_one(self, user=None, unit=None, **extra):
        data = {
            "kind": Kind.PROPOSAL,
            "raised_by": unit or self.district_a,
            "addressed_to": self.city,
            "programme": self.programme,
            "period": "2023-H1",
            "subject": "Guidance on consolidating weak organisations",
            "text": "Issue guidance on consolidating weak grassroots organisations.",
        }
        data.update(extra)
        on = data.pop("on", date(2023, 3, 1))
        return items.raise_item(on=on, **data, acting_user=user or self.reporter)
