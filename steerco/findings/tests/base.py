"""Shared fixtures for the findings tests: the personas' tree with a
finding in each district, and helpers for evidence files."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from steerco.accounts.models import Role
from steerco.testing import PersonaTestCase, make_user

from ..demo_data import _pdf
from ..models import Finding, FindingSource, Status

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_upload(name: str = "report.pdf", text: str = "evidence") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _pdf(text), content_type="application/pdf")


def make_finding(owner, title="A limitation", **extra) -> Finding:
    extra.setdefault("source", FindingSource.SELF_ASSESSMENT)
    extra.setdefault("identified_on", date(2023, 1, 10))
    return Finding.objects.create(owner=owner, title=title, **extra)


class FindingsTestCase(PersonaTestCase):
    """Adds: a viewer of district A, and findings of district A, of one of
    its organisations, and of district B."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.viewer = make_user("viewer", Role.VIEWER, cls.district_a)
        cls.f_a = make_finding(cls.district_a, "Limitation of district A", deadline=date(2023, 6, 30))
        cls.f_a1 = make_finding(cls.org_a1, "Limitation of organisation A1", deadline=date(2023, 6, 30))
        cls.f_b = make_finding(cls.district_b, "Limitation of district B", deadline=date(2023, 6, 30))

    def refresh(self, finding) -> Finding:
        return Finding.objects.get(pk=finding.pk)

    def start(self, finding, user=None):
        from ..services import workflow

        return workflow.transition(finding, Status.IN_PROGRESS, on=date(2023, 2, 1), acting_user=user or self.reporter)

    def attach_pdf(self, finding, user=None):
        from ..services import evidence

        return evidence.attach(finding, pdf_upload(), acting_user=user or self.reporter)

    def remediate(self, finding, user=None):
        from ..services import workflow

        self.start(finding, user)
        self.attach_pdf(finding, user)
        return workflow.transition(finding, Status.REMEDIATED, on=date(2023, 4, 1), acting_user=user or self.reporter)
