"""Issuing a report: give it the next number of its issuer for the year,
render every format once, and store the bytes with their SHA-256. The
snapshot never changes afterwards; the data may.

The rendering (seconds) happens outside any transaction: the number is
read, the document built and rendered with it, and only then is the
record written, in one short transaction. If another issue took the
same number meanwhile, the unique constraint refuses the record and the
document is built again with the next number. A writer entering data is
never blocked by an issue in progress.

From the web, issuing runs as the ``reports.issue`` background job
(``jobs.py``); the command line and the tests call ``issue_report``."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from steerco.accounts.models import Membership, Role
from steerco.lib.periods import Period

from .builder import build_document, render
from .context import default_profile
from .models import IssuedFile, IssuedReport, ReportFormat, ReportProfile

ISSUED_FORMATS = (ReportFormat.DOCX, ReportFormat.PDF, ReportFormat.XLSX)
ISSUING_ROLES = (Role.SECRETARIAT, Role.ADMIN)
ATTEMPTS = 3

# Progress shares of an issue: the document, then each format, then the record.
ISSUE_STEPS = {"document": 0, ReportFormat.DOCX: 55, ReportFormat.PDF: 65, ReportFormat.XLSX: 85, "record": 95}


def can_issue(user, unit) -> bool:
    """The secretariat (or an administrator) of the unit or of a unit above it."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    codes = [*unit.ancestor_codes(), unit.code]
    return Membership.objects.filter(user=user, role__in=ISSUING_ROLES, unit__code__in=codes).exists()


def next_number(issuer_code: str, year: int) -> int:
    taken = IssuedReport.objects.filter(issuer_code=issuer_code, year=year).aggregate(n=Max("number"))["n"]
    return (taken or 0) + 1


def issue_report(
    programme,
    period: Period | str,
    language: str,
    user,
    *,
    unit=None,
    style: str | None = None,
    issued_on: date | None = None,
    now: datetime | None = None,
    progress=None,
    step=None,
) -> IssuedReport:
    """Number, render and store the report. ``issued_on`` is the report's
    date (the place-and-date line, and the day against which overdue is
    judged); it defaults to the day of ``now``. ``progress`` receives the
    builder's 'NN % – step' strings, ``step(name)`` each stage of the issue
    (``ISSUE_STEPS``)."""
    period = Period.parse(period) if isinstance(period, str) else period
    unit = unit or programme.owner
    now = now or timezone.now()
    issued_on = issued_on or timezone.localdate(now)
    profile = ReportProfile.objects.filter(programme=programme).first() or default_profile(programme)
    year = issued_on.year
    for attempt in range(ATTEMPTS):
        number = next_number(profile.issuer_code, year)
        if step:
            step("document")
        document = build_document(
            programme,
            period,
            language,
            unit=unit,
            style=style,
            number=number,
            issued_on=issued_on,
            generated_at=now,
            progress=progress,
        )
        contents = {}
        for fmt in ISSUED_FORMATS:
            if step:
                step(fmt)
            contents[fmt] = render(document, fmt)
        if step:
            step("record")
        symbol = (
            f"{number}-BC/{profile.issuer_code}"
            if document.heading.style == "party"
            else f"{number}/BC-{profile.issuer_code}"
        )
        try:
            with transaction.atomic():
                return _record(
                    programme, period, language, user, unit, profile, year, number, symbol, now, issued_on, contents
                )
        except IntegrityError:
            # Someone took the same number while this one rendered: render
            # again with the next number.
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _record(programme, period, language, user, unit, profile, year, number, symbol, now, issued_on, contents):
    """The one short transaction of an issue: the record and its files."""
    report = IssuedReport.objects.create(
        programme=programme,
        unit=unit,
        period=period.code,
        language=language,
        issuer_code=profile.issuer_code,
        year=year,
        number=number,
        symbol=symbol,
        report_date=issued_on,
        issued_at=now,
        issued_by=user,
    )
    IssuedFile.objects.bulk_create(
        [
            IssuedFile(report=report, format=fmt, content=content, sha256=IssuedFile.digest(content), size=len(content))
            for fmt, content in contents.items()
        ]
    )
    return report
