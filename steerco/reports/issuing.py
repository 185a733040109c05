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

from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from steerco.accounts.access import access_for
from steerco.accounts.policy import Do
from steerco.lib.numbers import fmt_day
from steerco.lib.periods import Period

from . import signing
from .builder import build_document, render
from .context import default_profile
from .document import Style
from .models import IssuedFile, IssuedReport, ReportFormat, ReportProfile

ISSUED_FORMATS = (ReportFormat.DOCX, ReportFormat.PDF, ReportFormat.XLSX)
ATTEMPTS = 3

# Progress shares of an issue: the document, then each format, then the record.
ISSUE_STEPS = {
    "document": 0,
    ReportFormat.DOCX: 50,
    ReportFormat.PDF: 60,
    ReportFormat.XLSX: 75,
    "sign": 85,
    "record": 92,
    "deliver": 96,
}


def can_issue(user, unit) -> bool:
    """The secretariat (or an administrator) of the unit or of a unit above
    it: the access policy's ``reports.issue``."""
    return bool(user.is_authenticated) and access_for(user).can(Do.ISSUE_REPORT, unit)


def can_edit_text(user, unit) -> bool:
    """The free text of a draft's II and III is the secretariat's (the
    access policy's ``reports.edit_text``); reviewers comment, they do not
    write it."""
    return bool(user.is_authenticated) and access_for(user).can(Do.EDIT_REPORT_TEXT, unit)


def next_number(issuer_code: str, year: int) -> int:
    taken = IssuedReport.objects.filter(issuer_code=issuer_code, year=year).aggregate(n=Max("number"))["n"]
    return (taken or 0) + 1


def issue_report(
    programme,
    period: Period | str,
    language: str,
    *,
    acting_user,
    unit=None,
    style: str | None = None,
    issued_on: date | None = None,
    now: datetime | None = None,
    progress=None,
    step=None,
    signer=None,
) -> IssuedReport:
    """Number, render, sign and store the report. ``signer`` is a pyHanko
    signer (``signing.configured_signer()``); without one the PDF is stored
    unsigned. ``issued_on`` is the report's
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
        symbol = (
            f"{number}-BC/{profile.issuer_code}"
            if document.heading.style == "party"
            else f"{number}/BC-{profile.issuer_code}"
        )
        contents, place = {}, None
        for fmt in ISSUED_FORMATS:
            if step:
                step(fmt)
            if fmt == ReportFormat.PDF and signer is not None:
                contents[fmt], place = signing.render_signable_pdf(document)
            else:
                contents[fmt] = render(document, fmt)
        signature = {}
        if signer is not None:
            if step:
                step("sign")
            pdf = contents[ReportFormat.PDF]
            contents[ReportFormat.PDF] = _sign(pdf, signer, place, profile, language, symbol, issued_on)
            signature = {"signed_at": timezone.now(), "signed_by": signing.signer_name(signer)[:200]}
        if step:
            step("record")
        try:
            with transaction.atomic():
                return _record(
                    programme,
                    period,
                    language,
                    acting_user,
                    unit,
                    profile,
                    year,
                    number,
                    symbol,
                    now,
                    issued_on,
                    contents,
                    signature,
                )
        except IntegrityError:
            # Someone took the same number while this one rendered: render
            # again with the next number.
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _sign(pdf, signer, place, profile, language, symbol, issued_on) -> bytes:
    """The number and date are printed; the signature covers them, and says them."""
    with translation.override(language):
        when = fmt_day(issued_on)
        reason = _("Report %(symbol)s of %(date)s") % {"symbol": symbol, "date": when}
        stamp = "\n".join(
            [
                _("Digitally signed by: %(signer)s"),
                _("Signed at: %(ts)s"),
                _("Number %(symbol)s, dated %(date)s") % {"symbol": symbol, "date": when},
            ]
        )
        # pyHanko fills in %(signer)s and %(ts)s when it signs.
        place_name = profile.text("place", language)
        return signing.sign_pdf(pdf, signer, place, reason=reason, location=place_name, stamp=stamp)


def _record(
    programme, period, language, user, unit, profile, year, number, symbol, now, issued_on, contents, signature
):
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
        **signature,
    )
    IssuedFile.objects.bulk_create(
        [
            IssuedFile(report=report, format=fmt, content=content, sha256=IssuedFile.digest(content), size=len(content))
            for fmt, content in contents.items()
        ]
    )
    return report


# -- before issuing: what the person confirms ------------------------------------
class DateFrom:
    """Where the report date of an issue comes from."""

    FORM = "form"  # set on the report page
    DRAFT = "draft"  # the date the latest draft under review was built for
    TODAY = "today"


@dataclass(frozen=True)
class IssuePreview:
    """What an issue will be, shown for confirmation before it is made: the
    number it should take (another issue may take it first), the report
    date and where that date comes from, the draft it repeats, and the
    count of overdue limitations the report will list as of that date."""

    symbol: str
    issued_on: date
    date_from: str
    draft: object | None
    overdue: int | None  # None when the findings register is not installed


def report_date(programme, unit, period: Period, language: str, chosen: date | None):
    """(date, DateFrom): the date set on the form; otherwise the date of the
    latest draft of the same report (the one reviewed is the one issued,
    overdue items as of its date); otherwise today. Returns the draft too."""
    from .models import Draft

    draft = (
        Draft.objects.filter(programme=programme, unit=unit, period=period.code, language=language)
        .order_by("-version")
        .first()
    )
    if chosen is not None:
        return chosen, DateFrom.FORM, draft
    if draft is not None:
        return draft.report_date, DateFrom.DRAFT, draft
    return timezone.localdate(), DateFrom.TODAY, None


def preview(programme, unit, period: Period, language: str, style: str | None, chosen: date | None) -> IssuePreview:
    issued_on, date_from, draft = report_date(programme, unit, period, language, chosen)
    profile = ReportProfile.objects.filter(programme=programme).first() or default_profile(programme)
    number = next_number(profile.issuer_code, issued_on.year)
    party = (style or profile.style) == Style.PARTY
    symbol = f"{number}-BC/{profile.issuer_code}" if party else f"{number}/BC-{profile.issuer_code}"
    overdue = None
    if apps.is_installed("steerco.findings"):
        from .sources.findings import overdue_count

        overdue = overdue_count(unit, issued_on)
    return IssuePreview(symbol, issued_on, date_from, draft, overdue)
