"""Issuing a report: give it the next number of its issuer for the year,
render every format once, and store the bytes with their SHA-256. The
snapshot never changes afterwards; the data may."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from steerco.accounts.access import access_for
from steerco.accounts.policy import Do
from steerco.lib.periods import Period

from .builder import build_document, render
from .context import default_profile
from .models import IssuedFile, IssuedReport, ReportFormat, ReportProfile

ISSUED_FORMATS = (ReportFormat.DOCX, ReportFormat.PDF, ReportFormat.XLSX)


def can_issue(user, unit) -> bool:
    """The secretariat (or an administrator) of the unit or of a unit above
    it: the access policy's ``reports.issue``."""
    return bool(user.is_authenticated) and access_for(user).can(Do.ISSUE_REPORT, unit)


def issue_report(
    programme,
    period: Period | str,
    language: str,
    user,
    *,
    unit=None,
    style: str | None = None,
    now: datetime | None = None,
    progress=None,
) -> IssuedReport:
    period = Period.parse(period) if isinstance(period, str) else period
    unit = unit or programme.owner
    now = now or timezone.now()
    profile = ReportProfile.objects.filter(programme=programme).first() or default_profile(programme)
    year = timezone.localdate(now).year
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _issue(programme, period, language, user, unit, style, now, profile, year, progress)
        except IntegrityError:
            # Someone took the same number at the same moment: take the next.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _issue(programme, period, language, user, unit, style, now, profile, year, progress) -> IssuedReport:
    taken = IssuedReport.objects.filter(issuer_code=profile.issuer_code, year=year).aggregate(n=Max("number"))["n"]
    number = (taken or 0) + 1
    document = build_document(
        programme, period, language, unit=unit, style=style, number=number, generated_at=now, progress=progress
    )
    report = IssuedReport.objects.create(
        programme=programme,
        unit=unit,
        period=period.code,
        language=language,
        issuer_code=profile.issuer_code,
        year=year,
        number=number,
        symbol=f"{number}-BC/{profile.issuer_code}"
        if document.heading.style == "party"
        else f"{number}/BC-{profile.issuer_code}",
        issued_at=now,
        issued_by=user,
    )
    files = []
    for fmt in ISSUED_FORMATS:
        content = render(document, fmt)
        files.append(
            IssuedFile(report=report, format=fmt, content=content, sha256=IssuedFile.digest(content), size=len(content))
        )
    IssuedFile.objects.bulk_create(files)
    return report
